"""Page benchmark: every key URL of the portal against the framework floor.

    make bench                                   # scale 1: 5,000 practices, 50,000 posts…
    .venv/bin/python bench/portal.py --scale 0.1 --duration 10
    .venv/bin/python bench/portal.py --fresh     # rebuild the cached dataset

Builds (once, cached under var/bench/data-<scale>/) a large Russian dataset,
serves the portal with production-like settings (cms/settings/bench.py: DEBUG
off, gunicorn with 2 sync workers on 127.0.0.1) and measures each URL with wrk,
alternating with `/__floor__/` (a trivial Django view on the same server): each
page's requests/s is divided by the mean of the floor runs just before and just
after it. SQL queries and database writes per anonymous request come from the
bench middleware's response headers (a cookie-less request, after a warm-up
one). Everything runs twice: page cache off (PAGE_CACHE_SECONDS=0) and on.
Then the home page's first-load transfer is measured in headless Chromium.
Prints the table and writes it as JSON to var/bench/bench-<time>.json (and
var/bench/latest.json).
"""

import argparse
import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import server as bench_server  # noqa: E402

CACHE_ON_SECONDS = 300
# off: no page cache, but what the portal memoises per content generation for every
# visitor (lookups, {% fragment %} blocks, anonymous searches) stays on, as members
# get it; on: the anonymous page cache too; cold: nothing kept between requests.
MODES = ("off", "on", "cold")
MODE_TITLES = {
    "off": "без кэша страниц, фрагменты и справочники — как у участников",
    "on": "кэш страниц для анонимных",
    "cold": "ничего не кэшируется",
}
COLD_ENV = {"LOOKUP_CACHE_SECONDS": "0", "FRAGMENT_CACHE_SECONDS": "0"}
TRANSFER_TARGET_BYTES = 300 * 1024
SEARCH_QUERIES = ["волонтёров", "стажировка в Санкт-Петербурге", "договор с добровольцем"]
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCHJSON {\\"requests\\": %d, \\"duration_us\\": %d, \\"p50_us\\": %d, " ..
    "\\"p99_us\\": %d, \\"connect\\": %d, \\"read\\": %d, \\"write\\": %d, " ..
    "\\"status\\": %d, \\"timeout\\": %d}\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scale", type=float, default=1.0, help="размер набора данных (1 = полный)"
    )
    parser.add_argument("--fresh", action="store_true", help="пересоздать набор данных")
    parser.add_argument("--duration", type=int, default=5, help="секунд на каждый замер wrk")
    parser.add_argument("--connections", type=int, default=8, help="одновременных соединений")
    parser.add_argument("--workers", type=int, default=2, help="процессов gunicorn")
    parser.add_argument(
        "--modes", default="off,on,cold", help="режимы кэша через запятую: off,on,cold"
    )
    parser.add_argument(
        "--prepare-only", action="store_true", help="только подготовить данные и статику"
    )
    parser.add_argument("--no-transfer", action="store_true", help="без замера в Chromium")
    parser.add_argument("--data-dir", help="каталог данных вместо var/bench/data-<scale>")
    parser.add_argument(
        "--out", help="куда записать JSON (по умолчанию var/bench/bench-<время>.json)"
    )
    args = parser.parse_args(argv)
    args.modes = [mode.strip() for mode in args.modes.split(",") if mode.strip()]
    unknown = set(args.modes) - set(MODES)
    if unknown or not args.modes:
        parser.error(
            f"--modes: только off, on и cold, а не {', '.join(sorted(unknown)) or 'пусто'}"
        )
    if args.scale <= 0 or args.duration < 1 or args.connections < 1:
        parser.error("--scale, --duration и --connections должны быть положительными")
    return args


