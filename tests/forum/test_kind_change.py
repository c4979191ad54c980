"""A forum whose kind staff change keeps machina's rows in step: a thematic forum
made members-only is closed to anonymous visitors at once (its earlier anonymous
read rows are withdrawn), and a consultations forum made thematic stops giving the
experts group its trusted rights."""

import pytest
from machina.apps.forum.models import Forum
from machina.apps.forum_permission.models import GroupForumPermission, UserForumPermission

from forum.setup import THEMES_CATEGORY, experts_group
from forum_extras.models import ForumSettings

from .conftest import make_topic, topic_url


@pytest.mark.django_db
def test_a_forum_made_members_only_closes_to_anonymous_visitors(
    client, home_page, forums, forum_regions, roles
):
    themes = Forum.objects.get(name=THEMES_CATEGORY)
    forum = Forum.objects.create(name="Опыт наставников", parent=themes, type=Forum.FORUM_POST)
    settings = ForumSettings.objects.create(
        forum=forum, kind=ForumSettings.Kind.THEMATIC, region=forum_regions["interregional"]
    )
    topic = make_topic(forum, roles["member"], subject="Как вести дневник наставника")
    url = topic_url(topic)
    assert client.get(url).status_code == 200

    settings.kind = ForumSettings.Kind.MEMBERS
    settings.save()

    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not UserForumPermission.objects.filter(
        forum=forum, anonymous_user=True, has_perm=True
    ).exists()
    assert "Опыт наставников" not in client.get("/forum/").content.decode()


@pytest.mark.django_db
def test_a_consultations_forum_made_thematic_drops_the_experts_rows(
    home_page, forums, forum_regions
):
    themes = Forum.objects.get(name=THEMES_CATEGORY)
    forum = Forum.objects.create(name="Вопросы юристу", parent=themes, type=Forum.FORUM_POST)
    settings = ForumSettings.objects.create(
        forum=forum, kind=ForumSettings.Kind.CONSULTATIONS, region=forum_regions["interregional"]
    )
    experts = experts_group()
    assert GroupForumPermission.objects.filter(forum=forum, group=experts, has_perm=True).exists()

    settings.kind = ForumSettings.Kind.THEMATIC
    settings.save()

    assert not GroupForumPermission.objects.filter(
        forum=forum, group=experts, has_perm=True
    ).exists()
