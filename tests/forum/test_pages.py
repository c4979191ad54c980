"""Forum pages: every machina URL answers on Django 5.2, topic pages run a fixed
number of queries, attachments are checked and download with Cyrillic names,
and the members-only forum never shows to visitors anywhere."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.encoding import iri_to_uri

import pytest
from machina.apps.forum_conversation.forum_attachments.models import Attachment
from machina.apps.forum_conversation.forum_polls.models import TopicPoll, TopicPollOption
from machina.apps.forum_conversation.models import Post

from accounts.models import Profile

from .conftest import forum_url, make_topic, post_data, topic_url


@pytest.fixture
def content(roles, forums):
    topic = make_topic(
        forums["karelia"],
        roles["member"],
        subject="Обычная тема",
        replies=[(roles["expert"], "Ответ эксперта")],
    )
    pending = Post.objects.create(
        topic=topic, poster=roles["newcomer"], subject="На проверке", content="x", approved=False
    )
    poll = TopicPoll.objects.create(topic=topic, question="Удобно ли время?", max_options=1)
    option = TopicPollOption.objects.create(poll=poll, text="Да")
    attachment = Attachment.objects.create(
        post=topic.first_post,
        file=SimpleUploadedFile("Отчёт за год.pdf", b"%PDF-1.4 demo", "application/pdf"),
    )
    return {"topic": topic, "pending": pending, "option": option, "attachment": attachment}


def machina_urls(topic, pending, attachment, user):
    f, t = topic.forum, topic
    topic_kwargs = {"slug": t.slug, "pk": t.pk}
    return [
        "/forum/",
        forum_url(f),
        forum_url(f, "topic/create/"),
        topic_url(t),
        topic_url(t) + "?view_results=1",
        topic_url(t, "update/"),
        topic_url(t, "post/create/"),
        topic_url(t, f"{t.last_post_id}/post/update/"),
        topic_url(t, f"{t.last_post_id}/post/delete/"),
        reverse("forum_conversation:attachment", args=[attachment.pk]),
        reverse("forum_conversation:topic_poll_vote", args=[t.poll.pk]),
        reverse("forum_feeds:latest_topics"),
        reverse("forum_feeds:forum_latest_topics", args=[f.slug, f.pk]),
        reverse("forum_feeds:forum_latest_topics_with_descendants", args=[f.slug, f.pk]),
        reverse("forum_member:profile", args=[topic.poster_id]),
        reverse("forum_member:user_posts", args=[topic.poster_id]),
        reverse("forum_member:profile_update"),
        reverse("forum_member:user_subscriptions"),
        reverse("forum_member:topic_subscribe", args=[t.pk]),
        reverse("forum_member:topic_unsubscribe", args=[t.pk]),
        reverse("forum_moderation:topic_lock", kwargs=topic_kwargs),
        reverse("forum_moderation:topic_unlock", kwargs=topic_kwargs),
        reverse("forum_moderation:topic_delete", kwargs=topic_kwargs),
        reverse("forum_moderation:topic_move", kwargs=topic_kwargs),
        reverse("forum_moderation:topic_update_to_post", kwargs=topic_kwargs),
        reverse("forum_moderation:topic_update_to_sticky", kwargs=topic_kwargs),
        reverse("forum_moderation:topic_update_to_announce", kwargs=topic_kwargs),
        reverse("forum_moderation:queue"),
        reverse("forum_moderation:queued_post", args=[pending.pk]),
        reverse("forum_moderation:approve_queued_post", args=[pending.pk]),
        reverse("forum_moderation:disapprove_queued_post", args=[pending.pk]),
        reverse("forum_search:search") + "?q=дрова",
        reverse("forum_tracking:mark_all_forums_read"),
        reverse("forum_tracking:mark_subforums_read", args=[f.pk]),
        reverse("forum_tracking:mark_topics_read", args=[f.pk]),
        reverse("forum_tracking:unread_topics"),
        reverse("forum:report_queue"),
        reverse("forum:post_report", args=[t.last_post_id]),
        "/forum/unsubscribe/bad/",
    ]


@pytest.mark.parametrize("who", ["anonymous", "member", "mod_a"])
def test_every_forum_url_answers_without_a_server_error(client, roles, content, who):
    if who != "anonymous":
        client.force_login(roles[who])
    client.raise_request_exception = True
    urls = machina_urls(content["topic"], content["pending"], content["attachment"], who)
    statuses = {}
    for url in urls:
        response = client.get(url)
        if response.streaming:
            # Reading a download to the end closes its file (the test client
            # does so without closing the database connection).
            b"".join(response.streaming_content)
        statuses[url] = response.status_code
        assert response.status_code < 500, url
    assert statuses["/forum/"] == 200
    assert statuses[topic_url(content["topic"])] == 200
    if who == "mod_a":
        assert statuses[reverse("forum_moderation:queue")] == 200
        assert statuses[reverse("forum_moderation:topic_move", kwargs={
            "slug": content["topic"].slug, "pk": content["topic"].pk})] == 200  # fmt: skip


def test_forum_search_hands_over_to_the_portal_search(client, forums):
    response = client.get(reverse("forum_search:search"), {"q": "дрова"})
    assert response.status_code == 302
    assert response["Location"].startswith("/search/?q=")
    page = client.get("/forum/").content.decode()
    assert 'action="/search/"' in page


def test_topics_are_paginated_without_infinite_scroll(client, roles, forums):
    topic = make_topic(
        forums["karelia"],
        roles["member"],
        subject="Длинная тема",
        replies=[(roles["expert"], f"Ответ номер {n}") for n in range(20)],
    )
    first = client.get(topic_url(topic)).content.decode()
    second = client.get(topic_url(topic), {"page": 2}).content.decode()
    assert "Ответ номер 0" in first and "Ответ номер 19" not in first
    assert "Ответ номер 19" in second
    assert 'rel="next"' in first
    # The forum's list links both pages of the topic (15 posts a page); a topic
    # of one page gets no such links.
    make_topic(forums["karelia"], roles["member"], subject="Короткая тема")
    listing = client.get(forum_url(forums["karelia"])).content.decode()
    url = iri_to_uri(topic_url(topic))
    assert listing.count('class="topic-pages"') == 1
    assert f'<a href="{url}?page=1">1</a> <a href="{url}?page=2">2</a></small>' in listing


def test_a_topic_of_many_pages_links_its_first_four_and_last_in_the_list(client, roles, forums):
    from machina.apps.forum_conversation.models import Topic

    topic = make_topic(forums["karelia"], roles["member"], subject="Очень длинная тема")
    # The counter machina keeps, as after 15 * 8 + 1 posts: nine pages.
    Topic.objects.filter(pk=topic.pk).update(posts_count=15 * 8 + 1)
    listing = client.get(forum_url(forums["karelia"])).content.decode()
    url = iri_to_uri(topic_url(topic))
    links = "".join(f'<a href="{url}?page={n}">{n}</a> ' for n in range(1, 5)).rstrip()
    assert f'страницы: {links} … <a href="{url}?page=9">9</a></small>' in listing
    assert f"{url}?page=5" not in listing


def _queries_for_topic_page(client, topic):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(topic_url(topic))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["anonymous", "mod_a"])
def test_topic_pages_run_the_same_number_of_queries_for_5_and_50_posts(
    client, roles, forums, who, caches_off
):
    # The cost of rendering: with the caches on, a repeated request costs none.
    authors = [roles["member"], roles["expert"], roles["mod_a"], roles["mod_b"]]
    for author in authors:
        Profile.objects.create(user=author, display_name=author.first_name, organisation="НКО")
    small = make_topic(forums["karelia"], roles["member"], subject="Пять",
                       replies=[(authors[n % 4], f"r{n}") for n in range(4)])  # fmt: skip
    large = make_topic(forums["karelia"], roles["member"], subject="Пятьдесят",
                       replies=[(authors[n % 4], f"r{n}") for n in range(49)])  # fmt: skip
    for topic in (small, large):
        Attachment.objects.create(
            post=topic.posts.last(),
            file=SimpleUploadedFile("файл.txt", b"demo", "text/plain"),
        )
    if who != "anonymous":
        client.force_login(roles[who])
    _queries_for_topic_page(client, small)  # warm caches (content types, session)
    _queries_for_topic_page(client, large)
    assert _queries_for_topic_page(client, small) == _queries_for_topic_page(client, large)
    assert small.posts.count() == 5 and large.posts.count() == 50


# Attachments ------------------------------------------------------------------


def attachment_data(content, upload):
    data = post_data(content)
    data.update(
        {
            "attachment-TOTAL_FORMS": "1",
            "attachment-0-file": upload,
            "attachment-0-comment": "",
        }
    )
    return data


def test_an_attachment_with_a_cyrillic_name_downloads_with_rfc6266_filename(client, roles, forums):
    topic = make_topic(forums["karelia"], roles["member"])
    client.force_login(roles["expert"])
    upload = SimpleUploadedFile("Типовой договор.docx", b"PK\x03\x04docx", "application/zip")
    response = client.post(topic_url(topic, "post/create/"), attachment_data("Файл", upload))
    assert response.status_code == 302
    attachment = Attachment.objects.get(post__content="Файл")

    client.logout()
    download = client.get(reverse("forum_conversation:attachment", args=[attachment.pk]))
    assert download.status_code == 200
    disposition = download["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert (
        "filename*=UTF-8''%D0%A2%D0%B8%D0%BF%D0%BE%D0%B2%D0%BE%D0%B9_"
        "%D0%B4%D0%BE%D0%B3%D0%BE%D0%B2%D0%BE%D1%80.docx" in disposition
    )
    assert b"".join(download.streaming_content) == b"PK\x03\x04docx"


@pytest.mark.parametrize(
    ("name", "size", "message"),
    [
        ("вирус.exe", 10, "Файлы этого типа прикладывать нельзя"),
        ("страница.html", 10, "Файлы этого типа прикладывать нельзя"),
        ("огромный.pdf", 6 * 1024 * 1024, "Файл слишком большой"),
    ],
)
def test_a_forbidden_or_oversized_attachment_is_refused_and_nothing_is_saved(
    client, roles, forums, name, size, message
):
    topic = make_topic(forums["karelia"], roles["member"])
    client.force_login(roles["expert"])
    upload = SimpleUploadedFile(name, b"x" * size, "application/octet-stream")
    response = client.post(topic_url(topic, "post/create/"), attachment_data("С файлом", upload))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Post.objects.filter(content="С файлом").exists()
    assert not Attachment.objects.exists()


def test_attachments_of_the_members_only_forum_are_not_served_to_visitors(client, roles, forums):
    topic = make_topic(forums["members"], roles["member"])
    attachment = Attachment.objects.create(
        post=topic.first_post, file=SimpleUploadedFile("план.pdf", b"secret", "application/pdf")
    )
    response = client.get(reverse("forum_conversation:attachment", args=[attachment.pk]))
    assert response.status_code == 302
    assert b"secret" not in response.content


# Private forum ------------------------------------------------------------------


def test_a_forum_inside_the_members_only_forum_is_listed_only_to_members(
    client, roles, forums, regions
):
    """machina's tree rule: a forum is listed only when every forum above it may be
    seen and read, whatever the forum's own permissions say."""
    from machina.apps.forum.models import Forum
    from machina.apps.forum_permission.models import ForumPermission, UserForumPermission

    inner = Forum.objects.create(
        parent=forums["members"], name="Внутренний раздел клуба", type=Forum.FORUM_POST
    )
    for codename in ("can_see_forum", "can_read_forum"):
        for anonymous in (True, False):
            UserForumPermission.objects.create(
                forum=inner,
                permission=ForumPermission.objects.get(codename=codename),
                anonymous_user=anonymous,
                authenticated_user=not anonymous,
                has_perm=True,
            )
    secret = "Тема внутреннего раздела"
    make_topic(inner, roles["member"], subject=secret)
    make_topic(forums["karelia"], roles["member"], subject="Открытая тема Карелии")

    assert "Внутренний раздел клуба" not in client.get("/forum/").content.decode()
    home = client.get("/").content.decode()
    assert "Открытая тема Карелии" in home
    assert secret not in home
    # Nor by its address: the forum and its topic ask a visitor to log in.
    topic = inner.topics.get()
    for url in (forum_url(inner), topic_url(topic)):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/login/" in response["Location"]

    client.force_login(roles["member"])
    assert "Внутренний раздел клуба" in client.get(forum_url(forums["members"])).content.decode()
    assert secret in client.get("/").content.decode()
    assert secret in client.get(topic_url(topic)).content.decode()


