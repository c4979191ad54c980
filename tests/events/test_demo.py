"""The demo content of events: built by seed_demo, stable on a second run."""

import io

from django.core import mail
from django.core.management import call_command

import pytest

from events.demo import CONFERENCE_TITLE
from events.models import EventKind, EventPage, Registration

Status = Registration.Status


@pytest.fixture
def seeded(db):
    call_command("seed_demo", stdout=io.StringIO())


def test_seed_demo_builds_the_programmes_events_and_a_second_run_changes_nothing(seeded, client):
    events = {event.slug: event for event in EventPage.objects.select_related("region")}
    registrations = Registration.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    # six upcoming events and the two past conferences of the results (results/demo.py)
    assert EventPage.objects.count() == len(events) == 8
    assert Registration.objects.count() == registrations > 0
    assert not mail.outbox

    conference = events["conference-crimea"]
    assert conference.title == CONFERENCE_TITLE
    assert conference.region.slug == "crimea"
    assert conference.registration_state() == "open"
    confirmed = conference.registrations.filter(status=Status.CONFIRMED).count()
    assert confirmed < conference.capacity

    internships = [e for e in events.values() if e.kind == EventKind.INTERNSHIP]
    assert len(internships) == 3
    assert {e.region.slug for e in internships} == {"spb"}
    assert len({e.host_organisation for e in internships}) == 3
    full = events["internship-spb-resource-centre"]
    assert full.registrations.filter(status=Status.CONFIRMED).count() == full.capacity
    assert full.registrations.filter(status=Status.WAITLISTED).exists()
    assert events["internship-spb-care-home"].approval_required
    assert len([e for e in events.values() if e.kind == EventKind.WEBINAR]) == 2

    for event in events.values():
        response = client.get(event.url)
        assert response.status_code == 200, event.url
        assert event.title in response.content.decode()
    listing = client.get("/events/").content.decode()
    upcoming = [event for event in events.values() if not event.is_past]
    assert len(upcoming) == 6
    assert all(event.title in listing for event in upcoming)
    home = client.get("/").content.decode()
    assert "Вебинар" in home


def test_full_demo_internship_offers_the_waiting_list(seeded, client):
    content = client.get("/spb/internship-spb-resource-centre/").content.decode()
    assert "Всего 3, свободно 0" in content
    assert "после регистрации вы попадёте в лист ожидания" in content
