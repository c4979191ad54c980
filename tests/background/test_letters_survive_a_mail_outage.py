"""The mail server is down while people sign up, register and post; every page
answers normally and says what will happen; when the server is back, the worker
delivers every letter exactly once, and every link in them opens."""

import re
import time

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

import pytest
from machina.apps.forum_conversation.models import Post

from background.models import Letter
from events.models import Registration
from forum.setup import trusted_group
from tests.conftest import make_user
from tests.events.conftest import form_data
from tests.forum.conftest import make_topic, post_data, topic_url

from .conftest import run_worker
from .smtp import SMTPServer

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LINK = re.compile(r"https?://[^/\s]+(/\S*)")


def messages_text(response):
    return " ".join(str(message) for message in response.context["messages"])


def test_nothing_is_lost_while_the_mail_server_is_down(
    smtp, signup_data, conference, roles, forums
):
    # Sign-up: saved, and the page says the letter is queued, not that it was sent.
    visitor = Client()
    response = visitor.post(reverse("accounts:signup"), signup_data)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:signup_done")
    done = visitor.get(reverse("accounts:signup_done")).content.decode()
    assert "поставлено в очередь" in done
    assert "отправлено на" not in done
    assert "Отправить письмо ещё раз" in done

    # A guest registers for the conference.
    guest = Client()
    response = guest.post("/crimea/conference/", form_data(), follow=True)
    assert response.status_code == 200
    text = messages_text(response)
    assert "поставлено в очередь и придёт на irina@example.org" in text
    assert "мы отправили письмо" not in text

    # A member registers and is placed at once.
    olga = make_user("olga", first_name="Ольга")
    member = Client()
    member.force_login(olga)
    response = member.post(
        "/crimea/conference/", form_data(name="Ольга Петрова", email=olga.email), follow=True
    )
    assert response.status_code == 200
    assert "Письмо с деталями придёт на olga@example.org в ближайшие минуты" in (
        messages_text(response)
    )
    assert Registration.objects.get(email=olga.email).status == Registration.Status.CONFIRMED

    # A reply in a topic with a subscriber.
    starter = roles["member"]
    topic = make_topic(forums["karelia"], starter, subject="Дрова для пожилых")
    follower = make_user("follower", trusted_group(), first_name="Подписчик")
    topic.subscribers.add(follower)
    poster = Client()
    poster.force_login(roles["expert"])
    response = poster.post(topic_url(topic, "post/create/"), post_data("Поможем в субботу"))
    assert response.status_code == 302
    assert Post.objects.filter(content="Поможем в субботу").count() == 1

    expected = {
        signup_data["email"].lower(): "Подтвердите адрес",
        "irina@example.org": "Подтвердите адрес электронной почты: Новые технологии",
        olga.email: "Регистрация подтверждена: Новые технологии",
        starter.email: "Новый ответ в теме «Дрова для пожилых»",
        follower.email: "Новый ответ в теме «Дрова для пожилых»",
    }
    assert Letter.objects.count() == len(expected)

    # The worker tries while the server is down: nothing is lost, a retry is planned.
    run_worker()
    assert smtp.received == []
    assert set(Letter.objects.values_list("status", flat=True)) == {Letter.Status.QUEUED}
    # Tried at least once (a slow run may reach the 1-second retry too), error kept.
    assert all(letter.attempts >= 1 and letter.last_error for letter in Letter.objects.all())
    done = visitor.get(reverse("accounts:signup_done")).content.decode()
    assert "Почтовый сервер пока не принимает письма" in done

    # The server comes back: each letter is delivered exactly once.
    smtp.start()
    time.sleep(1.1)  # OUTBOX_RETRY_DELAYS = [1]
    run_worker()
    run_worker()
    assert sorted(address for _, rcpt, _m in smtp.received for address in rcpt) == sorted(expected)
    for address, subject in expected.items():
        (message,) = smtp.messages_to(address)
        assert str(message["Subject"]).strip().startswith(subject), message["Subject"]
    assert set(Letter.objects.values_list("status", flat=True)) == {Letter.Status.SENT}
    assert "Письмо отправлено на" in visitor.get(reverse("accounts:signup_done")).content.decode()

    # Every link of every letter opens.
    def paths(address):
        (message,) = smtp.messages_to(address)
        return LINK.findall(SMTPServer.text_of(message))

    (confirm,) = paths(signup_data["email"].lower())
    response = Client().post(confirm, follow=True)
    assert response.status_code == 200
    assert "Адрес подтверждён" in response.content.decode()
    assert get_user_model().objects.get(email=signup_data["email"].lower()).is_active

    guest_links = paths("irina@example.org")
    assert any("/events/registration/confirm/" in path for path in guest_links)
    (guest_letter,) = smtp.messages_to("irina@example.org")
    assert "«Новые технологии и успешные практики»" in SMTPServer.text_of(guest_letter)
    for path in guest_links:
        assert Client().get(path).status_code in (200, 302), path
    (guest_confirm,) = [path for path in guest_links if "/registration/confirm/" in path]
    assert Client().post(guest_confirm).status_code == 302
    assert Registration.objects.get(email="irina@example.org").status == (
        Registration.Status.CONFIRMED
    )
    for path in paths(olga.email):
        assert Client().get(path).status_code == 200, path
    reader = Client()
    reader.force_login(follower)
    for path in paths(follower.email):
        response = reader.get(path, follow=True)
        assert response.status_code == 200, path

    # The guest's confirmation queued the «confirmed» letter: delivered once too.
    run_worker()
    (confirmed,) = [
        m for m in smtp.messages_to("irina@example.org") if "подтверждена" in m["Subject"]
    ]
    for path in LINK.findall(SMTPServer.text_of(confirmed)):
        assert Client().get(path).status_code == 200, path
