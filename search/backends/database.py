"""The embedded backend: SQLite FTS5 or PostgreSQL full-text search.

Rows live in `SearchEntry` (narrow: what a search filters and counts) and
`SearchEntryText` (summary and body for snippets) on both vendors. On SQLite the
text goes, stemmed in Python (Snowball), into the FTS5 table `site_search_fts`,
ranked with bm25 and column weights title > summary > body. On PostgreSQL the
entry's tsvector is computed in the INSERT with the `russian` configuration,
weights A/B/C for title/summary/body, matched through a GIN index on the entry
table itself (no join per match) and ranked with ts_rank.

A search is one SQL statement: the matching entries are collected once (a
materialised CTE, at most `SEARCH_MAX_MATCHES` of them) and the page of hits, the
total and every facet count are read from it together, joined by UNION ALL.
"""

# SQL here is assembled from constants and placeholders; every value is a bound parameter.
# ruff: noqa: S608

import datetime
import json

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from ..models import SearchEntry, SearchEntryText
from ..results import Hit, SearchResults
from ..text import extra_variants, highlight, snippet, stemmed_text, variants

# bm25 weights of the FTS5 columns (title, summary, body).
BM25 = "bm25(site_search_fts, 10.0, 4.0, 1.0)"
# ts_rank weights {D, C, B, A}: title A, summary B, body C, fleeting-vowel variants D.
TS_WEIGHTS = "'{0.1, 0.2, 0.5, 1.0}'"
BATCH = 500

# Row parts of the one search statement.
HIT, TOTAL, KIND, REGION, GROUP = range(5)


def max_matches():
    """How many matches a search counts at most (0: no cap)."""
    return max(0, int(getattr(settings, "SEARCH_MAX_MATCHES", 10_000) or 0))


def _as_datetime(value):
    if value is None or isinstance(value, datetime.datetime):
        return value
    parsed = parse_datetime(str(value))
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, datetime.UTC)
    return parsed


