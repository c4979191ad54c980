"""Issue 17, item 1: an attachment formset accepts only the attachments of the post
being written or edited. Before the fix machina trusted `attachment-N-id`: a reply
could take another member's file (even from the members-only forum) into a public
forum, and `DELETE=on` removed someone else's attachment."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest
from machina.apps.forum_conversation.forum_attachments.models import Attachment
from machina.apps.forum_conversation.models import Post

from tests.forum.conftest import make_topic, post_data, topic_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def secret_attachment(roles, forums):
    """Another member's attachment in the members-only forum."""
    topic = make_topic(forums["members"], roles["expert"], subject="Закрытая тема")
    return Attachment.objects.create(
        post=topic.first_post,
        file=SimpleUploadedFile("план.pdf", b"%PDF-1.4 secret", "application/pdf"),
    )


def stolen_ids(attachment, delete=False):
    data = {
        "attachment-TOTAL_FORMS": "1",
        "attachment-INITIAL_FORMS": "1",
        "attachment-0-id": str(attachment.pk),
        "attachment-0-comment": "",
    }
    if delete:
        data["attachment-0-DELETE"] = "on"
    return data


def test_a_reply_cannot_take_another_members_attachment(
    browser_client, roles, forums, secret_attachment
):
    topic = make_topic(forums["karelia"], roles["member"], subject="Открытая тема")
    browser_client.force_login(roles["member"])
    url = topic_url(topic, "post/create/")
    response = browser_client.submit(url, post_data("Чужой файл", **stolen_ids(secret_attachment)))

    assert response.status_code == 200
    assert "Этот файл не относится к сообщению" in response.content.decode()
    assert not Post.objects.filter(content="Чужой файл").exists()
    secret_attachment.refresh_from_db()
    assert secret_attachment.post.topic.forum == forums["members"]
    # Anonymous visitors still cannot fetch it.
    anonymous = browser_client.__class__()
    download = anonymous.get(reverse("forum_conversation:attachment", args=[secret_attachment.pk]))
    assert download.status_code == 302


def test_a_reply_cannot_delete_another_members_attachment(
    browser_client, roles, forums, secret_attachment
):
    topic = make_topic(forums["karelia"], roles["member"], subject="Открытая тема")
    browser_client.force_login(roles["member"])
    url = topic_url(topic, "post/create/")
    data = post_data("Удаляю чужое", **stolen_ids(secret_attachment, delete=True))
    response = browser_client.submit(url, data)

    assert response.status_code == 200
    assert "Этот файл не относится к сообщению" in response.content.decode()
    assert Attachment.objects.filter(pk=secret_attachment.pk).exists()


def test_editing_ones_own_post_cannot_take_or_delete_another_attachment(
    browser_client, roles, forums, secret_attachment
):
    topic = make_topic(forums["karelia"], roles["member"], subject="Моя тема")
    own = topic.first_post
    browser_client.force_login(roles["member"])
    url = topic_url(topic, f"{own.pk}/post/update/")
    for delete in (False, True):
        data = post_data("Правка", subject=own.subject, **stolen_ids(secret_attachment, delete))
        response = browser_client.submit(url, data)
        assert response.status_code == 200
        assert "Этот файл не относится к сообщению" in response.content.decode()
        secret_attachment.refresh_from_db()
        assert secret_attachment.post_id != own.pk
    own.refresh_from_db()
    assert own.content != "Правка"


def test_the_author_still_edits_and_deletes_own_attachments(browser_client, roles, forums):
    topic = make_topic(forums["karelia"], roles["member"], subject="Моя тема")
    own = topic.first_post
    mine = Attachment.objects.create(
        post=own, file=SimpleUploadedFile("мой.pdf", b"%PDF-1.4 mine", "application/pdf")
    )
    browser_client.force_login(roles["member"])
    url = topic_url(topic, f"{own.pk}/post/update/")
    data = post_data("Правка", subject=own.subject, **stolen_ids(mine))
    data["attachment-0-comment"] = "Обновлённый план"
    response = browser_client.submit(url, data)
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.comment == "Обновлённый план" and mine.post_id == own.pk

    data = post_data("Правка 2", subject=own.subject, **stolen_ids(mine, delete=True))
    response = browser_client.submit(url, data)
    assert response.status_code == 302
    assert not Attachment.objects.filter(pk=mine.pk).exists()


def test_a_topic_edit_cannot_take_or_delete_another_topics_poll_options(
    browser_client, roles, forums
):
    from machina.apps.forum_conversation.forum_polls.models import TopicPoll, TopicPollOption

    other = make_topic(forums["crimea"], roles["expert"], subject="Чужой опрос")
    poll = TopicPoll.objects.create(topic=other, question="Когда встречаемся?", max_options=1)
    victim = TopicPollOption.objects.create(poll=poll, text="В среду")
    TopicPollOption.objects.create(poll=poll, text="В пятницу")
    # Polls are created by moderators: Karelia's moderator, in a Karelian topic,
    # names an option of a Crimean poll.
    mine = make_topic(forums["karelia"], roles["mod_a"], subject="Моя тема")
    browser_client.force_login(roles["mod_a"])
    url = topic_url(mine, "update/")
    for delete in (False, True):
        data = post_data("Правка темы", subject="Моя тема")
        data.update({
            "poll_question": "Мой опрос", "poll_max_options": "1", "poll_duration": "",
            "poll-TOTAL_FORMS": "2", "poll-INITIAL_FORMS": "1",
            "poll-0-id": str(victim.pk), "poll-0-text": "Перехвачено",
            "poll-1-text": "Второй вариант",
        })  # fmt: skip
        if delete:
            data["poll-0-DELETE"] = "on"
        response = browser_client.submit(url, data)
        assert response.status_code == 200
        assert "Этот вариант ответа не относится к опросу темы" in response.content.decode()
        victim.refresh_from_db()
        assert victim.poll_id == poll.pk and victim.text == "В среду"
    assert not TopicPoll.objects.filter(topic=mine).exists()
