"""A reader finds a region and switches to the low-vision version."""

import io

from django.core.management import call_command

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_reader_follows_navigation_to_a_region_and_low_vision_mode_persists(
    live_server, browser_page
):
    call_command("seed_demo", stdout=io.StringIO())
    page = browser_page

    page.goto(live_server.url + "/")
    assert page.locator("h1").first.inner_text() == "Добровольчество в социальной сфере"

    page.get_by_role("navigation", name="Основная навигация").get_by_role(
        "link", name="Республика Карелия"
    ).click()
    page.wait_for_url("**/karelia/")
    assert page.locator("h1").inner_text() == "Республика Карелия"
    assert "low-vision" not in (page.locator("html").get_attribute("class") or "")
    normal_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert normal_size >= 18

    page.get_by_role("button", name="Версия для слабовидящих").click()
    page.wait_for_url("**/karelia/")
    assert "low-vision" in page.locator("html").get_attribute("class")
    large_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert large_size > normal_size

    page.get_by_role("link", name="Санкт-Петербург").first.click()
    page.wait_for_url("**/spb/")
    assert "low-vision" in page.locator("html").get_attribute("class")
    assert page.get_by_role("button", name="Обычная версия").is_visible()

    # Keyboard users: the skip link is the first stop and leads to the content.
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Перейти к содержанию"