def test_the_members_only_forum_and_its_posts_never_show_to_anonymous_visitors(
    client, roles, forums, regions
):
    secret = "Секретное обсуждение клуба"
    topic = make_topic(forums["members"], roles["member"], subject=secret)
    make_topic(forums["karelia"], roles["member"], subject="Открытая тема Карелии")
    urls = [
        "/",
        regions["karelia"].hub.url,
        "/forum/",
        forum_url(forums["members"]),
        topic_url(topic),
        reverse("forum_feeds:latest_topics"),
        reverse("forum_feeds:forum_latest_topics", args=[topic.forum.slug, topic.forum.pk]),
        reverse("accounts:profile", args=[roles["member"].pk]),
        reverse("forum_member:user_posts", args=[roles["member"].pk]),
    ]
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code < 500, url
        html = response.content.decode()
        assert secret not in html, url
        assert "Клуб участников программы" not in html, url
    home = client.get("/").content.decode()
    assert "Открытая тема Карелии" in home
    assert "Открытая тема Карелии" in client.get(regions["karelia"].hub.url).content.decode()

    client.force_login(roles["expert"])
    assert secret in client.get("/").content.decode()
    # The member chose to be listed (issue 17: pages are opt-in).
    Profile.objects.create(user=roles["member"], display_name="Ольга", show_in_directory=True)
    assert (
        secret
        in client.get(reverse("accounts:profile", args=[roles["member"].pk])).content.decode()
    )


