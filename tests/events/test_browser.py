"""In a real browser: a guest registers for the conference, confirms by the
e-mailed link, sees the confirmed registration and cancels it."""

import re

from django.core import mail
from django.db import connections

import pytest

from events.models import Registration

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_guest_registers_confirms_by_email_link_and_cancels(conference, live_server, browser_page):
    try:
        _register_confirm_and_cancel(browser_page, live_server)
    finally:
        # Playwright's greenlets give the ORM calls above their own connection;
        # close it here, or the test database cannot be dropped at the end.
        connections.close_all()


def _register_confirm_and_cancel(page, live_server):
    page.goto(f"{live_server.url}/crimea/conference/")
    assert "Симферополь, UTC+3" in page.content()

    page.get_by_label("Имя и фамилия").fill("Ирина Мельникова")
    page.get_by_label("E-mail").fill("irina@example.org")
    page.get_by_label("Организация").fill("КЦСОН Симферополя")
    page.get_by_label("Ваш регион").select_option("Республика Крым")
    page.get_by_label("Я даю согласие на обработку моих персональных данных").check()
    page.get_by_role("button", name="Зарегистрироваться").click()
    page.wait_for_load_state()
    assert "мы отправили письмо на irina@example.org" in page.content()

    assert len(mail.outbox) == 1
    confirm = re.search(r"https?://[^/\s]+(/events/registration/confirm/\S+/)", mail.outbox[0].body)
    page.goto(live_server.url + confirm.group(1))
    assert Registration.objects.get().email_confirmed_at is None  # opening the link is not enough
    page.get_by_role("button", name="Подтвердить регистрацию").click()
    page.wait_for_load_state()
    assert "Адрес электронной почты подтверждён" in page.content()
    assert page.locator(".registration-status").inner_text().strip() == "Подтверждена"
    assert Registration.objects.get().status == Registration.Status.CONFIRMED
    assert mail.outbox[1].subject.startswith("Регистрация подтверждена")

    # Two steps: the first opens the question, only the second cancels.
    page.locator("summary", has_text="Отменить регистрацию").click()
    assert Registration.objects.get().status == Registration.Status.CONFIRMED
    page.get_by_role("button", name="Да, отменить регистрацию").click()
    page.wait_for_load_state()
    assert "Регистрация отменена" in page.content()
    assert page.locator(".registration-status").inner_text().strip() == "Отменена"
    assert Registration.objects.get().status == Registration.Status.CANCELLED
    assert mail.outbox[2].subject.startswith("Регистрация отменена")
