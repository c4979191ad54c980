"""The journeys of issue 20 in headless Chromium, at 1366×768, 390×844 and 320 px:
a guest and a member register for an event and see the outcome without
scrolling; a member logs in from the header, comes back to the page they were
on and finds their things in the cabinet; axe-core finds nothing critical or
serious on any page visited, and nothing scrolls sideways."""

from django.contrib.auth import get_user_model

import pytest

from accounts.models import Profile
from events.models import Registration

from .conftest import DESKTOP, PHONE, PHONE_WIDE, in_view, serious_violations, sideways_overflow

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EVENT = "/crimea/conference/"


def check_page(page, axe_source):
    assert sideways_overflow(page) == 0, f"{page.url} scrolls sideways"
    assert serious_violations(page, axe_source) == [], page.url


def test_axe_finds_what_it_should(open_page, axe_source):
    """The accessibility check itself can fail: a picture without a text is caught."""
    page = open_page()
    page.set_content('<html lang="ru"><title>т</title><main><h1>т</h1><img src="x.png"></main>')
    assert any(v.startswith("image-alt (critical)") for v in serious_violations(page, axe_source))


@pytest.mark.parametrize("width", [DESKTOP, PHONE_WIDE, PHONE])
def test_a_guest_registers_by_keyboard_and_sees_the_outcome_without_scrolling(
    live_server, conference, open_page, axe_source, width
):
    page = open_page(width)
    page.goto(live_server.url + EVENT)
    check_page(page, axe_source)

    # Keyboard only: from the name field to the button with Tab, Space and Enter.
    page.focus("#id_name")
    page.keyboard.type("Ирина Мельникова")
    page.keyboard.press("Tab")
    page.keyboard.type("irina@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type("+7 900 000-00-00")
    page.keyboard.press("Tab")
    page.keyboard.type("КЦСОН Симферополя")
    page.focus("#id_consent_processing")
    page.keyboard.press("Space")
    assert page.is_checked("#id_consent_processing")
    box = page.locator("#id_consent_processing").bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
    page.get_by_role("button", name="Зарегистрироваться").focus()
    page.keyboard.press("Enter")

    page.wait_for_url("**/crimea/conference/#registration-status")
    page.wait_for_function("document.activeElement.id === 'registration-status'")
    assert in_view(page, "#registration-status")
    status = page.locator("#registration-status")
    assert "мы отправили письмо на irina@example.org" in status.inner_text()
    assert page.locator("#registration-status [role=status]").count() == 1
    assert page.locator("form.registration-form").count() == 0
    assert Registration.objects.get().email == "irina@example.org"
    check_page(page, axe_source)


@pytest.mark.parametrize("width", [DESKTOP, PHONE_WIDE, PHONE])
def test_a_member_logs_in_from_the_header_comes_back_and_finds_everything_in_the_cabinet(
    live_server, conference, open_page, axe_source, width
):
    # Members sign up with their e-mail, which is their login.
    member = get_user_model().objects.create_user(
        username="olga@example.org",
        email="olga@example.org",
        password="Добро-2026-пароль",
        first_name="Ольга Петрова",
    )
    Profile.objects.create(user=member, display_name="Ольга Петрова")
    page = open_page(width)

    page.goto(live_server.url + EVENT)
    header = page.locator("header.site-header")
    header.get_by_role("link", name="Войти").click()
    page.wait_for_url(lambda url: "/accounts/login/?next=/crimea/conference/" in url)
    check_page(page, axe_source)
    page.fill("#id_username", member.email)
    page.fill("#id_password", "Добро-2026-пароль")
    page.locator("main").get_by_role("button", name="Войти").click()

    page.wait_for_url(live_server.url + EVENT)
    assert header.get_by_text("Ольга Петрова").is_visible()
    page.fill("#id_q_0", "АНО «Тёплый дом»")
    page.check("#id_consent_processing")
    page.get_by_role("button", name="Зарегистрироваться").click()
    page.wait_for_url("**/registration/**")
    page.wait_for_function("document.activeElement.id === 'registration-status'")
    assert in_view(page, "#registration-status")
    assert "Ваша регистрация подтверждена" in page.inner_text("#registration-status")
    check_page(page, axe_source)

    header.locator("summary", has_text="Ольга Петрова").click()
    header.get_by_role("link", name="Личный кабинет").click()
    page.wait_for_url("**/accounts/")
    cabinet = page.locator("main")
    assert "Новые технологии и успешные практики" in cabinet.inner_text()
    assert "подтверждена" in cabinet.inner_text()
    check_page(page, axe_source)

    header.locator("summary", has_text="Ольга Петрова").click()
    header.get_by_role("button", name="Выйти").click()
    page.wait_for_url(live_server.url + "/")
    assert header.get_by_role("link", name="Войти").is_visible()


def test_on_a_phone_the_header_is_compact_and_the_menu_button_opens_search_and_sections(
    live_server, regions, open_page, axe_source
):
    page = open_page(PHONE)
    page.goto(live_server.url + "/karelia/")
    header_height = page.evaluate(
        "document.querySelector('header.site-header').getBoundingClientRect().height"
    )
    assert header_height < 200
    assert not page.locator("#site-search-q").is_visible()
    menu = page.get_by_role("button", name="Меню")
    box = menu.bounding_box()
    assert box["height"] >= 44
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    assert page.locator("#site-search-q").is_visible()
    for link in page.locator("nav.site-nav a").all():
        assert link.bounding_box()["height"] >= 44, link.inner_text()
    page.keyboard.press("Escape")
    assert not page.locator("#site-search-q").is_visible()
    check_page(page, axe_source)
