"""The Elasticsearch backend: a versioned index behind an alias, bulk indexing.

A rebuild fills a new index `<prefix>-search-<timestamp>` and then moves the
alias `<prefix>-search` to it in one atomic call, so searches never see a
half-built or missing index. While a rebuild loads, the new index neither
refreshes nor syncs its translog on every request (`refresh_interval: -1`,
async durability); both are restored before the switch. Searches read back only
the fields a result list shows, count at most `SEARCH_MAX_MATCHES` hits and mark
matched words in Python from the query's stems, like the database backend.
Connection problems surface as `SearchUnavailable`; the service layer then
answers from the database backend.
"""

import logging
import time
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.utils.dateparse import parse_datetime

from elasticsearch import Elasticsearch, helpers
from elasticsearch.dsl import Q, Search

from ..documents import SOURCE_FIELDS, alias_name, document_source, new_index_body
from ..results import Hit, SearchResults
from ..text import highlight, snippet, variants
from .database import max_matches

logger = logging.getLogger(__name__)

BULK_CHUNK = 500
# Sender threads during a rebuild: requests being indexed by the node while this
# thread prepares the next chunk (sized for a two-core machine).
BULK_THREADS = 2
_clients = {}


class SearchUnavailable(Exception):
    """Elasticsearch could not answer (down, timed out, index missing)."""


def client():
    url = settings.ELASTICSEARCH_URL
    if url not in _clients:
        _clients[url] = Elasticsearch(
            url,
            request_timeout=float(getattr(settings, "SEARCH_ELASTICSEARCH_TIMEOUT", 5)),
            max_retries=0,
            retry_on_timeout=False,
        )
    return _clients[url]


def _fold_yo(text):
    return (text or "").replace("ё", "е").replace("Ё", "Е")


def _parse_date(value):
    if value is None or hasattr(value, "year"):
        return value
    return parse_datetime(str(value))


