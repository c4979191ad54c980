"""Hooks for the site search, and the forum's admin side."""

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from machina.apps.forum_conversation.models import Post

from forum.search_documents import public_topics, topic_search_document
from forum.visibility import readable_forum_ids
from tests.conftest import make_user

from .conftest import make_topic


def test_only_approved_public_topics_are_offered_to_the_search_index(roles, forums):
    public = make_topic(forums["karelia"], roles["member"], subject="Открытая",
                        replies=[(roles["expert"], "Ответ **эксперта**")])  # fmt: skip
    make_topic(forums["members"], roles["member"], subject="Закрытая")
    make_topic(forums["karelia"], roles["newcomer"], subject="Непроверенная", approved=False)
    Post.objects.create(topic=public, poster=roles["newcomer"], subject="Re",
                        content="Скрытый ответ", approved=False)  # fmt: skip

    assert [t.subject for t in public_topics()] == ["Открытая"]
    document = topic_search_document(public_topics().get())
    assert document["kind"] == "topic"
    assert document["title"] == "Открытая"
    assert "Ответ эксперта" in document["body"] and "<strong>" not in document["body"]
    assert "Скрытый ответ" not in document["body"]
    assert document["region"].slug == "karelia"
    assert document["forum_id"] in readable_forum_ids(AnonymousUser())


def test_staff_edit_forums_and_their_permissions_in_the_django_admin(client, forums):
    admin = make_user("boss", is_staff=True, is_superuser=True)
    client.force_login(admin)
    listing = client.get("/django-admin/forum/forum/")
    assert listing.status_code == 200
    assert "Клуб участников программы" in listing.content.decode()
    permissions = client.get(
        reverse("admin:forum_forum_editpermission_index", args=[forums["karelia"].pk])
    )
    assert permissions.status_code == 200
    settings_page = client.get("/django-admin/forum_extras/forumsettings/")
    assert "Форум региона" in settings_page.content.decode()


def test_staff_see_member_profiles_and_recorded_consents_in_the_admin(client, roles):
    from accounts.models import Consent, Profile

    Profile.objects.create(user=roles["member"], display_name="Ольга Участница")
    Consent.objects.create(user=roles["member"], kind="personal_data", version="2025-09-01")
    client.force_login(make_user("boss", is_staff=True, is_superuser=True))
    profiles = client.get("/django-admin/accounts/profile/").content.decode()
    assert "Ольга Участница" in profiles
    consents = client.get("/django-admin/accounts/consent/").content.decode()
    assert "2025-09-01" in consents
