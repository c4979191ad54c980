"""The full-page cache for anonymous visitors (home/page_cache.py): pages are
served from the cache, yet every change shows on the next request, forms keep
working, and members never get a cached page."""

import datetime
import re

from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest
from machina.apps.forum_conversation.forum_polls.models import TopicPoll, TopicPollOption
from machina.apps.forum_conversation.models import Post

from events.models import Registration
from tests.events.conftest import make_event
from tests.forum.conftest import make_topic, post_data, topic_url
from tests.practices.conftest import make_practice

pytestmark = pytest.mark.django_db

TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture(autouse=True)
def clock_at_the_start_of_a_minute(monkeypatch):
    """Home, hubs and the events listing are kept until the current minute ends:
    the clock runs on from the start of the next minute, so a minute does not end
    between a page's first and second request. Forward only, so whatever the test
    makes is newer than what was made before it."""
    real_now = timezone.now
    start = real_now()
    shift = datetime.timedelta(seconds=60 - start.second, microseconds=-start.microsecond)
    monkeypatch.setattr(timezone, "now", lambda: real_now() + shift)


def anonymous_get(url, client=None):
    response = (client or Client()).get(url)
    assert response.status_code == 200, url
    return response


def test_second_anonymous_request_is_served_from_the_cache(portal):
    for url in portal.urls().values():
        first = anonymous_get(url)
        assert first["X-Page-Cache"] == "miss", url
        second = anonymous_get(url)
        assert second["X-Page-Cache"] == "hit", url
        # The same page, apart from each visitor's own CSRF tokens.
        assert TOKEN_RE.sub("", second.content.decode()) == TOKEN_RE.sub("", first.content.decode())


def test_query_string_and_language_are_part_of_the_key(portal):
    anonymous_get("/practices/")
    filtered = anonymous_get("/practices/?region=crimea")
    assert filtered["X-Page-Cache"] == "miss"
    english = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert anonymous_get("/practices/", english)["X-Page-Cache"] == "miss"
    assert anonymous_get("/practices/", english)["X-Page-Cache"] == "hit"


def test_csrf_token_on_a_cached_page_is_valid_for_another_visitor(portal):
    event_url = portal.event.url
    anonymous_get(event_url)  # stored by a first visitor

    visitor = Client(enforce_csrf_checks=True)
    page = anonymous_get(event_url, visitor)
    assert page["X-Page-Cache"] == "hit"
    tokens = TOKEN_RE.findall(page.content.decode())
    assert tokens, "the event page has a form"
    assert "__PORTAL_CSRF_TOKEN__" not in page.content.decode()
    assert "csrftoken" in page.cookies

    response = visitor.post(
        event_url,
        {
            "csrfmiddlewaretoken": tokens[-1],
            "name": "Светлана Кузнецова",
            "email": "svetlana@example.org",
            "consent_processing": "on",
        },
    )
    assert response.status_code in (200, 302), response.content.decode()[:500]
    assert Registration.objects.filter(email="svetlana@example.org").exists()


def test_a_page_with_a_form_declares_its_true_length_on_a_miss_and_a_hit(portal):
    # The token is longer than its placeholder: a Content-Length set before the swap
    # would make a server such as gunicorn cut the end of the page.
    for expected in ("miss", "hit"):
        page = anonymous_get(portal.event.url)
        assert page["X-Page-Cache"] == expected
        assert "__PORTAL_CSRF_TOKEN__" not in page.content.decode()
        if page.has_header("Content-Length"):
            assert int(page["Content-Length"]) == len(page.content)
        assert page.content.rstrip().endswith(b"</html>")


