"""«Скачать мои данные» (issue 17, item 7): a ZIP of everything the portal holds
about the member who asks — and nothing of anyone else's — from the cabinet.

Before this, there was no export at all (/accounts/export/ answered 404)."""

import io
import json
import zipfile

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest
from machina.apps.forum_conversation.forum_attachments.models import Attachment

from accounts.models import Consent, Profile
from background.mail import queue_mail
from courses.services import enrol, submit
from events import services as event_services
from forum_extras.models import ForumSubscription, PostReport
from tests.accounts.conftest import image_bytes
from tests.conftest import make_user
from tests.courses.conftest import build_course, first_lesson, pdf_upload
from tests.forum.conftest import make_topic
from tests.privacy.conftest import CsrfClient

pytestmark = pytest.mark.django_db

CONSENTS = {"processing": True, "listing": True, "photo": False}


def fill(user, name, secret, *, conference, course, forum):
    """A member with a bit of everything: profile and avatar, consent, registration,
    course answer with a file, forum post with an attachment, subscription, letter."""
    profile = Profile.objects.create(user=user, display_name=name, bio=f"О себе: {secret}")
    profile.avatar.save("avatar.jpg", ContentFile(image_bytes(fmt="JPEG")), save=True)
    Consent.objects.create(user=user, kind=Consent.Kind.PERSONAL_DATA, version="2025-09-01")
    event_services.register(
        conference,
        name=name,
        email=user.email,
        consents=CONSENTS,
        phone=f"+7 900 {secret[-3:]}",
        user=user,
    )
    enrolment = enrol(course, user)
    module = first_lesson(course).get_parent().specific
    submit(
        enrolment,
        module,
        text=f"Ответ: {secret}",
        files=[pdf_upload(f"ответ-{secret}.pdf")],
        notify=False,
    )
    topic = make_topic(forum, user, subject=f"Тема {secret}")
    Attachment.objects.create(
        post=topic.first_post,
        file=SimpleUploadedFile(f"план-{secret}.pdf", f"%PDF-1.4 {secret}".encode()),
    )
    ForumSubscription.objects.create(user=user, forum=forum)
    PostReport.objects.create(post=topic.first_post, reporter=user, reason=f"Жалоба {secret}")
    queue_mail(f"Письмо про {secret}", f"Текст письма {secret}", [user.email])
    return profile


@pytest.fixture
def two_members(conference, course_index, forums, roles):
    course = build_course(course_index, modules=1, lessons=1)
    forum = forums["karelia"]
    # The other address contains the member's one: a substring match would leak.
    # (The other member writes first: a letter to a subscriber about a public topic
    # would rightly carry its subject.)
    me = make_user("olga")
    other = make_user("xolga")
    fill(other, "Ксения Чужая", "theirs-999", conference=conference, course=course, forum=forum)
    fill(me, "Ольга Моя", "mine-111", conference=conference, course=course, forum=forum)
    return me, other


