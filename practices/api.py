"""Read-only Wagtail API v2 for partner portals, mounted at /api/v2/.

Practices and materials expose their structured fields (region, organisation,
target groups, topics, indicators, files); ask for them with
`/api/v2/pages/?type=practices.SuccessStoryPage&fields=*`, optionally
narrowed to one region with `&region=karelia`.
"""

import re
from copy import copy

from wagtail.api.v2.filters import FieldsFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

SLUG_RE = re.compile(r"[-a-z0-9_]{1,60}")


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
    filter_backends = [
        FieldsExceptRegionFilter if backend is FieldsFilter else backend
        for backend in PagesAPIViewSet.filter_backends
    ]

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


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PortalPagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)

app_name = "wagtailapi"
urlpatterns = api_router.get_urlpatterns()
