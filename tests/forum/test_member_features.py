"""What we built on top of machina: notifications, quoting, reports, accepted
answers, pre-moderation and the rate limit — all through HTTP."""

import re

from django.core import mail
from django.urls import reverse

import pytest
from machina.apps.forum_conversation.models import Post, Topic

from forum.setup import trusted_group
from forum_extras.models import ForumSubscription, PostReport, TopicSolution
from tests.conftest import make_user

from .conftest import forum_url, make_topic, post_data, topic_url


def unsubscribe_link(message):
    return re.search(r"https?://[^\s]+/forum/unsubscribe/[^\s]+/", message.body).group(0)


# Notifications ----------------------------------------------------------------


def test_a_reply_mails_each_topic_subscriber_once_but_not_its_author(
    client, roles, forums, django_capture_on_commit_callbacks
):
    starter, replier = roles["member"], roles["expert"]
    topic = make_topic(forums["karelia"], starter, subject="Дрова для пожилых")
    follower = make_user("follower", trusted_group(), first_name="Подписчик")
    topic.subscribers.add(follower)
    mail.outbox.clear()

    client.force_login(replier)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(topic_url(topic, "post/create/"), post_data("Поможем в субботу"))
    assert response.status_code == 302

    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([starter.email, follower.email])
    message = mail.outbox[0]
    assert "Дрова для пожилых" in message.subject
    assert "Поможем в субботу" in message.body
    assert "/forum/unsubscribe/" in message.body
    # The replier now follows the topic too.
    assert topic.subscribers.filter(pk=replier.pk).exists()

    # The follower stops following from the e-mail, without logging in.
    client.logout()
    follower_mail = next(m for m in mail.outbox if m.to == [follower.email])
    done = client.post(unsubscribe_link(follower_mail))
    assert "Дрова для пожилых" in done.content.decode()
    assert not topic.subscribers.filter(pk=follower.pk).exists()
    assert topic.subscribers.filter(pk=starter.pk).exists()


def test_forum_subscribers_hear_of_new_topics_and_unsubscribe_by_link_without_login(
    client, roles, forums, django_capture_on_commit_callbacks
):
    reader, writer = roles["expert"], roles["member"]
    client.force_login(reader)
    client.post(reverse("forum:forum_subscription", args=[forums["karelia"].pk]))
    assert ForumSubscription.objects.filter(user=reader, forum=forums["karelia"]).exists()

    client.force_login(writer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            forum_url(forums["karelia"], "topic/create/"),
            post_data("Кто знает хорошего юриста?", subject="Ищем юриста", topic_type="0"),
        )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[reader.email]]
    link = unsubscribe_link(mail.outbox[0])

    client.logout()
    page = client.get(link)
    assert "Отписаться" in page.content.decode()
    assert ForumSubscription.objects.filter(user=reader).exists()
    done = client.post(link)
    assert done.status_code == 200
    assert "Республика Карелия" in done.content.decode()
    assert not ForumSubscription.objects.filter(user=reader).exists()


def test_a_broken_unsubscribe_link_explains_itself_and_changes_nothing(client, roles, forums):
    topic = make_topic(forums["karelia"], roles["member"])
    response = client.post("/forum/unsubscribe/garbage-token/")
    assert response.status_code == 400
    assert "Ссылка для отписки повреждена" in response.content.decode()
    assert topic.subscribers.filter(pk=roles["member"].pk).exists()


