"""`manage.py seed_demo` lays down the forum idempotently and its pages render."""

import io

from django.core.management import call_command
from django.http import HttpRequest

from machina.apps.forum.models import Forum
from machina.apps.forum_conversation.models import Post, Topic
from machina.apps.forum_permission.models import GroupForumPermission, UserForumPermission

from accounts.models import Profile
from forum_extras.models import ForumSettings, PostReport, TopicSolution

from .conftest import forum_url, topic_url


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Forum,
            Topic,
            Post,
            Profile,
            PostReport,
            TopicSolution,
            ForumSettings,
            UserForumPermission,
            GroupForumPermission,
        )  # fmt: skip
    }


def test_seed_demo_twice_creates_the_forum_once_and_every_forum_page_renders(client, db):
    call_command("seed_demo", stdout=io.StringIO())
    first = counts()
    output = io.StringIO()
    call_command("seed_demo", stdout=output)
    assert counts() == first
    assert "Темы форума: создано 0" in output.getvalue()

    assert first["Forum"] == 13  # 2 categories, 4 regions, 5 themes, consultations, club
    # A forum a professional would believe (issue 20): at least 30 discussions in
    # every regional and thematic forum, consultations answered by experts, a few
    # questions still waiting, and views that are not all zero.
    topics = Topic.objects.select_related("forum")
    assert topics.count() >= 30
    for forum in Forum.objects.filter(type=Forum.FORUM_POST):
        assert forum.topics.count() >= 1, forum.name
    unanswered = [topic for topic in topics if topic.posts_count == 1]
    assert 2 <= len(unanswered) <= 6
    answered_by_experts = {
        post.topic_id
        for post in Post.objects.filter(
            topic__forum__name="Консультации экспертов", poster__username__startswith="expert-"
        )
    }
    assert len(answered_by_experts) >= 4
    assert not topics.filter(views_count=0).exists()
    assert len({topic.poster_id for topic in topics}) >= 10
    assert first["PostReport"] == 1 and first["TopicSolution"] == 1
    assert Forum.objects.filter(name="Консультации экспертов").exists()

    # django-axes counts logins per request: the test client passes one as a browser would
    client.login(request=HttpRequest(), username="moderator-crimea", password="demo-portal-2026")
    queue = client.get("/forum/reports/").content.decode()
    assert "Реклама, к теме не относится." in queue
    client.logout()

    for forum in Forum.objects.all():
        response = client.get(forum_url(forum), follow=True)
        assert response.status_code == 200, forum.name
    for topic in Topic.objects.select_related("forum"):
        response = client.get(topic_url(topic), follow=True)
        assert response.status_code == 200, topic.subject

    consultation = Topic.objects.get(subject__startswith="Можно ли возмещать")
    page = client.get(topic_url(consultation)).content.decode()
    assert "Ответ, отмеченный как решение" in page and "Эксперт" in page
    home = client.get("/").content.decode()
    assert "Можно ли возмещать добровольцам расходы на проезд" in home
    assert "Итоги года программы" not in home