def test_cached_page_token_is_refused_without_the_visitors_own_cookie(portal):
    event_url = portal.event.url
    anonymous_get(event_url)
    page = anonymous_get(event_url)
    token = TOKEN_RE.findall(page.content.decode())[-1]

    stranger = Client(enforce_csrf_checks=True)
    stranger.get("/")  # a CSRF cookie of its own, not the one the token belongs to
    response = stranger.post(
        event_url,
        {"csrfmiddlewaretoken": token, "name": "Чужой", "email": "x@example.org"},
    )
    assert response.status_code == 403
    assert not Registration.objects.filter(email="x@example.org").exists()


def test_a_registration_updates_places_left_on_the_next_request(portal):
    event_url = portal.event.url
    assert "свободно 20" in anonymous_get(event_url).content.decode()
    assert anonymous_get(event_url)["X-Page-Cache"] == "hit"
    Client().post(
        event_url,
        {"name": "Пётр Соколов", "email": "petr@example.org", "consent_processing": "on"},
    )
    registration = Registration.objects.get(email="petr@example.org")
    registration.status = Registration.Status.CONFIRMED
    registration.save()
    assert "свободно 19" in anonymous_get(event_url).content.decode()


def _clock_at(monkeypatch, moment):
    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_registration_opening_at_its_hour_shows_at_once(portal, monkeypatch):
    """People wait for a registration to open: at its hour the form must be there,
    not the cached «Регистрация откроется…» of a minute before."""
    opens = (timezone.now() + datetime.timedelta(hours=1)).replace(microsecond=0)
    event = make_event(
        portal.regions["spb"].hub,
        title="Стажировка в Санкт-Петербурге",
        slug="internship-opening",
        registration_opens=opens,
    )
    _clock_at(monkeypatch, opens - datetime.timedelta(seconds=30))
    before = anonymous_get(event.url)
    assert "Регистрация откроется" in before.content.decode()
    assert anonymous_get(event.url)["X-Page-Cache"] == "hit"

    _clock_at(monkeypatch, opens)
    opened = anonymous_get(event.url)
    assert opened["X-Page-Cache"] == "miss"
    assert "Регистрация откроется" not in opened.content.decode()
    assert 'class="form registration-form"' in opened.content.decode()
    assert anonymous_get(event.url)["X-Page-Cache"] == "hit"


def test_an_ended_event_leaves_the_upcoming_lists_with_the_minute(portal, monkeypatch):
    start = (timezone.now() + datetime.timedelta(days=1)).replace(second=0, microsecond=0)
    event = make_event(
        portal.regions["karelia"].hub,
        title="Короткий вебинар о волонтёрских сменах",
        slug="short-webinar",
        start=start,
        end=start + datetime.timedelta(minutes=30),
    )
    ends = event.end
    _clock_at(monkeypatch, ends - datetime.timedelta(seconds=20))
    pages = ["/events/", portal.urls()["region hub"], "/"]
    for url in pages:
        assert event.title in anonymous_get(url).content.decode(), url
        assert anonymous_get(url)["X-Page-Cache"] == "hit", url
    ended_page = anonymous_get(event.url).content.decode()
    assert "событие прошло" not in ended_page

    # Next minute: the event is over, nothing else changed.
    _clock_at(monkeypatch, ends + datetime.timedelta(seconds=40))
    for url in pages:
        response = anonymous_get(url)
        assert response["X-Page-Cache"] == "miss", url
        assert event.title not in response.content.decode(), url
    assert "событие прошло" in anonymous_get(event.url).content.decode()


def test_a_published_practice_shows_at_once_on_listings_hub_and_home(portal):
    urls = portal.urls()
    pages = [urls["practices"], urls["region hub"], urls["home"]]
    for url in pages:
        anonymous_get(url)
        assert anonymous_get(url)["X-Page-Cache"] == "hit"

    make_practice(portal.regions["karelia"], "Бабушкины сказки по телефону")
    for url in pages:
        assert "Бабушкины сказки по телефону" in anonymous_get(url).content.decode(), url


