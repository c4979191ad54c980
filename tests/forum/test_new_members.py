"""The forum for a new member: one clear notice after posting, their own posts
that wait for a moderator visible to them (marked), no «Ответить» under a topic
nobody else can see yet, form fields that mean something, counts that add up."""

from django.urls import reverse

from machina.apps.forum_conversation.models import Post, Topic

from tests.forum.conftest import forum_url, make_topic, post_data, topic_url


def notices(response):
    return [str(message) for message in response.context["messages"]]


def test_a_newcomers_reply_gives_one_notice_and_stays_visible_to_them(client, roles, forums):
    topic = make_topic(forums["karelia"], roles["member"], subject="Как найти добровольцев")
    client.force_login(roles["newcomer"])
    response = client.post(
        topic_url(topic, "post/create/"), post_data("Мой первый ответ"), follow=True
    )
    assert notices(response) == [
        "Сообщение будет проверено модератором и появится на форуме после одобрения; "
        "пока его видите только вы."
    ]
    page = response.content.decode()
    assert "Мой первый ответ" in page
    assert "Ожидает проверки модератором: пока это сообщение видите только вы." in page

    client.force_login(roles["member"])
    assert "Мой первый ответ" not in client.get(topic_url(topic)).content.decode()


def test_a_trusted_members_post_gives_one_notice(client, roles, forums):
    topic = make_topic(forums["karelia"], roles["expert"], subject="Вопрос")
    client.force_login(roles["member"])
    response = client.post(topic_url(topic, "post/create/"), post_data("Ответ"), follow=True)
    assert notices(response) == ["Сообщение опубликовано."]


def test_a_newcomers_own_topic_awaiting_approval_shows_its_post_and_no_reply_button(
    client, roles, forums
):
    client.force_login(roles["newcomer"])
    data = post_data("Текст моей темы", subject="Моя первая тема")
    data["topic_type"] = Topic.TOPIC_POST
    response = client.post(forum_url(forums["karelia"], "topic/create/"), data, follow=True)
    topic = Topic.objects.get(subject="Моя первая тема")
    assert not topic.approved
    page = client.get(topic_url(topic)).content.decode()
    assert "Текст моей темы" in page
    assert "Тема ожидает проверки модератором" in page
    assert "В теме пока нет сообщений." not in page
    assert (
        reverse(
            "forum_conversation:post_create",
            args=[topic.forum.slug, topic.forum.pk, topic.slug, topic.pk],
        )
        not in page
    )
    assert response.status_code == 200


def test_the_topic_list_never_counts_minus_one_answer(client, roles, forums):
    make_topic(forums["karelia"], roles["newcomer"], subject="Ждёт модератора", approved=False)
    Post.objects.filter(topic__subject="Ждёт модератора").update(approved=False)
    Topic.objects.filter(subject="Ждёт модератора").update(posts_count=0)
    client.force_login(roles["mod_a"])
    page = client.get(forum_url(forums["karelia"])).content.decode()
    assert "<td>-1</td>" not in page


def test_the_new_topic_form_speaks_to_members(client, roles, forums):
    client.force_login(roles["member"])
    page = client.get(forum_url(forums["karelia"], "topic/create/")).content.decode()
    assert "Тема по умолчанию" not in page and "Создать тему под" not in page
    assert 'name="topic_type"' not in page
    assert "Подпись к файлу" in page and "Оставить комментарий" not in page


def test_the_subscriptions_page_is_in_correct_russian(client, roles, forums):
    for number in range(2):
        topic = make_topic(forums["karelia"], roles["expert"], subject=f"Тема {number}")
        topic.subscribers.add(roles["member"])
    client.force_login(roles["member"])
    page = client.get(reverse("forum_member:user_subscriptions")).content.decode()
    assert "Темы, на которые вы подписаны" in page
    assert "Найдено 2 темы" in page
    assert ">Topics<" not in page and "тем найдено" not in page