def test_members_only_topics_are_not_mailed_to_someone_who_lost_access(
    client, roles, forums, django_capture_on_commit_callbacks
):
    topic = make_topic(forums["members"], roles["member"], subject="Закрытое обсуждение")
    leaver = make_user("leaver", first_name="Ушедший")
    topic.subscribers.add(leaver)
    leaver.is_active = False
    leaver.save()
    mail.outbox.clear()
    client.force_login(roles["expert"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(topic_url(topic, "post/create/"), post_data("Ответ в клубе"))
    assert leaver.email not in [a for m in mail.outbox for a in m.to]
    assert roles["member"].email in [a for m in mail.outbox for a in m.to]


# Quoting ----------------------------------------------------------------------


def test_quoting_a_post_starts_the_reply_with_it_as_a_blockquote(client, roles, forums):
    topic = make_topic(
        forums["karelia"],
        roles["member"],
        subject="Цитаты",
        replies=[(roles["expert"], "Договор нужен всегда.\nДаже разовый.")],
    )
    quoted = topic.posts.get(content__startswith="Договор")
    client.force_login(roles["mod_a"])
    response = client.get(topic_url(topic, "post/create/"), {"quote": quoted.pk})
    initial = response.context["post_form"]["content"].value()
    assert initial.startswith("> **Эксперт Экспертов писал(а):**")
    assert "> Договор нужен всегда.\n> Даже разовый." in initial

    topic_page = client.get(topic_url(topic)).content.decode()
    assert f"post/create/?quote={quoted.pk}" in topic_page


def test_quoting_a_post_of_another_topic_prefills_nothing(client, roles, forums):
    other = make_topic(forums["crimea"], roles["member"], subject="Другая тема")
    topic = make_topic(forums["karelia"], roles["member"], subject="Эта тема")
    client.force_login(roles["expert"])
    response = client.get(topic_url(topic, "post/create/"), {"quote": other.first_post_id})
    assert not response.context["post_form"]["content"].value()


# Reports ----------------------------------------------------------------------


def test_a_report_reaches_only_the_moderators_of_that_forum(client, roles, forums):
    topic = make_topic(
        forums["karelia"], roles["member"], replies=[(roles["expert"], "Продаю коляски")]
    )
    spam = topic.posts.get(content="Продаю коляски")
    client.force_login(roles["member"])
    response = client.post(
        reverse("forum:post_report", args=[spam.pk]), {"reason": "Реклама не по теме"}
    )
    assert response.status_code == 302
    assert PostReport.objects.filter(post=spam, reporter=roles["member"]).count() == 1

    client.force_login(roles["mod_a"])
    queue = client.get(reverse("forum:report_queue")).content.decode()
    assert "Реклама не по теме" in queue and "Продаю коляски" in queue

    client.force_login(roles["mod_b"])
    other_queue = client.get(reverse("forum:report_queue")).content.decode()
    assert "Реклама не по теме" not in other_queue
    assert "Новых жалоб нет." in other_queue

    client.force_login(roles["member"])
    assert client.get(reverse("forum:report_queue")).status_code == 403


def test_an_empty_report_is_refused_with_a_message_and_nothing_stored(client, roles, forums):
    topic = make_topic(forums["karelia"], roles["member"], replies=[(roles["expert"], "Текст")])
    post = topic.posts.get(content="Текст")
    client.force_login(roles["member"])
    response = client.post(reverse("forum:post_report", args=[post.pk]), {"reason": ""})
    assert response.status_code == 400
    assert "Опишите, что не так с сообщением." in response.content.decode()
    assert not PostReport.objects.exists()


def test_moderator_resolves_a_report_and_it_leaves_the_queue(client, roles, forums):
    topic = make_topic(forums["karelia"], roles["member"], replies=[(roles["expert"], "Текст")])
    report = PostReport.objects.create(
        post=topic.posts.get(content="Текст"), reporter=roles["member"], reason="Грубость"
    )
    client.force_login(roles["mod_b"])
    assert client.post(reverse("forum:report_queue"), {"report": report.pk}).status_code == 403
    client.force_login(roles["mod_a"])
    client.post(reverse("forum:report_queue"), {"report": report.pk})
    report.refresh_from_db()
    assert report.resolved_by == roles["mod_a"]
    assert "Грубость" not in client.get(reverse("forum:report_queue")).content.decode()


# Accepted answers -------------------------------------------------------------


@pytest.fixture
def consultation(roles, forums):
    return make_topic(
        forums["consultations"],
        roles["member"],
        subject="Как возместить проезд",
        replies=[(roles["expert"], "По статье 17.1 закона № 135-ФЗ"), (roles["mod_a"], "+1")],
    )


def test_topic_author_marks_an_experts_reply_as_the_solution(client, roles, consultation):
    answer = consultation.posts.get(poster=roles["expert"])
    client.force_login(roles["member"])
    page = client.get(topic_url(consultation)).content.decode()
    assert "badge--expert" in page and "Эксперт</span>" in page

    client.post(reverse("forum:mark_solution", args=[answer.pk]))
    assert TopicSolution.objects.get(topic=consultation).post == answer

    page = client.get(topic_url(consultation)).content.decode()
    solution_block = page.split('class="solution"', 1)[1]
    assert "По статье 17.1 закона № 135-ФЗ" in solution_block.split("</section>", 1)[0]
    forum_page = client.get(forum_url(consultation.forum)).content.decode()
    assert "Решено" in forum_page


def test_other_members_cannot_mark_a_solution(client, roles, consultation):
    answer = consultation.posts.get(poster=roles["expert"])
    client.force_login(roles["mod_b"])
    response = client.post(reverse("forum:mark_solution", args=[answer.pk]), follow=True)
    assert "Отметить решение может только автор вопроса или модератор." in (
        response.content.decode()
    )
    assert not TopicSolution.objects.exists()


def test_moderator_of_the_consultations_may_mark_the_solution(client, roles, consultation):
    answer = consultation.posts.get(poster=roles["expert"])
    client.force_login(roles["mod_inter"])
    client.post(reverse("forum:mark_solution", args=[answer.pk]))
    assert TopicSolution.objects.filter(topic=consultation, post=answer).exists()


def test_solutions_are_refused_outside_the_consultations(client, roles, forums):
    topic = make_topic(forums["karelia"], roles["member"], replies=[(roles["expert"], "Ответ")])
    client.force_login(roles["member"])
    client.post(reverse("forum:mark_solution", args=[topic.posts.last().pk]))
    assert not TopicSolution.objects.exists()


# Pre-moderation and rate limit ------------------------------------------------


def test_a_newcomers_first_post_waits_for_a_moderator_who_then_trusts_them(
    client, roles, forums, django_capture_on_commit_callbacks
):
    topic = make_topic(forums["karelia"], roles["member"], subject="Премодерация")
    client.force_login(roles["newcomer"])
    response = client.post(
        topic_url(topic, "post/create/"),
        post_data("Мой первый ответ", subject="Первый ответ новичка"),
        follow=True,
    )
    assert response.status_code == 200
    post = Post.objects.get(content="Мой первый ответ")
    assert post.approved is False
    client.logout()
    assert "Мой первый ответ" not in client.get(topic_url(topic)).content.decode()

    client.force_login(roles["mod_a"])
    assert "Первый ответ новичка" in client.get(reverse("forum_moderation:queue")).content.decode()
    client.force_login(roles["mod_b"])
    other_queue = client.get(reverse("forum_moderation:queue")).content.decode()
    assert "Первый ответ новичка" not in other_queue
    client.force_login(roles["mod_a"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("forum_moderation:approve_queued_post", args=[post.pk]))
    post.refresh_from_db()
    assert post.approved
    assert roles["newcomer"].groups.filter(name=trusted_group().name).exists()
    assert [m.to for m in mail.outbox] == [[roles["member"].email]]

    client.force_login(roles["newcomer"])
    client.post(topic_url(topic, "post/create/"), post_data("Второй ответ"))
    assert Post.objects.get(content="Второй ответ").approved is True


def test_a_newcomer_posting_too_often_is_refused_with_a_russian_message(
    client, roles, forums, settings
):
    settings.FORUM_NEW_MEMBER_POST_LIMIT = 2
    topic = make_topic(forums["karelia"], roles["member"], subject="Лимит")
    client.force_login(roles["newcomer"])
    for number in range(2):
        client.post(topic_url(topic, "post/create/"), post_data(f"Ответ {number}"))
    response = client.post(topic_url(topic, "post/create/"), post_data("Третий ответ"))
    assert response.status_code == 200
    assert "Новые участники могут отправить не больше 2 сообщений" in response.content.decode()
    assert not Post.objects.filter(content="Третий ответ").exists()
    assert Topic.objects.get(pk=topic.pk).posts.count() == 3
