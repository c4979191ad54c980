"""The Elasticsearch backend: a versioned index behind an alias, bulk indexing.

A rebuild fills a new index `<prefix>-search-<timestamp>` and then moves the
alias `<prefix>-search` to it in one atomic call, so searches never see a
half-built or missing index. Connection problems surface as `SearchUnavailable`;
the service layer then answers from the database backend.
"""

import html
import logging
import re
import time

from django.conf import settings
from django.utils.dateparse import parse_datetime
from django.utils.html import escape
from django.utils.safestring import mark_safe

from elasticsearch import Elasticsearch, helpers
from elasticsearch.dsl import Q, Search

from ..documents import alias_name, document_source, new_index
from ..results import Hit, SearchResults
from ..text import highlight, snippet, variants

logger = logging.getLogger(__name__)

BULK_CHUNK = 1000
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


_MARK_RE = re.compile(r"(</?mark>)")


def restore_highlight(fragment, original):
    """Map a highlight made on ё-folded text back onto the original text.

    Folding ё→е keeps every character in place, so the fragment's position in
    the folded text is its position in the original. Returns None if not found.
    """
    plain, spans, inside, start = [], [], False, 0
    length = 0
    for piece in _MARK_RE.split(fragment):
        if piece == "<mark>":
            inside, start = True, length
        elif piece == "</mark>":
            if inside:
                spans.append((start, length))
            inside = False
        elif piece:
            text = html.unescape(piece)
            plain.append(text)
            length += len(text)
    plain_text = "".join(plain)
    position = _fold_yo(original).find(plain_text)
    if position < 0 or not plain_text:
        return None
    piece = original[position : position + len(plain_text)]
    out, last = [], 0
    for begin, end in spans:
        out.append(escape(piece[last:begin]))
        out.append(f"<mark>{escape(piece[begin:end])}</mark>")
        last = end
    out.append(escape(piece[last:]))
    prefix = "… " if position > 0 else ""
    suffix = " …" if position + len(plain_text) < len(original) else ""
    return mark_safe(prefix + "".join(out) + suffix)  # noqa: S308 - escaped above


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
        self._call(new_index(name).create, using=client())
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
        self._call(es.indices.put_settings, index=name, settings={"refresh_interval": "-1"})
        count = 0
        try:
            for ok, _item in helpers.streaming_bulk(
                es, self._actions(docs, name), chunk_size=BULK_CHUNK, raise_on_error=True
            ):
                count += 1 if ok else 0
                if progress and count % BULK_CHUNK == 0:
                    progress(count)
        except Exception as error:
            self._call(es.indices.delete, index=name, ignore_unavailable=True)
            if isinstance(error, SearchUnavailable):
                raise
            raise SearchUnavailable(str(error)) from error
        if progress:
            progress(count)
        self._call(es.indices.put_settings, index=name, settings={"refresh_interval": "1s"})
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
        search = search.extra(track_total_hits=True)
        search = search.highlight_options(
            pre_tags=["<mark>"], post_tags=["</mark>"], encoder="html"
        )
        search = search.highlight("title", number_of_fragments=0)
        search = search.highlight("summary", "body", fragment_size=200, number_of_fragments=1)
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
        if request.facets:
            results.facets = {
                name: {
                    bucket.key: bucket.doc_count for bucket in response.aggregations[name].buckets
                }
                for name in ("kind", "region", "target_group")
            }
        for hit in response.hits:
            source = hit.source.to_dict() if hasattr(hit.source, "to_dict") else dict(hit.source)
            title, summary, body = (
                source.get("title", ""),
                source.get("summary", ""),
                source.get("body", ""),
            )
            marks = getattr(hit.meta, "highlight", None)
            shown_title = None
            shown_snippet = None
            if marks is not None:
                if "title" in marks:
                    shown_title = restore_highlight(marks.title[0], title)
                for field, text in (("summary", summary), ("body", body)):
                    if field in marks and shown_snippet is None:
                        shown_snippet = restore_highlight(marks[field][0], text)
            results.hits.append(
                Hit(
                    key=hit.meta.id,
                    kind=hit.kind,
                    title=shown_title or highlight(title, request.terms),
                    url=hit.url,
                    region_slug=getattr(hit, "region_slug", "") or "",
                    region_name=getattr(hit, "region_name", "") or "",
                    date=_parse_date(getattr(hit, "date", None)),
                    snippet=shown_snippet or snippet([summary, body], request.terms),
                    score=hit.meta.score or 0.0,
                )
            )
        return results
