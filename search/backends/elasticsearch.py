"""The Elasticsearch backend: a versioned index behind an alias, bulk indexing.

A rebuild fills a new index `<prefix>-search-<timestamp>` and then moves the
alias `<prefix>-search` to it in one atomic call, so searches never see a
half-built or missing index. While a rebuild loads, the new index neither
refreshes nor syncs its translog on every request (`refresh_interval: -1`,
async durability); both are restored before the switch. Searches read back only
the fields a result list shows, count at most `SEARCH_MAX_MATCHES` hits, and
are marked in Python like the database backend's (search.backends.base).

A query's slots (search.query) become bool queries over the lemma fields
(title^10, summary^4, body, summed as FTS5's bm25 sums its columns); a section
page's score counts half (function_score on its stored weight, no scripts: the
minimal node has no painless), and the words as typed count more than their
synonyms. A partial search adds a large constant per slot met, so
documents with more of the words come first whatever their relevance.
Results are collapsed on `group`, one per forum topic, with the number of
matching posts from the collapse's inner hits; totals and facets count groups.
Connection problems surface as `SearchUnavailable`; the service layer then
answers from the database backend.
"""

import dataclasses
import logging
import time
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.utils.dateparse import parse_datetime

from elasticsearch import Elasticsearch, helpers
from elasticsearch.dsl import Q, Search

from ..documents import SOURCE_FIELDS, alias_name, document_source, new_index_body
from ..results import Hit, SearchResults
from .base import BaseBackend
from .database import max_matches

logger = logging.getLogger(__name__)

BULK_CHUNK = 500
# Sender threads during a rebuild: requests being indexed by the node while this
# thread prepares the next chunk (sized for a two-core machine).
BULK_THREADS = 2
# Creating an index waits for its shard: slower than a search on a busy node.
ADMIN_TIMEOUT = 60
# Field weights of the lemma fields, as the database backend's bm25 columns.
FIELDS = ["title^10", "summary^4", "body"]
# Score per slot met in a partial search: above any relevance score.
COVER = 100_000.0
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


def _parse_date(value):
    if value is None or hasattr(value, "year"):
        return value
    return parse_datetime(str(value))


class ElasticsearchBackend(BaseBackend):
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
        es = client().options(request_timeout=ADMIN_TIMEOUT)
        self._call(es.indices.create, index=name, **new_index_body(name))
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

    @staticmethod
    def _slot_query(slot):
        """A slot as a scoring query: any alternative, each word of it in any field."""

        def word(lemmas):
            return Q("multi_match", query=" ".join(lemmas), fields=FIELDS, type="most_fields")

        def alternative(words):
            return word(words[0]) if len(words) == 1 else Q("bool", must=[*map(word, words)])

        options = [alternative(words) for words in slot.alternatives]
        if len(options) == 1:
            return options[0]
        return Q("bool", should=options, minimum_should_match=1)

    def _text_query(self, request):
        slots = [self._slot_query(slot) for slot in request.slots]
        if request.sort == "date":
            # Ordered by slots met, then by date: relevance must not count.
            slots = [Q("constant_score", filter=slot, boost=1.0) for slot in slots]
        if request.partial:
            matching = Q("bool", should=slots, minimum_should_match=1)
        else:
            matching = Q("bool", must=slots)
        if request.sort != "date":
            # A section page's relevance counts less (its stored weight).
            matching = Q(
                "function_score",
                query=matching,
                field_value_factor={"field": "weight", "missing": 1.0},
                boost_mode="multiply",
            )
        literals = [slot for slot in request.slots if slot.has_synonyms]
        if literals and request.sort != "date":
            # The words as typed count more than their synonyms: × (1 + such slots met).
            matching = Q(
                "function_score",
                query=matching,
                functions=[{"weight": 1}]
                + [
                    {
                        "filter": self._slot_query(
                            dataclasses.replace(slot, alternatives=(slot.literal,))
                        ).to_dict(),
                        "weight": 1,
                    }
                    for slot in literals
                ],
                score_mode="sum",
                boost_mode="multiply",
            )
        if not request.partial:
            return matching
        cover = [
            Q("constant_score", filter=self._slot_query(slot), boost=COVER)
            for slot in request.slots
        ]
        return Q("bool", must=[matching], should=cover)

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

    def build_search(self, request):
        """The DSL search for a request (checked in tests through `to_dict()`)."""
        search = Search(index=self.alias).query(
            Q("bool", must=[self._text_query(request)], filter=self._filters(request))
        )
        search = search.sort("_score", {"date": {"order": "desc", "missing": "_last"}})
        cap = max_matches()
        search = search.extra(
            track_total_hits=cap or True,
            collapse={"field": "group", "inner_hits": {"name": "matching", "size": 0}},
        ).source(SOURCE_FIELDS)
        search.aggs.metric("groups", "cardinality", field="group", precision_threshold=40_000)
        if request.facets:
            for name, field in (
                ("kind", "kind"),
                ("region", "region_slug"),
                ("target_group", "target_groups"),
            ):
                search.aggs.bucket(name, "terms", field=field, size=50).metric(
                    "groups", "cardinality", field="group", precision_threshold=40_000
                )
        return search[request.offset : request.offset + request.per_page]

    def run(self, request):
        results = SearchResults(
            query=request.query,
            page=request.page,
            per_page=request.per_page,
            sort=request.sort,
            filters=request.filters,
            backend=self.name,
            partial=request.partial,
        )
        response = self._call(self.build_search(request).using(client()).execute)
        results.capped = response.hits.total.relation == "gte"
        groups = int(response.aggregations.groups.value)
        cap = max_matches()
        results.total = min(groups, cap) if results.capped and cap else groups
        if request.facets:
            results.facets = {
                name: {
                    bucket.key: int(bucket.groups.value)
                    for bucket in response.aggregations[name].buckets
                }
                for name in ("kind", "region", "target_group")
            }
        for hit in response.hits:
            source = hit.to_dict().get("source") or {}
            posts = 0
            if hit.kind == "topic":
                posts = hit.meta.inner_hits.matching.hits.total.value
            results.hits.append(
                Hit(
                    key=hit.meta.id,
                    kind=hit.kind,
                    title=source.get("title", ""),
                    url=hit.url,
                    region_slug=getattr(hit, "region_slug", "") or "",
                    region_name=getattr(hit, "region_name", "") or "",
                    date=_parse_date(getattr(hit, "date", None)),
                    texts=(source.get("summary", ""), source.get("body", "")),
                    score=hit.meta.score or 0.0,
                    posts=posts,
                )
            )
        return results
