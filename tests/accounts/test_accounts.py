"""Sign-up with e-mail confirmation and the 152-ФЗ consent, login, password
reset, profile with avatar, member pages and account deletion."""

import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest
from machina.apps.forum_conversation.models import Post, Topic
from PIL import Image

from accounts.models import Consent, Profile
from tests.conftest import make_user
from tests.forum.conftest import make_topic, topic_url

from .conftest import image_bytes

User = get_user_model()


def confirmation_link(message):
    return re.search(r"https?://\S+(/accounts/confirm/\S+/)", message.body).group(1)


def test_sign_up_creates_an_inactive_member_records_consent_and_mails_a_link(
    client, signup_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:signup"), signup_data)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:signup_done")

    user = User.objects.get(email="olga.petrova@example.org")
    assert user.username == "olga.petrova@example.org"
    assert not user.is_active
    assert user.get_full_name() == "Ольга Петрова"
    profile = user.profile
    assert (profile.organisation, profile.role, profile.region.slug) == (
        "АНО «Тёплый дом»", "ngo_specialist", "karelia"
    )  # fmt: skip
    consent = Consent.objects.get(user=user)
    assert consent.kind == Consent.Kind.PERSONAL_DATA
    assert consent.version == settings.ACCOUNTS_CONSENT_VERSION
    assert consent.given_at is not None

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["olga.petrova@example.org"]
    assert "Подтвердите адрес" in mail.outbox[0].subject

    # Cannot log in before confirming.
    refused = client.post(
        reverse("accounts:login"),
        {"username": "olga.petrova@example.org", "password": signup_data["password1"]},
    )
    assert refused.status_code == 200
    assert "_auth_user_id" not in client.session

    assert "Подтвердить адрес" in client.get(confirmation_link(mail.outbox[0])).content.decode()
    assert not User.objects.get(pk=user.pk).is_active
    confirmed = client.post(confirmation_link(mail.outbox[0]), follow=True)
    assert "Адрес подтверждён" in confirmed.content.decode()
    user.refresh_from_db()
    assert user.is_active and user.profile.email_confirmed_at is not None

    client.post(
        reverse("accounts:login"),
        {"username": "Olga.Petrova@example.org ", "password": signup_data["password1"]},
    )
    assert client.session["_auth_user_id"] == str(user.pk)


