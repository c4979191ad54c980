"""Forum moderation under the one regional rule (issue 18): who moderates a forum
is decided by home.permissions from the forum's region (its ForumSettings), so
when an administrator gives the forum to another region in Django's admin, the
old region's moderators lose it at once and the new region's gain it."""

from django.urls import reverse

import pytest
from machina.apps.forum_conversation.models import Post

from forum_extras.models import ForumSettings, PostReport
from tests.conftest import make_user

from .conftest import make_topic

pytestmark = pytest.mark.django_db


def approve_url(post):
    return reverse("forum_moderation:approve_queued_post", kwargs={"pk": post.pk})


def pending_post(forum, subject):
    author = make_user(f"author-{forum.pk}-{Post.objects.count()}")
    topic = make_topic(forum, author, subject=subject)
    return Post.objects.create(
        topic=topic, poster=author, subject="Re", content="Ждёт проверки", approved=False
    )


def give_forum_to(client, forum, region):
    """The administrator changes the forum's region in Django's admin."""
    settings_row = ForumSettings.objects.get(forum=forum)
    client.force_login(make_user(f"root-{region.slug}", is_superuser=True, is_staff=True))
    response = client.post(
        reverse("admin:forum_extras_forumsettings_change", args=[settings_row.pk]),
        {"forum": forum.pk, "kind": settings_row.kind, "region": region.pk},
    )
    assert response.status_code == 302
    assert ForumSettings.objects.get(pk=settings_row.pk).region_id == region.pk
    client.logout()


def test_moderation_of_a_forum_follows_its_region(client, roles, forums, forum_regions):
    karelia = forums["karelia"]
    first = pending_post(karelia, "Первая тема")
    client.force_login(roles["mod_b"])
    assert client.post(approve_url(first)).status_code == 403
    assert Post.objects.get(pk=first.pk).approved is False
    client.force_login(roles["mod_a"])
    assert client.post(approve_url(first)).status_code == 302
    assert Post.objects.get(pk=first.pk).approved is True

    give_forum_to(client, karelia, forum_regions["crimea"])

    second = pending_post(karelia, "Вторая тема")
    client.force_login(roles["mod_a"])
    assert client.post(approve_url(second)).status_code == 403
    assert Post.objects.get(pk=second.pk).approved is False
    lock = reverse("forum_moderation:topic_lock", kwargs={"slug": second.topic.slug,
                                                          "pk": second.topic.pk})  # fmt: skip
    assert client.post(lock).status_code == 403
    # Karelia's moderator now moderates no forum at all: no moderation queue.
    assert client.get(reverse("forum_moderation:queue")).status_code == 403

    client.force_login(roles["mod_b"])
    assert "Вторая тема" in client.get(reverse("forum_moderation:queue")).content.decode()
    assert client.post(approve_url(second)).status_code == 302
    assert Post.objects.get(pk=second.pk).approved is True


def test_reports_go_to_the_moderators_of_the_forums_region(client, roles, forums, forum_regions):
    karelia = forums["karelia"]
    topic = make_topic(karelia, make_user("poster"), subject="Спорная тема")
    report = PostReport.objects.create(
        post=topic.first_post, reporter=roles["member"], reason="Реклама услуг"
    )
    queue = reverse("forum:report_queue")
    client.force_login(roles["mod_a"])
    assert "Реклама услуг" in client.get(queue).content.decode()
    client.force_login(roles["mod_b"])
    assert "Реклама услуг" not in client.get(queue).content.decode()
    assert client.post(queue, {"report": report.pk}).status_code == 403

    give_forum_to(client, karelia, forum_regions["crimea"])

    client.force_login(roles["mod_a"])
    assert client.get(queue).status_code == 403
    assert client.post(queue, {"report": report.pk}).status_code == 403
    assert PostReport.objects.get(pk=report.pk).resolved_at is None
    client.force_login(roles["mod_b"])
    assert "Реклама услуг" in client.get(queue).content.decode()
    assert client.post(queue, {"report": report.pk}).status_code == 302
    assert PostReport.objects.get(pk=report.pk).resolved_at is not None
