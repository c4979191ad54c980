"""Fixtures for the events tests: the /events/ listing and a few events."""

import datetime
import re

from django.utils import timezone

import pytest

from events.models import EventIndexPage, EventKind, EventPage

QUESTIONS = [
    (
        "question",
        {
            "label": "Организация",
            "field_type": "text",
            "choices": "",
            "required": True,
            "help_text": "",
        },
    ),
    (
        "question",
        {
            "label": "Ваш регион",
            "field_type": "choice",
            "choices": "Республика Крым\nСанкт-Петербург",
            "required": False,
            "help_text": "",
        },
    ),
]


@pytest.fixture
def events_index(home_page):
    index = EventIndexPage(title="События", slug="events")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    return index


def make_event(parent, title="Вебинар о добровольчестве", slug=None, publish=True, **fields):
    now = timezone.now()
    defaults = {
        "kind": EventKind.WEBINAR,
        "start": now + datetime.timedelta(days=10),
        "end": now + datetime.timedelta(days=10, hours=2),
        "registration_opens": now - datetime.timedelta(days=1),
    }
    defaults.update(fields)
    event = EventPage(
        title=title,
        slug=slug or f"event-{EventPage.objects.count() + 1}",
        live=publish,
        **defaults,
    )
    parent.add_child(instance=event)
    revision = event.save_revision()
    if publish:
        revision.publish()
    event.refresh_from_db()
    return event


@pytest.fixture
def conference(regions, events_index):
    """The Crimea conference: 2 places, a waiting list, two questions.

    Starts 12 May 2031 10:00 in Simferopol (07:00 UTC).
    """
    return make_event(
        regions["crimea"].hub,
        title="Новые технологии и успешные практики",
        slug="conference",
        kind=EventKind.CONFERENCE,
        start=datetime.datetime(2031, 5, 12, 7, 0, tzinfo=datetime.UTC),
        end=datetime.datetime(2031, 5, 13, 14, 0, tzinfo=datetime.UTC),
        venue_name="Крымский федеральный университет",
        venue_address="Симферополь, проспект Академика Вернадского, 4",
        organiser_email="crimea@dobro-social.example",
        capacity=2,
        waitlist_enabled=True,
        questions=QUESTIONS,
    )


@pytest.fixture
def webinar(regions, events_index):
    """An online Kaliningrad webinar (UTC+2) with an online link and no limit."""
    return make_event(
        regions["kaliningrad"].hub,
        title="Вебинар о серебряном добровольчестве",
        slug="webinar",
        start=datetime.datetime(2031, 3, 3, 9, 0, tzinfo=datetime.UTC),
        end=datetime.datetime(2031, 3, 3, 10, 30, tzinfo=datetime.UTC),
        online_url="https://webinar.example.org/room/silver",
    )


@pytest.fixture
def internship(regions, events_index):
    """A St. Petersburg internship whose applications the host approves (1 place)."""
    return make_event(
        regions["spb"].hub,
        title="Стажировка в доме-интернате",
        slug="internship",
        kind=EventKind.INTERNSHIP,
        capacity=1,
        waitlist_enabled=True,
        approval_required=True,
        host_organisation="Дом-интернат № 1",
        venue_address="Санкт-Петербург, Пискарёвский проспект, 52",
    )


CONSENTS = {"processing": True, "listing": False, "photo": False}


def form_data(**overrides):
    data = {
        "name": "Ирина Мельникова",
        "email": "irina@example.org",
        "phone": "+7 900 000-00-00",
        "q_0": "КЦСОН Симферополя",
        "q_1": "Республика Крым",
        "consent_processing": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def link_in(message, kind):
    """The site-relative path of a signed link of the given kind in a mail body."""
    pattern = r"https?://[^/\s]+(/events/registration/confirm/[^\s]+/)"
    if kind == "manage":
        pattern = r"https?://[^/\s]+(/events/registration/(?!confirm/)[^\s]+/)"
    found = re.search(pattern, message.body)
    assert found, f"no {kind} link in: {message.body}"
    return found.group(1)


def ics_of(message):
    attachments = [a for a in message.attachments if a[0] == "event.ics"]
    assert len(attachments) == 1, "expected one event.ics attachment"
    content = attachments[0][1]
    return content.decode() if isinstance(content, bytes) else content


def unfold(ics_text):
    """Undo RFC 5545 line folding so assertions can read whole lines."""
    return ics_text.replace("\r\n ", "").replace("\n ", "")