def test_an_unpublished_practice_disappears_at_once(portal):
    practice = make_practice(portal.regions["karelia"], "Клуб серебряных волонтёров")
    listing = portal.urls()["practices"]
    practice_url = practice.url
    assert "Клуб серебряных волонтёров" in anonymous_get(listing).content.decode()
    anonymous_get(practice_url)
    assert anonymous_get(practice_url)["X-Page-Cache"] == "hit"

    practice.unpublish()
    assert "Клуб серебряных волонтёров" not in anonymous_get(listing).content.decode()
    assert Client().get(practice_url).status_code == 404


def test_a_moved_practice_leaves_one_hub_and_appears_under_the_other(portal):
    practice = make_practice(portal.regions["karelia"], "Школа ухода за пожилыми")
    karelia = portal.regions["karelia"].hub.url
    crimea = portal.regions["crimea"].hub.url
    old_url = practice.url
    assert "Школа ухода за пожилыми" in anonymous_get(karelia).content.decode()
    assert "Школа ухода за пожилыми" not in anonymous_get(crimea).content.decode()
    anonymous_get(old_url)

    practice.move(portal.regions["crimea"].hub, pos="last-child")
    practice.refresh_from_db()
    assert "Школа ухода за пожилыми" not in anonymous_get(karelia).content.decode()
    assert "Школа ухода за пожилыми" in anonymous_get(crimea).content.decode()
    # The old address now leads to the new one (Wagtail's automatic redirect).
    moved = Client().get(old_url)
    assert moved.status_code in (301, 404)
    if moved.status_code == 301:
        assert moved["Location"].endswith(practice.url)
    assert anonymous_get(practice.url)["X-Page-Cache"] == "miss"


def test_a_members_post_shows_at_once_to_anonymous_visitors(portal):
    urls = portal.urls()
    topic = portal.topic
    pages = [urls["topic of 50 posts"], urls["forum index"], urls["home"]]
    for url in pages:
        anonymous_get(url)
        assert anonymous_get(url)["X-Page-Cache"] == "hit"

    member = Client()
    member.force_login(portal.other)
    create = topic_url(topic, "post/create/")
    response = member.post(create, post_data("Свежий ответ о доставке продуктов"))
    assert response.status_code == 302
    assert Post.objects.filter(content="Свежий ответ о доставке продуктов").exists()

    topic_page = Client().get(urls["topic of 50 posts"] + "?page=4")
    assert "Свежий ответ о доставке продуктов" in topic_page.content.decode()
    for url in pages[1:]:
        response = anonymous_get(url)
        assert response["X-Page-Cache"] == "miss", url


def test_a_members_poll_vote_shows_at_once_to_anonymous_visitors(portal):
    topic = make_topic(
        portal.forums["karelia"], portal.member, subject="Когда удобнее собирать волонтёров?"
    )
    poll = TopicPoll.objects.create(topic=topic, question="Подходит ли вечер среды?", max_options=1)
    evening = TopicPollOption.objects.create(poll=poll, text="Да, после 18:00")
    TopicPollOption.objects.create(poll=poll, text="Нет, лучше в субботу утром")
    url = topic_url(topic)
    assert "Всего голосов: 0" in anonymous_get(url).content.decode()
    assert anonymous_get(url)["X-Page-Cache"] == "hit"

    member = Client()
    member.force_login(portal.other)
    response = member.post(
        reverse("forum_conversation:topic_poll_vote", args=[poll.pk]), {"options": [evening.pk]}
    )
    assert response.status_code == 302
    page = anonymous_get(url)
    assert page["X-Page-Cache"] == "miss"
    assert "Всего голосов: 1" in page.content.decode()


