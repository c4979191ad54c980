"""The outbox through the admin and /health/: retries, giving up, region scoping,
resending, the failing-letters warning, and the worker's schedule."""

import datetime
import json

from django.core import mail
from django.utils import timezone

import pytest

from background.mail import deliver_due, queue_mail
from background.models import Letter, ScheduledJob
from background.schedule import enqueue_due_jobs
from tests.conftest import make_user

Status = Letter.Status


@pytest.fixture
def mail_server_down(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 9  # nothing listens on the discard port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 2


def test_a_letter_is_retried_for_at_least_a_day_then_marked_failed(db, mail_server_down):
    letter = queue_mail("Тема", "Текст", ["anna@example.org"], kind="test")
    letter.refresh_from_db()
    assert (letter.status, letter.attempts) == (Status.QUEUED, 1)  # tried at once, refused
    assert "Connection refused" in letter.last_error or "Errno" in letter.last_error
    start = letter.created_at
    hours = [0.5, 2, 6, 12, 20, 23.5]
    for hour in hours:
        deliver_due(now=start + datetime.timedelta(hours=hour))
        letter.refresh_from_db()
        assert letter.status == Status.QUEUED, hour
    assert letter.attempts == 1 + len(hours)
    assert letter.next_attempt_at > start + datetime.timedelta(hours=23.5)
    deliver_due(now=start + datetime.timedelta(hours=49))
    letter.refresh_from_db()
    assert letter.status == Status.FAILED
    assert letter.next_attempt_at is None


def test_regional_editor_sees_and_resends_only_letters_of_own_region(client, people, regions):
    own = queue_mail("Письмо Карелии", "Текст", ["a@example.org"], region=regions["karelia"])
    other = queue_mail("Письмо Крыма", "Текст", ["b@example.org"], region=regions["crimea"])
    unscoped = queue_mail("Сброс пароля", "Текст", ["c@example.org"])
    assert len(mail.outbox) == 3
    client.force_login(people["karelia"]["editor"])

    listing = client.get("/admin/letters/")
    assert listing.status_code == 200
    content = listing.content.decode()
    assert "Письмо Карелии" in content
    assert "Письмо Крыма" not in content and "Сброс пароля" not in content
    # Wagtail answers a PermissionDenied by a redirect to the dashboard.
    for letter in (other, unscoped):
        denied = client.get(f"/admin/letters/{letter.pk}/")
        assert (denied.status_code, denied["Location"]) == (302, "/admin/")

    refused = client.post(f"/admin/letters/{other.pk}/resend/")
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    assert len(mail.outbox) == 3
    assert Letter.objects.get(pk=other.pk).attempts == 1

    resent = client.post(f"/admin/letters/{own.pk}/resend/")
    assert resent.status_code == 302
    assert resent["Location"] == "/admin/letters/"
    assert [m.subject for m in mail.outbox[3:]] == ["Письмо Карелии"]
    own.refresh_from_db()
    assert own.status == Status.SENT


def test_a_member_without_a_region_gets_no_letters_menu(client, regions):
    member = make_user("member", is_staff=False)
    client.force_login(member)
    response = client.get("/admin/letters/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_health_reports_the_queue_and_warns_when_letters_fail_for_an_hour(
    client, db, mail_server_down
):
    response = client.get("/health/")
    assert response.status_code == 200
    report = json.loads(response.content)
    assert report["database"]["ok"] and report["cache"]["ok"]
    assert report["letters"] == {"ok": True, "last_sent_at": None, "failing_since": None}
    assert "ready_tasks" in report["queue"]

    letter = queue_mail("Тема", "Текст", ["anna@example.org"])
    Letter.objects.filter(pk=letter.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=61)
    )
    report = json.loads(client.get("/health/").content)
    assert report["letters"]["ok"] is False
    assert report["status"] == "degraded"

    admin = make_user("root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    dashboard = client.get("/admin/").content.decode()
    assert "Письма не отправляются" in dashboard


def test_health_answers_503_when_the_database_is_gone(client, db, monkeypatch):
    from background import views

    def broken():
        raise RuntimeError("database is unreachable")

    monkeypatch.setitem(views.CHECKS, "database", broken)
    response = client.get("/health/")
    assert response.status_code == 503
    assert json.loads(response.content)["status"] == "down"


def test_each_periodic_job_is_enqueued_once_per_interval_and_shown_in_the_admin(client, db):
    first = enqueue_due_jobs()
    assert set(first) >= {"outbox", "event-reminders", "topic-views", "forum-digests"}
    assert enqueue_due_jobs() == []  # the interval has not passed
    job = ScheduledJob.objects.get(name="event-reminders")
    assert job.last_outcome == ScheduledJob.Outcome.OK  # ran at once (immediate backend)
    assert job.last_success_at is not None

    admin = make_user("root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    page = client.get("/admin/letters/jobs/")
    assert page.status_code == 200
    assert "event-reminders" in page.content.decode()


def test_every_scheduled_job_names_something_that_exists(settings):
    from django.core.management import get_commands
    from django.utils.module_loading import import_string

    for name, spec in settings.SCHEDULED_JOBS.items():
        assert spec["every"] > 0, name
        if spec["run"].startswith("command:"):
            assert spec["run"].split(":", 1)[1] in get_commands(), name
        else:
            assert callable(import_string(spec["run"])), name
