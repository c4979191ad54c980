"""The search page at /search/?q=: a plain Django view, no JavaScript needed."""

import hashlib

from django.conf import settings
from django.http import QueryDict
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from home.page_cache import generation, recall, remember

from . import api
from .results import FACETS
from .text import MAX_QUERY_CHARS, clean_query

POPULAR_SECTIONS = [
    ("/practices/", _("Практики")),
    ("/materials/", _("Материалы")),
    ("/events/", _("События")),
    ("/forum/", _("Форум")),
]


def _link(params, **changes):
    """The current query string with some parameters changed (None removes one)."""
    query = QueryDict(mutable=True)
    for key, value in params.items():
        if value:
            query[key] = value
    for key, value in changes.items():
        if value is None or value == "":
            query.pop(key, None)
        else:
            query[key] = value
    return "?" + query.urlencode()


def _search(request, query, filters, page, sort):
    """api.search, whose answers to anonymous visitors (who all may read the same
    forums) are kept until content changes: a popular query is searched once.

    The index is updated after a change commits, and then starts a new generation
    again (search.signals), so a search run in between is not kept. Elasticsearch
    shows a document only after its refresh (about a second): what a search keeps
    in that second lasts SEARCH_RESULTS_CACHE_SECONDS at most.
    """

    def run():
        return api.search(query, request.user, filters=filters, page=page, sort=sort)

    if request.user.is_authenticated:
        return run()
    parts = [get_language() or "", query, sort, str(page), *(filters[name] for name in FACETS)]
    digest = hashlib.md5("\x1f".join(parts).encode(), usedforsecurity=False).hexdigest()
    name = f"search:{digest}"
    results = recall(name)
    if results is None:
        made_in = generation()
        results = run()
        # An answer of the fallback backend (Elasticsearch down) is not kept.
        if not results.degraded:
            remember(name, results, made_in, timeout=settings.SEARCH_RESULTS_CACHE_SECONDS)
    return results


def search_view(request):
    raw = request.GET.get("q", "")
    query = clean_query(raw)
    filters = {name: request.GET.get(name, "") for name in FACETS}
    sort = request.GET.get("sort", "relevance")
    page = request.GET.get("page", 1)
    results = _search(request, query, filters, page, sort) if query else None

    params = {"q": query, **(results.filters if results else {})}
    if results and results.sort != "relevance":
        params["sort"] = results.sort
    facet_groups = []
    if results:
        for name, title in (
            ("kind", _("Раздел")),
            ("region", _("Регион")),
            ("target_group", _("Для кого")),
        ):
            values = [
                {
                    "value": facet.value,
                    "label": facet.label,
                    "count": facet.count,
                    "selected": facet.selected,
                    "url": _link(
                        params, **{name: None if facet.selected else facet.value, "page": None}
                    ),
                }
                for facet in results.facets[name]
            ]
            if values:
                facet_groups.append({"name": name, "title": title, "values": values})
    context = {
        "search_query": query,
        "query_was_cut": len(" ".join(str(raw).split())) > MAX_QUERY_CHARS,
        "results": results,
        "facet_groups": facet_groups,
        "sort_links": [
            {
                "label": label,
                "url": _link(params, sort=None if key == "relevance" else key, page=None),
                "current": results is not None and results.sort == key,
            }
            for key, label in (("relevance", _("по релевантности")), ("date", _("по дате")))
        ]
        if results
        else [],
        "page_links": [
            {"number": number, "url": _link(params, page=number if number > 1 else None)}
            for number in results.page_range
        ]
        if results
        else [],
        "previous_url": _link(
            params, page=results.previous_page if results.previous_page > 1 else None
        )
        if results and results.has_previous
        else "",
        "next_url": _link(params, page=results.next_page) if results and results.has_next else "",
        "clear_filters_url": _link({"q": query}),
        "suggestion_url": _link({**params, "q": results.suggestion}, page=None)
        if results and results.suggestion
        else "",
        "popular_sections": POPULAR_SECTIONS,
    }
    return render(request, "search/search.html", context)
