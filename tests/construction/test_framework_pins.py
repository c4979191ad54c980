"""What the portal's speed work relies on in Django and Wagtail, pinned (issue 18).

Each shortcut kept after measuring stands on a behaviour of the framework that
is not its documented API. These tests read that behaviour directly, so an
upgrade that changes it fails here, loudly, rather than leaving a page slower,
stale or open:

- home.lookups.SiteMiddleware puts the Site and the route on the request, where
  Wagtail's Site.find_for_request and Page.route_for_request keep theirs;
- home.models.KnownRestrictionsMixin answers Wagtail's check of view
  restrictions, which asks page.get_view_restrictions() when serving;
- home.cache.FileCache counts its files less often by overriding _cull, which
  Django's FileBasedCache calls on every write;
- home.page_cache gives templates a placeholder for the CSRF token through a
  context processor listed after Django's built-in one, and fills in each
  visitor's token with django.middleware.csrf.get_token.
"""

from unittest import mock

from django.core.cache.backends.filebased import FileBasedCache
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.template import RequestContext, Template
from django.test import RequestFactory

from wagtail import hooks
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

import pytest

from home.cache import FileCache


def test_wagtail_takes_the_site_kept_on_the_request():
    request = RequestFactory().get("/")
    kept = object()
    request._wagtail_site = kept
    assert Site.find_for_request(request) is kept


def test_wagtail_takes_the_route_kept_on_the_request():
    request = RequestFactory().get("/about/")
    kept = RouteResult(Page(title="kept"))
    request._wagtail_route_for_request = kept
    assert Page.route_for_request(request, "/about/") is kept


@pytest.mark.django_db
def test_wagtail_asks_the_page_for_its_view_restrictions_when_serving(home_page):
    hooked = list(hooks.get_hooks("on_serve_page"))
    check = next(fn for fn in hooked if fn.__name__ == "check_view_restrictions")
    served = check(lambda page, request, args, kwargs: "served")
    request = RequestFactory().get("/")
    with mock.patch.object(type(home_page), "get_view_restrictions", return_value=[]) as asked:
        assert served(home_page, request, (), {}) == "served"
    asked.assert_called_once_with()


def test_django_file_cache_culls_through_cull_on_every_write(tmp_path):
    cache = FileBasedCache(str(tmp_path), {})
    with mock.patch.object(FileBasedCache, "_cull") as cull:
        cache.set("key", "value")
    cull.assert_called_once_with()
    ours = FileCache(str(tmp_path / "ours"), {})
    with mock.patch.object(FileBasedCache, "_cull") as cull:
        ours.set("a", 1)
        ours.set("b", 2)
    assert cull.call_count == 1  # counted once a minute, not at each write


def test_a_later_context_processor_overrides_djangos_csrf_token(settings):
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {
                "context_processors": ["tests.construction.test_framework_pins.placeholder"]
            },
        }
    ]
    from django.template import engines

    engine = engines["django"].engine
    request = RequestFactory().get("/")
    html = Template("{% csrf_token %}", engine=engine).render(RequestContext(request, {}))
    assert 'value="PLACEHOLDER"' in html
    assert "CSRF_COOKIE" not in request.META  # Django's token never asked for


def placeholder(request):
    return {"csrf_token": "PLACEHOLDER"}


def test_get_token_sets_the_cookie_through_the_middleware():
    request = RequestFactory().get("/")
    middleware = CsrfViewMiddleware(lambda r: None)
    middleware.process_request(request)
    token = get_token(request)
    response = middleware.process_response(request, __import__("django.http").http.HttpResponse())
    assert len(token) == 64
    assert response.cookies[settings_csrf_cookie()].value == request.META["CSRF_COOKIE"]


def settings_csrf_cookie():
    from django.conf import settings

    return settings.CSRF_COOKIE_NAME
