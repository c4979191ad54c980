"""The course pages: listing with the audience filter, course, module and
lesson pages, enrolment, and their query counts."""

import io

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.test.utils import WagtailPageTestCase

import pytest

from courses.models import (
    CourseIndexPage,
    CourseModulePage,
    CoursePage,
    Enrolment,
    LessonPage,
    LessonView,
)
from courses.services import enrol
from home.models import HomePage, RegionPage
from tests.conftest import make_user

from .conftest import build_course, first_lesson, first_module

pytestmark = pytest.mark.django_db


def test_setup_courses_makes_the_listing_once(course_index, client):
    from django.core.management import call_command

    call_command("setup_courses", stdout=__import__("io").StringIO())
    assert CourseIndexPage.objects.count() == 1
    response = client.get("/courses/")
    assert response.status_code == 200
    assert "Курсов пока нет." in response.content.decode()


def test_listing_filters_by_audience_and_shows_an_empty_state(course_index, client):
    build_course(course_index, title="Курс для НКО", audience="ngo", modules=0)
    build_course(course_index, title="Курс для добровольцев", audience="volunteers", modules=0)
    html = client.get("/courses/").content.decode()
    assert "Курс для НКО" in html and "Курс для добровольцев" in html
    html = client.get("/courses/?audience=volunteers").content.decode()
    assert "Курс для добровольцев" in html and "Курс для НКО" not in html
    html = client.get("/courses/?audience=organisers").content.decode()
    assert "Для этой аудитории курсов пока нет." in html


def test_a_course_under_a_region_hub_takes_its_region_and_is_listed(
    region_north, course_index, client
):
    hub = RegionPage.objects.get(region=region_north)
    course = build_course(hub, title="Региональный курс", modules=0)
    assert course.region == region_north
    html = client.get("/courses/").content.decode()
    assert "Региональный курс" in html and region_north.name in html


def test_each_course_gets_its_tutors_group(course):
    assert course.tutors_group.name == f"Тьюторы — {course.title}"
    course.title = "Новое название"
    course.save()
    course.tutors_group.refresh_from_db()
    assert course.tutors_group.name == "Тьюторы — Новое название"


def test_member_enrols_on_the_course_page(course, learner, client):
    client.force_login(learner)
    html = client.get(course.url).content.decode()
    assert "Записаться на курс" in html
    response = client.post(course.url, {"action": "enrol"}, follow=True)
    assert "Вы записаны на курс" in response.content.decode()
    assert Enrolment.objects.filter(course=course, user=learner).count() == 1
    client.post(course.url, {"action": "enrol"})
    assert Enrolment.objects.filter(course=course, user=learner).count() == 1


def test_enrolment_is_refused_when_closed(course, learner, client):
    course.enrolment_open = False
    course.save_revision().publish()
    client.force_login(learner)
    response = client.post(course.url, {"action": "enrol"}, follow=True)
    assert "Запись на этот курс закрыта." in response.content.decode()
    assert not Enrolment.objects.exists()


def test_anonymous_visitor_is_asked_to_log_in_to_enrol(course, client):
    html = client.get(course.url).content.decode()
    assert "войдите</a> на портал" in html and "/accounts/login/?next=" in html
    response = client.post(course.url, {"action": "enrol"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Enrolment.objects.exists()


def test_viewing_a_lesson_counts_in_the_module_progress(course, learner, client):
    enrol(course, learner)
    client.force_login(learner)
    lesson = first_lesson(course)
    response = client.get(lesson.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Текст урока 1.1 о добровольцах." in html
    assert 'src="https://rutube.ru/play/embed/123"' in html
    assert LessonView.objects.filter(lesson=lesson, enrolment__user=learner).count() == 1
    client.get(lesson.url)
    assert LessonView.objects.count() == 1
    html = client.get(course.url).content.decode()
    assert "Просмотрено уроков: 1 из 4." in html
    assert "просмотрено 1 из 2" in html


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _fill(course, users):
    """Enrol the users; each has viewed every lesson and answered every assignment."""
    from courses.services import submit

    for user in users:
        enrolment = enrol(course, user)
        for lesson in LessonPage.objects.descendant_of(course):
            LessonView.objects.create(enrolment=enrolment, lesson=lesson)
        for module in CourseModulePage.objects.child_of(course):
            submit(enrolment, module, text="Ответ")


def test_course_and_lesson_pages_run_a_constant_number_of_queries(course_index, client, caches_off):
    small = build_course(course_index, title="Малый курс", slug="small", modules=1, lessons=1)
    large = build_course(course_index, title="Большой курс", slug="large", modules=5, lessons=3)
    viewer = make_user("viewer")
    _fill(small, [viewer])
    _fill(large, [viewer] + [make_user(f"learner-{n}") for n in range(6)])
    client.force_login(viewer)
    for course in (small, large):  # warm caches (site root, content types)
        client.get(course.url)
        client.get(first_lesson(course).url)
        client.get(first_module(course).url)
    assert _queries(client, small.url) == _queries(client, large.url)
    assert _queries(client, first_lesson(small).url) == _queries(client, first_lesson(large).url)
    assert _queries(client, first_module(small).url) == _queries(client, first_module(large).url)
    listing = _queries(client, "/courses/")
    build_course(course_index, title="Третий курс", slug="third", modules=0)
    assert _queries(client, "/courses/") == listing


class TestCoursePageTypes(WagtailPageTestCase):
    def test_tree_rules(self):
        self.assertAllowedParentPageTypes(CourseIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(CoursePage, {CourseIndexPage, RegionPage})
        self.assertAllowedSubpageTypes(CoursePage, {CourseModulePage})
        self.assertAllowedSubpageTypes(CourseModulePage, {LessonPage})
        self.assertAllowedSubpageTypes(LessonPage, set())


def test_lesson_content_stays_out_of_the_site_search(course_index, client):
    course = build_course(course_index, title="Курс о наставничестве", slug="mentoring", modules=1)
    lesson = first_lesson(course)
    lesson.body = [("paragraph", "<p>Секретная методика квинтэссенции наставничества.</p>")]
    lesson.title = "Наставничество для начинающих"
    lesson.save_revision().publish()
    call_command("search_index", "rebuild", stdout=io.StringIO())
    html = client.get("/search/", {"q": "квинтэссенции"}).content.decode()
    assert lesson.url not in html
    html = client.get("/search/", {"q": "наставничество начинающих"}).content.decode()
    assert lesson.url in html  # the lesson itself can be found, by its title
    assert "Секретная методика" not in html


def test_visitor_sees_the_lesson_title_but_not_its_content(course, client):
    lesson = first_lesson(course)
    response = client.get(lesson.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert lesson.title in html and "Урок открыт только слушателям курса." in html
    assert "Текст урока 1.1" not in html and "rutube" not in html
    assert "/accounts/login/?next=" in html
