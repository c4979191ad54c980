"""Small lookups every page makes, memoised per content generation.

Navigation, regions, the paths of pages with view restrictions and the like
change only when content changes; home.page_cache's generation tells when. So
each is computed once per change instead of once (or several times) per
request. Values are plain and small: they travel through the shared cache.
"""

from django.db.models import Q

from wagtail.models import Page, PageViewRestriction

from .models import Region, RegionPage
from .page_cache import memoised


def regions_by_id():
    """Every Region row, by id."""
    return memoised("regions", lambda: {region.pk: region for region in Region.objects.all()})


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

    return memoised(f"nav-hubs:{host_key}", compute)


def private_paths():
    """Tree paths of the pages with a view restriction (their subtrees are private)."""
    return memoised(
        "private-paths",
        lambda: sorted(PageViewRestriction.objects.values_list("page__path", flat=True)),
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

    return memoised(f"page-url:{depth}:{slug}", compute)
