"""URLs of the benchmark server: the floor endpoint, then the portal's own URLs."""

from django.http import HttpResponse
from django.urls import include, path


def floor(request):
    """The framework floor: a trivial view through the same middleware as every page."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("__floor__/", floor, name="bench_floor"),
    path("", include("cms.urls")),
]

handler404 = "home.views.page_not_found"
handler500 = "home.views.server_error"
