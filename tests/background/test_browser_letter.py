"""In a real browser: a guest registers, is told the letter is queued, sees it
sent once the worker ran, and confirms by the link that arrived over SMTP."""

import re

from django.db import connections

import pytest

from events.models import Registration

from .conftest import run_worker
from .smtp import SMTPServer

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_guest_sees_the_letter_go_out_and_confirms_by_its_link(
    smtp, conference, live_server, browser_page
):
    smtp.start()
    try:
        _journey(browser_page, live_server, smtp)
    finally:
        connections.close_all()


def _journey(page, live_server, smtp):
    page.goto(f"{live_server.url}/crimea/conference/")
    page.get_by_label("Имя и фамилия").fill("Ирина Мельникова")
    page.get_by_label("E-mail").fill("irina@example.org")
    page.get_by_label("Организация").fill("КЦСОН Симферополя")
    page.get_by_label("Я даю согласие на обработку моих персональных данных").check()
    page.get_by_role("button", name="Зарегистрироваться").click()
    page.wait_for_load_state()
    assert "поставлено в очередь и придёт на irina@example.org" in page.content()
    assert smtp.received == []  # the request did not talk to the mail server

    page.get_by_role("link", name="Письмо не пришло?").click()
    page.wait_for_load_state()
    assert "поставлено в очередь" in page.locator(".letter-status").inner_text()

    run_worker()
    page.reload()
    assert "Письмо отправлено на irina@example.org" in page.locator(".letter-status").inner_text()
    (message,) = smtp.messages_to("irina@example.org")
    confirm = re.search(
        r"https?://[^/\s]+(/events/registration/confirm/\S+/)", SMTPServer.text_of(message)
    )
    page.goto(live_server.url + confirm.group(1))
    page.get_by_role("button", name="Подтвердить регистрацию").click()
    page.wait_for_load_state()
    assert "Адрес электронной почты подтверждён" in page.content()
    assert Registration.objects.get().status == Registration.Status.CONFIRMED
