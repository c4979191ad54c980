"""Key pages speak Russian by default and English once the visitor picks it."""

from django.contrib.auth import get_user_model
from django.test import Client

import pytest

from events.models import Registration
from tests.events.conftest import form_data

# url, fixtures the page needs, a Russian phrase of the page, its English translation
PAGES = [
    ("/", ["regions"], "Регионы программы", "Programme regions"),
    ("/karelia/", ["regions"], "Форум региона", "Regional forum"),
    ("/practices/", ["library"], "Показать", "Show"),
    ("/crimea/conference/", ["conference"], "Добавить в календарь", "Add to calendar"),
    ("/forum/", ["forums"], "Форум программы", "Programme forum"),
    ("/search/", ["home_page"], "Что вы ищете?", "What are you looking for?"),
    ("/accounts/signup/", ["regions"], "Регистрация участника", "Member sign-up"),
]
# The header and the footer are on every page.
CHROME = [("Версия для слабовидящих", "Low-vision version"), ("Карта сайта", "Site map")]


def render(client, request, url, fixtures):
    for name in fixtures:
        request.getfixturevalue(name)
    response = client.get(url)
    assert response.status_code == 200
    return response, response.content.decode()


@pytest.mark.parametrize(("url", "fixtures", "russian", "english"), PAGES)
def test_page_is_in_russian_by_default(client, db, request, url, fixtures, russian, english):
    response, content = render(client, request, url, fixtures)
    assert response["Content-Language"] == "ru"
    assert '<html lang="ru"' in content
    assert russian in content
    assert english not in content
    for russian_chrome, english_chrome in CHROME:
        assert russian_chrome in content
        assert english_chrome not in content


@pytest.mark.parametrize(("url", "fixtures", "russian", "english"), PAGES)
def test_page_is_in_english_once_chosen_with_the_switch(
    english_client, request, url, fixtures, russian, english
):
    response, content = render(english_client, request, url, fixtures)
    assert response["Content-Language"] == "en"
    assert '<html lang="en"' in content
    assert english in content
    assert russian not in content
    for russian_chrome, english_chrome in CHROME:
        assert english_chrome in content
        assert russian_chrome not in content


def test_event_times_are_written_in_the_chosen_language(english_client, conference):
    russian = Client().get("/crimea/conference/").content.decode()
    english = english_client.get("/crimea/conference/").content.decode()
    assert "12 мая 2031, 10:00 — 13 мая 2031, 17:00 (Симферополь, UTC+3)" in russian
    assert "12 May 2031, 10:00 — 13 May 2031, 17:00 (Simferopol, UTC+3)" in english


def test_registration_form_errors_are_in_english_and_nothing_is_saved(english_client, conference):
    response = english_client.post(
        "/crimea/conference/", form_data(name="", consent_processing=None)
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert "The registration was not accepted: please correct the errors in the form." in (content)
    assert "This field is required." in content
    assert (
        "We cannot accept the registration without consent to the processing of "
        "personal data." in content
    )
    assert "Обязательное поле." not in content
    assert not Registration.objects.exists()


def test_registration_form_errors_are_in_russian_by_default(client, conference):
    response = client.post("/crimea/conference/", form_data(name="", consent_processing=None))
    content = response.content.decode()
    assert response.status_code == 400
    assert "Регистрация не принята: исправьте ошибки в форме." in content
    assert (
        "Без согласия на обработку персональных данных мы не можем принять регистрацию." in content
    )
    assert "This field is required." not in content
    assert not Registration.objects.exists()


def signup_data(regions, **overrides):
    data = {
        "email": "olga@example.org",
        "password1": "Добро-2026-пароль",
        "password2": "Другой-2026-пароль",
        "display_name": "Ольга Петрова",
        "organisation": "АНО «Тёплый дом»",
        "organisation_type": "ngo",
        "region": regions["karelia"].pk,
        "role": "ngo_specialist",
    }
    data.update(overrides)
    return data


def test_signup_form_errors_are_in_english_and_no_member_is_created(english_client, regions):
    response = english_client.post("/accounts/signup/", signup_data(regions))
    content = response.content.decode()
    assert response.status_code == 400
    assert "The passwords do not match." in content
    assert "You cannot sign up without consenting to the processing of personal data." in (content)
    assert "Пароли не совпадают." not in content
    assert not get_user_model().objects.filter(email="olga@example.org").exists()


def test_signup_form_errors_are_in_russian_by_default(client, regions):
    response = client.post("/accounts/signup/", signup_data(regions))
    content = response.content.decode()
    assert response.status_code == 400
    assert "Пароли не совпадают." in content
    assert "The passwords do not match." not in content
    assert not get_user_model().objects.filter(email="olga@example.org").exists()


def test_library_facet_labels_follow_each_visitor_whatever_language_loaded_the_code(
    english_client, library, regions
):
    """The listing's choice labels are built once, when the module is imported; an
    import made while an English page was being served must not freeze English
    labels for the Russian visitors after it (nor the reverse)."""
    import importlib

    from django.utils import translation

    import practices.listing
    from tests.practices.conftest import make_material

    # A choice is offered only when it finds something (issue 20): one template form.
    make_material(regions["karelia"], "Типовой договор с добровольцем", material_type="form")
    for language, other in (("en", "ru"), ("ru", "en")):
        with translation.override(language):
            importlib.reload(practices.listing)
        russian = Client().get("/materials/").content.decode()
        english = english_client.get("/materials/").content.decode()
        assert "Типовая форма" in russian and "Template form" not in russian, other
        assert "Template form" in english and "Типовая форма" not in english, other
