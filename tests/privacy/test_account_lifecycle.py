"""Issue 17, item 6: confirmation links are single-use and dead once the account is
active or deactivated; they carry no e-mail; sign-up does not reveal addresses.

Before the fix an account an administrator deactivated was re-activated by its old
sign-up link (valid 3 days), and the link's payload held the e-mail in base64."""

import base64
import re

from django.contrib.auth import get_user_model
from django.core import mail

import pytest

from .conftest import CsrfClient

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def signed_up(regions, django_capture_on_commit_callbacks):
    data = {
        "email": "olga@example.org", "display_name": "Ольга", "password1": "Very-long-pass-2026",
        "password2": "Very-long-pass-2026", "organisation_type": "none", "role": "volunteer",
        "personal_data_consent": "on",
    }  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = CsrfClient().submit("/accounts/signup/", data)
    assert response.status_code == 302
    link = re.search(r"https?://[^/\s]+(/accounts/confirm/\S+/)", mail.outbox[-1].body).group(1)
    return User.objects.get(email="olga@example.org"), link


def confirm(link):
    client = CsrfClient()
    response = client.get(link)
    if response.status_code == 200 and "csrfmiddlewaretoken" in response.content.decode():
        response = client.submit(link, {})
    return response


def test_the_link_carries_no_email(signed_up):
    _user, link = signed_up
    token = link.rstrip("/").rsplit("/", 1)[-1]
    payload = token.split(":")[0]
    decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    assert b"olga" not in decoded and b"example.org" not in decoded


def test_a_confirmation_link_works_once(signed_up):
    user, link = signed_up
    assert confirm(link).status_code == 302
    user.refresh_from_db()
    assert user.is_active
    again = confirm(link)
    assert again.status_code == 400
    assert "Ссылка уже использована или больше не действует" in again.content.decode()


def test_a_deactivated_account_is_not_reactivated_by_its_old_link(signed_up):
    user, link = signed_up
    assert confirm(link).status_code == 302
    User.objects.filter(pk=user.pk).update(is_active=False)  # an administrator's decision
    response = confirm(link)
    assert response.status_code == 400
    user.refresh_from_db()
    assert not user.is_active


def test_a_deactivated_account_never_confirmed_stays_inactive_with_its_link(signed_up):
    """Deactivating after sign-up but before confirmation: the state the link was
    made for still holds (inactive, never confirmed), so the administrator's decision
    must be a change of state too: they set the address confirmed or delete it."""
    user, link = signed_up
    user.email = "changed@example.org"
    user.save()
    assert confirm(link).status_code == 400
    user.refresh_from_db()
    assert not user.is_active


def test_sign_up_with_a_registered_address_answers_like_a_new_one(
    signed_up, django_capture_on_commit_callbacks
):
    assert confirm(signed_up[1]).status_code == 302  # an active account
    data = {
        "email": "OLGA@example.org", "display_name": "Кто-то", "password1": "Other-long-pass-2026",
        "password2": "Other-long-pass-2026", "organisation_type": "none", "role": "volunteer",
        "personal_data_consent": "on",
    }  # fmt: skip
    fresh = dict(data, email="new-person@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        taken = CsrfClient().submit("/accounts/signup/", data)
        new = CsrfClient().submit("/accounts/signup/", fresh)
    assert (taken.status_code, taken["Location"]) == (new.status_code, new["Location"])
    assert User.objects.filter(email__iexact="olga@example.org").count() == 1
    letter = [m for m in mail.outbox if m.to == ["olga@example.org"]][-1]
    assert "У вас уже есть учётная запись" in letter.body


def test_an_event_link_carries_no_email_and_dies_after_the_event(conference, settings):
    import datetime

    from django.utils import timezone

    from events import tokens
    from events.models import Registration
    from tests.events.conftest import form_data

    client = CsrfClient()
    response = client.submit("/crimea/conference/", form_data(email="irina@example.org"))
    assert response.status_code == 302
    registration = Registration.objects.get()
    link = tokens.path(registration, "manage")
    payload = link.rstrip("/").rsplit("/", 1)[-1].split(":")[0]
    decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    assert b"irina" not in decoded and b"example.org" not in decoded
    assert client.get(link).status_code == 200

    Registration.objects.filter(pk=registration.pk).update(email="other@example.org")
    assert client.get(link).status_code == 404
    Registration.objects.filter(pk=registration.pk).update(email="irina@example.org")

    past = timezone.now() - datetime.timedelta(days=settings.EVENTS_MANAGE_LINK_DAYS_AFTER + 2)
    type(conference).objects.filter(pk=conference.pk).update(
        start=past - datetime.timedelta(hours=3), end=past
    )
    gone = client.get(link)
    assert gone.status_code == 410
    assert "Событие прошло" in gone.content.decode()


CSRF_VALUE = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+"')


def _as_seen(response, email):
    """The page with what is bound to differ anyway: the address typed, the token,
    the minute a letter went (the two sign-ups may straddle a minute)."""
    content = response.content.decode().replace(email, "ADDRESS")
    content = re.sub(r"\b\d{2}:\d{2}\b", "HH:MM", content)
    return CSRF_VALUE.sub(r'\1TOKEN"', content)


def _sign_up_and_ask_again(email):
    data = {
        "email": email, "display_name": "Кто-то", "password1": "Other-long-pass-2026",
        "password2": "Other-long-pass-2026", "organisation_type": "none", "role": "volunteer",
        "personal_data_consent": "on",
    }  # fmt: skip
    client = CsrfClient()
    signed = client.submit("/accounts/signup/", data)
    done = client.get(signed["Location"])
    resent = client.submit(signed["Location"], {}, post_url="/accounts/signup/resend/")
    again = client.get(resent["Location"])
    return [signed, done, resent, again]


@pytest.mark.parametrize("state", ["active", "waiting for confirmation"])
def test_sign_up_pages_are_the_same_for_a_registered_and_a_new_address(
    signed_up, state, django_capture_on_commit_callbacks, settings
):
    """Issue 17: before the fix the «Проверьте почту» page showed the letter's
    state and the address for a new one, a general text for a registered one."""
    settings.OUTBOX_RESEND_SECONDS = 0  # both may ask for the letter again at once
    if state == "active":
        assert confirm(signed_up[1]).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        taken = _sign_up_and_ask_again("olga@example.org")
        new = _sign_up_and_ask_again("new-person@example.org")
    for seen_taken, seen_new in zip(taken, new, strict=True):
        assert seen_taken.status_code == seen_new.status_code
        assert seen_taken.get("Location") == seen_new.get("Location")
        assert _as_seen(seen_taken, "olga@example.org") == _as_seen(
            seen_new, "new-person@example.org"
        )
    done = new[1].content.decode()
    assert "Письмо отправлено на new-person@example.org" in done
    assert "Письмо поставлено в очередь ещё раз." in new[3].content.decode()
    assert User.objects.filter(email="olga@example.org").count() == 1
    to_owner = [m for m in mail.outbox if m.to == ["olga@example.org"]]
    expected = "У вас уже есть учётная запись" if state == "active" else "/accounts/confirm/"
    assert len(to_owner) == 3  # the sign-up's own, then the two above
    assert all(expected in letter.body for letter in to_owner[1:])