def test_readable_forum_ids_match_what_machina_lets_each_user_read(roles, forums):
    from django.contrib.auth.models import AnonymousUser

    from forum.visibility import readable_forum_ids

    anonymous = readable_forum_ids(AnonymousUser())
    member = readable_forum_ids(roles["member"])
    assert forums["members"].pk not in anonymous
    assert forums["members"].pk in member
    assert {forums["karelia"].pk, forums["thematic"].pk, forums["consultations"].pk} <= anonymous
    assert anonymous < member


def test_region_hub_lists_only_that_regions_topics(client, roles, forums, regions):
    make_topic(forums["karelia"], roles["member"], subject="Карельская тема")
    make_topic(forums["crimea"], roles["member"], subject="Крымская тема")
    html = client.get(regions["karelia"].hub.url).content.decode()
    assert "Карельская тема" in html and "Крымская тема" not in html
    empty = client.get(regions["spb"].hub.url).content.decode()
    assert "В форуме региона пока нет обсуждений." in empty


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_forum_topic_lists_and_the_home_page_block_keep_their_query_count(
    client, roles, forums, who, home_page, caches_off
):
    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    if who != "anonymous":
        client.force_login(roles[who])
    few, many = forums["karelia"], forums["thematic"]
    for n in range(3):
        make_topic(few, roles["member"], subject=f"Немного {n}", replies=[(roles["expert"], "Да")])
    for n in range(18):
        make_topic(many, roles["expert"], subject=f"Много {n}", replies=[(roles["member"], "Да")])
    queries(forum_url(few))
    assert queries(forum_url(few)) == queries(forum_url(many))
    home_before = queries("/")
    make_topic(few, roles["mod_a"], subject="Ещё одна")
    assert queries("/") == home_before