class DatabaseBackend:
    name = "database"

    @property
    def vendor(self):
        return connection.vendor

    # Writing ------------------------------------------------------------------

    def _entry(self, doc):
        return SearchEntry(
            key=doc.key,
            kind=doc.kind,
            title=doc.title[:500],
            url=doc.url[:1000],
            region_slug=doc.region_slug,
            region_name=doc.region_name,
            target_groups=[name[:100] for name in doc.target_groups],
            date=doc.date,
            public=doc.public,
            forum_id=doc.forum_id,
            approved=doc.approved,
        )

    def _insert_batch(self, docs):
        """Insert entries, their text and their full-text rows; returns how many."""
        if self.vendor == "postgresql":
            ids = self._insert_postgresql_entries(docs)
        else:
            ids = [entry.pk for entry in SearchEntry.objects.bulk_create(map(self._entry, docs))]
        pairs = list(zip(ids, docs, strict=True))
        SearchEntryText.objects.bulk_create(
            [SearchEntryText(entry_id=pk, summary=doc.summary, body=doc.body) for pk, doc in pairs]
        )
        if self.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO site_search_fts(rowid, title, summary, body) VALUES (%s, %s, %s, %s)",
                    [
                        (
                            pk,
                            stemmed_text(doc.title),
                            stemmed_text(doc.summary),
                            stemmed_text(doc.body),
                        )
                        for pk, doc in pairs
                    ],
                )
        return len(pairs)

    def _insert_postgresql_entries(self, docs):
        """Entries with their tsvector computed in the same INSERT; returns their ids.

        The `russian` configuration stems; the fleeting-vowel variants Snowball
        misses go in with the `simple` one at the lowest weight.
        """
        row = (
            "(%s, %s, %s, %s, %s, %s, %s::jsonb, %s::timestamptz, %s::boolean, %s::integer, "
            "%s::boolean, %s, %s, %s)"
        )
        params = []
        for doc in docs:
            entry = self._entry(doc)
            params += [
                entry.key,
                entry.kind,
                entry.title,
                entry.url,
                entry.region_slug,
                entry.region_name,
                json.dumps(entry.target_groups, ensure_ascii=False),
                entry.date,
                entry.public,
                entry.forum_id,
                entry.approved,
                doc.summary,
                doc.body,
                extra_variants(f"{doc.title} {doc.summary} {doc.body}"),
            ]
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO site_search_searchentry (key, kind, title, url, region_slug, "
                "region_name, target_groups, date, public, forum_id, approved, updated_at, "
                "search_vector) "
                "SELECT v.key, v.kind, v.title, v.url, v.region_slug, v.region_name, "
                "v.target_groups, v.date, v.public, v.forum_id, v.approved, now(), "
                "setweight(to_tsvector('russian', translate(v.title, 'ёЁ', 'еЕ')), 'A') || "
                "setweight(to_tsvector('russian', translate(v.summary, 'ёЁ', 'еЕ')), 'B') || "
                "setweight(to_tsvector('russian', translate(v.body, 'ёЁ', 'еЕ')), 'C') || "
                "setweight(to_tsvector('simple', v.extra), 'D') "
                f"FROM (VALUES {', '.join(row for _ in docs)}) AS v(key, kind, title, url, "
                "region_slug, region_name, target_groups, date, public, forum_id, approved, "
                "summary, body, extra) RETURNING id, key",
                params,
            )
            ids = {key: pk for pk, key in cursor.fetchall()}
        return [ids[doc.key] for doc in docs]

    def _delete_ids(self, ids):
        if not ids:
            return
        with connection.cursor() as cursor:
            for start in range(0, len(ids), BATCH):
                chunk = ids[start : start + BATCH]
                placeholders = ", ".join("%s" for _ in chunk)
                if self.vendor == "sqlite":
                    cursor.execute(
                        f"DELETE FROM site_search_fts WHERE rowid IN ({placeholders})",
                        chunk,
                    )
                cursor.execute(
                    f"DELETE FROM site_search_searchentrytext WHERE entry_id IN ({placeholders})",
                    chunk,
                )
                cursor.execute(
                    f"DELETE FROM site_search_searchentry WHERE id IN ({placeholders})",
                    chunk,
                )

    @transaction.atomic
    def index_docs(self, docs):
        docs = list({doc.key: doc for doc in docs}.values())  # the last version of each
        self.remove_keys([doc.key for doc in docs])
        for start in range(0, len(docs), BATCH):
            self._insert_batch(docs[start : start + BATCH])

    @transaction.atomic
    def remove_keys(self, keys):
        self._delete_ids(
            list(SearchEntry.objects.filter(key__in=list(keys)).values_list("pk", flat=True))
        )

    def rebuild(self, docs, progress=None):
        """Replace the whole index in one transaction: readers see the old one until commit."""
        count = 0
        with transaction.atomic():
            with connection.cursor() as cursor:
                if self.vendor == "sqlite":
                    cursor.execute("DELETE FROM site_search_fts")
                cursor.execute("DELETE FROM site_search_searchentrytext")
                cursor.execute("DELETE FROM site_search_searchentry")
            batch = []
            for doc in docs:
                batch.append(doc)
                if len(batch) >= BATCH:
                    count += self._insert_batch(batch)
                    batch = []
                    if progress:
                        progress(count)
            if batch:
                count += self._insert_batch(batch)
                if progress:
                    progress(count)
        if self.vendor == "postgresql":
            # The old rows are dead tuples now; fresh statistics and visibility
            # information keep the planner on the GIN index. VACUUM cannot run
            # inside a transaction (a caller's atomic block): ANALYZE still can.
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            with connection.cursor() as cursor:
                cursor.execute(f"{command} site_search_searchentry")
                cursor.execute(f"{command} site_search_searchentrytext")
        return count

    def count(self):
        return SearchEntry.objects.count()

    # Reading ------------------------------------------------------------------

    def _conditions(self, request):
        """SQL conditions on the entry `e` (visibility and filters) and their params."""
        visibility = "(e.forum_id IS NULL AND e.public)"
        params = []
        if request.forum_ids:
            placeholders = ", ".join("%s" for _ in request.forum_ids)
            visibility = f"({visibility} OR (e.forum_id IN ({placeholders}) AND e.approved))"
            params += [int(forum_id) for forum_id in request.forum_ids]
        conditions = [visibility]
        filters = request.filters
        if filters.get("kind"):
            conditions.append("e.kind = %s")
            params.append(filters["kind"])
        if filters.get("region"):
            conditions.append("e.region_slug = %s")
            params.append(filters["region"])
        if filters.get("target_group"):
            if self.vendor == "postgresql":
                conditions.append("e.target_groups @> %s::jsonb")
                params.append(json.dumps([filters["target_group"]], ensure_ascii=False))
            else:
                conditions.append(
                    "EXISTS (SELECT 1 FROM json_each(e.target_groups) WHERE json_each.value = %s)"
                )
                params.append(filters["target_group"])
        return " AND ".join(conditions), params

    def _tsquery(self, request, operator):
        """A PostgreSQL tsquery expression for the request's words, and its params."""
        parts, params = [], []
        for word, term in zip(request.words, request.terms, strict=True):
            part = ["plainto_tsquery('russian', %s)"]
            params.append(word)
            for variant in variants(term)[1:]:
                part.append("plainto_tsquery('simple', %s)")
                params.append(variant)
            parts.append("(" + " || ".join(part) + ")")
        joiner = " && " if operator == "AND" else " || "
        return "(" + joiner.join(parts) + ")", params

    def _matched(self, request, operator):
        """The CTE body selecting matching entries with a rank (higher is better)."""
        conditions, condition_params = self._conditions(request)
        columns = "e.id, e.kind, e.region_slug, e.target_groups, e.date"
        if self.vendor == "sqlite":
            match = f" {operator} ".join(
                "(" + " OR ".join(f'"{variant}"' for variant in variants(term)) + ")"
                for term in request.terms
            )
            # CROSS JOIN keeps the FTS table as the outer loop: one MATCH, then
            # entry rows by primary key.
            sql = (
                f"SELECT {columns}, -{BM25} AS rank FROM site_search_fts "
                "CROSS JOIN site_search_searchentry e ON e.id = site_search_fts.rowid "
                f"WHERE site_search_fts MATCH %s AND {conditions}"
            )
            params = [match, *condition_params]
        elif self.vendor == "postgresql":
            query, query_params = self._tsquery(request, operator)
            sql = (
                f"SELECT {columns}, ts_rank({TS_WEIGHTS}, e.search_vector, {query}, 1) AS rank "
                "FROM site_search_searchentry e "
                f"WHERE e.search_vector @@ {query} AND {conditions}"
            )
            params = [*query_params, *query_params, *condition_params]
        else:
            # Any other vendor: a plain substring search, correct if slow.
            likes, like_params = [], []
            for word in request.words:
                likes.append(
                    "(LOWER(e.title) LIKE %s OR LOWER(t.summary) LIKE %s OR LOWER(t.body) LIKE %s)"
                )
                like_params += [f"%{word}%"] * 3
            text = f" {operator} ".join(likes)
            sql = (
                f"SELECT {columns}, 0.0 AS rank FROM site_search_searchentry e "
                "JOIN site_search_searchentrytext t ON t.entry_id = e.id "
                f"WHERE ({text}) AND {conditions}"
            )
            params = [*like_params, *condition_params]
        cap = max_matches()
        if cap:
            sql += " LIMIT %s"
            params.append(cap + 1)
        return sql, params

    def _statement(self, request, operator):
        """The one statement: page of hits, total and facet counts, as UNION ALL parts."""
        matched, params = self._matched(request, operator)
        if request.sort == "date":
            order = "m.date IS NULL, m.date DESC, m.rank DESC, m.id"
        else:
            order = "m.rank DESC, m.date IS NULL, m.date DESC, m.id"
        params += [request.per_page, request.offset]
        parts = [
            # Hits: the page's entries with their text, numbered in order.
            f"SELECT {HIT} AS part, p.ord AS n, e.key AS value, e.kind, e.title, e.url, "
            "e.region_slug, e.region_name, e.date, t.summary, t.body, p.rank "
            "FROM page p JOIN site_search_searchentry e ON e.id = p.id "
            "LEFT JOIN site_search_searchentrytext t ON t.entry_id = p.id",
            f"SELECT {TOTAL}, COUNT(*), NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL "
            "FROM matched",
        ]
        if request.facets:
            none = "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL"
            # Forum posts have no target groups: skip them before unnesting.
            if self.vendor == "postgresql":
                groups = "jsonb_array_elements_text(m.target_groups) AS g(value)"
                has_groups = "m.target_groups <> '[]'::jsonb"
            else:
                groups = "json_each(m.target_groups) AS g"
                has_groups = "m.target_groups <> '[]'"
            parts += [
                f"SELECT {KIND}, COUNT(*), m.kind, {none} FROM matched m GROUP BY m.kind",
                f"SELECT {REGION}, COUNT(*), m.region_slug, {none} FROM matched m "
                "WHERE m.region_slug <> '' GROUP BY m.region_slug",
                f"SELECT {GROUP}, COUNT(*), g.value, {none} FROM matched m, {groups} "
                f"WHERE {has_groups} GROUP BY g.value",
            ]
        sql = (
            f"WITH matched AS MATERIALIZED ({matched}), "
            "page AS MATERIALIZED (SELECT m.id, m.rank, "
            f"ROW_NUMBER() OVER (ORDER BY {order}) AS ord FROM matched m "
            f"ORDER BY {order} LIMIT %s OFFSET %s) " + " UNION ALL ".join(parts)
        )
        return sql, params

    def _run(self, request, operator):
        sql, params = self._statement(request, operator)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def search(self, request):
        results = SearchResults(
            query=request.query,
            page=request.page,
            per_page=request.per_page,
            sort=request.sort,
            filters=request.filters,
            backend=self.name,
        )
        if not request.terms:
            return results
        rows = self._run(request, "AND")
        total = next(row[1] for row in rows if row[0] == TOTAL)
        if total == 0 and len(request.terms) > 1:
            rows = self._run(request, "OR")
            total = next(row[1] for row in rows if row[0] == TOTAL)
        cap = max_matches()
        if cap and total > cap:
            total, results.capped = cap, True
        results.total = total
        if request.facets:
            names = {KIND: "kind", REGION: "region", GROUP: "target_group"}
            results.facets = {name: {} for name in names.values()}
            for row in rows:
                if row[0] in names:
                    results.facets[names[row[0]]][row[2]] = row[1]
        hits = sorted((row for row in rows if row[0] == HIT), key=lambda row: row[1])
        for _part, _ord, key, kind, title, url, slug, region, date, summary, body, rank in hits:
            results.hits.append(
                Hit(
                    key=key,
                    kind=kind,
                    title=highlight(title, request.terms),
                    url=url,
                    region_slug=slug,
                    region_name=region,
                    date=_as_datetime(date),
                    snippet=snippet([summary or "", body or ""], request.terms),
                    score=float(rank or 0),
                )
            )
        return results
