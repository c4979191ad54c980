"""The embedded backend: SQLite FTS5 or PostgreSQL full-text search.

Rows live in `SearchEntry` (narrow: what a search filters, groups and counts)
and `SearchEntryText` (summary and body for snippets) on both vendors. The text
is lemmatised in Python (search.text: pymorphy3), and the lemmas go, on SQLite,
into the FTS5 table `site_search_fts`, ranked with bm25 and column weights
title > summary > body; on PostgreSQL into the entry's tsvector (the `simple`
configuration, which only lower-cases: the lemmas are already made), weights
A/B/C for title/summary/body, matched through a GIN index on the entry table
itself (no join per match) and ranked with ts_rank.

A query arrives as slots (search.query): a document must satisfy every slot, or
in a partial search at least one, and is then ranked first by how many slots it
satisfies («all words first, then most words»), then by relevance (a section
page's counts half; the words as typed count more than their synonyms), then by
date. Forum posts are grouped by
topic: the best-matching post stands for its topic, with the number of its
matching posts (a reply is matched on its own text, its topic's title only on
the opening post).

A search is one SQL statement: the matching entries are collected once (a
materialised CTE, at most `SEARCH_MAX_MATCHES` of them), grouped, and the page
of hits, the total and every facet count are read from the groups together,
joined by UNION ALL.
"""

# SQL here is assembled from constants and placeholders; every value is a bound parameter.
# ruff: noqa: S608

import dataclasses
import datetime
import json

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .. import vocabulary
from ..models import SearchEntry, SearchEntryText
from ..results import Hit, SearchResults
from .base import BaseBackend

# bm25 weights of the FTS5 columns (title, summary, body).
BM25 = "bm25(site_search_fts, 10.0, 4.0, 1.0)"
# ts_rank weights {D, C, B, A}: title A, summary B, body C.
TS_WEIGHTS = "'{0.0, 0.2, 0.5, 1.0}'"
BATCH = 500

# The columns of a PostgreSQL insert batch, each sent as one array (unnest).
PG_COLUMNS = [
    ("key", "text"),
    ("kind", "text"),
    ("title", "text"),
    ("url", "text"),
    ("region_slug", "text"),
    ("region_name", "text"),
    ("target_groups", "text"),
    ("date", "timestamptz"),
    ("public", "boolean"),
    ("forum_id", "integer"),
    ("approved", "boolean"),
    ("topic_id", "integer"),
    ("weight", "double precision"),
    ("title_lemmas", "text"),
    ("summary_lemmas", "text"),
    ("body_lemmas", "text"),
    ("summary", "text"),
    ("body", "text"),
]

# Row parts of the one search statement.
HIT, TOTAL, KIND, REGION, GROUP, MATCHED = range(6)


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


# Query languages -----------------------------------------------------------------


def fts5_expression(slots, operator):
    """An FTS5 MATCH expression: every (AND) or any (OR) slot. Lemmas are made of
    letters and digits only, so quoting them is enough."""

    def word(lemmas):
        return "(" + " OR ".join(f'"{lemma}"' for lemma in lemmas) + ")"

    def alternative(words):
        return "(" + " AND ".join(map(word, words)) + ")"

    def slot(slot):
        return "(" + " OR ".join(map(alternative, slot.alternatives)) + ")"

    return f" {operator} ".join(map(slot, slots))


def tsquery_text(slots, operator):
    """The same as a PostgreSQL tsquery (read with to_tsquery('simple', …))."""

    def word(lemmas):
        return "(" + " | ".join(f"'{lemma}'" for lemma in lemmas) + ")"

    def alternative(words):
        return "(" + " & ".join(map(word, words)) + ")"

    def slot(slot):
        return "(" + " | ".join(map(alternative, slot.alternatives)) + ")"

    joiner = " & " if operator == "AND" else " | "
    return joiner.join(map(slot, slots))


def _literal_fts5(slot):
    return fts5_expression([dataclasses.replace(slot, alternatives=(slot.literal,))], "AND")


def _literal_tsquery(slot):
    return tsquery_text([dataclasses.replace(slot, alternatives=(slot.literal,))], "AND")


