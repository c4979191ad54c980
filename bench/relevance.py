"""Relevance of the site search on the demo content, against judged queries.

    .venv/bin/python bench/relevance.py                 # every configured backend
    .venv/bin/python bench/relevance.py --verbose       # and each query's top five
    .venv/bin/python bench/relevance.py --backend database --json var/relevance.json

The judged queries are in bench/relevance.toml: what social workers, volunteers
and editors type (word forms, synonyms, abbreviations, typos, two and three
words), each with the documents that should come first, graded 2 (the answer)
or 1 (relevant). Documents are named by page slug (`slug:…`) or forum topic
subject (`topic:…`), so the set survives ids changing.

The command builds the demo content (`seed_demo`) in a throwaway test database
(SQLite, or PostgreSQL when DATABASE_URL says so; the `portal-relevance`
index prefix on Elasticsearch, deleted afterwards), indexes it on each backend
(the database one always, Elasticsearch when ELASTICSEARCH_URL is set), runs
every query as an anonymous visitor and prints per backend:

- nDCG@10 (gain 2^grade − 1, each document counted once: a forum topic shown
  twice counts once), averaged over the queries;
- precision@5 (judged documents among the first five, over five), with its
  ceiling (a query with two judged documents cannot score above 0.4);
- the zero-result rate (queries that found nothing; every judged query has an
  answer in the demo content).

Judged documents missing from the content are listed: after the demo content
changes, re-judge those queries.
"""

import argparse
import json
import math
import os
import statistics
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

JUDGED = ROOT / "bench" / "relevance.toml"
TOP = 10


def load_judged(path=JUDGED):
    """[(query, who, why, {ref: grade})] from the TOML file."""
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    queries = []
    for item in data["query"]:
        relevant = {str(ref): int(grade) for ref, grade in item["relevant"].items()}
        queries.append((item["q"], item.get("who", ""), item.get("why", ""), relevant))
    return queries


def _path(url):
    return url.split("#", 1)[0].split("?", 1)[0]


def resolve(ref):
    """The URL paths a judged reference stands for (empty when it is not in the content)."""
    from django.urls import reverse

    from wagtail.models import Page

    from machina.apps.forum_conversation.models import Topic

    kind, _, value = ref.partition(":")
    if kind == "slug":
        return {_path(page.url) for page in Page.objects.live().filter(slug=value) if page.url}
    if kind == "topic":
        return {
            reverse(
                "forum_conversation:topic",
                kwargs={
                    "forum_slug": topic.forum.slug,
                    "forum_pk": topic.forum_id,
                    "slug": topic.slug,
                    "pk": topic.pk,
                },
            )
            for topic in Topic.objects.filter(subject=value).select_related("forum")
        }
    raise ValueError(f"Unknown reference {ref!r}: use slug:… or topic:…")


def dcg(gains):
    return sum(gain / math.log2(rank + 2) for rank, gain in enumerate(gains))


def score_query(ranked_paths, grades_by_path):
    """(nDCG@10, precision@5, ceiling of precision@5) of one ranking."""
    seen, gains = set(), []
    for path in ranked_paths:
        if path in seen:
            continue
        seen.add(path)
        gains.append(2 ** grades_by_path.get(path, 0) - 1)
    ideal = sorted((2**grade - 1 for grade in grades_by_path.values()), reverse=True)
    best = dcg(ideal[:TOP])
    ndcg = dcg(gains[:TOP]) / best if best else 0.0
    relevant_top5 = sum(1 for gain in gains[:5] if gain > 0)
    return ndcg, relevant_top5 / 5, min(5, len(grades_by_path)) / 5


