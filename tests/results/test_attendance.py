"""Attendance certificates: issued in bulk by the event's organisers to the
checked-in participants, verified on the courses' certificate page, downloaded
as PDF only by their holder (or the organisers), and counted on /results/."""

import datetime

from django.core import mail
from django.urls import reverse
from django.utils import timezone

import pytest

from events.models import EventKind, Registration
from results.models import AttendanceCertificate
from tests.conftest import make_user
from tests.events.conftest import events_index, make_event  # noqa: F401 - fixture


def register(event, name, email, user=None, checked_in=True, status="confirmed"):
    now = timezone.now()
    return Registration.objects.create(
        event=event,
        user=user,
        name=name,
        email=email,
        status=status,
        checked_in_at=now if checked_in else None,
        consent_processing_version="2025-09-01",
        consent_processing_at=now,
    )


@pytest.fixture
def past_conference(regions, events_index):  # noqa: F811
    now = timezone.now()
    return make_event(
        regions["crimea"].hub,
        title="Межрегиональная конференция",
        slug="conf-past",
        kind=EventKind.CONFERENCE,
        start=now - datetime.timedelta(days=3),
        end=now - datetime.timedelta(days=2),
        registration_opens=now - datetime.timedelta(days=30),
    )


def test_organiser_issues_certificates_to_checked_in_participants_once(
    client, people, past_conference, django_capture_on_commit_callbacks
):
    member = make_user("anna", first_name="Анна")
    came = register(past_conference, "Анна Петрова", member.email, user=member)
    guest = register(past_conference, "Иван Гость", "ivan@example.org")
    register(past_conference, "Не пришла", "absent@example.org", checked_in=False)
    register(past_conference, "Отменила", "cancel@example.org", status="cancelled")
    url = reverse("results_admin:attendance", args=[past_conference.pk])

    # Another region's editor may not.
    client.force_login(people["karelia"]["editor"])
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert not AttendanceCertificate.objects.exists()

    client.force_login(people["crimea"]["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    holders = set(AttendanceCertificate.objects.values_list("registration_id", flat=True))
    assert holders == {came.pk, guest.pk}
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.org", "ivan@example.org"]
    client.post(url)
    assert AttendanceCertificate.objects.count() == 2

    certificate = came.attendance_certificate
    # Public verification on the courses' certificate page.
    client.logout()
    page = client.get(reverse("courses:certificate", args=[certificate.code]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Анна Петрова" in html and "Межрегиональная конференция" in html
    assert client.get(reverse("courses:certificate", args=["DS-AAAA-BBBB-CCCC"])).status_code == 404

    # The PDF: the holder yes, another member no, anonymous to the login.
    pdf_url = reverse("results:attendance_pdf", args=[certificate.code])
    response = client.get(pdf_url)
    assert response.status_code == 302
    client.force_login(make_user("other"))
    assert client.get(pdf_url).status_code == 404
    client.force_login(member)
    response = client.get(pdf_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_certificates_wait_for_the_end_of_the_event(client, people, regions, events_index):  # noqa: F811
    upcoming = make_event(regions["crimea"].hub, title="Будущее", slug="future")
    register(upcoming, "Рано", "early@example.org")
    client.force_login(people["crimea"]["moderator"])
    response = client.post(reverse("results_admin:attendance", args=[upcoming.pk]))
    assert response.status_code == 302
    assert not AttendanceCertificate.objects.exists()


def test_the_issue_button_names_its_count_in_correct_russian(client, people, past_conference):
    url = reverse("results_admin:attendance", args=[past_conference.pk])
    client.force_login(people["crimea"]["editor"])

    def button():
        html = client.get(url).content.decode()
        start = html.index('<button type="submit" class="button"')
        return html[html.index(">", start) + 1 : html.index("</button>", start)]

    register(past_conference, "Участник 1", "p1@example.org")
    assert button() == "Выдать сертификат (1 участник)"
    for number in range(2, 22):
        register(past_conference, f"Участник {number}", f"p{number}@example.org")
        if number in (2, 5, 21):
            expected = {2: "2 участника", 5: "5 участников", 21: "21 участник"}[number]
            assert button() == f"Выдать сертификаты ({expected})"
