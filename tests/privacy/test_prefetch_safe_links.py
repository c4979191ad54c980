"""Issue 17, item 6: links in letters are safe to prefetch. Mail scanners open
every link of a letter to look at it; before the fix such a GET confirmed a
guest's registration (and took one of the event's places) and activated an
account. Now the GET shows a page with one button, and the POST from it confirms."""

import re

from django.contrib.auth import get_user_model
from django.core import mail

import pytest

from events.models import Registration
from tests.events.conftest import form_data, link_in

from .conftest import CsrfClient

pytestmark = pytest.mark.django_db

Status = Registration.Status
User = get_user_model()


@pytest.fixture
def guest_link(conference, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = CsrfClient().submit("/crimea/conference/", form_data())
    assert response.status_code == 302
    return link_in(mail.outbox[-1], "confirm")


def test_a_scanner_opening_the_event_link_confirms_nothing(guest_link):
    letters = len(mail.outbox)
    scanner = CsrfClient()
    page = scanner.get(guest_link)
    assert scanner.head(guest_link).status_code == 200
    registration = Registration.objects.get()
    assert registration.status == Status.PENDING
    assert registration.email_confirmed_at is None
    assert not Registration.objects.filter(status=Status.CONFIRMED).exists()
    assert len(mail.outbox) == letters

    content = page.content.decode()
    assert page.status_code == 200
    assert "Новые технологии и успешные практики" in content
    assert "Подтвердить регистрацию" in content
    assert '<meta name="robots" content="noindex">' in content


def test_a_post_without_the_pages_csrf_token_confirms_nothing(guest_link):
    response = CsrfClient().post(guest_link, {})
    assert response.status_code == 403
    assert Registration.objects.get().email_confirmed_at is None


def payload(link):
    """A signed link without its signing time and signature: two links to the same
    page made a second apart differ only there."""
    return link.split(":")[0]


def test_the_button_on_the_page_confirms_the_registration(
    guest_link, django_capture_on_commit_callbacks
):
    guest = CsrfClient()
    with django_capture_on_commit_callbacks(execute=True):
        response = guest.submit(guest_link, {})
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert payload(response["Location"]) == payload(link_in(mail.outbox[-1], "manage"))
    assert registration.status == Status.CONFIRMED
    assert "Регистрация подтверждена" in mail.outbox[-1].subject

    again = guest.get(guest_link)  # the link opened once more: nothing to confirm
    assert again.status_code == 302
    assert payload(again["Location"]) == payload(response["Location"])


@pytest.fixture
def account_link(regions, django_capture_on_commit_callbacks):
    data = {
        "email": "olga@example.org", "display_name": "Ольга", "password1": "Very-long-pass-2026",
        "password2": "Very-long-pass-2026", "organisation_type": "none", "role": "volunteer",
        "personal_data_consent": "on",
    }  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        assert CsrfClient().submit("/accounts/signup/", data).status_code == 302
    return re.search(r"https?://[^/\s]+(/accounts/confirm/\S+/)", mail.outbox[-1].body).group(1)


def test_a_scanner_opening_the_account_link_activates_nothing(account_link):
    scanner = CsrfClient()
    page = scanner.get(account_link)
    assert scanner.head(account_link).status_code == 200
    user = User.objects.get(email="olga@example.org")
    assert not user.is_active
    assert user.profile.email_confirmed_at is None

    content = page.content.decode()
    assert page.status_code == 200
    assert "olga@example.org" in content
    assert "Подтвердить адрес" in content
    assert CsrfClient().post(account_link, {}).status_code == 403
    assert not User.objects.get(email="olga@example.org").is_active


def test_the_button_on_the_page_activates_the_account(account_link):
    response = CsrfClient().submit(account_link, {})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    user = User.objects.get(email="olga@example.org")
    assert user.is_active and user.profile.email_confirmed_at is not None


def test_a_broken_account_link_says_so_on_get_already(account_link):
    response = CsrfClient().get(account_link[:-6] + "xxxxx/")
    assert response.status_code == 400
    assert "Ссылка повреждена" in response.content.decode()
