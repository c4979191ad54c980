from django.utils.functional import SimpleLazyObject

from .models import RegionPage

LOW_VISION_COOKIE = "a11y"


def _nav_hubs(request):
    hubs = (
        RegionPage.objects.live()
        .select_related("region")
        .order_by("region__is_interregional", "region__sort_order", "region__name")
    )
    return [(hub.region, hub.get_url(request)) for hub in hubs]


def portal(request):
    """Navigation hubs and the reader's accessibility mode, for base.html."""
    return {
        "nav_hubs": SimpleLazyObject(lambda: _nav_hubs(request)),
        "low_vision": request.COOKIES.get(LOW_VISION_COOKIE, "") == "on",
    }
