"""Topic view counts (issue 20): every view counts, a copy replayed from the page
cache included, but one visitor only once per topic within the window; the topic
page says how many in Russian with its plural forms."""

import io

from django.core.management import call_command
from django.test import Client

import pytest
from machina.apps.forum_conversation.models import Topic

from .conftest import make_topic, topic_url


def views_of(topic):
    call_command("flush_topic_views", stdout=io.StringIO())
    return Topic.objects.get(pk=topic.pk).views_count


@pytest.fixture
def topic(forums, roles):
    return make_topic(forums["karelia"], roles["member"], subject="Как найти волонтёров?")


def test_views_replayed_from_the_page_cache_are_counted(topic):
    url = topic_url(topic)
    visitors = [
        Client(REMOTE_ADDR="192.0.2.1"),
        Client(REMOTE_ADDR="192.0.2.2"),
        Client(REMOTE_ADDR="192.0.2.3"),
        Client(REMOTE_ADDR="192.0.2.3", HTTP_USER_AGENT="Firefox"),
    ]
    responses = [visitor.get(url) for visitor in visitors]
    assert [response.status_code for response in responses] == [200] * 4
    # The first views store the page; the last two are replays of the stored copy.
    assert [response["X-Page-Cache"] for response in responses[2:]] == ["hit", "hit"]
    assert not any("X-Count-View" in response for response in responses)
    assert views_of(topic) == 4


def test_one_visitor_counts_once_within_the_window(topic, roles):
    url = topic_url(topic)
    visitor = Client(REMOTE_ADDR="192.0.2.10", HTTP_USER_AGENT="Chromium")
    for _ in range(4):
        assert visitor.get(url).status_code == 200
    # Same address, another browser: another person behind the same router.
    assert Client(REMOTE_ADDR="192.0.2.10", HTTP_USER_AGENT="Safari").get(url).status_code == 200
    member = Client()
    member.force_login(roles["newcomer"])
    for _ in range(3):
        assert member.get(url).status_code == 200
    assert views_of(topic) == 3


def test_without_a_window_every_page_view_counts(topic, settings):
    settings.FORUM_TOPIC_VIEW_WINDOW_SECONDS = 0
    url = topic_url(topic)
    for _ in range(3):
        assert Client(REMOTE_ADDR="192.0.2.20").get(url).status_code == 200
    assert views_of(topic) == 3


@pytest.mark.parametrize(
    "views, text",
    [(1, "1 просмотр"), (3, "3 просмотра"), (5, "5 просмотров"), (21, "21 просмотр"),
     (112, "112 просмотров")],
)  # fmt: skip
def test_the_topic_page_says_how_many_views_in_russian(topic, views, text):
    Topic.objects.filter(pk=topic.pk).update(views_count=views)
    page = Client().get(topic_url(topic)).content.decode()
    assert f'<p class="topic-meta">{text}</p>' in page


def test_the_topic_page_adds_the_views_not_yet_written(topic, roles):
    Topic.objects.filter(pk=topic.pk).update(views_count=10)
    url = topic_url(topic)
    Client(REMOTE_ADDR="192.0.2.30").get(url)
    Client(REMOTE_ADDR="192.0.2.31").get(url)
    member = Client()  # a member's page is never the cached copy
    member.force_login(roles["newcomer"])
    assert '<p class="topic-meta">12 просмотров</p>' in member.get(url).content.decode()


def test_the_topic_list_shows_the_written_count(topic):
    Topic.objects.filter(pk=topic.pk).update(views_count=42)
    page = Client().get(f"/forum/forum/{topic.forum.slug}-{topic.forum.pk}/").content.decode()
    assert "<td>42</td>" in page
