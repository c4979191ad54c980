"""Registration through the public pages: the form, the signed links, bad input."""

import datetime
import time

from django.core import mail, signing
from django.utils import timezone

import pytest

from events import tokens
from events.models import Registration
from tests.conftest import make_user
from tests.events.conftest import form_data, ics_of, link_in, unfold

Status = Registration.Status
URL = "/crimea/conference/"


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_event_page_shows_local_time_with_zone_place_and_the_form(client, conference):
    response = client.get(URL)
    content = response.content.decode()
    assert response.status_code == 200
    assert "12 мая 2031, 10:00 — 13 мая 2031, 17:00 (Симферополь, UTC+3)" in content
    assert "Симферополь, проспект Академика Вернадского, 4" in content
    assert "Всего 2, свободно 2" in content
    assert 'name="q_0"' in content and "Организация" in content
    assert "Я даю согласие на обработку моих персональных данных" in content
    assert 'href="/events/consent/processing/"' in content
    assert 'rel="alternate" type="text/calendar"' in content
    assert "/events/calendar/crimea.ics" in content


def test_kaliningrad_event_is_shown_in_kaliningrad_time(client, webinar):
    content = client.get("/kaliningrad/webinar/").content.decode()
    assert "3 марта 2031, 11:00–12:30 (Калининград, UTC+2)" in content


def test_guest_registers_confirms_by_link_and_cancels(client, conference):
    response = client.post(URL, form_data(), follow=True)
    assert "мы отправили письмо на irina@example.org" in " ".join(messages_of(response))
    registration = Registration.objects.get()
    assert registration.status == Status.PENDING
    assert registration.name == "Ирина Мельникова"
    assert registration.phone == "+7 900 000-00-00"
    assert registration.answers == {
        "Организация": "КЦСОН Симферополя",
        "Ваш регион": "Республика Крым",
    }
    assert len(mail.outbox) == 1
    confirm_path = link_in(mail.outbox[0], "confirm")

    page = client.get(confirm_path)
    assert "Подтвердить регистрацию" in page.content.decode()
    assert Registration.objects.get().status == Status.PENDING
    response = client.post(confirm_path, follow=True)
    content = response.content.decode()
    assert "Адрес электронной почты подтверждён" in content
    assert "Подтверждена" in content
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    assert (
        mail.outbox[1].subject == "Регистрация подтверждена: Новые технологии и успешные практики"
    )
    assert "DTSTART:20310512T070000Z" in unfold(ics_of(mail.outbox[1]))
    manage_path = link_in(mail.outbox[1], "manage")
    assert response.redirect_chain[-1][0] == manage_path

    response = client.post(manage_path, {"action": "cancel"}, follow=True)
    assert "Регистрация отменена" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED
    assert mail.outbox[2].subject == "Регистрация отменена: Новые технологии и успешные практики"
    assert mail.outbox[2].to == ["irina@example.org"]


def test_member_is_confirmed_at_once_and_sees_the_online_link(client, webinar):
    user = make_user("olga")
    client.force_login(user)
    page = client.get("/kaliningrad/webinar/").content.decode()
    assert "https://webinar.example.org/room/silver" not in page
    assert 'value="olga@example.org"' in page

    response = client.post(
        "/kaliningrad/webinar/", form_data(email="olga@example.org"), follow=True
    )
    assert "Ваша регистрация подтверждена" in response.content.decode()
    assert Registration.objects.get().status == Status.CONFIRMED
    page = client.get("/kaliningrad/webinar/").content.decode()
    assert '<a href="https://webinar.example.org/room/silver">' in page
    assert "Вы уже зарегистрированы" in page


def test_online_link_is_hidden_from_visitors_and_pending_registrants(client, webinar):
    client.post("/kaliningrad/webinar/", form_data())
    page = client.get("/kaliningrad/webinar/").content.decode()
    assert "webinar.example.org" not in page
    assert "Ссылку на подключение получат участники с подтверждённой регистрацией." in page
    registration = Registration.objects.get()
    manage = client.get(tokens.path(registration, "manage")).content.decode()
    assert "webinar.example.org" not in manage
    assert "Ожидает подтверждения e-mail" in manage


def test_full_event_shows_the_waiting_list_offer(client, conference):
    for number in range(2):
        user = make_user(f"m{number}")
        client.force_login(user)
        client.post(URL, form_data(email=user.email))
    client.logout()
    content = client.get(URL).content.decode()
    assert "Всего 2, свободно 0" in content
    assert "после регистрации вы попадёте в лист ожидания" in content


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        (
            {"consent_processing": None, "consent_photo": "on"},
            "Без согласия на обработку персональных данных мы не можем принять регистрацию.",
        ),
        ({"email": "не-адрес"}, "Введите правильный адрес электронной почты."),
        ({"email": ""}, "Требуется заполнить это поле."),
        ({"name": " "}, "Требуется заполнить это поле."),
        ({"q_0": ""}, "Требуется заполнить это поле."),
        ({"q_1": "Марс"}, "Выберите корректный вариант"),
    ],
)
def test_bad_form_input_is_explained_and_stores_and_sends_nothing(
    client, conference, overrides, expected
):
    response = client.post(URL, form_data(**overrides))
    content = response.content.decode()
    assert response.status_code == 400
    assert expected in content
    assert "Регистрация не принята: исправьте ошибки в форме." in content
    assert not Registration.objects.exists()
    assert not mail.outbox


