"""Letters: in the language the recipient chose with the switch, else in Russian.

A browser's Accept-Language alone never makes a letter English (see home/i18n.py),
and letters built in someone else's request keep the recipient's language.
"""

from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from events.models import Registration
from tests.conftest import make_user
from tests.events.conftest import form_data, link_in
from tests.forum.conftest import make_topic, post_data, topic_url

TITLE = "Новые технологии и успешные практики"


def test_registration_letters_are_in_english_when_the_registrant_chose_english(
    english_client, conference
):
    english_client.post("/crimea/conference/", form_data())
    registration = Registration.objects.get()
    assert registration.language == "en"
    assert mail.outbox[0].subject == f"Confirm your e-mail address: {TITLE}"
    assert "For the registration to take effect" in mail.outbox[0].body

    english_client.post(link_in(mail.outbox[0], "confirm"))
    letter = mail.outbox[1]
    assert letter.subject == f"Registration confirmed: {TITLE}"
    assert "Your registration is confirmed. We look forward to seeing you!" in letter.body
    assert "12 May 2031, 10:00" in letter.body
    assert "Здравствуйте" not in letter.body


def test_a_later_letter_keeps_the_registrants_language_whoever_triggers_it(
    english_client, conference
):
    english_client.post("/crimea/conference/", form_data())
    english_client.post(link_in(mail.outbox[0], "confirm"))
    manage_path = link_in(mail.outbox[1], "manage")

    # The link is opened later in a Russian browser with no choice made.
    Client().post(manage_path, {"action": "cancel"}, HTTP_ACCEPT_LANGUAGE="ru")
    assert Registration.objects.get().status == Registration.Status.CANCELLED
    assert mail.outbox[-1].subject == f"Registration cancelled: {TITLE}"


def test_registration_letters_are_in_russian_by_default(client, conference):
    client.post("/crimea/conference/", form_data(), HTTP_ACCEPT_LANGUAGE="en")
    assert Registration.objects.get().language == ""
    assert mail.outbox[0].subject == f"Подтвердите адрес электронной почты: {TITLE}"


def signup_data(regions):
    return {
        "email": "olga@example.org",
        "password1": "Добро-2026-пароль",
        "password2": "Добро-2026-пароль",
        "display_name": "Ольга Петрова",
        "organisation": "АНО «Тёплый дом»",
        "organisation_type": "ngo",
        "region": regions["karelia"].pk,
        "role": "ngo_specialist",
        "personal_data_consent": "on",
    }


def test_signup_confirmation_follows_the_chosen_language(
    english_client, regions, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = english_client.post("/accounts/signup/", signup_data(regions))
    assert response.status_code == 302
    assert get_user_model().objects.filter(email="olga@example.org").exists()
    assert mail.outbox[0].subject == "Confirm your e-mail address"
    assert "Hello, Ольга Петрова!" in mail.outbox[0].body


def test_signup_confirmation_is_in_russian_by_default(
    client, regions, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/signup/", signup_data(regions), HTTP_ACCEPT_LANGUAGE="en")
    assert mail.outbox[0].subject == "Подтвердите адрес электронной почты"


def test_password_reset_letter_follows_the_chosen_language(english_client, db):
    make_user("olga")
    english_client.post("/accounts/password/reset/", {"email": "olga@example.org"})
    assert mail.outbox[0].subject == "Password reset on the portal"
    Client().post(
        "/accounts/password/reset/", {"email": "olga@example.org"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert mail.outbox[1].subject == "Восстановление пароля на портале"


def test_forum_notification_is_in_russian_though_the_poster_browses_in_english(
    english_client, roles, forums, django_capture_on_commit_callbacks
):
    starter, replier = roles["member"], roles["expert"]
    topic = make_topic(forums["karelia"], starter, subject="Дрова для пожилых")
    mail.outbox.clear()
    english_client.force_login(replier)
    with django_capture_on_commit_callbacks(execute=True):
        response = english_client.post(
            topic_url(topic, "post/create/"), post_data("Поможем в субботу")
        )
    assert response.status_code == 302
    letter = next(message for message in mail.outbox if message.to == [starter.email])
    assert letter.subject == "Новый ответ в теме «Дрова для пожилых»"
    assert "Читать и ответить:" in letter.body
