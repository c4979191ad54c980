"""Who may do what in a course: one place, used by pages, views and the admin.

- a learner sees lessons of courses they are enrolled in and their own answers;
- a tutor (member of the course's group «Тьюторы — <курс>») sees the lessons,
  reviews the answers and exports the results of *their* courses only;
- the editors and moderators of the course's region do the same for their
  region's courses: the one regional rule (`home.permissions`, `edit` on the
  course, whose region follows the tree), so a moved course takes its answers
  to the new region's people;
- course managers (superusers, or users with the permission
  `courses.change_submission`: a programme-wide role given in the admin) see
  every course.
"""

from home.permissions import allowed

from .models import CoursePage, Submission


def is_course_manager(user):
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.has_perm("courses.change_submission")


def tutored_course_ids(user):
    """Ids of the courses whose tutors' group the user is in, loaded once per user object."""
    cached = getattr(user, "_tutored_course_ids", None)
    if cached is not None:
        return cached
    ids = frozenset()
    if user.is_authenticated and user.is_active:
        ids = frozenset(
            CoursePage.objects.filter(tutors_group__user=user).values_list("pk", flat=True)
        )
    user._tutored_course_ids = ids
    return ids


def regional_course_ids(user):
    """Ids of the courses of the regions the user edits (home.permissions), once per user."""
    cached = getattr(user, "_regional_course_ids", None)
    if cached is not None:
        return cached
    ids = frozenset(allowed(user, "edit", CoursePage.objects.all()).values_list("pk", flat=True))
    user._regional_course_ids = ids
    return ids


def reviewed_course_ids(user):
    return tutored_course_ids(user) | regional_course_ids(user)


def is_tutor(user):
    return bool(tutored_course_ids(user))


def reviews_any_course(user):
    """Shows «Проверка заданий» in the admin menu."""
    return is_course_manager(user) or bool(reviewed_course_ids(user))


def can_review(user, course_id):
    """May the user read and review the answers of this course and export its results?"""
    return is_course_manager(user) or course_id in reviewed_course_ids(user)


def reviewable_courses(user):
    courses = CoursePage.objects.all()
    if is_course_manager(user):
        return courses
    return courses.filter(pk__in=reviewed_course_ids(user))


def reviewable_submissions(user, queryset=None):
    queryset = Submission.objects.all() if queryset is None else queryset
    if is_course_manager(user):
        return queryset
    return queryset.filter(enrolment__course_id__in=reviewed_course_ids(user))


def can_see_submission(user, submission):
    """The learner who wrote it, and the people who review its course; nobody else."""
    if not user.is_authenticated:
        return False
    return submission.enrolment.user_id == user.pk or can_review(
        user, submission.enrolment.course_id
    )


def can_view_lessons(user, course_id, enrolled):
    return enrolled or can_review(user, course_id)
