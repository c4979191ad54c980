"""What the course, module and lesson pages show a given person.

Each function runs a fixed number of queries whatever the number of modules,
lessons and learners: the lessons of a course, the learner's views and answers
are each loaded by one query and grouped in Python.
"""

from django.utils import timezone

from wagtail.models import Page

from .models import CourseModulePage, CoursePage, Enrolment, LessonPage, LessonView, Submission
from .permissions import can_review, can_view_lessons

STEP = Page.steplen


def _enrolment(course, user):
    if not user.is_authenticated:
        return None
    return Enrolment.objects.filter(course=course, user=user).select_related("certificate").first()


def _latest_by_module(enrolment):
    """The learner's latest answer per module (None key: the final work), with files."""
    latest = {}
    if enrolment is None:
        return latest
    submissions = (
        Submission.objects.filter(enrolment=enrolment)
        .prefetch_related("files")
        .order_by("submitted_at", "pk")
    )
    for submission in submissions:
        latest[submission.module_id] = submission
    return latest


def _certificate(enrolment):
    if enrolment is None:
        return None
    try:
        return enrolment.certificate
    except Enrolment.certificate.RelatedObjectDoesNotExist:
        return None


class ModuleProgress:
    def __init__(self, module, lessons, viewed_ids, submission):
        self.module = module
        self.lessons = lessons
        self.lessons_total = len(lessons)
        self.lessons_viewed = sum(1 for lesson in lessons if lesson.pk in viewed_ids)
        self.submission = submission

    @property
    def lessons_done(self):
        return self.lessons_total and self.lessons_viewed == self.lessons_total

    @property
    def assignment_status(self):
        if not self.module.has_assignment:
            return ""
        return self.submission.status if self.submission else "none"


def course_progress(course, user):
    enrolment = _enrolment(course, user)
    modules = list(CourseModulePage.objects.child_of(course).live().order_by("path"))
    lessons_by_parent = {}
    for lesson in LessonPage.objects.descendant_of(course).live().order_by("path"):
        lessons_by_parent.setdefault(lesson.path[:-STEP], []).append(lesson)
    viewed_ids = set()
    if enrolment is not None:
        viewed_ids = set(
            LessonView.objects.filter(enrolment=enrolment).values_list("lesson_id", flat=True)
        )
    latest = _latest_by_module(enrolment)
    progress = [
        ModuleProgress(
            module, lessons_by_parent.get(module.path, []), viewed_ids, latest.get(module.pk)
        )
        for module in modules
    ]
    final = latest.get(None)
    final_history = []
    if final is not None:
        final_history = list(
            Submission.objects.filter(enrolment=enrolment, module__isnull=True)
            .prefetch_related("files")
            .order_by("submitted_at", "pk")
        )
    return {
        "final_history": final_history,
        "course": course,
        "enrolment": enrolment,
        "modules": progress,
        "final_submission": final,
        "can_submit_final": bool(
            enrolment and course.has_final_work and (final is None or final.status == "returned")
        ),
        "certificate": _certificate(enrolment),
        "can_review": user.is_authenticated and can_review(user, course.pk),
        "lessons_total": sum(item.lessons_total for item in progress),
        "lessons_viewed": sum(item.lessons_viewed for item in progress),
        "now": timezone.now(),
    }


def module_context(module, user):
    course = CoursePage.objects.parent_of(module).first()
    enrolment = _enrolment(course, user) if course else None
    lessons = list(LessonPage.objects.child_of(module).live().order_by("path"))
    history = []
    if enrolment is not None and module.has_assignment:
        history = list(
            Submission.objects.filter(enrolment=enrolment, module=module)
            .prefetch_related("files")
            .order_by("submitted_at", "pk")
        )
    latest = history[-1] if history else None
    return {
        "course": course,
        "enrolment": enrolment,
        "lessons": lessons,
        "history": history,
        "latest_submission": latest,
        "can_submit": bool(
            enrolment
            and module.has_assignment
            and (latest is None or latest.status == Submission.Status.RETURNED)
        ),
        "is_overdue": bool(module.assignment_due and timezone.now() > module.assignment_due),
    }


def lesson_context(lesson, user, record=False):
    """Who may see the lesson, its neighbours, and (record=True) the view noted."""
    parent_path = lesson.path[:-STEP]
    course_path = parent_path[:-STEP]
    course = CoursePage.objects.filter(path=course_path).first()
    module = CourseModulePage.objects.filter(path=parent_path).first()
    enrolment = _enrolment(course, user) if course else None
    can_view = bool(course) and can_view_lessons(user, course.pk, enrolment is not None)
    siblings = list(LessonPage.objects.child_of(module).live().order_by("path")) if module else []
    if record and can_view and enrolment is not None:
        LessonView.objects.get_or_create(enrolment=enrolment, lesson=lesson)
    index = next((i for i, item in enumerate(siblings) if item.pk == lesson.pk), None)
    previous_lesson = siblings[index - 1] if index else None
    next_lesson = siblings[index + 1] if index is not None and index + 1 < len(siblings) else None
    return {
        "course": course,
        "module": module,
        "enrolment": enrolment,
        "can_view": can_view,
        "siblings": siblings,
        "previous_lesson": previous_lesson,
        "next_lesson": next_lesson,
    }