def test_duplicate_email_is_refused_with_a_message(client, conference):
    client.post(URL, form_data())
    mail.outbox.clear()
    response = client.post(URL, form_data(email="IRINA@example.org", name="Другая"))
    assert response.status_code == 409
    assert "уже есть регистрация на это событие" in response.content.decode()
    assert Registration.objects.count() == 1
    assert not mail.outbox


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"registration_opens_days": 2}, "Регистрация на это событие ещё не открыта."),
        ({"registration_closes_days": -1}, "Регистрация на это событие закрыта."),
    ],
)
def test_closed_or_not_yet_open_registration_refuses_a_post(client, conference, change, expected):
    now = timezone.now()
    if "registration_opens_days" in change:
        conference.registration_opens = now + datetime.timedelta(days=2)
    else:
        conference.registration_opens = now - datetime.timedelta(days=5)
        conference.registration_closes = now - datetime.timedelta(days=1)
    conference.save_revision().publish()
    page = client.get(URL).content.decode()
    assert "Зарегистрироваться" not in page
    response = client.post(URL, form_data())
    assert response.status_code == 409
    assert expected in response.content.decode()
    assert not Registration.objects.exists()
    assert not mail.outbox


def test_full_event_without_waiting_list_refuses_a_post(client, conference):
    conference.capacity = 1
    conference.waitlist_enabled = False
    conference.save_revision().publish()
    user = make_user("first")
    client.force_login(user)
    client.post(URL, form_data(email=user.email))
    client.logout()
    mail.outbox.clear()
    assert "Свободных мест нет, лист ожидания не ведётся." in client.get(URL).content.decode()
    response = client.post(URL, form_data(email="late@example.org"))
    assert response.status_code == 409
    assert "Свободных мест нет, лист ожидания не ведётся." in response.content.decode()
    assert Registration.objects.count() == 1
    assert not mail.outbox


def _pending(client):
    client.post(URL, form_data())
    mail.outbox.clear()
    return Registration.objects.get()


def test_tampered_confirmation_link_is_refused(client, conference):
    registration = _pending(client)
    token = tokens.make_token(registration, "confirm")
    response = client.get(f"/events/registration/confirm/{token[:-3]}abc/")
    assert response.status_code == 400
    assert "Ссылка недействительна" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Status.PENDING and registration.email_confirmed_at is None
    assert not mail.outbox


def test_link_signed_for_managing_cannot_confirm(client, conference):
    registration = _pending(client)
    response = client.get(
        f"/events/registration/confirm/{tokens.make_token(registration, 'manage')}/"
    )
    assert response.status_code == 400
    registration.refresh_from_db()
    assert registration.email_confirmed_at is None


def test_forged_link_for_another_registration_is_refused(client, conference):
    registration = _pending(client)
    forged = signing.dumps({"r": registration.pk, "e": "other@example.org"}, salt="wrong")
    response = client.get(f"/events/registration/{forged}/")
    assert response.status_code == 400
    valid_salt_wrong_email = signing.dumps(
        {"r": registration.pk, "e": "other@example.org"}, salt=tokens.SALTS["manage"]
    )
    response = client.get(f"/events/registration/{valid_salt_wrong_email}/")
    assert response.status_code == 404
    assert "Регистрация по этой ссылке не найдена." in response.content.decode()


def test_expired_confirmation_link_is_refused(client, conference, monkeypatch):
    registration = _pending(client)
    path = tokens.path(registration, "confirm")
    later = time.time() + 4 * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: later)
    response = client.get(path)
    assert response.status_code == 410
    assert "Срок действия ссылки для подтверждения истёк" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Status.PENDING and registration.email_confirmed_at is None
    assert not mail.outbox


def test_tampered_manage_link_cannot_cancel(client, conference):
    registration = _pending(client)
    path = tokens.path(registration, "manage")
    response = client.post(path[:-5] + "xxxx/", {"action": "cancel"})
    assert response.status_code == 400
    registration.refresh_from_db()
    assert registration.status == Status.PENDING
    assert not mail.outbox


def test_consent_texts_are_published_with_their_version(client, db):
    response = client.get("/events/consent/processing/")
    content = response.content.decode()
    assert "Согласие на обработку персональных данных" in content
    assert "Редакция 2025-09-01" in content
    assert "на серверах в Российской Федерации" in content
    assert client.get("/events/consent/unknown/").status_code == 404


def test_letters_are_in_russian_whatever_the_browser_language(client, conference):
    client.post(URL, form_data(), HTTP_ACCEPT_LANGUAGE="en")
    registration = Registration.objects.get()
    client.post(tokens.path(registration, "confirm"), HTTP_ACCEPT_LANGUAGE="en")
    assert "12 мая 2031, 10:00 (Симферополь, UTC+3)" in mail.outbox[1].body