class DatabaseBackend(BaseBackend):
    name = "database"

    @property
    def vendor(self):
        return connection.vendor

    # Writing ------------------------------------------------------------------

    @staticmethod
    def _entry_fields(doc):
        """The entry's columns for a document, cut to the columns' lengths."""
        return {
            "key": doc.key,
            "kind": doc.kind,
            "title": doc.title[:500],
            "url": doc.url[:1000],
            "region_slug": doc.region_slug,
            "region_name": doc.region_name,
            "target_groups": [name[:100] for name in doc.target_groups],
            "date": doc.date,
            "public": doc.public,
            "forum_id": doc.forum_id,
            "approved": doc.approved,
            "topic_id": doc.topic_id,
            "weight": doc.weight,
        }

    def _entry(self, doc):
        return SearchEntry(**self._entry_fields(doc))

    def _insert_batch(self, docs):
        """Insert entries, their text and their full-text rows; returns how many."""
        if self.vendor == "postgresql":
            self._insert_postgresql(docs)
            return len(docs)
        ids = [entry.pk for entry in SearchEntry.objects.bulk_create(map(self._entry, docs))]
        pairs = list(zip(ids, docs, strict=True))
        SearchEntryText.objects.bulk_create(
            [SearchEntryText(entry_id=pk, summary=doc.summary, body=doc.body) for pk, doc in pairs]
        )
        if self.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO site_search_fts(rowid, title, summary, body) VALUES (%s, %s, %s, %s)",
                    [(pk, *doc.lemmas) for pk, doc in pairs],
                )
        return len(pairs)

    def _insert_postgresql(self, docs):
        """Entries with their tsvector, and their text, in one statement per batch.

        The batch travels as one array per column (unnest), not as a row of
        placeholders per document: the statement stays short, so the driver
        neither re-parses thousands of placeholders per batch nor builds model
        objects, and the text rows join their entries by key in the same statement.
        """
        columns = [[] for _ in PG_COLUMNS]
        for doc in docs:
            entry = self._entry_fields(doc)
            entry["target_groups"] = json.dumps(entry["target_groups"], ensure_ascii=False)
            row = (*entry.values(), *doc.lemmas, doc.summary, doc.body)
            for column, value in zip(columns, row, strict=True):
                column.append(value)
        arrays = ", ".join(f"%b::{kind}[]" for _name, kind in PG_COLUMNS)
        names = ", ".join(name for name, _kind in PG_COLUMNS)
        sql = (
            f"WITH v AS (SELECT * FROM unnest({arrays}) AS v({names})), "
            "e AS (INSERT INTO site_search_searchentry (key, kind, title, url, region_slug, "
            "region_name, target_groups, date, public, forum_id, approved, topic_id, "
            "weight, updated_at, search_vector) "
            "SELECT v.key, v.kind, v.title, v.url, v.region_slug, v.region_name, "
            "v.target_groups::jsonb, v.date, v.public, v.forum_id, v.approved, v.topic_id, "
            "v.weight, now(), "
            "setweight(to_tsvector('simple', v.title_lemmas), 'A') || "
            "setweight(to_tsvector('simple', v.summary_lemmas), 'B') || "
            "setweight(to_tsvector('simple', v.body_lemmas), 'C') "
            "FROM v RETURNING id, key) "
            "INSERT INTO site_search_searchentrytext (entry_id, summary, body) "
            "SELECT e.id, v.summary, v.body FROM e JOIN v ON v.key = e.key"
        )
        # Django's cursor quotes every value into the SQL text (client-side binding),
        # megabytes per batch; a server-side-binding cursor on the same connection
        # (and transaction) sends the arrays as binary parameters (%b) instead.
        import psycopg

        connection.ensure_connection()
        with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
            cursor.execute(sql, columns)

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
        vocabulary.add(docs)

    @transaction.atomic
    def remove_keys(self, keys):
        self._delete_ids(
            list(SearchEntry.objects.filter(key__in=list(keys)).values_list("pk", flat=True))
        )

    def rebuild(self, docs, progress=None):
        """Replace the whole index in one transaction: readers see the old one until commit."""
        count = 0
        counter = vocabulary.Counter()
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
                    counter.count(batch)
                    batch = []
                    if progress:
                        progress(count)
            if batch:
                count += self._insert_batch(batch)
                counter.count(batch)
                if progress:
                    progress(count)
            counter.save()
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

    def _matched(self, request):
        """The CTE body selecting matching entries with a rank and a cover (slots met)."""
        conditions, condition_params = self._conditions(request)
        slots = request.slots
        operator = "OR" if request.partial else "AND"
        columns = "e.id, e.kind, e.region_slug, e.target_groups, e.date, e.topic_id"
        weight = "e.weight"
        # The words as typed count more than their synonyms: rank × (1 + such slots met).
        literals = [slot for slot in slots if slot.has_synonyms]
        if self.vendor == "sqlite":
            if literals:
                weight += (
                    " * (1 + "
                    + " + ".join(
                        "(CASE WHEN e.id IN (SELECT rowid FROM site_search_fts WHERE "
                        "site_search_fts MATCH %s) THEN 1 ELSE 0 END)"
                        for _ in literals
                    )
                    + ")"
                )
            literal_params = [_literal_fts5(slot) for slot in literals]
            cover, cover_params = str(len(slots)), []
            if request.partial:
                cover = " + ".join(
                    "(CASE WHEN e.id IN (SELECT rowid FROM site_search_fts WHERE "
                    "site_search_fts MATCH %s) THEN 1 ELSE 0 END)"
                    for _ in slots
                )
                cover_params = [fts5_expression([slot], "AND") for slot in slots]
            # CROSS JOIN keeps the FTS table as the outer loop: one MATCH, then
            # entry rows by primary key.
            sql = (
                f"SELECT {columns}, -{BM25} * {weight} AS rank, {cover} AS cover "
                "FROM site_search_fts "
                "CROSS JOIN site_search_searchentry e ON e.id = site_search_fts.rowid "
                f"WHERE site_search_fts MATCH %s AND {conditions}"
            )
            params = [
                *literal_params,
                *cover_params,
                fts5_expression(slots, operator),
                *condition_params,
            ]
        elif self.vendor == "postgresql":
            query = "to_tsquery('simple', %s)"
            cover, cover_params = str(len(slots)), []
            if request.partial:
                cover = " + ".join(f"(e.search_vector @@ {query})::int" for _ in slots)
                cover_params = [tsquery_text([slot], "AND") for slot in slots]
            text = tsquery_text(slots, operator)
            if literals:
                weight += (
                    " * (1 + "
                    + " + ".join(f"(e.search_vector @@ {query})::int" for _ in literals)
                    + ")"
                )
            literal_params = [_literal_tsquery(slot) for slot in literals]
            sql = (
                f"SELECT {columns}, ts_rank({TS_WEIGHTS}, e.search_vector, {query}, 1) "
                f"* {weight} AS rank, {cover} AS cover "
                "FROM site_search_searchentry e "
                f"WHERE e.search_vector @@ {query} AND {conditions}"
            )
            params = [text, *literal_params, *cover_params, text, *condition_params]
        else:
            # Any other vendor: a plain substring search on the words, correct if slow.
            likes, like_params = [], []
            for word in request.words:
                likes.append(
                    "(LOWER(e.title) LIKE %s OR LOWER(t.summary) LIKE %s OR LOWER(t.body) LIKE %s)"
                )
                like_params += [f"%{word}%"] * 3
            text = f" {operator} ".join(likes)
            sql = (
                f"SELECT {columns}, {weight} AS rank, 1 AS cover FROM site_search_searchentry e "
                "JOIN site_search_searchentrytext t ON t.entry_id = e.id "
                f"WHERE ({text}) AND {conditions}"
            )
            params = [*like_params, *condition_params]
        cap = max_matches()
        if cap:
            sql += " LIMIT %s"
            params.append(cap + 1)
        return sql, params

    def _statement(self, request):
        """The one statement: page of hits, total and facet counts, as UNION ALL parts."""
        matched, params = self._matched(request)
        if request.sort == "date":
            order = "r.cover DESC, r.date IS NULL, r.date DESC, r.rank DESC, r.id"
        else:
            order = "r.cover DESC, r.rank DESC, r.date IS NULL, r.date DESC, r.id"
        params += [request.per_page, request.offset]
        parts = [
            # Hits: the page's entries with their text, numbered in order.
            f"SELECT {HIT} AS part, p.ord AS n, e.key AS value, e.kind, e.title, e.url, "
            "e.region_slug, e.region_name, e.date, t.summary, t.body, p.rank, p.posts "
            "FROM page p JOIN site_search_searchentry e ON e.id = p.id "
            "LEFT JOIN site_search_searchentrytext t ON t.entry_id = p.id",
            f"SELECT {TOTAL}, COUNT(*), NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
            "NULL, NULL FROM results",
            # Matches, not groups, are what the cap counts: several posts of one
            # topic past the cap are still more than were counted.
            f"SELECT {MATCHED}, COUNT(*), NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
            "NULL, NULL FROM matched",
        ]
        if request.facets:
            none = "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL"
            # Forum posts have no target groups: skip them before unnesting.
            if self.vendor == "postgresql":
                groups = "jsonb_array_elements_text(r.target_groups) AS g(value)"
                has_groups = "r.target_groups <> '[]'::jsonb"
            else:
                groups = "json_each(r.target_groups) AS g"
                has_groups = "r.target_groups <> '[]'"
            parts += [
                f"SELECT {KIND}, COUNT(*), r.kind, {none} FROM results r GROUP BY r.kind",
                f"SELECT {REGION}, COUNT(*), r.region_slug, {none} FROM results r "
                "WHERE r.region_slug <> '' GROUP BY r.region_slug",
                f"SELECT {GROUP}, COUNT(*), g.value, {none} FROM results r, {groups} "
                f"WHERE {has_groups} GROUP BY g.value",
            ]
        # One group per forum topic (an entry without a topic is a group of its
        # own): its best post stands for it, with the count of matching posts.
        group = "COALESCE(m.topic_id, -m.id)"
        sql = (
            f"WITH matched AS MATERIALIZED ({matched}), "
            "grouped AS MATERIALIZED (SELECT m.*, "
            f"COUNT(*) OVER (PARTITION BY {group}) AS posts, "
            f"ROW_NUMBER() OVER (PARTITION BY {group} "
            "ORDER BY m.cover DESC, m.rank DESC, m.date IS NULL, m.date DESC, m.id) AS best "
            "FROM matched m), "
            "results AS MATERIALIZED (SELECT * FROM grouped WHERE best = 1), "
            "page AS MATERIALIZED (SELECT r.id, r.rank, r.posts, "
            f"ROW_NUMBER() OVER (ORDER BY {order}) AS ord FROM results r "
            f"ORDER BY {order} LIMIT %s OFFSET %s) " + " UNION ALL ".join(parts)
        )
        return sql, params

    def run(self, request):
        """The raw total, facet counts and hits of a request (no fallback)."""
        sql, params = self._statement(request)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        results = SearchResults(
            query=request.query,
            page=request.page,
            per_page=request.per_page,
            sort=request.sort,
            filters=request.filters,
            backend=self.name,
            partial=request.partial,
        )
        total = next(row[1] for row in rows if row[0] == TOTAL)
        matched = next(row[1] for row in rows if row[0] == MATCHED)
        cap = max_matches()
        if cap and matched > cap:
            total, results.capped = min(total, cap), True
        results.total = total
        if request.facets:
            names = {KIND: "kind", REGION: "region", GROUP: "target_group"}
            results.facets = {name: {} for name in names.values()}
            for row in rows:
                if row[0] in names:
                    results.facets[names[row[0]]][row[2]] = row[1]
        hits = sorted((row for row in rows if row[0] == HIT), key=lambda row: row[1])
        for (
            _part,
            _ord,
            key,
            kind,
            title,
            url,
            slug,
            region,
            date,
            summary,
            body,
            rank,
            posts,
        ) in hits:
            results.hits.append(
                Hit(
                    key=key,
                    kind=kind,
                    title=title,
                    url=url,
                    region_slug=slug,
                    region_name=region,
                    date=_as_datetime(date),
                    texts=(summary or "", body or ""),
                    score=float(rank or 0),
                    posts=int(posts or 0) if kind == "topic" else 0,
                )
            )
        return results
