"""Load test: a mixed workload against the portal served like in production.

    make bench-load                                   # 5 minutes, 32 users, scale 1
    .venv/bin/python bench/load.py --duration 30 --users 8 --scale 0.1
    DATABASE_URL=postgres://postgres@127.0.0.1:5433/portal_bench make bench-load

Uses the bench dataset (built and cached like `make bench` does), serves it with
gunicorn (2 sync workers, cms/settings/bench.py) on 127.0.0.1 and runs locust
headless with bench/locustfile.py: anonymous browsing, searching, guests
registering for events, members logging in and replying on the forum. Prints
throughput, p95 latency and errors per kind of request and in total, and
writes them as JSON to var/bench/load-<time>.json.
"""

import argparse
import csv
import datetime
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import server as bench_server  # noqa: E402

P95_TARGET_MS = 500


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scale", type=float, default=1.0, help="размер набора данных (1 = полный)"
    )
    parser.add_argument("--fresh", action="store_true", help="пересоздать набор данных")
    parser.add_argument("--duration", type=int, default=300, help="длительность, секунд")
    parser.add_argument("--users", type=int, default=32, help="одновременных пользователей")
    parser.add_argument("--spawn-rate", type=float, default=8, help="новых пользователей в секунду")
    parser.add_argument("--workers", type=int, default=2, help="процессов gunicorn")
    parser.add_argument(
        "--page-cache",
        type=int,
        default=int(os.environ.get("PAGE_CACHE_SECONDS", "0")),
        help="PAGE_CACHE_SECONDS сервера (0 = кэш страниц выключен)",
    )
    parser.add_argument("--data-dir", help="каталог данных вместо var/bench/data-<scale>")
    parser.add_argument(
        "--out", help="куда записать JSON (по умолчанию var/bench/load-<время>.json)"
    )
    args = parser.parse_args(argv)
    if args.scale <= 0 or args.duration < 1 or args.users < 1 or args.spawn_rate <= 0:
        parser.error("--scale, --duration, --users и --spawn-rate должны быть положительными")
    return args