def test_sign_up_without_consent_is_refused_and_stores_nothing(client, signup_data):
    del signup_data["personal_data_consent"]
    response = client.post(reverse("accounts:signup"), signup_data)
    assert response.status_code == 400
    assert "Без согласия на обработку персональных данных регистрация невозможна." in (
        response.content.decode()
    )
    assert not User.objects.exists() and not Consent.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"password2": "другой-пароль-123"}, "Пароли не совпадают."),
        ({"email": "не-адрес"}, "Введите правильный адрес электронной почты."),
        ({"display_name": ""}, "Требуется заполнить это поле."),
        ({"password1": "123", "password2": "123"}, "Введённый пароль слишком короткий."),
    ],
)
def test_bad_sign_up_input_shows_a_russian_error_and_stores_nothing(
    client, signup_data, change, message
):
    signup_data.update(change)
    response = client.post(reverse("accounts:signup"), signup_data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not User.objects.exists()


def test_an_address_can_sign_up_only_once(client, signup_data, django_capture_on_commit_callbacks):
    """Issue 17: the page does not say the address is taken (the same answer as a
    new sign-up); the letter tells its owner."""
    User.objects.create_user(
        "olga.petrova@example.org", "olga.petrova@example.org", "pw-123456", first_name="Ольга"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:signup"), signup_data)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:signup_done")
    assert User.objects.count() == 1
    assert mail.outbox[-1].to == ["olga.petrova@example.org"]
    assert "У вас уже есть учётная запись" in mail.outbox[-1].body


def test_a_tampered_confirmation_link_is_refused(client, signup_data):
    client.post(reverse("accounts:signup"), signup_data)
    response = client.get(reverse("accounts:confirm", args=["abc:def"]))
    assert response.status_code == 400
    assert "Ссылка повреждена" in response.content.decode()
    assert not User.objects.get().is_active


def test_password_reset_mails_a_link_that_sets_a_new_password(client, regions):
    user = make_user("anna")
    response = client.post(reverse("accounts:password_reset"), {"email": "anna@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", mail.outbox[0].body)
    form_page = client.get(link.group(1), follow=True)
    assert "Новый пароль" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Новый-пароль-2026", "new_password2": "Новый-пароль-2026"},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Новый-пароль-2026")


def test_profile_edit_resizes_the_avatar_to_a_small_square_jpeg(client, regions):
    user = make_user("ivan")
    client.force_login(user)
    upload = SimpleUploadedFile("фото.png", image_bytes((1200, 800)), "image/png")
    response = client.post(
        reverse("accounts:profile_edit"),
        {
            "display_name": "Иван Пелтонен",
            "organisation": "",
            "organisation_type": "none",
            "region": regions["karelia"].pk,
            "role": "volunteer",
            "bio": "",
            "avatar": upload,
        },
    )
    assert response.status_code == 302
    profile = Profile.objects.get(user=user)
    with Image.open(profile.avatar.path) as picture:
        assert picture.format == "JPEG"
        assert picture.size == (256, 256)
    user.refresh_from_db()
    assert user.get_full_name() == "Иван Пелтонен"
    page = client.get(reverse("accounts:profile", args=[user.pk])).content.decode()
    assert "Иван Пелтонен" in page and profile.avatar.url in page


@pytest.mark.parametrize(
    ("name", "payload", "message"),
    [
        ("virus.png", b"MZ not an image at all", "Не удалось прочитать изображение"),
        ("big.png", b"x" * (4 * 1024 * 1024), "Фотография слишком большая"),
    ],
)
def test_a_bad_avatar_is_refused_with_a_russian_message(client, regions, name, payload, message):
    user = make_user("ivan")
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile_edit"),
        {
            "display_name": "Иван",
            "organisation_type": "none",
            "role": "volunteer",
            "avatar": SimpleUploadedFile(name, payload, "image/png"),
        },
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Profile.objects.filter(user=user).exists()


def test_profile_page_shows_recent_topics_the_visitor_may_read(client, roles, forums):
    member = roles["member"]
    Profile.objects.create(
        user=member, display_name="Ольга Участница", role="volunteer", show_in_directory=True
    )
    make_topic(forums["karelia"], member, subject="Открытая тема")
    make_topic(forums["members"], member, subject="Тема клуба")
    page = client.get(reverse("accounts:profile", args=[member.pk])).content.decode()
    assert "Открытая тема" in page and "Тема клуба" not in page
    assert "доброволец" in page
    # machina's own profile URL leads to the same page.
    old = client.get(reverse("forum_member:profile", args=[member.pk]))
    assert old["Location"] == reverse("accounts:profile", args=[member.pk])


def test_deleting_an_account_keeps_posts_under_deleted_member(client, roles, forums):
    member = roles["member"]
    Profile.objects.create(user=member, display_name="Ольга Участница")
    topic = make_topic(
        forums["karelia"], member, subject="Останется", replies=[(roles["expert"], "Ответ")]
    )
    client.force_login(member)
    wrong = client.post(reverse("accounts:delete"), {"password": "не тот"})
    assert wrong.status_code == 400 and "Пароль неверный." in wrong.content.decode()
    assert User.objects.filter(pk=member.pk).exists()

    response = client.post(reverse("accounts:delete"), {"password": "pw-123456"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=member.pk).exists()
    assert not Profile.objects.filter(display_name="Ольга Участница").exists()
    assert not Consent.objects.filter(user_id=member.pk).exists()
    assert Topic.objects.filter(pk=topic.pk).exists()
    assert Post.objects.filter(topic=topic).count() == 2

    page = client.get(topic_url(topic)).content.decode()
    assert "удалённый участник" in page
    assert "Ольга Участница" not in page
    assert "_auth_user_id" not in client.session


def test_login_page_and_forum_link_to_sign_up(client, forums):
    page = client.get("/forum/").content.decode()
    assert reverse("accounts:signup") in page and reverse("accounts:login") in page
    login = client.get(reverse("accounts:login")).content.decode()
    assert "Адрес электронной почты" in login
