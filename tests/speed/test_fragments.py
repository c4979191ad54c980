"""Blocks kept per content generation ({% fragment %}, remembered routes, memoised
searches and forum permissions) with the page cache off, as members always get
the portal: every change still shows on the next request, members keep their
own view, a visitor in English gets English, and a preview shows the draft."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import pytest

from forum.setup import trusted_group
from tests.conftest import make_user
from tests.forum.conftest import make_topic
from tests.practices.conftest import make_practice
from tests.search.conftest import backend  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    settings.PAGE_CACHE_SECONDS = 0


def get(url, client=None):
    response = (client or Client()).get(url)
    assert response.status_code == 200, url
    assert "X-Page-Cache" not in response
    return response


def queries_of(url, client=None):
    with CaptureQueriesContext(connection) as captured:
        html = get(url, client).content.decode()
    return len(captured), html


def test_a_second_request_reuses_the_blocks_and_shows_the_same_page(portal, settings):
    settings.SEARCH_BACKEND = "database"  # its queries show the search being kept
    for name in ["home", "region hub", "practices", "practice", "events", "search"]:
        url = portal.urls()[name]
        first, first_html = queries_of(url)
        second, second_html = queries_of(url)
        assert second < first, (name, first, second)
        assert second_html.count("<li") == first_html.count("<li"), name


def test_a_published_practice_shows_at_once_on_home_hub_listing_and_search(
    portal,
    backend,  # noqa: F811 - once per search backend
    django_capture_on_commit_callbacks,
):
    urls = portal.urls()
    pages = [urls["home"], urls["region hub"], urls["practices"], "/search/?q=сказки"]
    for url in pages:
        get(url)
        get(url)  # kept

    # As in production, the search index is updated once the editor's change commits.
    with django_capture_on_commit_callbacks(execute=True):
        make_practice(portal.regions["karelia"], "Бабушкины сказки по телефону")
    for url in pages:
        # (search results mark the matched word: «Бабушкины <mark>сказки</mark>…»)
        assert "Бабушкины" in get(url).content.decode(), url


def test_an_edited_practice_shows_its_new_text_and_an_unpublished_one_is_gone(portal):
    practice = make_practice(portal.regions["karelia"], "Клуб серебряных волонтёров")
    listing = portal.urls()["practices"]
    get(practice.url)
    get(listing)

    practice.summary = "Пенсионеры учат школьников ремёслам по субботам."
    practice.save_revision().publish()
    assert "Пенсионеры учат школьников ремёслам" in get(practice.url).content.decode()

    practice.unpublish()
    assert "Клуб серебряных волонтёров" not in get(listing).content.decode()
    assert Client().get(practice.url).status_code == 404


def test_a_moved_practice_is_served_at_its_new_address_only(portal):
    practice = make_practice(portal.regions["karelia"], "Школа ухода за пожилыми")
    old_url = practice.url
    get(old_url)
    get(old_url)  # route remembered

    practice.move(portal.regions["crimea"].hub, pos="last-child")
    practice.refresh_from_db()
    assert practice.url != old_url
    assert Client().get(old_url).status_code in (301, 404)
    assert "Школа ухода за пожилыми" in get(practice.url).content.decode()


def test_a_preview_shows_the_draft_not_the_kept_live_block(portal):
    practice = make_practice(portal.regions["karelia"], "Маршрут добрых дел")
    get(practice.url)
    get(practice.url)

    practice.summary = "Черновик: новый маршрут по сёлам района."
    practice.save_revision()  # not published
    admin = make_user("preview-admin", is_superuser=True, is_staff=True)
    editor = Client()
    editor.force_login(admin)
    preview = editor.get(
        f"/admin/pages/{practice.pk}/revisions/{practice.latest_revision_id}/view/"
    )
    assert preview.status_code == 200
    assert "Черновик: новый маршрут по сёлам района." in preview.content.decode()
    # The live page still shows the published text.
    assert "Черновик" not in get(practice.url).content.decode()


def test_a_members_post_shows_at_once_and_members_keep_their_own_view(portal):
    urls = portal.urls()
    topic_url = urls["topic of 50 posts"]
    get(topic_url)
    get(urls["home"])

    make_topic(
        portal.forums["karelia"],
        portal.other,
        subject="Как организовать доставку лекарств",
        replies=[(portal.member, "Договоритесь с аптекой о графике")],
    )
    assert "Как организовать доставку лекарств" in get(urls["home"]).content.decode()

    member = Client()
    member.force_login(portal.member)
    anonymous_html = get(topic_url).content.decode()
    member_html = get(topic_url, member).content.decode()
    # A member may report the others' posts; the block kept for anonymous visitors
    # has no such link, nor does the member get that block.
    assert "Пожаловаться" not in anonymous_html
    assert "Пожаловаться" in member_html


def test_a_forum_post_leaves_the_library_blocks_kept_and_shows_on_the_home_page(
    portal, django_capture_on_commit_callbacks
):
    urls = portal.urls()
    get(urls["home"])
    get(urls["practices"])
    warm, listing = queries_of(urls["practices"])

    with django_capture_on_commit_callbacks(execute=True):
        make_topic(portal.forums["karelia"], portal.other, subject="Вопрос о графике визитов")

    # The post changes the forum only: the library's blocks, its counts and the
    # lookups of the page are still the kept ones...
    after, listing_after = queries_of(urls["practices"])
    assert after == warm
    assert listing_after.count("<li") == listing.count("<li")
    # ...while every block showing the forum is rendered afresh.
    assert "Вопрос о графике визитов" in get(urls["home"]).content.decode()


def test_members_only_forum_is_never_in_an_anonymous_search_and_stays_in_the_members(
    portal,
    backend,  # noqa: F811 - once per search backend
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        make_topic(
            portal.forums["members"],
            portal.member,
            subject="Закрытое обсуждение графика дежурств",
        )
    url = "/search/?q=дежурств"
    member = Client()
    member.force_login(make_user("search-member", trusted_group()))
    assert "Закрытое обсуждение графика" in get(url, member).content.decode()
    for _ in range(2):
        assert "Закрытое обсуждение графика" not in get(url).content.decode()
    assert "Закрытое обсуждение графика" in get(url, member).content.decode()


def test_a_visitor_in_english_gets_the_english_blocks(portal):
    url = portal.urls()["practices"]
    assert "Целевая группа" in get(url).content.decode()
    english = Client(HTTP_ACCEPT_LANGUAGE="en")
    html = get(url, english).content.decode()
    assert "Target group" in html
    assert "Целевая группа" not in html
    assert "Целевая группа" in get(url).content.decode()


def test_unknown_long_or_odd_addresses_are_simply_not_found(portal):
    # Remembered routes are keyed by path: a key too long or with spaces for a
    # cache must not turn a missing page into an error.
    for path in ["/" + "x" * 500 + "/", "/practices/два слова/", "/практики/"]:
        assert Client().get(path).status_code == 404, path
