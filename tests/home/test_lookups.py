"""The lookups every page makes (navigation, private paths, readable forums) with
LOOKUP_CACHE_SECONDS 0: nothing outlives a request, yet within one request each
is asked of the database once. And Wagtail pages routed by their url_path, under
Wagtail's own rules."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from home.models import Region


@pytest.fixture(autouse=True)
def lookups_off(settings):
    settings.LOOKUP_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 0
    settings.PAGE_CACHE_SECONDS = 0


def test_a_page_reads_the_restricted_paths_once(client, regions):
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/karelia/").status_code == 200
    reads = [
        query["sql"]
        for query in captured.captured_queries
        if '"wagtailcore_pageviewrestriction"' in query["sql"]
    ]
    assert len(reads) == 1, "\n".join(reads)


def test_nothing_is_kept_from_one_request_to_the_next(client, regions):
    assert "Республика Карелия" in client.get("/").content.decode()
    # An update without signals starts no new generation: only not keeping
    # anything between requests lets the next page show it.
    Region.objects.filter(slug="karelia").update(name="Карелия, новое название")
    html = client.get("/").content.decode()
    assert "Карелия, новое название" in html
    assert "Республика Карелия" not in html


# Routing by url_path (home.lookups.route_by_url_path) keeps Wagtail's rules -------


def test_pages_are_served_at_their_address_and_only_while_live(client, home_page):
    from tests.conftest import add_page

    section = add_page(home_page, "Раздел", slug="razdel")
    child = add_page(section, "Вложенная страница", slug="vlozhennaya")
    assert client.get("/razdel/vlozhennaya/").status_code == 200
    assert "Вложенная страница" in client.get("/razdel/vlozhennaya/").content.decode()
    assert client.get("/razdel/net-takoy/").status_code == 404
    assert client.get("/vlozhennaya/").status_code == 404  # a slug outside its parent

    # Wagtail serves a live page under an unpublished parent; only the page itself
    # must be live.
    section.unpublish()
    assert client.get("/razdel/vlozhennaya/").status_code == 200
    child.unpublish()
    assert client.get("/razdel/vlozhennaya/").status_code == 404


def test_a_private_page_found_by_its_address_still_asks_for_a_login(client, home_page):
    from wagtail.models import PageViewRestriction

    from tests.conftest import add_page

    section = add_page(home_page, "Для сотрудников", slug="staff")
    add_page(section, "Внутренний регламент", slug="reglament")
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/staff/reglament/")
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert "next=/staff/reglament/" in response["Location"]


# View restrictions looked up only where there can be one (KnownRestrictionsMixin) --


def _restriction_queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    return response, [
        query["sql"]
        for query in captured.captured_queries
        if "wagtailcore_pageviewrestriction" in query["sql"]
    ]


def test_a_public_page_is_served_without_looking_for_restrictions(client, settings, regions):
    settings.LOOKUP_CACHE_SECONDS = 3600
    client.get("/karelia/")
    response, queries = _restriction_queries(client, "/karelia/")
    assert response.status_code == 200
    assert queries == []


def test_a_restriction_added_later_applies_on_the_next_request(client, settings, home_page):
    from wagtail.models import PageViewRestriction

    from tests.conftest import add_page

    settings.LOOKUP_CACHE_SECONDS = 3600
    section = add_page(home_page, "Для сотрудников", slug="staff")
    add_page(section, "Внутренний регламент", slug="reglament")
    assert client.get("/staff/reglament/").status_code == 200
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/staff/reglament/")
    assert response.status_code == 302
    assert "next=/staff/reglament/" in response["Location"]
    # And lifting it opens the page again.
    PageViewRestriction.objects.filter(page=section).delete()
    assert client.get("/staff/reglament/").status_code == 200


@pytest.mark.parametrize("kept", [0, 3600], ids=["nothing-kept", "lookups-kept"])
def test_an_alias_of_a_private_page_asks_for_a_login_too(client, settings, home_page, kept):
    from wagtail.models import PageViewRestriction

    from tests.conftest import add_page

    settings.LOOKUP_CACHE_SECONDS = kept
    private = add_page(home_page, "Регламент для сотрудников", slug="reglament")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    public_section = add_page(home_page, "Открытый раздел", slug="open")
    private.create_alias(parent=public_section, update_slug="kopiya")
    response = client.get("/open/kopiya/")
    assert response.status_code == 302
    assert "next=/open/kopiya/" in response["Location"]
    # A page beside it, under the same public section, stays open.
    add_page(public_section, "Открытая страница", slug="otkryto")
    assert client.get("/open/otkryto/").status_code == 200