def test_a_forum_lists_its_sub_forums_to_visitors_and_a_leaf_forum_none(client, forums):
    parent = forums["karelia"].parent
    assert parent is not None
    html = client.get(forum_url(parent)).content.decode()
    assert "Республика Карелия" in html and "Республика Крым" in html
    leaf = client.get(forum_url(forums["karelia"])).content.decode()
    assert "Республика Крым" not in leaf
    # Its breadcrumbs lead up through the forum above it.
    crumbs = leaf[leaf.index('class="breadcrumbs"') :].split("</nav>")[0]
    assert f'<a href="{iri_to_uri(forum_url(parent))}">{parent.name}</a>' in crumbs
    assert crumbs.index(parent.name) < crumbs.index("Республика Карелия")


def test_a_post_offers_editing_to_its_author_and_nothing_to_visitors(client, roles, forums):
    topic = make_topic(
        forums["karelia"], roles["member"], subject="Тема с правкой",
        replies=[(roles["member"], "Ответ автора, который можно поправить")],
    )  # fmt: skip
    reply = topic.posts.order_by("pk").last()
    edit_url = iri_to_uri(topic_url(topic, f"{reply.pk}/post/update/"))

    visitor = client.get(topic_url(topic)).content.decode()
    assert "Ответ автора, который можно поправить" in visitor
    assert "Редактировать" not in visitor and "Удалить" not in visitor

    client.force_login(roles["member"])
    author = client.get(topic_url(topic)).content.decode()
    assert f'href="{edit_url}"' in author