def evaluate(queries, backend_label, verbose=False):
    from django.contrib.auth.models import AnonymousUser

    from search import api

    rows, missing = [], set()
    for query, _who, _why, relevant in queries:
        grades = {}
        for ref, grade in relevant.items():
            paths = resolve(ref)
            if not paths:
                missing.add(ref)
            for path in paths:
                grades[path] = max(grade, grades.get(path, 0))
        results = api.search(query, AnonymousUser(), per_page=TOP)
        ranked = [_path(hit.url) for hit in results.hits]
        ndcg, precision, ceiling = score_query(ranked, grades)
        rows.append(
            {
                "query": query,
                "ndcg": ndcg,
                "precision5": precision,
                "ceiling5": ceiling,
                "zero": results.total == 0,
                "suggestion": getattr(results, "suggestion", ""),
            }
        )
        if verbose:
            print(f"  {ndcg:5.2f}  {query}")
            for hit in results.hits[:5]:
                mark = grades.get(_path(hit.url), 0)
                title = str(hit.title).replace("<mark>", "").replace("</mark>", "")
                print(f"         {'*' * mark:<2} {title[:90]}")
    summary = {
        "backend": backend_label,
        "queries": len(rows),
        "ndcg10": statistics.mean(row["ndcg"] for row in rows),
        "precision5": statistics.mean(row["precision5"] for row in rows),
        "ceiling5": statistics.mean(row["ceiling5"] for row in rows),
        "zero_rate": sum(row["zero"] for row in rows) / len(rows),
        "zero_queries": [row["query"] for row in rows if row["zero"]],
        "worst": sorted(rows, key=lambda row: row["ndcg"])[:5],
        "missing": sorted(missing),
    }
    return summary


def report(summaries):
    print()
    print(f"{'backend':<24} {'nDCG@10':>8} {'P@5':>6} {'(ceiling)':>10} {'zero-result rate':>17}")
    for summary in summaries:
        print(
            f"{summary['backend']:<24} {summary['ndcg10']:>8.3f} {summary['precision5']:>6.3f} "
            f"{'(' + format(summary['ceiling5'], '.3f') + ')':>10} {summary['zero_rate']:>17.3f}"
        )
    for summary in summaries:
        if summary["zero_queries"]:
            print(f"{summary['backend']}: no results for {summary['zero_queries']}")
        worst = ", ".join(f"«{row['query']}» {row['ndcg']:.2f}" for row in summary["worst"])
        print(f"{summary['backend']}: lowest nDCG@10: {worst}")
        if summary["missing"]:
            print(
                f"{summary['backend']}: judged documents not in the content: {summary['missing']}"
            )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", action="append", choices=["database", "elasticsearch"])
    parser.add_argument("--judged", default=str(JUDGED))
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--json", help="write the figures to this file as well")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    os.environ.setdefault("SEARCH_INDEX_PREFIX", "portal-relevance")
    import django

    django.setup()
    import io

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    from search import api
    from search.backends import get_backend

    queries = load_judged(args.judged)
    names = args.backend or ["database"] + (["elasticsearch"] if settings.ELASTICSEARCH_URL else [])
    if "elasticsearch" in names and not settings.ELASTICSEARCH_URL:
        parser.error("ELASTICSEARCH_URL is not set")
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        import tempfile

        path = Path(tempfile.mkdtemp(prefix="portal-relevance-")) / "relevance.sqlite3"
        connection.settings_dict.setdefault("TEST", {})["NAME"] = str(path)
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    summaries = []
    try:
        settings.SEARCH_BACKEND = "database"
        print("Building the demo content (seed_demo)…", flush=True)
        call_command("seed_demo", stdout=io.StringIO())
        for name in names:
            settings.SEARCH_BACKEND = name
            if name == "elasticsearch":
                settings.SEARCH_ELASTICSEARCH_REFRESH = True
            api.rebuild(backends=[name])
            label = f"database ({connection.vendor})" if name == "database" else name
            print(f"Judging {len(queries)} queries on {label}…", flush=True)
            try:
                summaries.append(evaluate(queries, label, verbose=args.verbose))
            finally:
                if name == "elasticsearch":
                    get_backend("elasticsearch").delete_all()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    report(summaries)
    if args.json:
        Path(args.json).write_text(json.dumps(summaries, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
