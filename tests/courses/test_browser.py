"""In a real browser: a member enrols, views a lesson and submits an assignment
with a file; the course's tutor is told by a letter, follows its link and accepts
the answer; the member then sees «принято» on the module page."""

import re

from django.core import mail
from django.db import connections

import pytest

from courses.models import LessonView, Submission, SubmissionFile
from tests.conftest import make_user

from .conftest import build_course

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def log_in(page, url, username, password="pw-123456"):
    page.goto(url)
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.press("#id_password", "Enter")


def test_member_enrols_learns_submits_and_sees_the_tutors_acceptance(
    course_index, live_server, browser
):
    try:
        _flow(course_index, live_server.url, browser)
    finally:
        # Playwright's greenlets give the ORM calls above their own connection.
        connections.close_all()


def _flow(course_index, base, browser):
    course = build_course(
        course_index, title="Организация добровольческой деятельности", slug="org"
    )
    make_user("anna@example.org", first_name="Анна", last_name="Ковалёва")
    tutor = make_user("tutor-ivanova", course.tutors_group, first_name="Ирина")
    assert tutor.groups.count() == 1

    member = browser.new_context(locale="ru-RU").new_page()
    member.set_default_timeout(15_000)
    log_in(member, f"{base}/accounts/login/", "anna@example.org")

    member.goto(f"{base}/courses/")
    member.click("text=Организация добровольческой деятельности")
    member.get_by_role("button", name="Записаться на курс").click()
    member.wait_for_selector("text=Вы записаны на курс")

    member.click("text=Урок 1.1")
    member.wait_for_selector("text=Текст урока 1.1 о добровольцах.")
    assert LessonView.objects.filter(enrolment__user__username="anna@example.org").count() == 1

    member.goto(f"{base}/courses/org/module-1/")
    member.fill("#id_text", "Мы привлекаем добровольцев через местный колледж.")
    member.set_input_files(
        "#id_files",
        files=[
            {"name": "plan.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n% plan\n"}
        ],
    )
    member.get_by_role("button", name="Отправить ответ").click()
    member.wait_for_selector("text=Ответ отправлен тьютору на проверку.")
    assert member.locator(".assignment-status").inner_text().strip() == "Статус: на проверке"
    assert SubmissionFile.objects.get().original_name == "plan.pdf"

    # The tutor is told: one letter, by name, naming the course, with a link to the answer.
    [letter] = [message for message in mail.outbox if tutor.email in message.to]
    assert "Здравствуйте, Ирина!" in letter.body
    assert "«Организация добровольческой деятельности»" in letter.body
    answer_path = re.search(r"https?://[^/\s]+(/\S*)", letter.body).group(1)

    reviewer = browser.new_context(locale="ru-RU").new_page()
    reviewer.set_default_timeout(15_000)
    log_in(reviewer, f"{base}/admin/login/", "tutor-ivanova")
    reviewer.goto(base + answer_path)
    reviewer.wait_for_selector("text=Мы привлекаем добровольцев через местный колледж.")
    assert reviewer.locator("a", has_text="plan.pdf").count() == 1
    reviewer.get_by_role("button", name="Принять").click()
    reviewer.wait_for_selector("text=Ответ принят.")
    assert Submission.objects.get().status == "accepted"

    member.goto(f"{base}/courses/org/module-1/")
    assert member.locator(".assignment-status").inner_text().strip() == "Статус: принято"