def key_urls():
    """(name, path) of every measured page, looked up in the bench dataset."""
    from django.urls import reverse

    from machina.apps.forum_conversation.models import Topic

    from bench.dataset import BIG_TOPIC_SUBJECT
    from events.models import EventPage
    from home.models import ContentPage, Region
    from practices.models import SuccessStoryPage, TargetGroup

    hub = Region.objects.get(slug="karelia").hub
    # The simplest page (header, navigation, a text, the footer): what any page
    # of the portal costs before its own content.
    plain = ContentPage.objects.live().order_by("depth", "path").first()
    group = TargetGroup.objects.order_by("sort_order", "name").first()
    practices = SuccessStoryPage.objects.live().filter(slug__startswith="bench-").order_by("pk")
    practice = practices[practices.count() // 2]
    event = (
        EventPage.objects.live()
        .filter(slug__startswith="bench-", start__gt=datetime.datetime.now(datetime.UTC))
        .order_by("start")
        .first()
    ) or EventPage.objects.live().order_by("pk").first()
    topic = Topic.objects.select_related("forum").get(subject=BIG_TOPIC_SUBJECT)
    forum = topic.forum
    urls = [
        ("home", "/"),
        ("content page", plain.url),
        ("region hub", hub.url),
        ("practices", "/practices/"),
        ("practices filtered", f"/practices/?region=karelia&target={group.slug}"),
        ("practice page", practice.url),
        ("materials", "/materials/"),
        ("events", "/events/"),
        ("event page", event.url),
        ("forum index", reverse("forum:index")),
        ("forum", reverse("forum:forum", kwargs={"slug": forum.slug, "pk": forum.pk})),
        (
            "topic (50 posts)",
            reverse(
                "forum_conversation:topic",
                kwargs={
                    "forum_slug": forum.slug,
                    "forum_pk": forum.pk,
                    "slug": topic.slug,
                    "pk": topic.pk,
                },
            ),
        ),
    ]
    for number, query in enumerate(SEARCH_QUERIES, 1):
        urls.append((f"search {number}", "/search/?" + urllib.parse.urlencode({"q": query})))
    return urls


def fetch(url):
    """One anonymous, cookie-less GET: status, SQL queries, writes, body size."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "identity"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            body = response.read()
            headers, status = response.headers, response.status
    except urllib.error.HTTPError as error:
        body, headers, status = error.read(), error.headers, error.code
    return {
        "status": status,
        "queries": int(headers.get("X-Bench-Queries", -1)),
        "writes": int(headers.get("X-Bench-Writes", -1)),
        "bytes": len(body),
    }


def drain(base, workers):
    """Wait until the server has worked off what wrk left queued when it stopped.

    gunicorn's sync workers still answer the requests in flight that wrk dropped at
    the end of its run; without this the next run (often the floor) would queue
    behind them. Sequential requests return only once the backlog before them is done.
    """
    for _ in range(workers + 1):
        fetch(base + "/__floor__/")


def wrk(url, duration, connections, script):
    """One wrk run: requests/s, p50/p99 latency (ms), error counts."""
    command = [
        "wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "30s",
        "-s", str(script), url,
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    line = next(row for row in result.stdout.splitlines() if row.startswith("BENCHJSON "))
    data = json.loads(line.removeprefix("BENCHJSON "))
    seconds = data["duration_us"] / 1e6
    errors = data["connect"] + data["read"] + data["write"] + data["status"] + data["timeout"]
    return {
        "rps": round(data["requests"] / seconds, 1) if seconds else 0.0,
        "p50_ms": round(data["p50_us"] / 1000, 1),
        "p99_ms": round(data["p99_us"] / 1000, 1),
        "requests": data["requests"],
        "errors": errors,
    }


def measure_mode(mode, urls, args, script, out):
    seconds = CACHE_ON_SECONDS if mode == "on" else 0
    env = COLD_ENV if mode == "cold" else {}
    log = bench_server.BENCH_DIR / f"gunicorn-{mode}.log"
    with bench_server.Server(seconds, workers=args.workers, log_path=log, env=env) as srv:
        settings_text = " ".join(
            f"{name}={value}" for name, value in {"PAGE_CACHE_SECONDS": seconds, **env}.items()
        )
        out(f"\n== Режим {mode} ({MODE_TITLES[mode]}; {settings_text}), {srv.base}")
        out(HEADER)
        counts = {}
        for name, path in urls:
            fetch(srv.base + path)  # warm-up: renditions, caches, first connection
            counts[name] = fetch(srv.base + path)
            if counts[name]["status"] != 200:
                raise RuntimeError(f"{name} {path}: HTTP {counts[name]['status']}")
        floor_url = srv.base + "/__floor__/"
        floor_counts = fetch(floor_url)

        def run(url):
            result = wrk(url, args.duration, args.connections, script)
            drain(srv.base, args.workers)
            return result

        floors = [run(floor_url)]
        rows = []
        for name, path in urls:
            page = run(srv.base + path)
            floors.append(run(floor_url))
            floor_rps = statistics.mean([floors[-2]["rps"], floors[-1]["rps"]])
            row = {
                "name": name,
                "url": path,
                **page,
                "floor_rps": round(floor_rps, 1),
                "ratio": round(page["rps"] / floor_rps, 4) if floor_rps else None,
                "queries": counts[name]["queries"],
                "writes": counts[name]["writes"],
                "html_bytes": counts[name]["bytes"],
            }
            rows.append(row)
            out(format_row(row))
        return {
            "page_cache_seconds": seconds,
            "settings": env,
            "floor": {
                "rps_runs": [run["rps"] for run in floors],
                "rps_mean": round(statistics.mean(run["rps"] for run in floors), 1),
                "p50_ms": round(statistics.median(run["p50_ms"] for run in floors), 1),
                "queries": floor_counts["queries"],
                "writes": floor_counts["writes"],
                "errors": sum(run["errors"] for run in floors),
            },
            "urls": rows,
        }


HEADER = (
    f"{'страница':<20} {'запр/с':>8} {'p50 мс':>8} {'p99 мс':>8} {'доля пола':>10} "
    f"{'SQL':>5} {'запис':>6} {'ошиб':>5}"
)


def format_row(row):
    ratio = f"{row['ratio']:.3f}" if row["ratio"] is not None else "—"
    return (
        f"{row['name']:<20} {row['rps']:>8.1f} {row['p50_ms']:>8.1f} {row['p99_ms']:>8.1f} "
        f"{ratio:>10} {row['queries']:>5} {row['writes']:>6} {row['errors']:>5}"
    )


def measure_transfer(out):
    """Bytes on the wire for the home page's first load in headless Chromium."""
    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not os.path.exists(chromium):
        raise RuntimeError(f"Chromium не найден: {chromium} (make bench-deps)")
    from playwright.sync_api import sync_playwright

    args = [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ]
    by_type = {}
    files = []
    with bench_server.Server(
        0, workers=1, log_path=bench_server.BENCH_DIR / "gunicorn-transfer.log"
    ) as srv:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=args)
            context = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 800})
            page = context.new_page()
            finished = []
            page.on("requestfinished", lambda request: finished.append(request))
            page.goto(srv.base + "/", wait_until="networkidle")
            for request in finished:
                sizes = request.sizes()
                size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
                kind = request.resource_type
                by_type[kind] = by_type.get(kind, 0) + size
                files.append(
                    {"url": request.url.replace(srv.base, ""), "type": kind, "bytes": size}
                )
            context.close()
            browser.close()
    total = sum(by_type.values())
    result = {
        "url": "/",
        "total_bytes": total,
        "target_bytes": TRANSFER_TARGET_BYTES,
        "within_target": total <= TRANSFER_TARGET_BYTES,
        "by_type": by_type,
        "requests": len(files),
        "files": files,
    }
    verdict = "в норме" if result["within_target"] else "БОЛЬШЕ цели"
    out(
        f"\nГлавная, первая загрузка в Chromium: {total / 1024:.1f} КБ за {len(files)} запросов "
        f"(цель ≤ {TRANSFER_TARGET_BYTES // 1024} КБ: {verdict}); "
        + ", ".join(f"{kind} {size / 1024:.1f} КБ" for kind, size in sorted(by_type.items()))
    )
    return result


