"""End to end in headless Chromium: filter the practices by region and target
group, open a practice and download its attachment."""

from datetime import date
from pathlib import Path

import pytest

from tests.practices.conftest import make_document, make_practice


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
