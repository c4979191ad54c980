"""Read-only Wagtail API v2 for partner portals, mounted at /api/v2/.

Practices and materials expose their structured fields (region, organisation,
target groups, topics, indicators, files); ask for them with
`/api/v2/pages/?type=practices.SuccessStoryPage&fields=*`, optionally
narrowed to one region with `&region=karelia`.
"""

import re
from copy import copy

from django.utils.translation import gettext as _

from wagtail.api.v2.filters import FieldsFilter, SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

SLUG_RE = re.compile(r"[-a-z0-9_]{1,60}")
# A search is words: what else a backend's query syntax reads (quotes, stars,
# parentheses, colons…) is dropped, so no input reaches SQLite FTS5 or PostgreSQL
# as syntax (issue 17: `"`, a lone space or a NUL byte answered 500).
NOT_A_WORD_RE = re.compile(r"[^\w\s-]+")
SEARCH_MAX_LENGTH = 200
# offset and limit: plain non-negative integers, small enough for every database.
NUMBER_RE = re.compile(r"[0-9]{1,9}")


def _with_param(request, name, value):
    request = copy(request)
    request.GET = request.GET.copy()
    request.GET[name] = value
    return request


class PortalSearchFilter(SearchFilter):
    """Wagtail's `search`, given only words; a query without any is a 400."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return super().filter_queryset(request, queryset, view)
        raw = request.GET["search"]
        if len(raw) > SEARCH_MAX_LENGTH:
            raise BadRequestError(
                _("Параметр search длиннее %(max)s символов.") % {"max": SEARCH_MAX_LENGTH}
            )
        if any(ord(char) < 32 and char not in "\t\n\r" for char in raw):
            raise BadRequestError(_("Параметр search содержит управляющие символы."))
        words = " ".join(NOT_A_WORD_RE.sub(" ", raw).replace("_", " ").split())
        if not words.strip("- "):
            raise BadRequestError(_("Параметр search не содержит ни одного слова."))
        if request.GET.get("search_operator", "or") not in {"and", "or"}:
            raise BadRequestError(_("Параметр search_operator может быть только and или or."))
        return super().filter_queryset(_with_param(request, "search", words), queryset, view)


class PortalPagination(WagtailPagination):
    """Wagtail's offset/limit, refused (400) beyond nine digits, which SQLite and
    PostgreSQL would otherwise reject with a 500."""

    def paginate_queryset(self, queryset, request, view=None):
        for name in ("offset", "limit"):
            value = request.GET.get(name)
            if value is not None and not NUMBER_RE.fullmatch(value):
                raise BadRequestError(
                    _("Параметр %(name)s должен быть целым числом от 0 до 999999999.")
                    % {"name": name}
                )
        return super().paginate_queryset(queryset, request, view)


def _portal_filters(backends):
    replacements = {FieldsFilter: FieldsExceptRegionFilter, SearchFilter: PortalSearchFilter}
    return [replacements.get(backend, backend) for backend in backends]


class FieldsExceptRegionFilter(FieldsFilter):
    """Wagtail's field filters, leaving `region` (a slug here, not an id) to the view."""

    def filter_queryset(self, request, queryset, view):
        if "region" in request.GET:
            request = copy(request)
            request.GET = request.GET.copy()
            del request.GET["region"]
        return super().filter_queryset(request, queryset, view)


class PortalPagesAPIViewSet(PagesAPIViewSet):
    """Wagtail's pages endpoint plus a `region` filter (by the region's slug)."""

    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(["region"])
    filter_backends = _portal_filters(PagesAPIViewSet.filter_backends)
    pagination_class = PortalPagination

    def get_queryset(self):
        queryset = super().get_queryset()
        region = self.request.GET.get("region")
        if region is not None:
            model = queryset.model
            has_region = any(field.name == "region" for field in model._meta.get_fields())
            if has_region and SLUG_RE.fullmatch(region):
                queryset = queryset.filter(region__slug=region)
            else:
                queryset = queryset.none()
        return queryset


class PortalImagesAPIViewSet(ImagesAPIViewSet):
    filter_backends = [
        PortalSearchFilter if backend is SearchFilter else backend
        for backend in ImagesAPIViewSet.filter_backends
    ]
    pagination_class = PortalPagination


class PortalDocumentsAPIViewSet(DocumentsAPIViewSet):
    filter_backends = [
        PortalSearchFilter if backend is SearchFilter else backend
        for backend in DocumentsAPIViewSet.filter_backends
    ]
    pagination_class = PortalPagination


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PortalPagesAPIViewSet)
api_router.register_endpoint("images", PortalImagesAPIViewSet)
api_router.register_endpoint("documents", PortalDocumentsAPIViewSet)

app_name = "wagtailapi"
urlpatterns = api_router.get_urlpatterns()
