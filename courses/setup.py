"""The /courses/ listing page and every course's tutors' group; safe to re-run."""

from django.utils.translation import gettext as _

from home.models import HomePage
from home.regions import ensure_home_page

from .models import CourseIndexPage, CoursePage
from .tutors import ensure_tutors_group


def ensure_course_index():
    index = CourseIndexPage.objects.first()
    if index is not None:
        return index, False
    home = HomePage.objects.first() or ensure_home_page()
    index = CourseIndexPage(
        title=_("Обучение"),
        slug="courses",
        intro=_(
            "<p>Дистанционные курсы программы для специалистов СО НКО и "
            "государственных и муниципальных учреждений, добровольцев и организаторов.</p>"
        ),
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    return index, True


def setup_courses():
    index, created = ensure_course_index()
    groups = [ensure_tutors_group(course) for course in CoursePage.objects.all()]
    return index, created, groups
