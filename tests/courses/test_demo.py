"""The courses' demo content: built by seed_demo, stable on a second run,
every page renders, and the demo people are at the stages the README promises."""

import io

from django.core import mail
from django.core.management import call_command

import pytest

from courses.demo import BASIC_COURSE, ORGANISATION_COURSE
from courses.models import (
    Certificate,
    CourseIndexPage,
    CourseModulePage,
    CoursePage,
    Enrolment,
    LessonPage,
    LessonView,
    Submission,
)

pytestmark = pytest.mark.django_db


def _counts():
    return [
        model.objects.count()
        for model in (
            CourseIndexPage,
            CoursePage,
            CourseModulePage,
            LessonPage,
            Enrolment,
            LessonView,
            Submission,
            Certificate,
        )
    ]


def test_seed_demo_builds_courses_and_a_second_run_changes_nothing(client):
    call_command("seed_demo", stdout=io.StringIO())
    first = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == first
    assert not mail.outbox
    assert set(CoursePage.objects.values_list("title", flat=True)) == {
        ORGANISATION_COURSE,
        BASIC_COURSE,
    }
    assert first[2] >= 5 and first[3] >= 8

    # The courses demo certifies one learner; the results demo adds the past
    # periods' certificates of its own learners.
    certificate = Certificate.objects.get(enrolment__user__username="learner-kovaleva")
    assert not Certificate.objects.filter(
        enrolment__user__username__in=["learner-lebedev", "learner-solovyova", "learner-orlov"]
    ).exists()
    statuses = {
        (s.enrolment.user.username, s.status)
        for s in Submission.objects.select_related("enrolment__user")
    }
    assert ("learner-lebedev", "submitted") in statuses
    assert ("learner-solovyova", "returned") in statuses
    assert Enrolment.objects.filter(user__username="learner-orlov").exists()
    assert Submission.objects.filter(enrolment__user__username="learner-orlov").count() == 0

    from django.contrib.auth import get_user_model

    tutor = get_user_model().objects.get(username="tutor-ivanova")
    assert tutor.check_password("demo-portal-2026")
    assert tutor.groups.filter(name=f"Тьюторы — {ORGANISATION_COURSE}").exists()

    # Every page renders, for the anonymous visitor and for a learner.
    assert "Обучение" in client.get("/").content.decode()
    for page in CoursePage.objects.all():
        assert client.get(page.url).status_code == 200
    for page in CourseModulePage.objects.all():
        assert client.get(page.url).status_code == 200
    client.force_login(certificate.enrolment.user)
    for page in LessonPage.objects.descendant_of(certificate.enrolment.course):
        response = client.get(page.url)
        assert response.status_code == 200, page.url
    html = client.get(certificate.enrolment.course.url).content.decode()
    assert certificate.code in html
    assert client.get(certificate.get_absolute_url()).status_code == 200
    client.force_login(tutor)
    html = client.get("/admin/course-review/").content.decode()
    assert "Андрей Лебедев" in html
