"""Issue 17, items 3 and 9: image bombs refused from their header, before decoding;
contents that do not match their extension refused; nothing stored on refusal.

Before the fix a 48 KB PNG of 20000×20000 px as a sign-up avatar answered 500
(DecompressionBombError) and a 12000×12000 RGBA PNG was decoded (~0.6 GB) before
being refused; HTML named .pdf and SVG named .png went into the forum."""

import os
import resource
import struct
import zlib

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from machina.apps.forum_conversation.forum_attachments.models import Attachment
from machina.apps.forum_conversation.models import Post

from tests.forum.conftest import make_topic, post_data, topic_url

pytestmark = pytest.mark.django_db


def png_bomb(width, height, mode="RGBA"):
    """A valid PNG of width×height blank pixels, built row by row: its decoded size
    never exists in this process (colour type 6 = RGBA 8 bit, 0 = 1-bit grey)."""
    colour, depth, row_bytes = (6, 8, width * 4) if mode == "RGBA" else (0, 1, (width + 7) // 8)

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )  # fmt: skip

    packer = zlib.compressobj(9)
    row = b"\x00" + b"\x00" * row_bytes
    idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def big_rgba():
    return png_bomb(12000, 12000)


@pytest.fixture(scope="module")
def huge_grey():
    return png_bomb(20000, 20000, mode="1")


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def signup_data(email, avatar):
    return {
        "email": email,
        "display_name": "Бомба Тестовая",
        "password1": "Very-long-pass-2026",
        "password2": "Very-long-pass-2026",
        "organisation_type": "none",
        "role": "volunteer",
        "personal_data_consent": "on",
        "avatar": avatar,
    }


@pytest.mark.parametrize("which", ["huge_grey", "big_rgba"])
def test_an_image_bomb_as_sign_up_avatar_is_refused_before_decoding(
    browser_client, which, request, settings
):
    content = request.getfixturevalue(which)
    assert len(content) < 700 * 1024
    before = peak_rss_mb()
    response = browser_client.submit(
        "/accounts/signup/",
        signup_data("bomb@example.org", SimpleUploadedFile("me.png", content, "image/png")),
    )
    grown = peak_rss_mb() - before
    assert response.status_code == 400
    assert "Изображение слишком большое по размеру в пикселях" in response.content.decode()
    assert not get_user_model().objects.filter(email="bomb@example.org").exists()
    # Decoding 12000×12000 RGBA alone takes 549 MB; the header is a few bytes.
    assert grown < 100, f"peak memory grew by {grown:.0f} MB"
    assert not os.path.exists(os.path.join(settings.MEDIA_ROOT, "avatars"))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("отчёт.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("схема.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("заметка.txt", b"<html><body onload=alert(1)></body></html>"),
        ("таблица.docx", b"MZ\x90\x00 a renamed program"),
    ],
)
def test_an_attachment_whose_content_is_not_its_extension_is_refused(
    browser_client, roles, forums, name, content
):
    topic = make_topic(forums["karelia"], roles["member"])
    browser_client.force_login(roles["member"])
    data = post_data("Подменённый файл")
    data.update({
        "attachment-TOTAL_FORMS": "1",
        "attachment-0-file": SimpleUploadedFile(name, content, "application/octet-stream"),
        "attachment-0-comment": "",
    })  # fmt: skip
    response = browser_client.submit(topic_url(topic, "post/create/"), data)
    assert response.status_code == 200
    assert "не похож на файл" in response.content.decode()
    assert not Post.objects.filter(content="Подменённый файл").exists()
    assert not Attachment.objects.exists()


def test_an_image_bomb_attachment_is_refused_from_its_header(
    browser_client, roles, forums, huge_grey
):
    topic = make_topic(forums["karelia"], roles["member"])
    browser_client.force_login(roles["member"])
    data = post_data("Бомба")
    data.update({
        "attachment-TOTAL_FORMS": "1",
        "attachment-0-file": SimpleUploadedFile("фото.png", huge_grey, "image/png"),
        "attachment-0-comment": "",
    })  # fmt: skip
    response = browser_client.submit(topic_url(topic, "post/create/"), data)
    assert response.status_code == 200
    assert "Изображение слишком большое по размеру в пикселях" in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_file_over_the_hard_cap_is_dropped_while_streaming_and_refused(
    browser_client, roles, forums, settings
):
    # Scaled down: a cap of 64 KB over a field limit of 32 KB (50 MB and 5 MB by default).
    settings.UPLOAD_MAX_SIZE = 64 * 1024
    settings.FORUM_ATTACHMENT_MAX_SIZE = 32 * 1024
    topic = make_topic(forums["karelia"], roles["member"])
    browser_client.force_login(roles["member"])
    data = post_data("Большой файл")
    data.update({
        "attachment-TOTAL_FORMS": "1",
        "attachment-0-file": SimpleUploadedFile("big.pdf", b"%PDF-1.4" + b"0" * 200_000),
        "attachment-0-comment": "",
    })  # fmt: skip
    response = browser_client.submit(topic_url(topic, "post/create/"), data)
    assert response.status_code == 200
    assert "Файл слишком большой" in response.content.decode()
    assert not Attachment.objects.exists()
