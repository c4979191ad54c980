"""Small lookups every page makes, memoised per content generation.

Navigation, regions, the paths of pages with view restrictions and the like
change only when content changes; home.page_cache's generation tells when. So
each is computed once per change instead of once (or several times) per
request. Values are plain and small: they travel through the shared cache.
"""

from django.db.models import Q

from wagtail.models import Page, PageViewRestriction

from .models import Region, RegionPage
from .page_cache import CONTENT, generation, memoised, recall, remember


def regions_by_id():
    """Every Region row, by id."""
    return memoised(
        "regions", lambda: {region.pk: region for region in Region.objects.all()}, CONTENT
    )


def region(region_id):
    return regions_by_id().get(region_id)


def nav_hubs(host_key, url_of):
    """(region, hub url) of every live hub, in navigation order."""

    def compute():
        hubs = (
            RegionPage.objects.live()
            .select_related("region")
            .order_by("region__is_interregional", "region__sort_order", "region__name")
        )
        return [(hub.region, url_of(hub)) for hub in hubs]

    return memoised(f"nav-hubs:{host_key}", compute, CONTENT)


def private_paths():
    """Tree paths of the pages with a view restriction (their subtrees are private)."""
    return memoised(
        "private-paths",
        lambda: sorted(PageViewRestriction.objects.values_list("page__path", flat=True)),
        CONTENT,
    )


def public(queryset):
    """`queryset.public()` without its query: restricted subtrees excluded by path."""
    paths = private_paths()
    if not paths:
        return queryset
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return queryset.exclude(condition)


def page_url(slug, depth=3):
    """The URL of a live page found by slug at a depth (the library's indexes), or None."""

    def compute():
        page = Page.objects.live().filter(slug=slug, depth=depth).only("url_path").first()
        return page.url if page else None

    return memoised(f"page-url:{depth}:{slug}", compute, CONTENT)


def site_for(hostname, port):
    """The Wagtail Site answering this host and port (Wagtail's own rule), or None."""
    from wagtail.models import Site
    from wagtail.models.sites import get_site_for_hostname

    def compute():
        try:
            return get_site_for_hostname(hostname, port)
        except Site.DoesNotExist:
            return None

    return memoised(f"site:{hostname}:{port}", compute, CONTENT)


class SiteMiddleware:
    """Finds the request's Site, and the page a path leads to, once per content
    change instead of by several queries per request.

    Wagtail keeps both on the request (`_wagtail_site`, `_wagtail_route_for_request`)
    and reads them from there before querying. The route of a path Wagtail served
    (a plain page, without a sub-route's arguments) is remembered as the page's
    model and id; a later request of that path loads just that row. Publishing,
    unpublishing, moving or deleting any page starts a new generation, so no
    remembered route outlives the tree it was found in.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.http.request import split_domain_port

        if settings.LOOKUP_CACHE_SECONDS <= 0:
            return self.get_response(request)  # nothing is memoised: Wagtail finds them
        hostname = split_domain_port(request._get_raw_host())[0]
        site = site_for(hostname, request.get_port())
        request._wagtail_site = site
        key = f"route:{site.pk}:{request.path}" if site is not None else None
        made_in = generation(CONTENT)
        recalled = None
        if key and request.method in ("GET", "HEAD"):
            recalled = _remembered_route(key)
            if recalled is not None:
                request._wagtail_route_for_request = recalled
        response = self.get_response(request)
        if recalled is None and key and request.method == "GET" and response.status_code == 200:
            _remember_route(key, getattr(request, "_wagtail_route_for_request", None), made_in)
        return response


def _remembered_route(key):
    from django.apps import apps

    from wagtail.url_routing import RouteResult

    found = recall(key, CONTENT)
    if found is None:
        return None
    model = apps.get_model(found[0])
    page = model.objects.filter(pk=found[1], live=True).first()
    return RouteResult(page) if page is not None else None


def _remember_route(key, route, made_in):
    if route is None or route.args or route.kwargs or route.page is None:
        return
    page = route.page
    remember(key, (page._meta.label, page.pk), made_in)
