"""«Мои согласия» (issue 17, item 7; issue 20's cabinet): every consent a member
gave, with its date, and «Отозвать» for each; the withdrawal is recorded and takes
effect at once. Before this there was no way to withdraw any consent
(/accounts/consents/ answered 404)."""

from django.urls import reverse

import pytest

from accounts.models import Consent, Profile
from events import services as event_services
from events.models import Registration
from forum_extras.models import ForumSubscription
from tests.forum.conftest import make_topic, topic_url
from tests.privacy.conftest import CsrfClient

pytestmark = pytest.mark.django_db

PROFILE = {"display_name": "Ольга Открытая", "organisation_type": "none", "role": "volunteer"}


def withdraw_url(key):
    return reverse("accounts:consent_withdraw", args=[key])


@pytest.fixture
def member(roles):
    user = roles["member"]
    Consent.objects.create(user=user, kind=Consent.Kind.PERSONAL_DATA, version="2025-09-01")
    return user


@pytest.fixture
def member_client(member):
    client = CsrfClient()
    client.force_login(member)
    return client


def register(event, user, **consents):
    return event_services.register(
        event,
        name="Ольга Участница",
        email=user.email,
        phone="+7 900 123-45-67",
        consents={"processing": True, **consents},
        user=user,
    )


def test_the_consents_page_asks_visitors_to_log_in(db):
    response = CsrfClient().get(reverse("accounts:consents"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next=/accounts/consents/"


def test_every_consent_given_is_listed_with_its_date_and_a_withdraw_button(
    member, member_client, conference, forums
):
    assert (
        member_client.submit(
            reverse("accounts:profile_edit"), dict(PROFILE, show_in_directory="on")
        ).status_code
        == 302
    )
    directory = Consent.objects.get(user=member, kind=Consent.Kind.DIRECTORY)
    assert directory.withdrawn_at is None
    registration = register(conference, member, listing=True)
    ForumSubscription.objects.create(user=member, forum=forums["karelia"])

    page = member_client.get(reverse("accounts:consents")).content.decode()
    for title in (
        "Согласие на обработку персональных данных",
        "Согласие на показ моей страницы участника",
        "Письма о новых сообщениях форума (подписки)",
        "Согласие на обработку персональных данных при регистрации на событие",
        "Согласие на публикацию в списке участников события",
    ):
        assert title in page, title
    assert "Согласие на фото- и видеосъёмку на событии" not in page  # not given
    assert "Подписки: 1 раздел" in page
    assert conference.title in page
    for key in (
        "account",
        "directory",
        "forum_mail",
        f"registration:{registration.pk}:processing",
        f"registration:{registration.pk}:listing",
    ):
        assert f'href="{withdraw_url(key)}"' in page, key
    assert page.count(">Отозвать</a>") == 5


def test_withdrawing_the_directory_opt_in_hides_the_member_at_once_cached_pages_included(
    member, member_client, forums
):
    Profile.objects.create(user=member, display_name="Ольга Открытая", show_in_directory=True)
    topic = make_topic(forums["karelia"], member, subject="Открытая тема")
    visitor = CsrfClient()
    profile_url = reverse("accounts:profile", args=[member.pk])
    assert visitor.get(profile_url).status_code == 200
    first = visitor.get(topic_url(topic))
    assert f'href="{profile_url}"' in first.content.decode()
    assert visitor.get(topic_url(topic))["X-Page-Cache"] == "hit"  # served from the cache

    explained = member_client.get(withdraw_url("directory")).content.decode()
    assert "перестанет открываться" in explained
    response = member_client.submit(withdraw_url("directory"), {})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:consents")

    assert not Profile.objects.get(user=member).show_in_directory
    assert visitor.get(profile_url).status_code == 404
    again = visitor.get(topic_url(topic))
    assert again.status_code == 200
    assert f'href="{profile_url}"' not in again.content.decode()
    record = Consent.objects.get(user=member, kind=Consent.Kind.DIRECTORY)
    assert record.withdrawn_at is not None
    page = member_client.get(reverse("accounts:consents")).content.decode()
    assert "Отозванные согласия" in page
    assert f'href="{withdraw_url("directory")}"' not in page


def test_withdrawing_the_listing_consent_of_a_registration_clears_it_and_keeps_the_place(
    member, member_client, conference
):
    registration = register(conference, member, listing=True, photo=True)
    response = member_client.submit(withdraw_url(f"registration:{registration.pk}:listing"), {})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert (registration.consent_listing_version, registration.consent_listing_at) == ("", None)
    assert registration.consent_photo_at is not None
    assert registration.is_active and registration.email == member.email
    record = Consent.objects.get(user=member, kind=Consent.Kind.EVENT_LISTING)
    assert record.about == conference.title and record.withdrawn_at is not None


def test_withdrawing_processing_for_an_upcoming_event_cancels_and_forgets_the_registration(
    member, member_client, conference
):
    registration = register(conference, member)
    key = f"registration:{registration.pk}:processing"
    assert "будет отменена" in member_client.get(withdraw_url(key)).content.decode()
    assert member_client.submit(withdraw_url(key), {}).status_code == 302
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert registration.user is None and registration.email.endswith("@deleted.invalid")
    assert (registration.name, registration.phone) == ("удалённый участник", "")
    assert Consent.objects.filter(
        user=member, kind=Consent.Kind.EVENT_PROCESSING, withdrawn_at__isnull=False
    ).exists()


def test_withdrawing_forum_letters_ends_every_subscription(member, member_client, forums):
    topic = make_topic(forums["karelia"], member, subject="Тема с подпиской")
    topic.subscribers.add(member)
    ForumSubscription.objects.create(user=member, forum=forums["thematic"])
    assert member_client.submit(withdraw_url("forum_mail"), {}).status_code == 302
    assert not ForumSubscription.objects.filter(user=member).exists()
    assert not topic.subscribers.filter(pk=member.pk).exists()
    assert Consent.objects.get(user=member, kind=Consent.Kind.FORUM_MAIL).withdrawn_at


def test_withdrawing_the_processing_consent_leads_to_account_deletion(member, member_client):
    page = member_client.get(withdraw_url("account")).content.decode()
    assert "удаление учётной записи" in page
    assert f'href="{reverse("accounts:delete")}"' in page
    response = member_client.submit(withdraw_url("account"), {})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:delete")
    assert Consent.objects.get(user=member, kind=Consent.Kind.PERSONAL_DATA).withdrawn_at is None


def test_nobody_withdraws_another_members_consent(member, roles, conference):
    """The attack: another member posts the key of this member's registration."""
    registration = register(conference, member, listing=True)
    intruder = CsrfClient()
    intruder.force_login(roles["newcomer"])
    for which in ("processing", "listing"):
        url = withdraw_url(f"registration:{registration.pk}:{which}")
        assert intruder.get(url).status_code == 404
        intruder.get(reverse("accounts:consents"))  # a CSRF cookie, as a browser has
        token = intruder.cookies["csrftoken"].value
        assert intruder.post(url, {"csrfmiddlewaretoken": token}).status_code == 404
    registration.refresh_from_db()
    assert registration.is_active and registration.consent_listing_at is not None
    assert registration.email == member.email
    assert not Consent.objects.filter(withdrawn_at__isnull=False).exists()
    assert intruder.get(withdraw_url("registration:abc:photo")).status_code == 404