def make_plan():
    """The URLs and accounts the simulated users need, from the bench dataset."""
    from django.urls import reverse
    from django.utils import timezone

    from machina.apps.forum.models import Forum
    from machina.apps.forum_conversation.models import Topic

    from bench.dataset import MEMBER_COUNT, MEMBER_PASSWORD, member_email
    from bench.portal import SEARCH_QUERIES, key_urls
    from bench.search import QUERY_WORDS
    from events.models import EventPage
    from forum.setup import CONSULTATIONS, MEMBERS_ONLY
    from home.models import Region
    from practices.models import PracticeIndexPage, SuccessStoryPage, TargetGroup

    rng = random.Random(2026)  # noqa: S311 - a reproducible sample
    keyed = dict(key_urls())
    practice_ids = list(
        SuccessStoryPage.objects.live()
        .filter(slug__startswith="bench-")
        .values_list("pk", flat=True)
    )
    practices = SuccessStoryPage.objects.filter(
        pk__in=rng.sample(practice_ids, min(200, len(practice_ids)))
    )
    pages = min(5, -(-len(practice_ids) // PracticeIndexPage.per_page))
    listings = ["/practices/"] + [f"/practices/?page={page}" for page in range(2, pages + 1)]
    for region in ("crimea", "karelia", "kaliningrad", "spb"):
        for group in TargetGroup.objects.all()[:3]:
            listings.append(f"/practices/?region={region}&target={group.slug}")
    now = timezone.now()
    events = EventPage.objects.live().order_by("pk")
    open_events = [
        event.url
        for event in events.filter(
            slug__startswith="bench-", start__gt=now + datetime.timedelta(days=2)
        )[:100]
        if event.registration_state() == "open"
    ]
    if not open_events:
        raise RuntimeError("В наборе данных нет событий с открытой регистрацией")
    public_forums = list(
        Forum.objects.filter(type=Forum.FORUM_POST).exclude(name__in=[MEMBERS_ONLY, CONSULTATIONS])
    )
    topics = list(
        Topic.objects.filter(forum__in=public_forums, approved=True)
        .select_related("forum")
        .order_by("pk")[:400]
    )
    sample = rng.sample(topics, min(200, len(topics)))

    def topic_url(topic, name="forum_conversation:topic"):
        kwargs = {"forum_slug": topic.forum.slug, "forum_pk": topic.forum.pk}
        if name.endswith("post_create"):
            kwargs.update({"topic_slug": topic.slug, "topic_pk": topic.pk})
        else:
            kwargs.update({"slug": topic.slug, "pk": topic.pk})
        return reverse(name, kwargs=kwargs)

    return {
        "hubs": [region.hub.url for region in Region.objects.all() if region.hub],
        "practice_listings": listings,
        "practices": [page.url for page in practices],
        "events": [event.url for event in events[:200]],
        "open_events": open_events,
        "forum_index": reverse("forum:index"),
        "forums": [
            reverse("forum:forum", kwargs={"slug": forum.slug, "pk": forum.pk})
            for forum in public_forums
        ],
        "topics": [keyed["topic (50 posts)"]] + [topic_url(topic) for topic in sample],
        "reply_topics": [
            {
                "url": topic_url(topic),
                "reply": topic_url(topic, "forum_conversation:post_create"),
                "subject": topic.subject,
            }
            for topic in sample[:50]
        ],
        "queries": SEARCH_QUERIES + QUERY_WORDS,
        "login": reverse("accounts:login"),
        "members": [member_email(number) for number in range(1, MEMBER_COUNT + 1)],
        "password": MEMBER_PASSWORD,
    }


def read_stats(prefix):
    rows = {}
    with open(f"{prefix}_stats.csv", encoding="utf-8") as stats_file:
        for row in csv.DictReader(stats_file):
            name = row["Name"] if row["Type"] else "Всего"
            key = f"{row['Type']} {name}".strip()
            rows[key] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "rps": round(float(row["Requests/s"]), 2),
                "p50_ms": float(row["50%"] or 0),
                "p95_ms": float(row["95%"] or 0),
                "max_ms": round(float(row["Max Response Time"] or 0), 1),
            }
    failures = []
    with open(f"{prefix}_failures.csv", encoding="utf-8") as failures_file:
        for row in csv.DictReader(failures_file):
            failures.append(
                {
                    "request": f"{row['Method']} {row['Name']}",
                    "error": row["Error"],
                    "count": int(row["Occurrences"]),
                }
            )
    return rows, failures


def main(argv=None):
    args = parse_args(argv)
    data_dir = bench_server.configure(args.scale, args.data_dir)
    bench_server.prepare(args.scale, fresh=args.fresh)

    from django.db import connection

    plan_path = data_dir / "load-plan.json"
    plan_path.write_text(json.dumps(make_plan(), ensure_ascii=False), encoding="utf-8")
    vendor = connection.vendor
    connection.close()

    load_before = bench_server.load_average()
    prefix = data_dir / "locust"
    log = bench_server.BENCH_DIR / "gunicorn-load.log"
    started = time.monotonic()
    with bench_server.Server(args.page_cache, workers=args.workers, log_path=log) as srv:
        print(
            f"Нагрузка: {args.users} пользователей, {args.duration} с, {srv.base}, {vendor}, "
            f"PAGE_CACHE_SECONDS={args.page_cache}; нагрузка машины до начала: {load_before}",
            flush=True,
        )
        env = dict(os.environ, BENCH_LOAD_PLAN=str(plan_path))
        result = subprocess.run(
            [
                str(bench_server.VENV_BIN / "locust"),
                "-f",
                str(Path(__file__).with_name("locustfile.py")),
                "--headless",
                "--host",
                srv.base,
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.spawn_rate),
                "--run-time",
                f"{args.duration}s",
                "--stop-timeout",
                "10",
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],  # fmt: skip
            env=env,
            capture_output=True,
            text=True,
        )
    if not Path(f"{prefix}_stats.csv").exists():
        sys.exit(f"locust не отработал (код {result.returncode}):\n{result.stderr[-3000:]}")
    rows, failures = read_stats(prefix)
    total = rows.pop("Всего")
    print(f"\n{'запрос':<40} {'всего':>7} {'ошибок':>7} {'запр/с':>7} {'p50 мс':>7} {'p95 мс':>7}")
    for name, row in sorted(rows.items()):
        print(
            f"{name:<40} {row['requests']:>7} {row['failures']:>7} {row['rps']:>7.2f} "
            f"{row['p50_ms']:>7.0f} {row['p95_ms']:>7.0f}"
        )
    print(
        f"{'ВСЕГО':<40} {total['requests']:>7} {total['failures']:>7} {total['rps']:>7.2f} "
        f"{total['p50_ms']:>7.0f} {total['p95_ms']:>7.0f}"
    )
    for failure in failures:
        print(f"ошибка: {failure['request']}: {failure['error']} ×{failure['count']}")
    verdict = (
        "в норме" if total["failures"] == 0 and total["p95_ms"] < P95_TARGET_MS else "НЕ в норме"
    )
    print(f"Цель: 0 ошибок и p95 < {P95_TARGET_MS} мс — {verdict}")

    report = {
        "generated_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "scale": args.scale,
        "database": vendor,
        "users": args.users,
        "duration_s": args.duration,
        "page_cache_seconds": args.page_cache,
        "gunicorn_workers": args.workers,
        "machine": {
            "cpus": os.cpu_count(),
            "load_before": load_before,
            "load_after": bench_server.load_average(),
        },
        "total": total,
        "requests": rows,
        "failures": failures,
        "p95_target_ms": P95_TARGET_MS,
        "within_target": total["failures"] == 0 and total["p95_ms"] < P95_TARGET_MS,
        "seconds": round(time.monotonic() - started, 1),
    }
    out_path = bench_server.write_report(report, args.out, "load")
    print(f"JSON: {out_path} (нагрузка машины после: {report['machine']['load_after']})")


if __name__ == "__main__":
    main()
