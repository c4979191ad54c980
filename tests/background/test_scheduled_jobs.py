"""The worker's periodic jobs do the cron lines' work, each idempotent."""

import datetime

from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Profile
from background.models import ScheduledJob
from background.schedule import run_job
from events import services
from events.models import Registration
from tests.conftest import make_user

User = get_user_model()


def test_event_reminders_go_out_once_from_the_schedule(webinar):
    webinar.start = timezone.now() + datetime.timedelta(days=2)
    webinar.end = webinar.start + datetime.timedelta(hours=1)
    webinar.reminder_days = 3
    webinar.save()
    member = make_user("olga")
    services.register(
        webinar, name="Ольга", email=member.email, consents={"processing": True}, user=member
    )
    mail.outbox.clear()
    run_job("event-reminders")
    run_job("event-reminders")
    assert [m.subject.split(":")[0] for m in mail.outbox] == ["Напоминание"]
    assert "Вебинар о серебряном добровольчестве" in mail.outbox[0].subject
    job = ScheduledJob.objects.get(name="event-reminders")
    assert job.last_outcome == ScheduledJob.Outcome.OK
    assert job.last_message == "0"  # the second run found nothing left to send


def test_unconfirmed_guest_registrations_are_deleted_after_the_link_expires(webinar):
    webinar.registration_opens = timezone.now() - datetime.timedelta(days=10)
    webinar.save()
    old = services.register(
        webinar, name="Старая", email="old@example.org", consents={"processing": True},
        now=timezone.now() - datetime.timedelta(days=4),
    )  # fmt: skip
    fresh = services.register(
        webinar, name="Новая", email="new@example.org", consents={"processing": True}
    )
    run_job("expire-unconfirmed-registrations")
    run_job("expire-unconfirmed-registrations")
    assert list(Registration.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert not Registration.objects.filter(pk=old.pk).exists()


def test_unconfirmed_sign_ups_are_deleted_and_the_address_can_sign_up_again(
    client, signup_data, settings
):
    client.post(reverse("accounts:signup"), signup_data)
    email = signup_data["email"].lower()
    stale = User.objects.get(email=email)
    User.objects.filter(pk=stale.pk).update(date_joined=timezone.now() - datetime.timedelta(days=4))
    # Someone who confirmed and was later deactivated keeps the account.
    kept = make_user("kept", is_active=False)
    Profile.objects.create(user=kept, display_name="Kept", email_confirmed_at=timezone.now())
    User.objects.filter(pk=kept.pk).update(date_joined=timezone.now() - datetime.timedelta(days=9))

    run_job("expire-unconfirmed-sign-ups")
    assert not User.objects.filter(email=email).exists()
    assert User.objects.filter(pk=kept.pk).exists()

    again = client.post(reverse("accounts:signup"), signup_data)
    assert again.status_code == 302
    assert User.objects.filter(email=email, is_active=False).count() == 1


def test_an_expired_sign_up_with_someone_elses_address_leaves_their_registrations_alone(
    client, signup_data, webinar
):
    # The owner of the address registered as a guest and confirmed by e-mail.
    email = signup_data["email"].lower()
    owner = services.register(
        webinar, name="Хозяйка Адреса", email=email, consents={"processing": True}
    )
    services.confirm_email(owner)
    owner.refresh_from_db()
    assert owner.status == Registration.Status.CONFIRMED
    # Someone signs up with that address over HTTP and never confirms it.
    assert client.post(reverse("accounts:signup"), signup_data).status_code == 302
    User.objects.filter(email=email).update(date_joined=timezone.now() - datetime.timedelta(days=4))

    run_job("expire-unconfirmed-sign-ups")

    assert not User.objects.filter(email=email).exists()
    owner.refresh_from_db()
    assert owner.status == Registration.Status.CONFIRMED
    assert owner.name == "Хозяйка Адреса" and owner.email == email