def download(client):
    response = client.submit(reverse("accounts:export"), {})
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="moi-dannye-')
    assert response["Cache-Control"] == "private, no-store"
    assert response.streaming
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_export_asks_visitors_to_log_in(db):
    response = CsrfClient().get(reverse("accounts:export"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next=/accounts/export/"


def test_the_cabinet_links_to_export_consents_and_deletion(db):
    member = make_user("olga")
    client = CsrfClient()
    client.force_login(member)
    page = client.get(reverse("accounts:cabinet")).content.decode()
    for name in ("accounts:export", "accounts:consents", "accounts:delete"):
        assert f'href="{reverse(name)}"' in page, name
    assert "Скачать мои данные" in page and "Мои согласия и их отзыв" in page


def test_get_explains_and_changes_nothing_post_sends_the_archive(two_members):
    me, _ = two_members
    client = CsrfClient()
    client.force_login(me)
    page = client.get(reverse("accounts:export"))
    assert page.status_code == 200
    assert "Скачать архив" in page.content.decode()
    assert page["Content-Type"].startswith("text/html")
    archive = download(client)
    names = set(archive.namelist())
    assert {
        "index.html",
        "profile.json",
        "consents.json",
        "registrations.json",
        "courses.json",
        "forum.json",
        "organisation.json",
        "surveys.json",
        "letters.json",
    } <= names
    assert archive.testzip() is None

    profile = json.loads(archive.read("profile.json"))
    assert profile["display_name"] == "Ольга Моя" and profile["email"] == "olga@example.org"
    assert archive.read(profile["avatar"])[:2] == b"\xff\xd8"  # the stored JPEG itself

    registrations = json.loads(archive.read("registrations.json"))
    assert [row["phone"] for row in registrations] == ["+7 900 111"]

    courses = json.loads(archive.read("courses.json"))
    answer = courses[0]["answers"][0]
    assert answer["text"] == "Ответ: mine-111"
    assert archive.read(answer["files"][0]["in_archive"]).startswith(b"%PDF-1.4")

    forum = json.loads(archive.read("forum.json"))
    post = forum["posts"][0]
    assert post["topic"] == "Тема mine-111"
    assert archive.read(post["attachments"][0]["in_archive"]) == b"%PDF-1.4 mine-111"
    assert [row["forum"] for row in forum["forum_subscriptions"]] == ["Республика Карелия"]

    assert [row["reason"] for row in forum["reports"]] == ["Жалоба mine-111"]

    letters = json.loads(archive.read("letters.json"))
    subjects = {letter["subject"] for letter in letters}
    assert "Письмо про mine-111" in subjects

    index = archive.read("index.html").decode()
    assert "Мои данные на портале" in index and "Ольга Моя" in index


def test_another_members_data_never_appears_in_the_archive(two_members):
    """The attack: a member whose address contains another's, the same event, course
    and forum; nothing of the other member's reaches the archive, in any file."""
    me, _ = two_members
    client = CsrfClient()
    client.force_login(me)
    archive = download(client)
    for name in archive.namelist():
        content = archive.read(name)
        assert b"theirs-999" not in content, name
        assert "Ксения Чужая".encode() not in content, name
        assert b"xolga@" not in content, name
        assert "theirs-999" not in name, name


def test_the_archive_is_limited_per_member_and_hour(two_members, settings):
    settings.ACCOUNTS_EXPORTS_PER_HOUR = 2
    me, other = two_members
    client = CsrfClient()
    client.force_login(me)
    download(client)
    download(client)
    refused = client.submit(reverse("accounts:export"), {})
    assert refused.status_code == 429
    assert "не больше 2 раз в час" in refused.content.decode()
    # Someone else is counted apart.
    neighbour = CsrfClient()
    neighbour.force_login(other)
    download(neighbour)


def test_a_file_missing_on_disk_leaves_the_archive_whole(two_members):
    me, _ = two_members
    profile = Profile.objects.get(user=me)
    profile.avatar.storage.delete(profile.avatar.name)
    client = CsrfClient()
    client.force_login(me)
    archive = download(client)
    assert archive.testzip() is None
    assert json.loads(archive.read("profile.json"))["avatar"] is None


def test_files_are_streamed_in_small_pieces_not_held_whole(two_members):
    """Bounded memory: a 3 MB answer file leaves in pieces of at most ~64 KB."""
    import os

    from courses.models import SubmissionFile

    me, _ = two_members
    item = SubmissionFile.objects.filter(submission__enrolment__user=me).first()
    big = os.urandom(3 * 1024 * 1024)  # does not compress
    item.file.storage.delete(item.file.name)
    item.file.storage.save(item.file.name, ContentFile(big))
    client = CsrfClient()
    client.force_login(me)
    response = client.submit(reverse("accounts:export"), {})
    pieces = list(response.streaming_content)
    assert len(pieces) > 40
    assert max(len(piece) for piece in pieces) < 256 * 1024
    archive = zipfile.ZipFile(io.BytesIO(b"".join(pieces)))
    answer = json.loads(archive.read("courses.json"))[0]["answers"][0]["files"][0]
    assert archive.read(answer["in_archive"]) == big
