"""End to end in headless Chromium: filter the practices by region and target
group, open a practice and download its attachment."""

import gc
import os
import threading
import time
from datetime import date
from pathlib import Path

from django.db import connection

import pytest

from tests.conftest import in_ci
from tests.practices.conftest import make_document, make_practice

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright runs an event loop

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser_page(tmp_path):
    if not Path(CHROMIUM).exists():
        if in_ci():
            pytest.fail(f"Chromium is missing at {CHROMIUM}; apt-get install chromium")
        pytest.skip(f"Chromium is missing at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            accept_downloads=True,
            locale="ru-RU",
        )
        page = browser.new_page()
        yield page
        browser.close()
    _wait_for_request_threads()


def _wait_for_request_threads(timeout=10):
    """Let the live server's request threads finish once Chromium has hung up,
    and make sure none of their database sessions outlive the test."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        busy = [t for t in threading.enumerate() if "process_request_thread" in t.name]
        if not busy:
            break
        time.sleep(0.05)
    if connection.vendor == "postgresql":
        # A connection left behind by a finished server thread may still be
        # open (freed only by the garbage collector); PostgreSQL then refuses
        # to drop the test database at the end of the run. End such sessions
        # of the test database only.
        gc.collect()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_visitor_filters_practices_opens_one_and_downloads_its_attachment(
    live_server, library, regions, browser_page
):
    passport = make_document("Паспорт практики «Тёплый дом»", b"%PDF-1.4 passport of the practice")
    make_practice(
        regions["karelia"], "Тёплый дом", targets=["starshee-pokolenie"],
        slug="teplyj-dom", start=date(2022, 10, 1), attachments=[passport],
    )  # fmt: skip
    make_practice(regions["karelia"], "Передышка для родителей", targets=["deti"])
    make_practice(regions["crimea"], "Добрый звонок", targets=["starshee-pokolenie"])

    page = browser_page
    page.goto(f"{live_server.url}/practices/")
    assert page.locator(".library-card").count() == 3
    page.select_option("#facet-region", "karelia")
    page.select_option("#facet-target", "starshee-pokolenie")
    page.get_by_role("button", name="Показать").click()
    page.wait_for_url("**/practices/?*")
    assert "region=karelia" in page.url and "target=starshee-pokolenie" in page.url
    cards = page.locator(".library-card")
    assert cards.count() == 1
    assert "Тёплый дом" in cards.first.inner_text()
    assert "Найдено: 1" in page.inner_text("main")

    cards.first.get_by_role("link", name="Тёплый дом").click()
    page.wait_for_url("**/karelia/teplyj-dom/")
    assert page.inner_text("h1") == "Тёплый дом"
    assert "Паспорт практики" in page.inner_text("main")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Паспорт практики «Тёплый дом»").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    assert Path(download.path()).read_bytes() == b"%PDF-1.4 passport of the practice"
