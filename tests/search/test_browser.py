"""End to end in headless Chromium: search from the header, narrow by a facet, open a post."""

import os

import pytest

from tests.conftest import in_ci

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def short_lived_connections():
    """End the database sessions the live server's request threads leave open.

    Those threads keep their connections (CONN_MAX_AGE) after the test, and
    PostgreSQL refuses to drop a test database that still has sessions.
    """
    yield
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


@pytest.fixture
def browser_page(tmp_path, short_lived_connections):
    if not os.path.exists(CHROMIUM):
        if in_ci():
            pytest.fail("Chromium is missing at /usr/bin/chromium")
        pytest.skip("Chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True, args=ARGS
        )
        try:
            yield browser.new_page()
        finally:
            browser.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
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
