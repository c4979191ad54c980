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
