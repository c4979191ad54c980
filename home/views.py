from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from .context_processors import LOW_VISION_COOKIE


@require_http_methods(["GET", "POST"])
def accessibility_mode(request):
    """Switch the low-vision version on or off; remembered in a cookie for a year.

    A plain link/form target, so it works without JavaScript.
    """
    mode = request.POST.get("mode") or request.GET.get("mode")
    next_url = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if mode == "on":
        response.set_cookie(
            LOW_VISION_COOKIE,
            "on",
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=request.is_secure(),
        )
    else:
        response.delete_cookie(LOW_VISION_COOKIE, samesite="Lax")
    return response


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without a request context: the failure may lie in context processors.
    return render(None, "500.html", status=500)


def sitemap_page(request):
    """«Карта сайта» for people: the site's sections and their sub-sections (the
    XML sitemap at /sitemap.xml stays for search engines)."""
    from wagtail.models import Page, Site

    site = Site.find_for_request(request)
    tree = []
    if site is not None:
        root = site.root_page
        pages = (
            Page.objects.live()
            .public()
            .descendant_of(root)
            # The root's children, then those of their children that hold pages
            # of their own (a hub's sections, not each of its 5,000 practices).
            .filter(Q(depth=root.depth + 1) | Q(depth=root.depth + 2, numchild__gt=0))
            .order_by("path")
            .specific(defer=True)
        )
        by_parent = {}
        for page in pages:
            by_parent.setdefault(page.path[: -Page.steplen], []).append(page)
        tree = [(page, by_parent.get(page.path, [])) for page in by_parent.get(root.path, [])]
    return render(
        request, "home/sitemap.html", {"tree": tree, "site_root": site and site.root_page}
    )
