"""The embedded backend: SQLite FTS5 or PostgreSQL full-text search.

Rows live in `SearchEntry` on both vendors. On SQLite the text goes, stemmed in
Python (Snowball), into the FTS5 table `site_search_fts`, ranked with bm25 and
column weights title > summary > body. On PostgreSQL a tsvector column is
filled with the `russian` configuration, weights A/B/C, and ranked with ts_rank.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import Count, F, Q, Value
from django.db.models.expressions import RawSQL

from ..models import SearchEntry, SearchEntryTargetGroup
from ..results import Hit, SearchResults
from ..text import extra_variants, highlight, snippet, stemmed_text, variants

# bm25 weights of the FTS5 columns (title, summary, body).
BM25 = "bm25(site_search_fts, 10.0, 4.0, 1.0)"
BATCH = 500


class DatabaseBackend:
    name = "database"

    @property
    def vendor(self):
        return connection.vendor

    # Writing ------------------------------------------------------------------

    def _entry_fields(self, doc):
        return {
            "kind": doc.kind,
            "title": doc.title[:500],
            "summary": doc.summary,
            "body": doc.body,
            "url": doc.url[:1000],
            "region_slug": doc.region_slug,
            "region_name": doc.region_name,
            "date": doc.date,
            "public": doc.public,
            "forum_id": doc.forum_id,
            "approved": doc.approved,
        }

    def _write_fulltext(self, entries):
        """Fill the vendor's full-text structure for saved entries [(entry, doc)]."""
        if not entries:
            return
        ids = [entry.pk for entry, _doc in entries]
        if self.vendor == "sqlite":
            with connection.cursor() as cursor:
                placeholders = ",".join("%s" for _ in ids)
                cursor.execute(f"DELETE FROM site_search_fts WHERE rowid IN ({placeholders})", ids)  # noqa: S608 - placeholders only
                cursor.executemany(
                    "INSERT INTO site_search_fts(rowid, title, summary, body) VALUES (%s, %s, %s, %s)",
                    [
                        (
                            entry.pk,
                            stemmed_text(doc.title),
                            stemmed_text(doc.summary),
                            stemmed_text(doc.body),
                        )
                        for entry, doc in entries
                    ],
                )
        elif self.vendor == "postgresql":
            # The `russian` configuration stems; the fleeting-vowel variants
            # Snowball misses go in with the `simple` one at the lowest weight.
            rows = [
                (entry.pk, extra_variants(f"{doc.title} {doc.summary} {doc.body}"))
                for entry, doc in entries
            ]
            values = ", ".join("(%s, %s)" for _ in rows)
            params = [value for row in rows for value in row]
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE site_search_searchentry AS e SET search_vector = "  # noqa: S608 - placeholders only
                    "setweight(to_tsvector('russian', translate(e.title, 'ёЁ', 'еЕ')), 'A') || "
                    "setweight(to_tsvector('russian', translate(e.summary, 'ёЁ', 'еЕ')), 'B') || "
                    "setweight(to_tsvector('russian', translate(e.body, 'ёЁ', 'еЕ')), 'C') || "
                    "setweight(to_tsvector('simple', v.extra), 'D') "
                    f"FROM (VALUES {values}) AS v(id, extra) WHERE e.id = v.id::bigint",
                    params,
                )

    def _write_groups(self, entries, replace=True):
        if replace:
            SearchEntryTargetGroup.objects.filter(
                entry_id__in=[entry.pk for entry, _doc in entries]
            ).delete()
        SearchEntryTargetGroup.objects.bulk_create(
            [
                SearchEntryTargetGroup(entry_id=entry.pk, name=name[:100])
                for entry, doc in entries
                for name in doc.target_groups
            ]
        )

    @transaction.atomic
    def index_docs(self, docs):
        saved = []
        for doc in docs:
            entry, _created = SearchEntry.objects.update_or_create(
                key=doc.key, defaults=self._entry_fields(doc)
            )
            saved.append((entry, doc))
        self._write_groups(saved)
        self._write_fulltext(saved)

    @transaction.atomic
    def remove_keys(self, keys):
        ids = list(SearchEntry.objects.filter(key__in=keys).values_list("pk", flat=True))
        if not ids:
            return
        if self.vendor == "sqlite":
            with connection.cursor() as cursor:
                placeholders = ",".join("%s" for _ in ids)
                cursor.execute(f"DELETE FROM site_search_fts WHERE rowid IN ({placeholders})", ids)  # noqa: S608 - placeholders only
        SearchEntry.objects.filter(pk__in=ids).delete()

    def rebuild(self, docs, progress=None):
        """Replace the whole index in one transaction: readers see the old one until commit."""
        count = 0
        with transaction.atomic():
            if self.vendor == "sqlite":
                with connection.cursor() as cursor:
                    cursor.execute("DELETE FROM site_search_fts")
            SearchEntryTargetGroup.objects.all().delete()
            SearchEntry.objects.all().delete()
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
        return count

    def _insert_batch(self, docs):
        entries = SearchEntry.objects.bulk_create(
            [SearchEntry(key=doc.key, **self._entry_fields(doc)) for doc in docs]
        )
        pairs = list(zip(entries, docs, strict=True))
        self._write_groups(pairs, replace=False)
        self._write_fulltext(pairs)
        return len(pairs)

    def count(self):
        return SearchEntry.objects.count()

    # Reading ------------------------------------------------------------------

    def _visible(self, request):
        visibility = Q(forum_id__isnull=True, public=True) | Q(
            forum_id__in=request.forum_ids, approved=True
        )
        queryset = SearchEntry.objects.filter(visibility)
        filters = request.filters
        if filters.get("kind"):
            queryset = queryset.filter(kind=filters["kind"])
        if filters.get("region"):
            queryset = queryset.filter(region_slug=filters["region"])
        if filters.get("target_group"):
            queryset = queryset.filter(groups__name=filters["target_group"])
        return queryset

    def _matching(self, request, operator):
        """(queryset of matching entries, rank expression or extra-select) for a query."""
        queryset = self._visible(request)
        if self.vendor == "sqlite":
            match = f" {operator} ".join(
                "(" + " OR ".join(f'"{variant}"' for variant in variants(term)) + ")"
                for term in request.terms
            )
            # The MATCH runs once as a subquery; joining instead lets SQLite
            # probe the FTS table once per row of an indexed filter (quadratic).
            return queryset.filter(
                pk__in=RawSQL(
                    "SELECT rowid FROM site_search_fts WHERE site_search_fts MATCH %s", [match]
                )
            ), match
        if self.vendor == "postgresql":
            query = None
            for word, term in zip(request.words, request.terms, strict=True):
                part = SearchQuery(word, config="russian", search_type="plain")
                for variant in variants(term)[1:]:
                    part |= SearchQuery(variant, config="simple", search_type="plain")
                if query is None:
                    query = part
                elif operator == "AND":
                    query &= part
                else:
                    query |= part
            return queryset.filter(search_vector=query).annotate(
                rank=SearchRank(
                    F("search_vector"), query, weights=[0.1, 0.2, 0.5, 1.0], normalization=Value(1)
                )
            ), None
        # Any other vendor: a plain substring search, correct if slow.
        condition = Q()
        for word in request.words:
            part = Q(title__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word)
            condition = (condition & part) if operator == "AND" else (condition | part)
        return queryset.filter(condition).annotate(rank=Value(0.0)), None

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
        queryset, match = self._matching(request, "AND")
        total, kinds, regions = self._counts(queryset, request.facets)
        if total == 0 and len(request.terms) > 1:
            queryset, match = self._matching(request, "OR")
            total, kinds, regions = self._counts(queryset, request.facets)
        results.total = total
        if not total:
            return results
        if request.facets:
            results.facets = {
                "kind": kinds,
                "region": regions,
                "target_group": self._group_counts(queryset),
            }
        if self.vendor == "sqlite":
            rows = self._sqlite_page(request, queryset, match)
        else:
            by_relevance = ["-rank", F("date").desc(nulls_last=True)]
            if request.sort == "date":
                ordering = [F("date").desc(nulls_last=True), *by_relevance]
            else:
                ordering = by_relevance
            rows = queryset.order_by(*ordering, "pk")[
                request.offset : request.offset + request.per_page
            ]
        for entry in rows:
            results.hits.append(
                Hit(
                    key=entry.key,
                    kind=entry.kind,
                    title=highlight(entry.title, request.terms),
                    url=entry.url,
                    region_slug=entry.region_slug,
                    region_name=entry.region_name,
                    date=entry.date,
                    snippet=snippet([entry.summary, entry.body], request.terms),
                    score=float(entry.rank or 0),
                )
            )
        return results

    def _sqlite_page(self, request, queryset, match):
        """One page of hits ranked by bm25, the FTS table driving the join."""
        visible_sql, visible_params = queryset.order_by().values("pk").query.sql_with_params()
        order = (
            "e.date IS NULL, e.date DESC, rank" if request.sort == "date" else "rank, e.date DESC"
        )
        sql = (
            f"SELECT e.id, {BM25} AS rank FROM site_search_fts "  # noqa: S608 - ORM SQL, bound params
            "CROSS JOIN site_search_searchentry e ON e.id = site_search_fts.rowid "
            f"WHERE site_search_fts MATCH %s AND e.id IN ({visible_sql}) "
            f"ORDER BY {order}, e.id LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [match, *visible_params, request.per_page, request.offset])
            ranks = cursor.fetchall()
        entries = SearchEntry.objects.in_bulk([pk for pk, _rank in ranks])
        rows = []
        for pk, rank in ranks:
            entry = entries[pk]
            entry.rank = rank
            rows.append(entry)
        return rows

    def _counts(self, queryset, facets):
        """Total, and with facets the kind and region counts, in one grouped query."""
        if not facets:
            return queryset.count(), {}, {}
        kinds, regions, total = {}, {}, 0
        for row in queryset.order_by().values("kind", "region_slug").annotate(n=Count("pk")):
            total += row["n"]
            kinds[row["kind"]] = kinds.get(row["kind"], 0) + row["n"]
            if row["region_slug"]:
                regions[row["region_slug"]] = regions.get(row["region_slug"], 0) + row["n"]
        return total, kinds, regions

    def _group_counts(self, queryset):
        return {
            row["groups__name"]: row["n"]
            for row in queryset.order_by()
            .filter(groups__isnull=False)
            .values("groups__name")
            .annotate(n=Count("pk"))
        }
