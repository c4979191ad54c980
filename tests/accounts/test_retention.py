"""Retention periods (issue 17, item 7): `manage.py apply_retention`, run daily by
the worker, anonymises guest registrations of events that ended long ago, empties
old sent letters and deletes old login records — and nothing younger.

Before this, registrations, letters' texts and login records were kept for ever
(no such command)."""

import datetime
import io

from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

import pytest
from axes.models import AccessAttempt, AccessLog

from accounts.retention import RETAINED_NAME, months_before
from background.mail import queue_mail
from background.models import Letter
from events.models import EventKind, Registration
from tests.conftest import make_user
from tests.events.conftest import make_event

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def past_event(parent, months_ago, slug):
    end = months_before(NOW, months_ago)
    return make_event(
        parent,
        title=f"Вебинар {slug}",
        slug=slug,
        kind=EventKind.WEBINAR,
        start=end - datetime.timedelta(hours=2),
        end=end,
        registration_opens=end - datetime.timedelta(days=30),
    )


def registration(event, name, email, user=None, status=Registration.Status.CONFIRMED):
    return Registration.objects.create(
        event=event,
        user=user,
        name=name,
        email=email,
        phone="+7 900 000-00-00",
        answers={"Организация": "АНО «Тёплый дом»"},
        status=status,
        consent_processing_version="2025-09-01",
        consent_processing_at=NOW - datetime.timedelta(days=500),
        checked_in_at=NOW - datetime.timedelta(days=400),
    )


def run(*args):
    out = io.StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def test_months_before_keeps_the_day_or_takes_the_last_of_a_shorter_month():
    moment = datetime.datetime(2026, 3, 31, 12, 0, tzinfo=datetime.UTC)
    assert months_before(moment, 1) == datetime.datetime(2026, 2, 28, 12, 0, tzinfo=datetime.UTC)
    assert months_before(moment, 12) == datetime.datetime(2025, 3, 31, 12, 0, tzinfo=datetime.UTC)
    assert months_before(moment, 3) == datetime.datetime(2025, 12, 31, 12, 0, tzinfo=datetime.UTC)


def test_old_guest_registrations_lose_the_person_and_keep_the_counts(regions, events_index):
    hub = regions["karelia"].hub
    old = past_event(hub, 13, "old")
    recent = past_event(hub, 11, "recent")
    guest = registration(old, "Гость Давний", "guest@example.org")
    guest_cancelled = registration(
        old, "Гость Отменивший", "gone@example.org", status=Registration.Status.CANCELLED
    )
    member = make_user("member-old")
    members_own = registration(old, "Участница Сайта", member.email, user=member)
    young = registration(recent, "Гость Недавний", "young@example.org")
    counts_before = {
        status: old.registrations.filter(status=status).count()
        for status in Registration.Status.values
    }

    output = run()
    assert "обезличены: 2" in output

    guest.refresh_from_db()
    assert guest.name == RETAINED_NAME
    assert guest.email == f"deleted-{guest.pk}@deleted.invalid"
    assert (guest.phone, guest.answers) == ("", {})
    assert guest.status == Registration.Status.CONFIRMED and guest.checked_in_at is not None
    guest_cancelled.refresh_from_db()
    assert guest_cancelled.email.endswith("@deleted.invalid")
    # A member's registration stays in their cabinet; a recent one stays whole.
    members_own.refresh_from_db()
    assert (members_own.name, members_own.user) == ("Участница Сайта", member)
    young.refresh_from_db()
    assert (young.name, young.email) == ("Гость Недавний", "young@example.org")
    assert {
        status: old.registrations.filter(status=status).count()
        for status in Registration.Status.values
    } == counts_before
    # A second run changes nothing.
    assert "обезличены: 0" in run()


@override_settings(RETENTION_REGISTRATION_MONTHS=24)
def test_the_registration_period_is_a_setting(regions, events_index):
    old = past_event(regions["karelia"].hub, 13, "old")
    guest = registration(old, "Гость Давний", "guest@example.org")
    run()
    guest.refresh_from_db()
    assert guest.name == "Гость Давний"


def test_old_sent_letters_lose_their_text_and_keep_the_log(db):
    old = queue_mail("Подтвердите регистрацию", "Ссылка: https://portal/confirm/abc", ["a@x.org"])
    young = queue_mail("Напоминание", "Завтра вебинар", ["a@x.org"])
    waiting = queue_mail("В очереди", "Ещё не отправлено", ["a@x.org"])
    Letter.objects.filter(pk=old.pk).update(
        status=Letter.Status.SENT, sent_at=NOW - datetime.timedelta(days=8)
    )
    Letter.objects.filter(pk=young.pk).update(
        status=Letter.Status.SENT, sent_at=NOW - datetime.timedelta(days=6)
    )
    Letter.objects.filter(pk=waiting.pk).update(created_at=NOW - datetime.timedelta(days=8))

    assert "Текст удалён из 1 отправленного письма." in run()

    old.refresh_from_db()
    assert (old.body, old.alternatives, old.attachments) == ("", [], [])
    assert (old.subject, old.to, old.status) == ("Подтвердите регистрацию", ["a@x.org"], "sent")
    young.refresh_from_db()
    assert young.body == "Завтра вебинар"
    waiting.refresh_from_db()
    assert waiting.body == "Ещё не отправлено"
    assert "Текст удалён из 0 отправленных писем." in run()


def test_old_login_records_are_deleted(db):
    for days in (31, 29):
        moment = NOW - datetime.timedelta(days=days)
        attempt = AccessAttempt.objects.create(
            username=f"user-{days}", ip_address="10.0.0.1", failures_since_start=3
        )
        log = AccessLog.objects.create(username=f"user-{days}", ip_address="10.0.0.1")
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=moment)
        AccessLog.objects.filter(pk=log.pk).update(attempt_time=moment)

    assert "Удалено 2 записи о входе." in run()
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["user-29"]
    assert list(AccessLog.objects.values_list("username", flat=True)) == ["user-29"]


def test_a_dry_run_counts_and_changes_nothing(regions, events_index):
    old = past_event(regions["karelia"].hub, 13, "old")
    guest = registration(old, "Гость Давний", "guest@example.org")
    output = run("--dry-run")
    assert "Пробный запуск" in output and "обезличены: 1" in output
    guest.refresh_from_db()
    assert guest.name == "Гость Давний"


def test_the_worker_runs_it_daily(settings):
    assert settings.SCHEDULED_JOBS["retention"] == {
        "run": "command:apply_retention",
        "every": 86400,
    }


def test_an_emptied_letter_is_not_resent_from_the_admin(client):
    from django.core import mail

    letter = queue_mail("Подтвердите регистрацию", "Ссылка: https://portal/c/abc", ["a@x.org"])
    Letter.objects.filter(pk=letter.pk).update(
        status=Letter.Status.SENT, sent_at=NOW - datetime.timedelta(days=8)
    )
    run()
    sent_before = len(mail.outbox)
    client.force_login(make_user("root", is_superuser=True, is_staff=True))
    detail = client.get(f"/admin/letters/{letter.pk}/").content.decode()
    assert "Текст письма удалён по сроку хранения." in detail
    assert f"/admin/letters/{letter.pk}/resend/" not in detail
    refused = client.post(f"/admin/letters/{letter.pk}/resend/")
    assert (refused.status_code, refused["Location"]) == (302, "/admin/letters/")
    assert len(mail.outbox) == sent_before
    letter.refresh_from_db()
    assert (letter.status, letter.body) == (Letter.Status.SENT, "")
