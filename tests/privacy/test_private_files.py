"""Issue 17, item 2: private files reach only those with rights. Before the fix a
forum attachment lay under MEDIA_ROOT at /media/machina/attachments/<original name>
and a document of a login-restricted collection at /media/documents/<name>: the proxy
serving MEDIA_ROOT handed both to anyone."""

import io
import os

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

import pytest
from machina.apps.forum_conversation.forum_attachments.models import Attachment

from tests.forum.conftest import make_topic, post_data, topic_url

from .conftest import CsrfClient

pytestmark = pytest.mark.django_db


def files_under(root):
    return [os.path.join(d, f) for d, _dirs, files in os.walk(root) for f in files]


def upload_attachment(client, topic, name, content):
    data = post_data("Файл для клуба")
    data.update({
        "attachment-TOTAL_FORMS": "1",
        "attachment-0-file": SimpleUploadedFile(name, content, "application/pdf"),
        "attachment-0-comment": "",
    })  # fmt: skip
    response = client.submit(topic_url(topic, "post/create/"), data)
    assert response.status_code == 302
    return Attachment.objects.get(post__content="Файл для клуба")


def test_a_members_only_attachment_is_stored_outside_media_under_a_random_folder(
    browser_client, roles, forums, settings
):
    topic = make_topic(forums["members"], roles["member"], subject="Клуб")
    browser_client.force_login(roles["member"])
    attachment = upload_attachment(browser_client, topic, "План клуба.pdf", b"%PDF-1.4 secret")

    assert not [p for p in files_under(settings.MEDIA_ROOT) if "attachments" in p]
    path = attachment.file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    folder = os.path.basename(os.path.dirname(path))
    assert len(folder) >= 16  # random, not guessable from the name
    assert os.path.basename(path) == "План_клуба.pdf"

    # The member downloads it under its own name; a visitor is sent to log in.
    download = browser_client.get(reverse("forum_conversation:attachment", args=[attachment.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 secret"
    assert "%D0%9F%D0%BB%D0%B0%D0%BD" in download["Content-Disposition"]
    visitor = CsrfClient()
    refused = visitor.get(reverse("forum_conversation:attachment", args=[attachment.pk]))
    assert refused.status_code == 302 and "/login/" in refused["Location"]
    # No address under /media/ answers for it (the dev server serves MEDIA_ROOT only).
    for guess in ("/media/machina/attachments/План_клуба.pdf", "/media/" + attachment.file.name):
        assert visitor.get(guess).status_code == 404


def test_behind_nginx_the_attachment_is_handed_over_by_x_accel_redirect(
    browser_client, roles, forums, settings
):
    settings.PRIVATE_FILES_SERVER = "nginx"
    topic = make_topic(forums["members"], roles["member"], subject="Клуб")
    browser_client.force_login(roles["member"])
    attachment = upload_attachment(browser_client, topic, "plan.pdf", b"%PDF-1.4 secret")
    response = browser_client.get(reverse("forum_conversation:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/_private/media/" + attachment.file.name
    assert response.content == b""
    assert response["Cache-Control"] == "private, no-store"
    assert (
        CsrfClient().get(reverse("forum_conversation:attachment", args=[attachment.pk])).status_code
        == 302
    )


@pytest.fixture
def restricted_document(db):
    root = Collection.get_first_root_node()
    collection = root.add_child(name="Только для участников")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    Document = get_document_model()
    document = Document(title="Внутренний регламент", collection=collection)
    document.file.save("reglament.pdf", SimpleUploadedFile("reglament.pdf", b"%PDF-1.4 rules"))
    document.save()
    return document


def test_a_document_of_a_login_restricted_collection_is_not_under_media(
    restricted_document, settings, django_user_model
):
    assert not [p for p in files_under(settings.MEDIA_ROOT) if p.endswith(".pdf")]
    assert restricted_document.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    url = restricted_document.url
    assert url.startswith("/documents/")

    visitor = CsrfClient()
    refused = visitor.get(url)
    assert refused.status_code == 302 and "login" in refused["Location"]
    assert visitor.get("/media/" + restricted_document.file.name).status_code == 404

    member = django_user_model.objects.create_user("reader", "reader@example.org", "pw-123456")
    member.groups.add(Group.objects.get_or_create(name="Читатели")[0])
    visitor.force_login(member)
    served = visitor.get(url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == b"%PDF-1.4 rules"

    settings.PRIVATE_FILES_SERVER = "nginx"
    handed = visitor.get(url)
    assert handed.status_code == 200
    assert handed["X-Accel-Redirect"] == "/_private/media/" + restricted_document.file.name


def test_files_stored_before_are_moved_out_of_media_by_a_command(settings, db):

    old = os.path.join(settings.MEDIA_ROOT, "documents", "old.pdf")
    os.makedirs(os.path.dirname(old))
    with open(old, "wb") as handle:
        handle.write(b"%PDF-1.4 old")
    Document = get_document_model()
    document = Document.objects.create(title="Старый документ", file="documents/old.pdf")
    call_command("move_private_media", stdout=io.StringIO())
    call_command("move_private_media", stdout=io.StringIO())

    document.refresh_from_db()
    assert not os.path.exists(old)
    assert document.file.name.startswith("documents/") and document.file.name.endswith("/old.pdf")
    with open(document.file.path, "rb") as handle:
        assert handle.read() == b"%PDF-1.4 old"
    assert document.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
