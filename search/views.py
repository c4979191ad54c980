"""The search page at /search/?q=: a plain Django view, no JavaScript needed."""

from django.http import QueryDict
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

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


def search_view(request):
    raw = request.GET.get("q", "")
    query = clean_query(raw)
    filters = {name: request.GET.get(name, "") for name in FACETS}
    sort = request.GET.get("sort", "relevance")
    page = request.GET.get("page", 1)
    results = (
        api.search(query, request.user, filters=filters, page=page, sort=sort) if query else None
    )

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
        "popular_sections": POPULAR_SECTIONS,
    }
    return render(request, "search/search.html", context)
