"""The footer's language switch: Django's set_language view behind a CSRF-protected form."""

from django.conf import settings
from django.test import Client

from tests.i18n.conftest import choose_language


def test_footer_offers_both_languages_in_a_csrf_protected_form(client, home_page):
    content = client.get("/").content.decode()
    assert '<form class="language-switch" method="post" action="/i18n/setlang/"' in content
    switch = content.split('class="language-switch"', 1)[1].split("</form>", 1)[0]
    assert 'name="csrfmiddlewaretoken"' in switch
    assert 'name="next" value="/"' in switch
    assert 'name="language" value="ru" lang="ru"' in switch
    assert "Русский" in switch and "English" in switch
    assert 'value="ru" lang="ru" class="button button--ghost" aria-pressed="true" disabled' in (
        switch
    )


def test_choosing_english_remembers_it_for_a_year_and_returns_to_the_page(client, home_page):
    response = choose_language(client, "en", next_url="/search/?q=%D0%B4%D0%BE%D0%B1%D1%80%D0%BE")
    assert response["Location"] == "/search/?q=%D0%B4%D0%BE%D0%B1%D1%80%D0%BE"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert cookie["max-age"] == 365 * 24 * 3600
    assert cookie["samesite"] == "Lax"
    assert '<html lang="en"' in client.get("/").content.decode()


def test_switching_back_to_russian_wins_over_an_english_browser(client, home_page):
    choose_language(client, "ru")
    content = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
    assert '<html lang="ru"' in content
    assert "Версия для слабовидящих" in content


def test_an_english_first_browser_gets_english_until_the_visitor_switches(client, home_page):
    content = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9,ru;q=0.5").content.decode()
    assert '<html lang="en"' in content
    assert "Low-vision version" in content


def test_a_browser_asking_for_an_unsupported_language_gets_russian(client, home_page):
    content = client.get("/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9").content.decode()
    assert '<html lang="ru"' in content


def test_an_unsupported_language_choice_leaves_the_site_in_russian(client, home_page):
    choose_language(client, "de")
    assert '<html lang="ru"' in client.get("/").content.decode()


def test_the_switch_refuses_a_post_without_csrf_token(home_page):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 403
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert '<html lang="ru"' in client.get("/").content.decode()


def test_the_switch_works_with_the_token_the_footer_gives(home_page):
    client = Client(enforce_csrf_checks=True)
    content = client.get("/").content.decode()
    switch = content.split('class="language-switch"', 1)[1]
    token = switch.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    response = client.post(
        "/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert '<html lang="en"' in client.get("/").content.decode()


def test_the_switch_never_redirects_to_another_site(client, home_page):
    response = choose_language(client, "en", next_url="https://evil.example/")
    assert response["Location"] == "/"
