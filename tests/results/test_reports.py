"""The report workflow over HTTP: a representative fills and submits, the
region's moderator accepts or returns with a comment (only their region's),
late reports are reminded by e-mail."""

import datetime
import io

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from practices.models import ServiceType, TargetGroup
from results.models import OrganisationReport
from tests.conftest import make_user

from .conftest import accepted_report, past_period

Status = OrganisationReport.Status


def report_post(action="save", rows=(), active=10, new=3, held=2, **recipients):
    data = {
        "action": action,
        "volunteers_active": active,
        "volunteers_new": new,
        "events_held": held,
        "notes": "",
        "services-TOTAL_FORMS": len(rows),
        "services-INITIAL_FORMS": 0,
        "services-MIN_NUM_FORMS": 0,
        "services-MAX_NUM_FORMS": 60,
    }
    for index, (service, target, hours, cases) in enumerate(rows):
        data[f"services-{index}-service_type"] = ServiceType.objects.get(slug=service).pk
        data[f"services-{index}-target_group"] = TargetGroup.objects.get(slug=target).pk
        data[f"services-{index}-hours"] = hours
        data[f"services-{index}-cases"] = cases
    for slug, people in recipients.items():
        data[f"recipients_{slug}"] = people
    return data


def test_representative_fills_saves_and_submits_a_report(
    client, participants, periods, people, django_capture_on_commit_callbacks
):
    rep, org = participants["karelia"]["rep"], participants["karelia"]["org"]
    period = past_period(periods)
    client.force_login(rep)
    assert client.get(reverse("results:reports")).status_code == 200
    url = reverse("results:report", args=[period.pk])
    response = client.post(url, report_post(rows=[("bytovye", "deti", 120, 40)], deti=35))
    assert response.status_code == 302
    report = OrganisationReport.objects.get(organisation=org, period=period)
    assert report.status == Status.DRAFT
    assert list(report.service_rows.values_list("hours", "cases")) == [(120, 40)]

    # Saving again replaces the rows whole.
    rows = [("bytovye", "deti", 100, 30), ("dosug", "starshee-pokolenie", 50, 10)]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, report_post("submit", rows=rows, deti=30))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED
    assert report.submitted_by == rep
    assert sorted(report.service_rows.values_list("hours", flat=True)) == [50, 100]
    assert list(report.recipient_rows.values_list("people", flat=True)) == [30]
    # The region's moderator is told.
    assert [m.to for m in mail.outbox] == [[people["karelia"]["moderator"].email]]

    # A submitted report cannot be changed any more.
    response = client.post(url, report_post(active=999))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.volunteers_active == 10


def test_bad_figures_are_refused_in_russian_and_nothing_is_saved(client, participants, periods):
    rep, org = participants["crimea"]["rep"], participants["crimea"]["org"]
    period = past_period(periods)
    client.force_login(rep)
    url = reverse("results:report", args=[period.pk])
    response = client.post(url, report_post(active=2, new=5))
    assert response.status_code == 400
    assert "Новых добровольцев не может быть больше, чем активных." in response.content.decode()
    response = client.post(
        url, report_post(rows=[("bytovye", "deti", 1, 1), ("bytovye", "deti", 2, 2)])
    )
    assert response.status_code == 400
    assert "повторяется" in response.content.decode()
    response = client.post(url, report_post(rows=[("bytovye", "deti", -5, 1)]))
    assert response.status_code == 400
    assert "Число не может быть отрицательным." in response.content.decode()
    data = report_post()
    data["services-TOTAL_FORMS"] = 5000
    response = client.post(url, data)
    assert response.status_code == 400
    report = OrganisationReport.objects.get(organisation=org, period=period)
    assert report.volunteers_active == 0
    assert not report.service_rows.exists()


