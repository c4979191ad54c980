"""End to end in Chromium: a member signs up, confirms the e-mail, starts a topic
in their region's forum (a moderator approves the newcomer's first post),
another member replies quoting it, and the first member is notified by e-mail."""

import re

from django.core import mail

import pytest

from tests.conftest import make_user

from .conftest import forum_url


def log_in(page, base, username, password):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_member_signs_up_starts_a_topic_and_is_mailed_about_a_quoting_reply(
    forums, forum_regions, live_server, browser
):
    from forum.setup import trusted_group

    base = live_server.url
    karelia = forums["karelia"]
    replier = make_user("second", trusted_group(), first_name="Иван Второй")
    moderator = make_user(
        "mod-karelia", forum_regions["karelia"].moderators_group, first_name="Модератор"
    )

    # 1. Sign up and confirm the address.
    page = browser.new_context(locale="ru-RU").new_page()
    page.goto(f"{base}/accounts/signup/")
    page.fill("#id_email", "anna.first@example.org")
    page.fill("#id_password1", "Добро-пароль-2026")
    page.fill("#id_password2", "Добро-пароль-2026")
    page.fill("#id_display_name", "Анна Первая")
    page.select_option("#id_region", str(forum_regions["karelia"].pk))
    page.select_option("#id_role", "ngo_specialist")
    page.check("#id_personal_data_consent")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Проверьте почту")
    link = re.search(r"https?://[^/\s]+(/accounts/confirm/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(base + link)
    page.get_by_role("button", name="Подтвердить адрес").click()
    page.wait_for_selector("text=Адрес подтверждён")

    # 2. Log in and start a topic in the region's forum.
    log_in(page, base, "anna.first@example.org", "Добро-пароль-2026")
    page.goto(base + forum_url(karelia))
    page.click("text=Новая тема")
    page.fill("#id_subject", "Как найти добровольцев для посёлка")
    page.fill("#id_content", "Нужны водители по субботам, чтобы возить продукты.")
    page.click("form.post-form button[type=submit]:not([name=preview])")
    page.wait_for_selector("text=Сообщение будет проверено")

    # 3. The newcomer's first post waits for the region's moderator.
    moderation = browser.new_context(locale="ru-RU").new_page()
    log_in(moderation, base, moderator.username, "pw-123456")
    moderation.goto(f"{base}/forum/moderation/queue/")
    moderation.click("text=Как найти добровольцев для посёлка")
    moderation.click("a[href$='/approve/']")
    moderation.click("main form:not(.inline-form):not([role=search]) button")
    moderation.wait_for_selector("text=Очередь модерации")

    # 4. Another member replies, quoting the first post.
    other = browser.new_context(locale="ru-RU").new_page()
    log_in(other, base, replier.username, "pw-123456")
    other.goto(base + forum_url(karelia))
    other.click("text=Как найти добровольцев для посёлка")
    other.click("text=Цитировать")
    quoted = other.input_value("#id_content")
    assert quoted.startswith("> **Анна Первая писал(а):**")
    other.fill("#id_content", quoted + "Я могу возить продукты по субботам.")
    mail.outbox.clear()
    other.click("form.post-form button[type=submit]:not([name=preview])")
    other.wait_for_selector("blockquote")
    assert "Нужны водители по субботам" in other.inner_text("blockquote")

    # 5. The first member receives the notification.
    to_anna = [m for m in mail.outbox if m.to == ["anna.first@example.org"]]
    assert len(to_anna) == 1
    assert "Как найти добровольцев для посёлка" in to_anna[0].subject
    assert "Я могу возить продукты по субботам." in to_anna[0].body
    assert all("second@example.org" not in m.to for m in mail.outbox)