class ElasticsearchBackend:
    name = "elasticsearch"

    def __init__(self):
        self.alias = alias_name()

    def _call(self, function, *args, **kwargs):
        from elastic_transport import TransportError
        from elasticsearch import ApiError

        try:
            return function(*args, **kwargs)
        except (ApiError, TransportError, helpers.BulkIndexError) as error:
            raise SearchUnavailable(str(error)) from error

    @property
    def refresh(self):
        return bool(getattr(settings, "SEARCH_ELASTICSEARCH_REFRESH", False))

    # Index management ---------------------------------------------------------

    def _create_versioned_index(self):
        name = f"{self.alias}-{time.time_ns() // 1_000_000}"
        self._call(client().indices.create, index=name, **new_index_body(name))
        return name

    def ensure_index(self):
        """Create the first versioned index and its alias if there is none yet."""
        es = client()
        if self._call(es.indices.exists_alias, name=self.alias):
            return
        name = self._create_versioned_index()
        self._call(es.indices.put_alias, index=name, name=self.alias)

    def index_names(self):
        es = client()
        response = self._call(es.indices.get, index=f"{self.alias}-*", ignore_unavailable=True)
        return sorted(response.keys())

    def delete_all(self):
        """Drop the alias and every versioned index (tests and teardown)."""
        es = client()
        for name in self.index_names():
            self._call(es.indices.delete, index=name, ignore_unavailable=True)

    # Writing ------------------------------------------------------------------

    def _actions(self, docs, index):
        for doc in docs:
            yield {"_index": index, "_id": doc.key, "_source": document_source(doc)}

    def index_docs(self, docs):
        self.ensure_index()
        self._call(
            helpers.bulk,
            client(),
            self._actions(docs, self.alias),
            chunk_size=BULK_CHUNK,
            refresh=self.refresh,
        )

    def remove_keys(self, keys):
        self.ensure_index()
        actions = [{"_op_type": "delete", "_index": self.alias, "_id": key} for key in keys]
        self._call(
            helpers.bulk,
            client(),
            actions,
            refresh=self.refresh,
            raise_on_error=False,
        )

    def rebuild(self, docs, progress=None):
        """Fill a new index, then switch the alias atomically and drop the old ones."""
        # Bulk requests on a busy node take longer than a search may: own timeout.
        es = client().options(request_timeout=120)
        name = self._create_versioned_index()
        self._call(
            es.indices.put_settings,
            index=name,
            settings={"refresh_interval": "-1", "translog": {"durability": "async"}},
        )
        try:
            count = self._send_in_background(es, self._actions(docs, name), progress)
        except Exception as error:
            self._call(es.indices.delete, index=name, ignore_unavailable=True)
            if isinstance(error, SearchUnavailable):
                raise
            raise SearchUnavailable(str(error)) from error
        if progress:
            progress(count)
        self._call(
            es.indices.put_settings,
            index=name,
            settings={"refresh_interval": "1s", "translog": {"durability": "request"}},
        )
        self._call(es.indices.refresh, index=name)
        current = []
        if self._call(es.indices.exists_alias, name=self.alias):
            current = list(self._call(es.indices.get_alias, name=self.alias).keys())
        actions = [{"add": {"index": name, "alias": self.alias}}]
        actions += [{"remove": {"index": existing, "alias": self.alias}} for existing in current]
        self._call(es.indices.update_aliases, actions=actions)
        for existing in self.index_names():
            if existing != name:
                self._call(es.indices.delete, index=existing, ignore_unavailable=True)
        return count

    def _send_in_background(self, es, actions, progress=None):
        """Bulk-load `actions`: this thread prepares chunks, sender threads post them.

        The actions are generated here, never in a sender thread: they read the
        database, and Django's connections belong to the thread that opened them.
        """
        count = 0
        pending = []

        def collect(future):
            nonlocal count
            done, _errors = future.result()  # raises BulkIndexError on a failed item
            count += done
            if progress:
                progress(count)

        with ThreadPoolExecutor(max_workers=BULK_THREADS) as pool:
            try:
                chunk = []
                for action in actions:
                    chunk.append(action)
                    if len(chunk) < BULK_CHUNK:
                        continue
                    pending.append(pool.submit(helpers.bulk, es, chunk, chunk_size=BULK_CHUNK))
                    chunk = []
                    while len(pending) > BULK_THREADS:
                        collect(pending.pop(0))
                if chunk:
                    pending.append(pool.submit(helpers.bulk, es, chunk, chunk_size=BULK_CHUNK))
                while pending:
                    collect(pending.pop(0))
            finally:
                for future in pending:
                    future.cancel()
        return count

    def count(self):
        return self._call(client().count, index=self.alias)["count"]

    # Reading ------------------------------------------------------------------

    def _text_query(self, request, operator):
        clauses = []
        for word, term in zip(request.words, request.terms, strict=True):
            clauses.append(
                Q(
                    "bool",
                    should=[
                        Q(
                            "multi_match",
                            query=_fold_yo(word),
                            fields=["title^8", "summary^4", "body"],
                        ),
                        # Recall only: a constant small score, so it never outranks fields.
                        Q(
                            "constant_score",
                            filter=Q("match", stems=" ".join(variants(term))),
                            boost=0.01,
                        ),
                    ],
                    minimum_should_match=1,
                )
            )
        if operator == "AND":
            return Q("bool", must=clauses)
        return Q("bool", should=clauses, minimum_should_match=1)

    def _filters(self, request):
        visibility = Q(
            "bool",
            should=[
                Q(
                    "bool",
                    filter=[Q("term", public=True)],
                    must_not=[Q("exists", field="forum_id")],
                ),
                Q(
                    "bool",
                    filter=[
                        Q("terms", forum_id=list(request.forum_ids)),
                        Q("term", approved=True),
                    ],
                ),
            ],
            minimum_should_match=1,
        )
        filters = [visibility]
        if request.filters.get("kind"):
            filters.append(Q("term", kind=request.filters["kind"]))
        if request.filters.get("region"):
            filters.append(Q("term", region_slug=request.filters["region"]))
        if request.filters.get("target_group"):
            filters.append(Q("term", target_groups=request.filters["target_group"]))
        return filters

    def build_search(self, request, operator="AND"):
        """The DSL search for a request (checked in tests through `to_dict()`)."""
        search = Search(index=self.alias).query(
            Q("bool", must=[self._text_query(request, operator)], filter=self._filters(request))
        )
        if request.sort == "date":
            search = search.sort({"date": {"order": "desc", "missing": "_last"}}, "_score")
        cap = max_matches()
        search = search.extra(track_total_hits=cap or True).source(SOURCE_FIELDS)
        if request.facets:
            search.aggs.bucket("kind", "terms", field="kind", size=10)
            search.aggs.bucket("region", "terms", field="region_slug", size=50)
            search.aggs.bucket("target_group", "terms", field="target_groups", size=50)
        return search[request.offset : request.offset + request.per_page]

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
        response = self._call(self.build_search(request, "AND").using(client()).execute)
        if response.hits.total.value == 0 and len(request.words) > 1:
            response = self._call(self.build_search(request, "OR").using(client()).execute)
        results.total = response.hits.total.value
        results.capped = response.hits.total.relation == "gte"
        if request.facets:
            results.facets = {
                name: {
                    bucket.key: bucket.doc_count for bucket in response.aggregations[name].buckets
                }
                for name in ("kind", "region", "target_group")
            }
        for hit in response.hits:
            source = hit.to_dict().get("source") or {}
            results.hits.append(
                Hit(
                    key=hit.meta.id,
                    kind=hit.kind,
                    title=highlight(source.get("title", ""), request.terms),
                    url=hit.url,
                    region_slug=getattr(hit, "region_slug", "") or "",
                    region_name=getattr(hit, "region_name", "") or "",
                    date=_parse_date(getattr(hit, "date", None)),
                    snippet=snippet(
                        [source.get("summary", ""), source.get("body", "")], request.terms
                    ),
                    score=hit.meta.score or 0.0,
                )
            )
        return results
