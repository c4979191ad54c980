"""Issue 17: a Content-Security-Policy on every page (django-csp 4), enforced.
Before, only /forum/ and /accounts/ sent one; the home page, content pages,
events, search and the admins sent none. The browser side (nothing on the pages
is blocked, the Wagtail admin still edits and saves) is
tests/e2e/test_every_page.py::test_every_page_works_under_its_content_security_policy."""

import re

from django.core.cache import caches

import pytest

from tests.conftest import make_user

from .conftest import CsrfClient

pytestmark = pytest.mark.django_db

STRICT = {
    "default-src": "'self'", "script-src": "'self'", "style-src": "'self'",
    "object-src": "'none'", "base-uri": "'self'", "form-action": "'self'",
    "frame-ancestors": "'self'",
}  # fmt: skip


def directives(policy):
    return {
        name: " ".join(values)
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def assert_strict(response):
    policy = response["Content-Security-Policy"]
    parsed = directives(policy)
    for name, value in STRICT.items():
        assert parsed[name] == value, (name, policy)
    assert "unsafe" not in policy and "nonce-" not in policy
    assert "Content-Security-Policy-Report-Only" not in response


@pytest.mark.parametrize(
    "url",
    ["/", "/karelia/", "/no-such-page/", "/search/?q=волонтёр", "/forum/", "/accounts/login/",
     "/accounts/signup/", "/events/consent/processing/", "/api/v2/pages/", "/sitemap.xml"],
)  # fmt: skip
def test_every_public_page_sends_the_strict_policy(url, regions):
    response = CsrfClient().get(url)
    assert response.status_code in (200, 404), (url, response.status_code)
    assert_strict(response)


def test_a_page_served_from_the_shared_cache_carries_the_same_policy(home_page, settings):
    assert settings.PAGE_CACHE_SECONDS > 0
    caches["shared"].clear()
    first = CsrfClient().get("/")
    second = CsrfClient().get("/")
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert first["Content-Security-Policy"] == second["Content-Security-Policy"]
    assert_strict(second)


def test_the_admins_get_a_policy_wagtails_editor_works_under(regions):
    editor = make_user("editor", is_staff=True, is_superuser=True)
    client = CsrfClient()
    client.force_login(editor)
    for url in ("/admin/", "/admin/login/", "/django-admin/"):
        response = client.get(url)
        parsed = directives(response["Content-Security-Policy"])
        assert parsed["object-src"] == "'none'" and parsed["frame-ancestors"] == "'self'"
        assert parsed["default-src"] == "'self'" and parsed["base-uri"] == "'self'"
        assert re.fullmatch(r"'self'( '[a-z-]+')*", parsed["script-src"])  # no other host


def test_a_served_document_keeps_its_own_stricter_policy(settings, db):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from wagtail.documents import get_document_model
    from wagtail.models import Collection, CollectionViewRestriction

    root = Collection.get_first_root_node()
    collection = root.add_child(name="Только для участников")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = get_document_model()(title="Регламент", collection=collection)
    document.file.save("rules.pdf", SimpleUploadedFile("rules.pdf", b"%PDF-1.4 rules"))
    document.save()
    client = CsrfClient()
    client.force_login(make_user("reader"))
    response = client.get(document.url)
    response.close()
    assert response.status_code == 200
    # Wagtail's document view sets its own («default-src 'none'»): kept, not widened.
    assert response["Content-Security-Policy"].startswith("default-src 'none'")
    assert "script-src" not in response["Content-Security-Policy"]
