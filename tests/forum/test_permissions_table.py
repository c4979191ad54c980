"""Who may do what in which kind of forum, as a table walked through HTTP.

Roles: anonymous, member, moderator of Karelia (A), moderator of Crimea (B),
expert, and the interregional moderator. Forum kinds: Karelia's regional forum,
a thematic forum, «Консультации экспертов», the members-only club.
"""

from django.contrib.auth import get_user_model
from django.urls import reverse

import pytest
from machina.apps.forum_conversation.models import Post

from tests.conftest import make_user

from .conftest import forum_url, make_topic, topic_url

ACTIONS = ["read", "post", "reply", "edit_others", "lock", "move", "approve"]
KINDS = ["karelia", "thematic", "consultations", "members"]
MEMBER_RIGHTS = {"read", "post", "reply"}
ALL_RIGHTS = set(ACTIONS)

# role → kind → allowed actions
EXPECTED = {
    "anonymous": {
        "karelia": {"read"},
        "thematic": {"read"},
        "consultations": {"read"},
        "members": set(),
    },
    "member": dict.fromkeys(KINDS, MEMBER_RIGHTS),
    "expert": dict.fromkeys(KINDS, MEMBER_RIGHTS),
    "mod_a": {
        "karelia": ALL_RIGHTS,
        "thematic": MEMBER_RIGHTS,
        "consultations": MEMBER_RIGHTS,
        "members": MEMBER_RIGHTS,
    },
    "mod_b": dict.fromkeys(KINDS, MEMBER_RIGHTS),
    "mod_inter": {
        "karelia": MEMBER_RIGHTS,
        "thematic": ALL_RIGHTS,
        "consultations": ALL_RIGHTS,
        "members": ALL_RIGHTS,
    },
}
CASES = [(role, kind, action) for role in EXPECTED for kind in KINDS for action in ACTIONS]


@pytest.fixture
def targets(forums):
    """In every forum: a topic with a reply by someone else and a post awaiting approval."""
    author = make_user("author", first_name="Автор Темы")
    other = make_user("other", first_name="Другой Участник")
    result = {}
    for kind in KINDS:
        topic = make_topic(forums[kind], author, subject=f"Тема в {kind}",
                           replies=[(other, "Ответ другого участника")])  # fmt: skip
        pending = Post.objects.create(
            topic=topic, poster=other, subject="Re", content="Ждёт проверки", approved=False
        )
        reply = topic.posts.filter(poster=other, approved=True).get()
        result[kind] = {"forum": forums[kind], "topic": topic, "reply": reply, "pending": pending}
    return result


def url_for(action, target):
    topic = target["topic"]
    return {
        "read": forum_url(target["forum"]),
        "post": forum_url(target["forum"], "topic/create/"),
        "reply": topic_url(topic, "post/create/"),
        "edit_others": topic_url(topic, f"{target['reply'].pk}/post/update/"),
        "lock": reverse("forum_moderation:topic_lock", kwargs={"slug": topic.slug, "pk": topic.pk}),
        "move": reverse("forum_moderation:topic_move", kwargs={"slug": topic.slug, "pk": topic.pk}),
        "approve": reverse(
            "forum_moderation:approve_queued_post", kwargs={"pk": target["pending"].pk}
        ),
    }[action]


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_has_exactly_the_rights_of_the_table_in_every_kind_of_forum(
    client, roles, targets, role
):
    """One test per role (the fixture is costly); every cell is checked and all
    mismatches are reported together as (kind, action, status)."""
    if role != "anonymous":
        client.force_login(roles[role])
    mismatches = []
    for kind in KINDS:
        for action in ACTIONS:
            response = client.get(url_for(action, targets[kind]))
            allowed = action in EXPECTED[role][kind]
            if allowed and response.status_code != 200:
                mismatches.append((kind, action, response.status_code, "should be allowed"))
            if not allowed:
                denied = response.status_code == 403 or (
                    response.status_code == 302
                    and response["Location"].startswith(reverse("accounts:login"))
                )
                leaked = "Ответ другого участника" in response.content.decode()
                if not denied or leaked:
                    mismatches.append((kind, action, response.status_code, "should be refused"))
    assert mismatches == []


def test_moderator_of_one_region_approves_there_and_is_refused_in_another(client, roles, targets):
    client.force_login(roles["mod_a"])
    ok = client.post(url_for("approve", targets["karelia"]))
    assert ok.status_code == 302
    assert Post.objects.get(pk=targets["karelia"]["pending"].pk).approved is True

    client.force_login(roles["mod_b"])
    refused = client.post(url_for("approve", targets["karelia"]))
    assert refused.status_code == 403


def test_moderator_locks_a_topic_of_own_region_and_members_can_no_longer_reply(
    client, roles, targets
):
    target = targets["karelia"]
    client.force_login(roles["mod_a"])
    client.post(url_for("lock", target))
    target["topic"].refresh_from_db()
    assert target["topic"].is_locked

    client.force_login(roles["member"])
    response = client.post(
        topic_url(target["topic"], "post/create/"), {"subject": "Re", "content": "Ещё ответ"}
    )
    assert response.status_code == 403
    assert not target["topic"].posts.filter(content="Ещё ответ").exists()


def test_moderator_moves_topics_only_between_forums_they_moderate(client, roles, targets, forums):
    client.force_login(roles["mod_inter"])
    response = client.get(url_for("move", targets["thematic"]))
    choices = [label for _value, label in response.context["form"].fields["forum"].choices]
    labels = " ".join(str(label) for label in choices)
    assert "Консультации экспертов" in labels
    assert "Республика Карелия" not in labels


def test_inactive_member_is_treated_as_having_no_rights(client, roles, targets):
    user = roles["member"]
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    client.force_login(user)
    response = client.get(url_for("post", targets["karelia"]))
    assert response.status_code in (302, 403)
