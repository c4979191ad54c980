"""Absolute links for letters: on the Site the request came through.

A letter built while answering a request links to the address the visitor is
using (the Wagtail Site the request matched: `make run` on any port, a proxy,
production). A letter built by the worker or a command, outside any request,
links to the one setting for that, PORTAL_BASE_URL (WAGTAILADMIN_BASE_URL).
"""

import contextvars

from django.conf import settings

_request = contextvars.ContextVar("portal_letter_request", default=None)


def base_url():
    request = _request.get()
    if request is not None:
        from wagtail.models import Site

        site = Site.find_for_request(request)
        if site is not None:
            return site.root_url.rstrip("/")
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute(url):
    if url.startswith(("http://", "https://")):
        return url
    return base_url() + url


class LetterLinksMiddleware:
    """Remembers the request being answered, for the links of the letters it queues."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)
