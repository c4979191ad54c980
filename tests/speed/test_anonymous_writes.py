"""Anonymous reading writes nothing to the database (issue 7).

machina stores a session for every anonymous visitor and bumps a topic's view
counter with an UPDATE per view; here neither happens: views are counted in the
shared cache and written in bulk by `manage.py flush_topic_views`.
"""

import io

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import pytest
from machina.apps.forum_conversation.models import Topic

from .conftest import KEY_PAGES

WRITE_VERBS = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def writes_in(captured):
    return [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].lstrip().split(" ", 1)[0].upper() in WRITE_VERBS
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("page_cache_seconds", [0, 300], ids=["page cache off", "page cache on"])
def test_anonymous_visitor_reads_every_key_page_without_a_database_write(
    portal, settings, page_cache_seconds
):
    settings.PAGE_CACHE_SECONDS = page_cache_seconds
    urls = portal.urls()
    assert sorted(urls) == sorted(KEY_PAGES)
    # The very first rendering of an image at a given size stores its rendition
    # (Wagtail makes each resized file once, for good): render every page once
    # before the visitors come.
    for url in urls.values():
        Client().get(url)
    client = Client()
    for name in KEY_PAGES:
        # Twice: a first visit (no cookies) and a returning one (csrftoken cookie).
        for visit in ("first", "again"):
            with CaptureQueriesContext(connection) as captured:
                response = client.get(urls[name])
            assert response.status_code == 200, name
            assert writes_in(captured) == [], f"{name} ({visit} visit) wrote to the database"
            assert settings.SESSION_COOKIE_NAME not in response.cookies, name
    assert Session.objects.count() == 0


@pytest.mark.django_db
def test_anonymous_visitor_with_a_language_cookie_gets_no_session(portal, settings):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/forum/")
    assert response.status_code == 200
    assert writes_in(captured) == []
    assert Session.objects.count() == 0


@pytest.mark.django_db
def test_topic_views_are_counted_in_the_cache_and_written_by_the_flush_command(portal, caches_off):
    topic = portal.topic
    before = Topic.objects.get(pk=topic.pk).views_count
    url = portal.urls()["topic of 50 posts"]
    for visitor in range(3):  # three visitors: one visitor counts once in a while
        assert Client(REMOTE_ADDR=f"192.0.2.{visitor + 1}").get(url).status_code == 200
    assert Topic.objects.get(pk=topic.pk).views_count == before

    out = io.StringIO()
    call_command("flush_topic_views", stdout=out)
    assert Topic.objects.get(pk=topic.pk).views_count == before + 3
    assert "3" in out.getvalue()

    # Nothing left in the buffer: a second flush adds nothing.
    call_command("flush_topic_views", stdout=io.StringIO())
    assert Topic.objects.get(pk=topic.pk).views_count == before + 3


@pytest.mark.django_db
def test_topic_views_are_flushed_when_the_buffer_grows_past_the_limit(portal, settings, caches_off):
    settings.FORUM_TOPIC_VIEWS_FLUSH_EVERY = 4
    topic = portal.topic
    before = Topic.objects.get(pk=topic.pk).views_count
    url = portal.urls()["topic of 50 posts"]
    for visitor in range(3):
        Client(REMOTE_ADDR=f"192.0.2.{visitor + 1}").get(url)
    assert Topic.objects.get(pk=topic.pk).views_count == before
    Client(REMOTE_ADDR="192.0.2.4").get(url)
    assert Topic.objects.get(pk=topic.pk).views_count == before + 4


@pytest.mark.django_db
def test_member_reading_a_topic_still_marks_it_read(portal):
    from machina.apps.forum_tracking.models import TopicReadTrack

    client = Client()
    client.force_login(portal.other)
    other_topic = portal.topic
    assert client.get(portal.urls()["topic of 50 posts"]).status_code == 200
    assert TopicReadTrack.objects.filter(user=portal.other, topic=other_topic).exists() or (
        other_topic.forum.tracks.filter(user=portal.other).exists()
    )
    assert settings.SESSION_COOKIE_NAME in client.cookies