def test_only_a_representative_fills_reports(client, participants, periods):
    period = past_period(periods)
    stranger = make_user("stranger")
    client.force_login(stranger)
    response = client.post(reverse("results:report", args=[period.pk]), report_post())
    assert response.status_code == 403
    assert not OrganisationReport.objects.exists()
    response = client.get(reverse("results:reports"))
    assert response.status_code == 403
    client.logout()
    response = client.get(reverse("results:reports"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_moderator_accepts_and_returns_only_own_regions_reports(
    client, participants, periods, people, django_capture_on_commit_callbacks
):
    period = past_period(periods)
    karelia = accepted_report(participants["karelia"]["org"], period, status=Status.SUBMITTED)
    crimea = accepted_report(participants["crimea"]["org"], period, status=Status.SUBMITTED)
    moderator = people["karelia"]["moderator"]
    client.force_login(moderator)

    queue = client.get(reverse("results_admin:reports"))
    assert queue.status_code == 200
    assert list(queue.context["reports"]) == [karelia]

    response = client.post(reverse("results_admin:report", args=[crimea.pk]), {"action": "accept"})
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    crimea.refresh_from_db()
    assert crimea.status == Status.SUBMITTED

    # Returning needs a comment.
    url = reverse("results_admin:report", args=[karelia.pk])
    response = client.post(url, {"action": "return", "comment": " "})
    assert response.status_code == 302
    karelia.refresh_from_db()
    assert karelia.status == Status.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "return", "comment": "Уточните часы досуга"})
    assert response.status_code == 302
    karelia.refresh_from_db()
    assert karelia.status == Status.RETURNED
    assert karelia.review_comment == "Уточните часы досуга"
    assert mail.outbox[-1].to == [participants["karelia"]["rep"].email]
    assert "Уточните часы досуга" in mail.outbox[-1].body

    # The representative corrects and resubmits; the moderator accepts.
    client.force_login(participants["karelia"]["rep"])
    client.post(reverse("results:report", args=[period.pk]), report_post("submit", active=12))
    karelia.refresh_from_db()
    assert karelia.status == Status.SUBMITTED
    client.force_login(moderator)
    response = client.post(url, {"action": "accept"})
    assert response.status_code == 302
    karelia.refresh_from_db()
    assert (karelia.status, karelia.reviewed_by) == (Status.ACCEPTED, moderator)
    # An editor (not a moderator) cannot review.
    client.force_login(people["karelia"]["editor"])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def test_late_reports_are_reminded_once_per_interval(participants, periods, settings):
    settings.RESULTS_REMINDER_INTERVAL_DAYS = 7
    today = timezone.localdate()
    due = [p for p in periods if p.due < today]
    # Crimea submitted everything; the others nothing.
    for period in due:
        accepted_report(participants["crimea"]["org"], period, status=Status.SUBMITTED)
    out = io.StringIO()
    call_command("send_report_reminders", stdout=out)
    reminded = sorted(address for message in mail.outbox for address in message.to)
    assert reminded == sorted(
        participants[slug]["rep"].email for slug in ("karelia", "kaliningrad", "spb")
    )
    # One letter per organisation, listing each late period.
    karelia_letter = next(m for m in mail.outbox if m.to == [participants["karelia"]["rep"].email])
    assert due[-1].label in karelia_letter.body
    # A second run within the interval sends nothing.
    mail.outbox.clear()
    call_command("send_report_reminders", stdout=out)
    assert mail.outbox == []
    # After the interval, again.
    OrganisationReport.objects.update(reminded_at=timezone.now() - datetime.timedelta(days=8))
    call_command("send_report_reminders", stdout=out)
    assert len(mail.outbox) == 3


def test_cabinet_lists_the_reports_a_representative_still_has_to_submit(participants, periods):
    from results.services import reports_to_fill

    rep, org = participants["spb"]["rep"], participants["spb"]["org"]
    organisation, todo = reports_to_fill(rep)
    assert organisation == org
    ended = [p for p in periods if p.end < timezone.localdate()]
    assert [period for period, _report in todo] == sorted(
        ended, key=lambda p: p.start, reverse=True
    )
    accepted_report(org, ended[-1], status=Status.ACCEPTED)
    accepted_report(org, ended[-2], status=Status.RETURNED)
    _org, todo = reports_to_fill(rep)
    assert ended[-1] not in [period for period, _report in todo]
    assert ended[-2] in [period for period, _report in todo]
    assert reports_to_fill(make_user("nobody")) == (None, [])
