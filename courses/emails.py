"""E-mails to learners (in Russian): an answer reviewed, a certificate issued."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from background import links
from background.mail import queue_mail
from home.permissions import region_id_of


def _absolute(path):
    return links.absolute(path)


def send_review_mail(submission):
    user = submission.enrolment.user
    if not user.email:
        return
    course = submission.enrolment.course
    page = submission.module if submission.module_id else course
    if submission.status == submission.Status.ACCEPTED:
        subject = _("Задание принято: %(title)s") % {"title": submission.title}
    else:
        subject = _("Задание возвращено на доработку: %(title)s") % {"title": submission.title}
    body = render_to_string(
        "courses/email/review.txt",
        {
            "submission": submission,
            "course": course,
            "url": _absolute(page.url or "/courses/"),
        },
    )
    queue_mail(
        subject,
        body,
        [user.email],
        kind="courses.review",
        about=f"courses.submission:{submission.pk}",
        region=region_id_of(course),
    )


def send_new_answer_mail(submission):
    """Tell each tutor of the course (its «Тьюторы — <курс>» group) of a new answer."""
    course = submission.enrolment.course
    if course.tutors_group_id is None:
        return 0
    tutors = course.tutors_group.user_set.filter(is_active=True).exclude(email="")
    learner = submission.enrolment.user
    url = _absolute(reverse("courses_admin:detail", args=[submission.pk]))
    sent = 0
    for tutor in tutors:
        body = render_to_string(
            "courses/email/new_answer.txt",
            {
                "tutor": tutor,
                "learner": learner.get_full_name() or learner.get_username(),
                "submission": submission,
                "course": course,
                "url": url,
            },
        )
        queue_mail(
            _("Новый ответ на проверку: %(title)s") % {"title": submission.title},
            body,
            [tutor.email],
            kind="courses.new_answer",
            about=f"courses.submission:{submission.pk}",
            region=region_id_of(course),
        )
        sent += 1
    return sent


def send_certificate_mail(certificate):
    user = certificate.enrolment.user
    if not user.email:
        return
    body = render_to_string(
        "courses/email/certificate.txt",
        {
            "certificate": certificate,
            "pdf_url": _absolute(certificate.pdf_url()),
            "verify_url": _absolute(certificate.get_absolute_url()),
        },
    )
    queue_mail(
        _("Сертификат о прохождении курса «%(title)s»") % {"title": certificate.course_title},
        body,
        [user.email],
        kind="courses.certificate",
        about=f"courses.certificate:{certificate.pk}",
        region=region_id_of(certificate.enrolment.course),
    )
