"""Issue 17, item 4: brute force is throttled on every login form (django-axes), by
account and by address, with a Russian page and the password reset as the way out;
sign-up, password reset and guest registration are limited per address.

Before the fix 40 wrong passwords then the right one were all accepted at the normal
pace on /accounts/login/, /admin/login/ and /django-admin/login/."""

import re

from django.contrib.auth import get_user_model
from django.core import mail

import pytest

from tests.conftest import make_user
from tests.events.conftest import form_data

from .conftest import CsrfClient

pytestmark = pytest.mark.django_db

LOGIN_FORMS = ["/accounts/login/", "/admin/login/", "/django-admin/login/"]
LOCKED = "Вход временно закрыт"


def try_login(client, url, username, password, **extra):
    return client.submit(url, {"username": username, "password": password}, **extra)


@pytest.mark.parametrize("url", LOGIN_FORMS)
def test_forty_wrong_passwords_lock_the_account_and_the_right_one_is_refused_too(url, settings):
    user = make_user("staffer", is_staff=True, is_superuser=True)
    client = CsrfClient()
    statuses = [try_login(client, url, user.username, f"wrong-{n}").status_code for n in range(40)]
    limit = settings.AXES_FAILURE_LIMIT
    assert statuses[: limit - 1] == [200] * (limit - 1)  # the form again, with its error
    assert statuses[limit - 1 :] == [429] * (40 - limit + 1)

    right = try_login(client, url, user.username, "pw-123456")
    assert right.status_code == 429
    page = right.content.decode()
    assert LOCKED in page and "/accounts/password/reset/" in page
    assert "_auth_user_id" not in client.session


def test_the_lock_is_by_account_whatever_the_address(settings):
    user = make_user("member-x")
    for n in range(settings.AXES_FAILURE_LIMIT):
        # a new visitor from a new address each time
        try_login(CsrfClient(), "/accounts/login/", user.username, "bad", REMOTE_ADDR=f"10.0.0.{n}")
    right = try_login(CsrfClient(), "/accounts/login/", user.username, "pw-123456",
                      REMOTE_ADDR="10.9.9.9")  # fmt: skip
    assert right.status_code == 429


def test_the_lock_is_by_address_whatever_the_account(settings):
    make_user("innocent")
    client = CsrfClient()
    for n in range(settings.AXES_FAILURE_LIMIT):
        try_login(
            client, "/accounts/login/", f"guess-{n}@example.org", "bad", REMOTE_ADDR="10.1.1.1"
        )
    from_there = try_login(
        client, "/accounts/login/", "innocent", "pw-123456", REMOTE_ADDR="10.1.1.1"
    )
    assert from_there.status_code == 429
    elsewhere = try_login(CsrfClient(), "/accounts/login/", "innocent", "pw-123456",
                          REMOTE_ADDR="10.2.2.2")  # fmt: skip
    assert elsewhere.status_code == 302


def test_a_new_password_from_the_reset_letter_lifts_the_lock(settings):
    user = make_user("owner")
    attacker = CsrfClient()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        try_login(attacker, "/accounts/login/", user.username, "bad", REMOTE_ADDR="10.6.6.6")

    owner = CsrfClient()
    sent = owner.submit("/accounts/password/reset/", {"email": user.email}, REMOTE_ADDR="10.7.7.7")
    assert sent.status_code == 302
    link = re.search(r"http://[^/]+(/accounts/password/reset/\S+/)", mail.outbox[-1].body).group(1)
    form_page = owner.get(link, REMOTE_ADDR="10.7.7.7", follow=True)
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    done = owner.submit(
        set_url,
        {"new_password1": "Brand-new-pass-2026", "new_password2": "Brand-new-pass-2026"},
        REMOTE_ADDR="10.7.7.7",
    )
    assert done.status_code == 302
    back = try_login(CsrfClient(), "/accounts/login/", user.username, "Brand-new-pass-2026",
                     REMOTE_ADDR="10.7.7.7")  # fmt: skip
    assert back.status_code == 302


def signup(email):
    return {
        "email": email, "display_name": "Спамер", "password1": "Very-long-pass-2026",
        "password2": "Very-long-pass-2026", "organisation_type": "none", "role": "volunteer",
        "personal_data_consent": "on",
    }  # fmt: skip


def test_sign_ups_from_one_address_are_limited(settings):
    client = CsrfClient()
    limit = settings.FORM_SUBMISSIONS_PER_HOUR
    statuses = [
        client.submit("/accounts/signup/", signup(f"bot{n}@example.org")).status_code
        for n in range(40)
    ]
    assert statuses[:limit] == [302] * limit
    assert statuses[limit:] == [429] * (40 - limit)
    assert get_user_model().objects.filter(email__startswith="bot").count() == limit
    refused = client.submit("/accounts/signup/", signup("late@example.org"))
    assert "Слишком много попыток с вашего адреса" in refused.content.decode()


def test_password_reset_letters_from_one_address_are_limited(settings):
    user = make_user("target")
    client = CsrfClient()
    statuses = [
        client.submit("/accounts/password/reset/", {"email": user.email}).status_code
        for _ in range(40)
    ]
    limit = settings.FORM_SUBMISSIONS_PER_HOUR
    assert statuses[:limit] == [302] * limit
    assert statuses[limit:] == [429] * (40 - limit)
    assert len(mail.outbox) == limit


def test_guest_registrations_from_one_address_are_limited(conference, settings):
    from events.models import Registration

    client = CsrfClient()
    limit = settings.FORM_SUBMISSIONS_PER_HOUR
    statuses = [
        client.submit("/crimea/conference/", form_data(email=f"guest{n}@example.org")).status_code
        for n in range(40)
    ]
    assert statuses[:limit] == [302] * limit
    assert statuses[limit:] == [429] * (40 - limit)
    assert Registration.objects.count() == limit
    assert len(mail.outbox) == limit
