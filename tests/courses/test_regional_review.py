"""Course answers under the one regional rule (issue 18): besides the course's
tutors, the editors and moderators of the course's region read, review and
export its answers (home.permissions `edit` on the course) — those of another
region are refused, and after the course is moved in the admin the rule
follows it."""

from django.urls import reverse

import pytest

from courses.models import CoursePage, Submission
from courses.services import enrol, submit
from tests.conftest import make_user
from tests.events.test_region_move import move

from .conftest import build_course, first_module

pytestmark = pytest.mark.django_db


@pytest.fixture
def answers(regions):
    """A course under Karelia's hub and one under Crimea's, each with an answer."""
    made = {}
    for slug in ("karelia", "crimea"):
        course = build_course(
            regions[slug].hub, title=f"Курс {slug}", slug=f"course-{slug}", modules=1, lessons=1
        )
        enrolment = enrol(course, make_user(f"learner-{slug}"))
        made[slug] = submit(enrolment, first_module(course), text=f"Ответ слушателя {slug}")
    return made


def detail_url(submission):
    return reverse("courses_admin:detail", args=[submission.pk])


def assert_reviews(client, submission):
    assert "Ответ слушателя" in client.get(detail_url(submission)).content.decode()
    assert detail_url(submission) in client.get(reverse("courses_admin:queue")).content.decode()
    export = client.get(reverse("courses_admin:export", args=[submission.enrolment.course_id]))
    assert export.status_code == 200
    response = client.post(
        reverse("courses_admin:review", args=[submission.pk]),
        {"decision": "return", "comment": "Доработайте, пожалуйста"},
    )
    assert response.status_code == 302
    assert Submission.objects.get(pk=submission.pk).status == "returned"
    Submission.objects.filter(pk=submission.pk).update(status="submitted")


def assert_refused(client, submission):
    detail = client.get(detail_url(submission))
    assert detail.status_code == 302
    assert detail["Location"] == reverse("wagtailadmin_home")
    assert (
        detail_url(submission)
        not in client.get(reverse("courses_admin:queue") + "?status=all").content.decode()
    )
    export = client.get(reverse("courses_admin:export", args=[submission.enrolment.course_id]))
    assert export.status_code == 404
    client.post(
        reverse("courses_admin:review", args=[submission.pk]),
        {"decision": "return", "comment": "Чужой регион"},
    )
    assert Submission.objects.get(pk=submission.pk).status == "submitted"


def test_region_editors_review_their_courses_answers_only(client, people, answers):
    for role in ("editor", "moderator"):
        client.force_login(people["karelia"][role])
        assert_reviews(client, answers["karelia"])
        assert_refused(client, answers["crimea"])
    client.force_login(people["spb"]["editor"])
    assert_refused(client, answers["karelia"])


def test_review_follows_the_course_moved_to_another_region(client, people, regions, answers):
    course = CoursePage.objects.get(pk=answers["karelia"].enrolment.course_id)
    move(client, course, regions["crimea"].hub)
    assert CoursePage.objects.get(pk=course.pk).region_id == regions["crimea"].pk

    client.force_login(people["karelia"]["editor"])
    assert_refused(client, answers["karelia"])
    client.force_login(people["crimea"]["editor"])
    assert_reviews(client, answers["karelia"])
