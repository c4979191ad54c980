"""Forum fixtures: the seeded forum structure and one person per role."""

from django.contrib.auth.models import Group

import pytest
from machina.apps.forum.models import Forum
from machina.apps.forum_conversation.models import Post, Topic

from forum.setup import (
    CONSULTATIONS,
    MEMBERS_ONLY,
    experts_group,
    setup_forums,
    trusted_group,
)
from home.models import Region
from home.regions import editors_group_name, moderators_group_name
from tests.conftest import REGION_ROWS, make_user


@pytest.fixture
def forum_regions(request, db):
    """The four regions and the interregional section with their moderator groups.

    Uses the shared `regions` fixture (hub pages, workflows) when the test asks for
    it; otherwise only the rows and groups the forum needs, which is much faster.
    """
    if "regions" in request.fixturenames:
        request.getfixturevalue("regions")
    else:
        for index, (slug, name, tz) in enumerate(REGION_ROWS):
            Region.objects.create(slug=slug, name=name, time_zone=tz, sort_order=index)
    Region.objects.get_or_create(
        slug="interregional",
        defaults={"name": "Межрегиональный раздел", "is_interregional": True},
    )
    for region in Region.objects.filter(moderators_group=None):
        region.moderators_group = Group.objects.create(name=moderators_group_name(region))
        region.editors_group = Group.objects.create(name=editors_group_name(region))
        region.save()
    return {region.slug: region for region in Region.objects.all()}


@pytest.fixture
def forums(forum_regions):
    """The programme's forums with their machina permissions, as seed_demo sets them."""
    setup_forums()
    return {
        "karelia": Forum.objects.get(name="Республика Карелия"),
        "crimea": Forum.objects.get(name="Республика Крым"),
        "thematic": Forum.objects.get(name="Услуги детям"),
        "consultations": Forum.objects.get(name=CONSULTATIONS),
        "members": Forum.objects.get(name=MEMBERS_ONLY),
    }


@pytest.fixture
def roles(forums):
    """member (trusted), newcomer (not yet trusted), moderators of Karelia (A) and
    Crimea (B), the interregional moderator and an expert."""
    regions = {region.slug: region for region in Region.objects.all()}
    member = make_user("member", trusted_group(), first_name="Ольга Участница")
    return {
        "member": member,
        "newcomer": make_user("newcomer", first_name="Новичок Новиков"),
        "mod_a": make_user(
            "mod-karelia", regions["karelia"].moderators_group, trusted_group(),
            first_name="Модератор Карелии",
        ),
        "mod_b": make_user(
            "mod-crimea", regions["crimea"].moderators_group, trusted_group(),
            first_name="Модератор Крыма",
        ),
        "mod_inter": make_user(
            "mod-inter", regions["interregional"].moderators_group, trusted_group(),
            first_name="Модератор проекта",
        ),
        "expert": make_user(
            "expert", experts_group(), trusted_group(), first_name="Эксперт Экспертов"
        ),
    }  # fmt: skip


def make_topic(forum, poster, subject="Тема для проверки", replies=(), approved=True):
    """A topic with its first post and optional replies [(user, text), ...]."""
    topic = Topic.objects.create(
        forum=forum, subject=subject, poster=poster, type=Topic.TOPIC_POST,
        status=Topic.TOPIC_UNLOCKED, approved=approved,
    )  # fmt: skip
    Post.objects.create(
        topic=topic, poster=poster, subject=subject, content=f"Текст темы «{subject}»",
        approved=approved,
    )  # fmt: skip
    for user, text in replies:
        Post.objects.create(
            topic=topic, poster=user, subject=f"Re: {subject}", content=text, approved=True
        )
    topic.refresh_from_db()
    return topic


def topic_url(topic, suffix=""):
    return (
        f"/forum/forum/{topic.forum.slug}-{topic.forum.pk}/topic/{topic.slug}-{topic.pk}/{suffix}"
    )


def forum_url(forum, suffix=""):
    return f"/forum/forum/{forum.slug}-{forum.pk}/{suffix}"


def post_data(content, subject="Re: ответ", **extra):
    """Form data of machina's post form, with the (empty) attachment formset."""
    data = {
        "subject": subject,
        "content": content,
        "attachment-TOTAL_FORMS": "0",
        "attachment-INITIAL_FORMS": "0",
        "attachment-MIN_NUM_FORMS": "0",
        "attachment-MAX_NUM_FORMS": "5",
        "poll-TOTAL_FORMS": "0",
        "poll-INITIAL_FORMS": "0",
        "poll-MIN_NUM_FORMS": "0",
        "poll-MAX_NUM_FORMS": "30",
    }
    data.update(extra)
    return data
