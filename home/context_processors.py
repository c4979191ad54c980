from django.utils.functional import SimpleLazyObject

from . import lookups, page_cache
from .models import PortalSettings
from .page_cache import memoised

LOW_VISION_COOKIE = "a11y"


def _nav_hubs(request):
    return lookups.nav_hubs(request.get_host(), lambda hub: hub.get_url(request))


def _portal_settings(request):
    from wagtail.models import Site

    site = Site.find_for_request(request)
    if site is None:
        return None
    return memoised(
        f"portal-settings:{site.pk}", lambda: PortalSettings.for_site(site), page_cache.CONTENT
    )


def portal(request):
    """Navigation hubs, the footer's settings and the reader's accessibility mode,
    for base.html (the first two memoised until content changes)."""
    context = {
        "nav_hubs": SimpleLazyObject(lambda: _nav_hubs(request)),
        "portal_settings": SimpleLazyObject(lambda: _portal_settings(request)),
        "low_vision": request.COOKIES.get(LOW_VISION_COOKIE, "") == "on",
    }
    placeholder = getattr(request, "csrf_placeholder", None)
    if placeholder:
        # A page the page cache may keep: each visitor's token is put in after
        # rendering (home.page_cache). Overrides Django's built-in processor,
        # which runs first.
        context["csrf_token"] = placeholder
    return context
