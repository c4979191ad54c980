"""Issue 17, item 7 (152-ФЗ): member pages only for members who chose to be listed;
deleting an account cancels future registrations, anonymises the rest, removes
course answer files and renames the member in other members' quotes.

Before the fix /accounts/members/<id>/ showed every account (administrators,
editors, learners who never posted) to anonymous visitors, and a deleted member's
registrations stayed confirmed with their address."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

import pytest
from machina.apps.forum_conversation.models import Post

from accounts.models import Profile
from events import services as event_services
from events.models import Registration
from tests.conftest import make_user
from tests.forum.conftest import make_topic

from .conftest import CsrfClient

pytestmark = pytest.mark.django_db

CONSENTS = {"processing": True, "listing": False, "photo": False}


def test_member_pages_are_shown_only_to_those_who_opted_in(db, regions):
    admin = make_user("admin-x", is_staff=True, is_superuser=True, first_name="Админ Админов")
    editor = make_user("editor-x", regions["karelia"].editors_group, is_staff=True)
    learner = make_user("learner-x", first_name="Слушатель Тихий")
    quiet = make_user("quiet-x")
    Profile.objects.create(user=quiet, display_name="Тихоня Неслышная")
    listed = make_user("listed-x", first_name="Открытая Участница")
    Profile.objects.create(user=listed, display_name="Открытая Участница", show_in_directory=True)

    visitor = CsrfClient()
    for hidden in (admin, editor, learner, quiet):
        response = visitor.get(f"/accounts/members/{hidden.pk}/")
        assert response.status_code == 404, hidden.username
    shown = visitor.get(f"/accounts/members/{listed.pk}/")
    assert shown.status_code == 200 and "Открытая Участница" in shown.content.decode()
    # Oneself always.
    visitor.force_login(quiet)
    assert visitor.get(f"/accounts/members/{quiet.pk}/").status_code == 200


def test_the_choice_is_in_the_profile_form_and_off_by_default(db, regions):
    member = make_user("chooser")
    client = CsrfClient()
    client.force_login(member)
    data = {"display_name": "Выбирающий", "organisation_type": "none", "role": "volunteer"}
    assert client.submit("/accounts/profile/", data).status_code == 302
    assert not Profile.objects.get(user=member).show_in_directory
    assert (
        client.submit("/accounts/profile/", dict(data, show_in_directory="on")).status_code == 302
    )
    assert Profile.objects.get(user=member).show_in_directory


def test_deleting_an_account_cancels_future_and_anonymises_past_registrations(
    conference, roles, forums, settings
):
    member = make_user("leaver", first_name="Уходящая Участница")
    future, _ = (
        event_services.register(
            conference,
            name="Уходящая Участница",
            email=member.email,
            user=member,
            consents=CONSENTS,
        ),
        None,
    )
    waiting = event_services.register(conference, name="Гость Один", email="g1@example.org",
                                      consents=CONSENTS)  # fmt: skip
    third = event_services.register(conference, name="Гость Два", email="g2@example.org",
                                    consents=CONSENTS)  # fmt: skip
    event_services.confirm_email(waiting)
    event_services.confirm_email(third)
    future.refresh_from_db()
    third.refresh_from_db()
    assert future.status == Registration.Status.CONFIRMED
    assert third.status == Registration.Status.WAITLISTED
    past_event = type(conference).objects.get(pk=conference.pk)
    past = Registration.objects.create(
        event=past_event, user=None, name="Уходящая Участница", email="old-" + member.email,
        phone="+7 900 111-22-33", status=Registration.Status.CONFIRMED,
        consent_processing_version="v", consent_processing_at=timezone.now(),
        created_at=timezone.now() - datetime.timedelta(days=400),
    )  # fmt: skip
    Registration.objects.filter(pk=past.pk).update(email=member.email.upper())

    topic = make_topic(forums["karelia"], member, subject="Моя тема")
    from forum.services import quote_markdown

    quote = Post.objects.create(
        topic=topic, poster=roles["expert"], subject="Re", approved=True,
        content=quote_markdown(topic.first_post) + "Согласен.",
    )  # fmt: skip
    assert "Уходящая Участница писал(а)" in quote.content.raw

    client = CsrfClient()
    client.force_login(member)
    response = client.submit("/accounts/profile/delete/", {"password": "pw-123456"})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=member.pk).exists()

    future.refresh_from_db()
    third.refresh_from_db()
    assert future.status == Registration.Status.CANCELLED
    assert third.status == Registration.Status.CONFIRMED  # the freed place went on
    for registration in Registration.objects.filter(pk__in=[future.pk, past.pk]):
        assert registration.name == "удалённый участник"
        assert "leaver" not in registration.email.lower()
        assert registration.phone == "" and registration.answers == {}
    quote.refresh_from_db()
    assert "Уходящая Участница" not in quote.content.raw
    assert "удалённый участник писал(а)" in quote.content.raw
    assert "Уходящая Участница" not in quote._content_rendered