def page_cache_in_code():
    """Whether the portal's code (not the bench settings) reads PAGE_CACHE_SECONDS."""
    root = bench_server.ROOT
    for path in root.glob("*/**/*.py"):
        parts = path.relative_to(root).parts
        if parts[0] in {".venv", "var", "bench", "tests"} or path.name == "bench.py":
            continue
        if "PAGE_CACHE_SECONDS" in path.read_text(encoding="utf-8", errors="ignore"):
            return True
    return False


def main(argv=None):
    args = parse_args(argv)
    if not args.prepare_only and not shutil.which("wrk"):
        sys.exit("wrk не найден: выполните make bench-deps (apt-get install wrk)")
    data_dir = bench_server.configure(args.scale, args.data_dir)
    started = time.monotonic()
    load_before = bench_server.load_average()
    bench_server.prepare(args.scale, fresh=args.fresh)
    if args.prepare_only:
        return

    from django.conf import settings
    from django.db import connection

    from bench.dataset import counts

    urls = key_urls()
    script = data_dir / "report.lua"
    script.write_text(WRK_SCRIPT, encoding="utf-8")
    connection.close()  # the servers are separate processes; SQLite likes few writers

    print(
        f"\nЗамер: {len(urls)} адресов, wrk -c{args.connections} по {args.duration} с, "
        f"gunicorn {args.workers} sync, {connection.vendor}, поиск {settings.SEARCH_BACKEND}; "
        f"нагрузка машины до начала: {load_before}"
    )
    modes = {}
    for mode in args.modes:
        modes[mode] = measure_mode(mode, urls, args, script, print)
        floor = modes[mode]["floor"]
        print(f"{'пол /__floor__/':<20} {floor['rps_mean']:>8.1f} {floor['p50_ms']:>8.1f}")
    transfer = None if args.no_transfer else measure_transfer(print)

    result = {
        "generated_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "scale": args.scale,
        "dataset": counts(args.scale),
        "database": connection.vendor,
        "search_backend": settings.SEARCH_BACKEND,
        "machine": {
            "cpus": os.cpu_count(),
            "load_before": load_before,
            "load_after": bench_server.load_average(),
        },
        "settings": {
            "duration_s": args.duration,
            "connections": args.connections,
            "gunicorn_workers": args.workers,
            "page_cache_in_code": page_cache_in_code(),
        },
        "modes": modes,
        "transfer": transfer,
        "seconds": round(time.monotonic() - started, 1),
    }
    out_path = bench_server.write_report(result, args.out, "bench", latest=True)
    print(f"\nJSON: {out_path} (нагрузка машины после: {result['machine']['load_after']})")


if __name__ == "__main__":
    main()