def test_a_topic_renamed_in_the_django_admin_shows_at_once(portal, admin_client):
    """Topics (tags) have no Wagtail screen, but Django's admin edits them."""
    from taggit.models import Tag

    tag = Tag.objects.get(name="наставничество")
    urls = portal.urls()
    pages = [urls["practices"], portal.practice.url]
    for url in pages:
        assert "наставничество" in anonymous_get(url).content.decode(), url
        assert anonymous_get(url)["X-Page-Cache"] == "hit", url

    change_url = reverse("admin:taggit_tag_change", args=[tag.pk])
    form = admin_client.get(change_url).content.decode()
    # The form as the browser sends it: the name changed, the rest as rendered
    # (slug, the empty inline of tagged items with its management fields).
    data = dict(re.findall(r'<input type="(?:text|hidden)" name="([^"]+)" value="([^"]*)"', form))
    data["name"] = "наставничество пожилых"
    response = admin_client.post(change_url, data)
    assert response.status_code == 302, response.content.decode()[:500]
    for url in pages:
        page = anonymous_get(url)
        assert page["X-Page-Cache"] == "miss", url
        assert "наставничество пожилых" in page.content.decode(), url


def test_pages_stay_cached_through_changes_of_areas_they_do_not_show(portal):
    """Library, event and forum pages name the areas they show: a forum post
    retires the forum's pages and the home page, not the library's nor the
    events'; a registration retires the events' pages, not the forum's."""
    urls = portal.urls()
    library = [urls["practice"], urls["practices"], urls["practices filtered"], urls["materials"]]
    events = [urls["event"], urls["events"]]
    forum = [urls["forum index"], urls["forum"], urls["topic of 50 posts"]]

    def cached(pages):
        return [anonymous_get(url)["X-Page-Cache"] == "hit" for url in pages]

    everything = library + events + forum + [urls["home"]]
    for url in everything:
        anonymous_get(url)
    assert all(cached(everything))

    member = Client()
    member.force_login(portal.other)
    topic = portal.topic
    create = topic_url(topic, "post/create/")
    assert member.post(create, post_data("Ответ, который библиотеку не меняет")).status_code == 302
    assert cached(library + events) == [True] * 6
    assert cached(forum + [urls["home"]]) == [False] * 4

    Client().post(
        portal.event.url,
        {"name": "Анна Петрова", "email": "anna@example.org", "consent_processing": "on"},
    )
    assert Registration.objects.filter(email="anna@example.org").exists()
    assert cached(library + forum) == [True] * 7
    assert cached(events) == [False, False]

    # A change of content renews them all.
    make_practice(portal.regions["karelia"], "Соседская помощь в Сегеже")
    assert not any(cached(library + events + forum))


def test_members_never_get_a_cached_page_nor_another_members_page(portal):
    forum_index = portal.urls()["forum index"]
    anonymous_get(forum_index)
    assert anonymous_get(forum_index)["X-Page-Cache"] == "hit"

    first, second = Client(), Client()
    first.force_login(portal.member)
    second.force_login(portal.other)
    first_page = first.get(forum_index)
    second_page = second.get(forum_index)
    for response in (first_page, second_page, first.get(forum_index)):
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
    first_link = reverse("forum_member:user_posts", args=[portal.member.pk])
    second_link = reverse("forum_member:user_posts", args=[portal.other.pk])
    assert first_link in first_page.content.decode()
    assert second_link not in first_page.content.decode()
    assert second_link in second_page.content.decode()
    assert first_link not in second_page.content.decode()
    # Nor does an anonymous visitor get a member's page.
    assert first_link not in anonymous_get(forum_index).content.decode()


def test_pages_for_one_visitor_only_are_never_cached(portal):
    for url in ["/accounts/login/", "/accounts/signup/"]:
        Client().get(url)
        assert "X-Page-Cache" not in Client().get(url)
    # A page showing a notice (messages cookie) is neither served from nor stored in the cache.
    anonymous_get("/practices/")
    visitor = Client()
    visitor.cookies["messages"] = "anything"
    assert "X-Page-Cache" not in visitor.get("/practices/")


def test_page_cache_off_serves_nothing_from_the_cache(portal, settings):
    settings.PAGE_CACHE_SECONDS = 0
    anonymous_get("/practices/")
    assert "X-Page-Cache" not in anonymous_get("/practices/")
