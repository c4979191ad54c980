"""The events listing, calendars, the home and hub blocks, and search documents."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest
from icalendar import Calendar

from events.models import EventKind
from tests.events.conftest import make_event


def titles_in(content, titles):
    return [title for title in titles if title in content]


@pytest.fixture
def mixed_events(regions, events_index):
    now = timezone.now()
    make_event(regions["crimea"].hub, "Конференция в Крыму", kind=EventKind.CONFERENCE)
    make_event(regions["spb"].hub, "Стажировка в Петербурге", kind=EventKind.INTERNSHIP)
    make_event(
        regions["karelia"].hub,
        "Прошедший вебинар Карелии",
        start=now - datetime.timedelta(days=30),
        end=now - datetime.timedelta(days=30, hours=-2),
    )
    make_event(regions["karelia"].hub, "Черновик события", publish=False)
    make_event(
        events_index,
        "Обучение координаторов",
        kind=EventKind.TRAINING,
        region=regions["kaliningrad"],
    )


ALL = [
    "Конференция в Крыму",
    "Стажировка в Петербурге",
    "Прошедший вебинар Карелии",
    "Черновик события",
    "Обучение координаторов",
]


def test_listing_shows_upcoming_live_events_by_default(client, mixed_events):
    content = client.get("/events/").content.decode()
    assert titles_in(content, ALL) == [
        "Конференция в Крыму",
        "Стажировка в Петербурге",
        "Обучение координаторов",
    ]
    assert "/events/calendar.ics" in content
    assert '<link rel="alternate" type="text/calendar"' in content


def test_listing_shows_past_events_on_request(client, mixed_events):
    content = client.get("/events/?when=past").content.decode()
    assert titles_in(content, ALL) == ["Прошедший вебинар Карелии"]


def test_listing_filters_by_kind_and_region(client, mixed_events):
    by_kind = client.get("/events/?kind=internship").content.decode()
    assert titles_in(by_kind, ALL) == ["Стажировка в Петербурге"]
    by_region = client.get("/events/?region=kaliningrad").content.decode()
    assert titles_in(by_region, ALL) == ["Обучение координаторов"]
    nothing = client.get("/events/?kind=conference&region=spb").content.decode()
    assert titles_in(nothing, ALL) == []
    assert "Предстоящих событий с такими условиями пока нет." in nothing
    junk = client.get("/events/?kind=zzz&region=zzz&when=zzz&page=zzz")
    assert junk.status_code == 200
    assert len(titles_in(junk.content.decode(), ALL)) == 3


def _count_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def test_listing_and_blocks_use_a_constant_number_of_queries(
    client, regions, events_index, caches_off
):
    # The cost of rendering: with the caches on, a repeated request costs none.
    for number in range(2):
        make_event(regions["crimea"].hub, f"Событие {number}", capacity=10)
    client.get("/events/")  # warm Wagtail's site-root cache
    small = [_count_queries(client, path) for path in ("/events/", "/", "/crimea/")]
    for number in range(2, 8):
        make_event(regions["crimea"].hub, f"Событие {number}", capacity=10)
    large = [_count_queries(client, path) for path in ("/events/", "/", "/crimea/")]
    assert small == large


def test_event_page_uses_a_bounded_number_of_queries(
    client, conference, django_assert_max_num_queries
):
    client.get("/crimea/conference/")
    with django_assert_max_num_queries(20):
        assert client.get("/crimea/conference/").status_code == 200


def test_home_page_and_region_hubs_show_upcoming_events(client, mixed_events):
    home = client.get("/").content.decode()
    assert "Конференция в Крыму" in home
    assert "Прошедший вебинар Карелии" not in home
    crimea = client.get("/crimea/").content.decode()
    assert "Конференция в Крыму" in crimea
    assert "Стажировка в Петербурге" not in crimea
    karelia = client.get("/karelia/").content.decode()
    assert "Ближайших событий в регионе пока нет." in karelia


def test_event_ics_has_utc_times_and_no_online_link(client, webinar):
    response = client.get(f"/events/ics/{webinar.pk}.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == datetime.datetime(2031, 3, 3, 9, 0, tzinfo=datetime.UTC)
    assert event.decoded("dtend") == datetime.datetime(2031, 3, 3, 10, 30, tzinfo=datetime.UTC)
    assert str(event["summary"]) == "Вебинар о серебряном добровольчестве"
    assert "DTSTART:20310303T090000Z" in response.content.decode()
    assert "webinar.example.org" not in response.content.decode()
    assert "Калининград, UTC+2" in str(event["description"])


def test_unpublished_event_has_no_ics(client, regions, events_index):
    draft = make_event(regions["crimea"].hub, "Черновик", publish=False)
    assert client.get(f"/events/ics/{draft.pk}.ics").status_code == 404


def test_calendar_feeds_list_upcoming_events_all_and_per_region(client, mixed_events):
    def summaries(path):
        calendar = Calendar.from_ical(client.get(path).content)
        return sorted(str(item["summary"]) for item in calendar.walk("VEVENT"))

    assert summaries("/events/calendar.ics") == [
        "Конференция в Крыму",
        "Обучение координаторов",
        "Стажировка в Петербурге",
    ]
    assert summaries("/events/calendar/spb.ics") == ["Стажировка в Петербурге"]
    assert summaries("/events/calendar/karelia.ics") == []
    assert client.get("/events/calendar/atlantis.ics").status_code == 404


def test_event_search_document(conference):
    document = conference.search_document()
    assert document["kind"] == "event"
    assert document["title"] == "Новые технологии и успешные практики"
    assert document["region"].slug == "crimea"
    assert document["date"] == conference.start
    assert "Конференция" in document["body"]
    assert "Симферополь" in document["body"]
    assert document["target_groups"] == []
