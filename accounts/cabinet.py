"""What the personal cabinet (/accounts/) shows a member: everything of theirs.

accounts sits above the other apps (like search): it reads their models to
gather one member's registrations, courses, certificates, subscriptions and
posts; each list is one or two queries whatever its length.
"""

from django.db.models import Q
from django.utils import timezone

from machina.apps.forum_conversation.models import Post, Topic

from courses.models import Certificate, Enrolment
from courses.progress import course_progress
from events import tokens
from events.models import Registration
from forum_extras.models import ForumSubscription
from results import attendance, surveys
from results import services as results_services

from .models import Consent

RECENT_POSTS = 20


class RegistrationRow:
    def __init__(self, registration, place=None):
        self.registration = registration
        self.event = registration.event
        self.place = place
        self.manage_url = tokens.path(registration, "manage")


def registrations(user):
    """The member's registrations (by account or by the account's e-mail), the
    upcoming ones first; a waiting-list registration knows its place."""
    query = Q(user=user)
    if user.email:
        query |= Q(email__iexact=user.email.strip())
    rows = list(
        Registration.objects.filter(query)
        .select_related("event")
        .order_by("-event__start", "-created_at")
    )
    places = {r.pk: r.waitlist_place() for r in rows if r.status == r.Status.WAITLISTED}
    now = timezone.now()
    upcoming = [RegistrationRow(r, places.get(r.pk)) for r in rows if r.event.end >= now]
    past = [RegistrationRow(r, places.get(r.pk)) for r in rows if r.event.end < now]
    upcoming.reverse()  # the nearest event first
    return upcoming, past


class CourseRow:
    def __init__(self, enrolment, progress):
        self.enrolment = enrolment
        self.course = enrolment.course
        self.lessons_total = progress["lessons_total"]
        self.lessons_viewed = progress["lessons_viewed"]
        self.percent = (
            round(100 * self.lessons_viewed / self.lessons_total) if self.lessons_total else 0
        )
        self.certificate = progress["certificate"]
        now = progress["now"]
        self.to_do = [
            item
            for item in progress["modules"]
            if item.module.has_assignment and item.assignment_status in ("none", "returned")
        ]
        dues = [
            item.module.assignment_due
            for item in self.to_do
            if item.module.assignment_due and item.module.assignment_due >= now
        ]
        self.next_due = min(dues) if dues else None
        self.waiting_review = sum(
            1 for item in progress["modules"] if item.assignment_status == "submitted"
        )


def courses(user):
    enrolments = (
        Enrolment.objects.filter(user=user, course__live=True)
        .select_related("course")
        .order_by("-created_at")
    )
    return [
        CourseRow(enrolment, course_progress(enrolment.course, user)) for enrolment in enrolments
    ]


def certificates(user):
    return list(Certificate.objects.filter(enrolment__user=user).order_by("-issued_at"))


def subscriptions(user):
    topics = list(
        Topic.objects.filter(subscribers=user).select_related("forum").order_by("-last_post_on")
    )
    forums = list(
        ForumSubscription.objects.filter(user=user).select_related("forum").order_by("forum__name")
    )
    return topics, forums


def posts(user):
    """The member's latest posts, those still waiting for a moderator included."""
    return list(
        Post.objects.filter(poster=user)
        .select_related("topic", "topic__forum")
        .order_by("-created")[:RECENT_POSTS]
    )


def consents(user):
    """The consents in force (those withdrawn are listed on «Мои согласия»)."""
    return list(Consent.objects.filter(user=user, withdrawn_at=None).order_by("-given_at"))


def attendance_certificates(user):
    return list(attendance.certificates_of(user))


def open_surveys(user):
    """Feedback surveys after the member's events and courses, not yet answered."""
    return list(surveys.open_for(user).select_related("event", "course").order_by("-pk"))


class ReportRow:
    def __init__(self, period, report):
        self.period = period
        self.report = report
        self.overdue = period.due < timezone.localdate()


def reports_to_fill(user):
    """(organisation, rows): the reports the member, as their organisation's
    representative, still has to submit; (None, []) for everyone else."""
    organisation, todo = results_services.reports_to_fill(user)
    return organisation, [ReportRow(period, report) for period, report in todo]


def cabinet_context(user):
    upcoming, past = registrations(user)
    topics, forums = subscriptions(user)
    organisation, reports = reports_to_fill(user)
    course_certificates = certificates(user)
    by_attendance = attendance_certificates(user)
    return {
        "certificates": course_certificates,
        "attendance_certificates": by_attendance,
        "certificates_total": len(course_certificates) + len(by_attendance),
        "surveys": open_surveys(user),
        "report_organisation": organisation,
        "reports_to_fill": reports,
        "upcoming_registrations": upcoming,
        "past_registrations": past,
        "courses": courses(user),
        "topic_subscriptions": topics,
        "forum_subscriptions": forums,
        "posts": posts(user),
        "consents": consents(user),
    }
