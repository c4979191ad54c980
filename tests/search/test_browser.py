"""End to end in headless Chromium: search from the header, narrow by a facet, open a post."""

import pytest


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_member_searches_from_the_header_narrows_by_kind_and_opens_a_forum_post(
    live_server, browser_page, settings, doc_page, forums, forum_post, home_page
):
    settings.SEARCH_BACKEND = "database"
    doc_page("Серебряные волонтёры", summary="Пожилые помогают пожилым", kind="practice")
    forum_post(forums["public"], "Где искать волонтёров в посёлке", "Попробуйте местную газету")
    page = browser_page

    page.goto(live_server.url + "/")
    page.fill("#site-search-q", "волонтёры")
    page.click(".site-search button[type=submit]")
    page.wait_for_selector(".search-results")
    assert page.locator(".search-result").count() == 2

    page.click(".facet--kind a:has-text('обсуждение')")
    page.wait_for_selector(".search-results")
    assert page.locator(".search-result").count() == 1
    assert "kind=topic" in page.url

    page.click(".search-result__title a")
    page.wait_for_load_state()
    assert "/forum/" in page.url
    assert "Попробуйте местную газету" in page.content()
