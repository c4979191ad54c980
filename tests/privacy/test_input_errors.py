"""Issue 17, item 8: input that answered 500 is refused with a 400 and a message,
or accepted harmlessly; nothing half-saved.

Before the fix `/api/v2/pages/?search=` with `"`, a lone space or a NUL byte and a
20-digit `offset` answered 500 (SQLite and PostgreSQL)."""

import pytest

from .conftest import CsrfClient

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query",
    [
        {"search": '"'},
        {"search": " "},
        {"search": "дети\x00"},
        {"search": "*"},
        {"search": "я" * 201},
        {"search": "дети", "search_operator": "xor"},
        {"offset": "9" * 20},
        {"offset": "-1"},
        {"limit": "9" * 20},
        {"limit": "abc"},
    ],
)
@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
def test_bad_api_parameters_answer_400_with_a_message(home_page, endpoint, query):
    response = CsrfClient().get(f"/api/v2/{endpoint}/", query)
    assert response.status_code == 400, response.content
    assert response.json()["message"]


@pytest.mark.parametrize("search", ['"дети"', "дети (пожилые)", "добровольцы: опыт", "дети*"])
def test_searches_with_punctuation_are_answered(home_page, search):
    response = CsrfClient().get("/api/v2/pages/", {"search": search})
    assert response.status_code == 200
    assert "items" in response.json()


def long_email(length):
    local = "a" * 60
    domain = ".".join(["b" * 60] * 8)
    return (local + "@" + domain)[:length].rstrip(".") + ".ru"


def test_a_registration_with_a_312_character_email_is_refused_with_a_message(conference):
    from events.models import Registration

    email = long_email(312)
    assert len(email) > 254
    client = CsrfClient()
    response = client.submit(
        "/crimea/conference/",
        {"name": "Ирина Мельникова", "email": email, "q_0": "КЦСОН", "q_1": "Крым",
         "consent_processing": "on"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "не более 254" in response.content.decode() or "254" in response.content.decode()
    assert not Registration.objects.exists()


def test_a_sign_up_with_an_email_longer_than_a_login_is_refused(db):
    from django.contrib.auth import get_user_model

    email = long_email(200)
    response = CsrfClient().submit(
        "/accounts/signup/",
        {"email": email, "display_name": "Длинный Адрес", "password1": "Very-long-pass-2026",
         "password2": "Very-long-pass-2026", "organisation_type": "none", "role": "volunteer",
         "personal_data_consent": "on"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "150" in response.content.decode()
    assert not get_user_model().objects.exists()


def test_a_forum_attachment_named_over_255_bytes_is_stored(browser_client, roles, forums):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from machina.apps.forum_conversation.forum_attachments.models import Attachment

    from tests.forum.conftest import make_topic, post_data, topic_url

    topic = make_topic(forums["karelia"], roles["member"])
    browser_client.force_login(roles["member"])
    data = post_data("Длинное имя")
    data.update({
        "attachment-TOTAL_FORMS": "1",
        "attachment-0-file": SimpleUploadedFile("протокол-" * 30 + ".pdf", b"%PDF-1.4 x"),
        "attachment-0-comment": "",
    })  # fmt: skip
    response = browser_client.submit(topic_url(topic, "post/create/"), data)
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert len(attachment.file.name) <= 100 and attachment.file.name.endswith(".pdf")
    download = browser_client.get(f"/forum/attachment/{attachment.pk}/")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 x"
