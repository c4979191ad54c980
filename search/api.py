"""The site search's one interface: `search`, `index`, `remove`, `rebuild`.

The database index is always kept (it is the fallback); when the configured
backend is Elasticsearch, documents go there too. If Elasticsearch cannot
answer, `search` logs a warning and answers from the database: never a 500.
"""

import contextlib
import contextvars
import dataclasses
import logging

from django.apps import apps
from django.conf import settings

from wagtail.models import Page

from . import sources
from .backends import get_backend
from .backends.database import DatabaseBackend
from .permissions import readable_forum_ids
from .query import highlight_terms, parse, synonym_index
from .results import FACETS, KIND_LABELS, MAX_PAGE, PER_PAGE, SORTS, FacetValue, SearchRequest
from .suggest import forget as forget_speller
from .suggest import suggest
from .text import STOP_WORDS, clean_query, fold, words

logger = logging.getLogger(__name__)


def _configured():
    return getattr(settings, "SEARCH_BACKEND", "database")


def _extra_backend():
    """The configured backend when it is not the database one, else None."""
    name = _configured()
    return None if name == "database" else get_backend(name)


def _clean_filters(filters):
    cleaned = {}
    for name in FACETS:
        value = (filters or {}).get(name)
        if isinstance(value, list | tuple):
            value = value[0] if value else ""
        value = clean_query(value)[:100]
        if not value:
            continue
        if name == "kind" and value not in KIND_LABELS:
            continue
        cleaned[name] = value
    return cleaned


def _positive_int(value, default=1):
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return default
    return number if number > 0 else default


def _parsed(text):
    """The parts of a request that come from its text."""
    slots = parse(text, synonym_index())
    typed = words(text)
    return {
        "query": text,
        "terms": sorted(highlight_terms(slots)),
        "words": list(dict.fromkeys(word for word in typed if word not in STOP_WORDS))
        or list(dict.fromkeys(typed)),
        "slots": slots,
    }


def _with_query(request, text):
    return dataclasses.replace(request, **_parsed(clean_query(text)))


def build_request(query, user, filters=None, page=1, sort="relevance", per_page=PER_PAGE):
    """A cleaned, parsed request: the query's slots with the editors' synonyms applied."""
    return SearchRequest(
        **_parsed(clean_query(query)),
        filters=_clean_filters(filters),
        forum_ids=readable_forum_ids(user),
        page=min(_positive_int(page), MAX_PAGE),
        per_page=per_page,
        sort=sort if sort in SORTS else "relevance",
    )


def _facet_values(results, request):
    """Turn raw {value: count} facet counts into labelled, sorted FacetValue lists."""
    raw = results.facets
    region_model = apps.get_model("home", "Region")
    region_names = dict(
        region_model.objects.filter(slug__in=list(raw.get("region", {}))).values_list(
            "slug", "name"
        )
    )
    facets = {}
    kinds = raw.get("kind", {})
    facets["kind"] = [
        FacetValue(kind, str(label), kinds[kind], request.filters.get("kind") == kind)
        for kind, label in KIND_LABELS.items()
        if kinds.get(kind)
    ]
    regions = raw.get("region", {})
    facets["region"] = sorted(
        (
            FacetValue(
                slug, region_names.get(slug, slug), count, request.filters.get("region") == slug
            )
            for slug, count in regions.items()
            if slug
        ),
        key=lambda facet: (-facet.count, facet.label),
    )
    groups = raw.get("target_group", {})
    facets["target_group"] = sorted(
        (
            FacetValue(name, name, count, request.filters.get("target_group") == name)
            for name, count in groups.items()
        ),
        key=lambda facet: (-facet.count, facet.label),
    )
    results.facets = facets
    return results


def _run(request):
    """The configured backend's answer, or the database's when Elasticsearch is down."""
    backend = get_backend()
    if backend.name != "elasticsearch":
        return backend.search(request)
    from .backends.elasticsearch import SearchUnavailable

    try:
        return backend.search(request)
    except SearchUnavailable as error:
        logger.warning("Elasticsearch unavailable, answering from the database backend: %s", error)
        results = DatabaseBackend().search(request)
        results.degraded = True
        return results


def search(query, user, filters=None, page=1, sort="relevance", per_page=PER_PAGE):
    """Search everything `user` may read. Returns `SearchResults`, never raises on input.

    A query that finds nothing is checked against the index's vocabulary: when
    a corrected query finds something, its results are returned with
    `suggestion` (the corrected query) and `corrected_from` (the query typed).
    """
    request = build_request(query, user, filters, page, sort, per_page)
    results = _run(request)
    if results.total == 0 and request.slots:
        suggestion = suggest(request.query)
        if suggestion and fold(suggestion) != fold(request.query):
            corrected = _with_query(request, suggestion)
            alternative = _run(corrected)
            if alternative.total:
                alternative.suggestion = corrected.query
                alternative.corrected_from = request.query
                results = alternative
    return _facet_values(results, request)


# Index maintenance -------------------------------------------------------------


def _is_post(obj):
    return isinstance(obj, sources.post_model())


def _doc_for(obj):
    if isinstance(obj, Page):
        page = obj.specific
        return sources.page_doc(page) if sources.is_indexable_page(page) else None
    if _is_post(obj):
        return sources.post_doc(obj)
    raise TypeError(f"Cannot index {type(obj).__name__}: only Wagtail pages and forum posts")


def _key_for(obj):
    if isinstance(obj, Page):
        return sources.page_key(obj.pk)
    if _is_post(obj):
        return sources.post_key(obj.pk)
    raise TypeError(f"Cannot index {type(obj).__name__}: only Wagtail pages and forum posts")


_strict = contextvars.ContextVar("search_strict_updates", default=False)


@contextlib.contextmanager
def strict_updates():
    """Let an unreachable Elasticsearch raise SearchUnavailable out of index() and
    remove() (after the database index is written): the queued update
    (search.tasks) is then retried until the node is back."""
    token = _strict.set(True)
    try:
        yield
    finally:
        _strict.reset(token)


def _write(method, payload):
    getattr(DatabaseBackend(), method)(payload)
    extra = _extra_backend()
    if extra is None:
        return
    from .backends.elasticsearch import SearchUnavailable

    try:
        getattr(extra, method)(payload)
    except SearchUnavailable as error:
        if _strict.get():
            raise
        logger.warning("Elasticsearch index update failed (%s); run search_index rebuild", error)


def index(obj):
    """Index a page or forum post as it is now, or drop it if it must not be found."""
    doc = _doc_for(obj)
    if doc is None:
        remove(obj)
        return False
    _write("index_docs", [doc])
    return True


def remove(obj):
    """Drop a page or forum post from every index."""
    _write("remove_keys", [_key_for(obj)])


def remove_keys(keys):
    _write("remove_keys", list(keys))


def rebuild(progress=None, backends=None):
    """Rebuild the database index and the configured backend's. Returns {name: count}.

    `progress(backend_name, done, total)` is called as documents are written.
    """
    names = backends or ["database"] + ([_configured()] if _configured() != "database" else [])
    total = sources.count_sources()
    counts = {}
    for name in names:
        backend = get_backend(name)

        def report(done, name=name):
            if progress:
                progress(name, done, total)

        counts[name] = backend.rebuild(sources.iter_docs(), progress=report)
    forget_speller()  # this process's suggestions read the new vocabulary
    return counts
