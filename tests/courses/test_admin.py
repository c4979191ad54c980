"""The tutors' side in the Wagtail admin: the queue with its filters, the
answer with its files, accept / return, and the XLSX export of results."""

import io

from django.core import mail

import pytest
from openpyxl import load_workbook

from courses.models import CourseModulePage, Submission
from courses.services import enrol, submit
from tests.conftest import make_user

from .conftest import first_module, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def answers(course, other_course, learner, other_learner):
    mine = enrol(course, learner)
    theirs = enrol(other_course, other_learner)
    modules = list(CourseModulePage.objects.child_of(course).order_by("path"))
    first = submit(mine, modules[0], text="Ответ по первому модулю", files=[pdf_upload()])
    second = submit(mine, modules[1], text="Ответ по второму модулю")
    other = submit(theirs, first_module(other_course), text="Ответ с другого курса")
    return first, second, other


def test_tutor_sees_only_the_answers_of_their_course(answers, tutor, client):
    first, second, other = answers
    client.force_login(tutor)
    html = client.get("/admin/course-review/").content.decode()
    assert f"/admin/course-review/{first.pk}/" in html
    assert f"/admin/course-review/{second.pk}/" in html
    assert f"/admin/course-review/{other.pk}/" not in html
    assert "Добровольческие услуги детям" not in html  # not even in the course filter
    assert client.get(f"/admin/course-review/{other.pk}/").status_code in (302, 403)


def test_queue_filters_by_module_and_status(answers, course, tutor, client):
    first, second, _other = answers
    client.force_login(tutor)
    url = f"/admin/course-review/?course={course.pk}&module={first.module_id}&status=submitted"
    html = client.get(url).content.decode()
    assert f"/admin/course-review/{first.pk}/" in html
    assert f"/admin/course-review/{second.pk}/" not in html
    html = client.get(f"/admin/course-review/?course={course.pk}&status=accepted").content.decode()
    assert "Ответов с такими условиями нет." in html


def test_tutor_reads_the_answer_and_accepts_it(answers, tutor, client):
    first, _second, _other = answers
    client.force_login(tutor)
    html = client.get(f"/admin/course-review/{first.pk}/").content.decode()
    assert "Ответ по первому модулю" in html and "answer.pdf" in html
    file_url = first.files.get().get_absolute_url()
    assert file_url in html
    response = client.post(
        f"/admin/course-review/{first.pk}/review/", {"decision": "accept"}, follow=True
    )
    assert "Ответ принят." in response.content.decode()
    first.refresh_from_db()
    assert first.status == "accepted" and first.reviewed_by == tutor and first.reviewed_at


def test_returning_without_a_comment_is_refused(answers, tutor, client):
    first, _second, _other = answers
    client.force_login(tutor)
    response = client.post(
        f"/admin/course-review/{first.pk}/review/",
        {"decision": "return", "comment": " "},
        follow=True,
    )
    assert "Напишите комментарий: что нужно доработать." in response.content.decode()
    first.refresh_from_db()
    assert first.status == "submitted" and not mail.outbox


def test_an_answer_is_reviewed_once(answers, tutor, client):
    first, _second, _other = answers
    client.force_login(tutor)
    client.post(f"/admin/course-review/{first.pk}/review/", {"decision": "accept"})
    response = client.post(
        f"/admin/course-review/{first.pk}/review/",
        {"decision": "return", "comment": "Передумал"},
        follow=True,
    )
    assert "Этот ответ уже проверен." in response.content.decode()
    assert Submission.objects.get(pk=first.pk).status == "accepted"


def test_export_lists_the_course_learners_and_their_statuses(
    answers, course, learner, tutor, client
):
    client.force_login(tutor)
    client.post(f"/admin/course-review/{answers[0].pk}/review/", {"decision": "accept"})
    response = client.get(f"/admin/course-review/export/{course.pk}.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:4] == ["№", "Слушатель", "E-mail", "Записан(а)"]
    assert "Модуль 1" in rows[0] and "Итоговая работа" in rows[0]
    assert len(rows) == 2  # one learner: the other course's learner is not here
    assert rows[1][1] == "Анна Ковалёва"
    assert rows[1][rows[0].index("Модуль 1")] == "принято"
    assert rows[1][rows[0].index("Модуль 2")] == "на проверке"


def test_learner_without_admin_access_cannot_open_the_queue(answers, learner, client):
    client.force_login(learner)
    response = client.get("/admin/course-review/")
    assert response.status_code in (302, 403)
    assert "Ответ по первому модулю" not in response.content.decode()


def test_editor_with_the_review_permission_sees_all_courses(answers, client):
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.create(name="Редакторы курсов")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_submission"),
    )
    client.force_login(make_user("course-editor", group))
    html = client.get("/admin/course-review/").content.decode()
    assert all(f"/admin/course-review/{answer.pk}/" in html for answer in answers)


def test_superuser_lists_certificates_and_a_tutor_does_not(course, learner, tutor, client):
    from courses.models import Certificate

    certificate = Certificate.objects.create(
        enrolment=enrol(course, learner), full_name="Анна Ковалёва", course_title=course.title
    )
    client.force_login(make_user("boss", is_superuser=True, is_staff=True))
    html = client.get("/admin/snippets/courses/certificate/").content.decode()
    assert certificate.code in html and "Анна Ковалёва" in html
    client.force_login(tutor)
    response = client.get("/admin/snippets/courses/certificate/")
    assert certificate.code not in response.content.decode()


def test_answer_files_go_to_their_readers_only_and_through_the_proxy_behind_nginx(
    answers, tutor, other_tutor, learner, client, settings
):
    first, _second, _other = answers
    item = first.files.get()
    url = item.get_absolute_url()
    client.force_login(other_tutor)
    assert client.get(url).status_code == 404
    client.force_login(tutor)
    streamed = client.get(url)
    assert streamed.status_code == 200
    assert b"".join(streamed.streaming_content).startswith(b"%PDF-1.4")
    assert streamed["Cache-Control"] == "private, no-store"

    settings.PRIVATE_FILES_SERVER = "nginx"
    handed = client.get(url)
    assert handed.status_code == 200 and handed.content == b""
    assert handed["X-Accel-Redirect"] == "/_private/courses/" + item.file.name
    assert "answer.pdf" in handed["Content-Disposition"]
    client.logout()
    refused = client.get(url)
    assert refused.status_code == 302 and "login" in refused["Location"]
