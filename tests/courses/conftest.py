"""Fixtures for the courses tests: /courses/, a course with modules and lessons,
learners and tutors."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

import pytest

from courses.models import CourseModulePage, CoursePage, LessonPage
from courses.setup import setup_courses
from tests.conftest import make_user


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    settings.COURSES_PRIVATE_ROOT = tmp_path / "private"


@pytest.fixture
def course_index(home_page):
    index, _created, _groups = setup_courses()
    return index


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def build_course(
    parent,
    title="Организация добровольческой деятельности",
    slug=None,
    modules=2,
    lessons=2,
    **fields,
):
    """A live course with `modules` modules of `lessons` lessons, each module with
    a required assignment due in a week."""
    defaults = {
        "audience": "ngo",
        "summary": "Курс для специалистов",
        "duration": "6 недель",
        "final_work_task": "<p>План развития добровольчества в вашей организации.</p>",
    }
    defaults.update(fields)
    course = publish(
        parent,
        CoursePage(
            title=title, slug=slug or f"course-{CoursePage.objects.count() + 1}", **defaults
        ),
    )
    for number in range(1, modules + 1):
        module = publish(
            course,
            CourseModulePage(
                title=f"Модуль {number}",
                slug=f"module-{number}",
                has_assignment=True,
                assignment_task="<p>Опишите, как вы привлекаете добровольцев.</p>",
                assignment_due=timezone.now() + datetime.timedelta(days=7),
            ),
        )
        for lesson_number in range(1, lessons + 1):
            publish(
                module,
                LessonPage(
                    title=f"Урок {number}.{lesson_number}",
                    slug=f"lesson-{lesson_number}",
                    body=[
                        (
                            "paragraph",
                            f"<p>Текст урока {number}.{lesson_number} о добровольцах.</p>",
                        ),
                        ("video", {"url": "https://rutube.ru/play/embed/123", "title": "Лекция"}),
                    ],
                ),
            )
    return CoursePage.objects.get(pk=course.pk)


@pytest.fixture
def course(course_index):
    return build_course(course_index)


@pytest.fixture
def other_course(course_index):
    return build_course(
        course_index, title="Добровольческие услуги детям", slug="children", modules=1
    )


@pytest.fixture
def learner(db):
    return make_user("learner", first_name="Анна", last_name="Ковалёва")


@pytest.fixture
def other_learner(db):
    return make_user("other-learner", first_name="Пётр", last_name="Лебедев")


@pytest.fixture
def tutor(course):
    return make_user("tutor", course.tutors_group, first_name="Ирина", last_name="Иванова")


@pytest.fixture
def other_tutor(other_course):
    return make_user(
        "other-tutor", other_course.tutors_group, first_name="Олег", last_name="Семёнов"
    )


def first_module(course):
    return CourseModulePage.objects.child_of(course).order_by("path").first()


def first_lesson(course):
    return LessonPage.objects.descendant_of(course).order_by("path").first()


def pdf_upload(name="answer.pdf", size=None):
    content = b"%PDF-1.4\n% answer\n" if size is None else b"%PDF-1.4\n" + b"0" * (size - 9)
    return SimpleUploadedFile(name, content, content_type="application/pdf")
