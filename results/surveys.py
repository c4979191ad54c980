"""Feedback surveys: who may answer (the event's confirmed participants, the
course's learners), saving one response each, inviting participants once after
the event, and the aggregation organisers see."""

from collections import Counter

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from background import links
from background.mail import queue_mail
from home.i18n import letter_language

from .models import Survey, SurveyQuestion, SurveyResponse


class SurveyError(Exception):
    pass


def participants(survey):
    """Registrations (event) or enrolments (course) whose people may answer."""
    if survey.event_id:
        from events.models import Registration

        return Registration.objects.filter(
            event_id=survey.event_id, status=Registration.Status.CONFIRMED
        )
    from courses.models import Enrolment

    return Enrolment.objects.filter(course_id=survey.course_id)


def may_answer(user, survey):
    if not user.is_authenticated:
        return False
    people = participants(survey)
    if survey.event_id:
        query = Q(user=user)
        if user.email:
            query |= Q(email__iexact=user.email)
        return people.filter(query).exists()
    return people.filter(user=user).exists()


def save_response(survey, user, answers):
    if not may_answer(user, survey):
        raise SurveyError(_("Опрос заполняют участники события или слушатели курса."))
    try:
        with transaction.atomic():
            return SurveyResponse.objects.create(survey=survey, user=user, answers=answers)
    except IntegrityError as error:
        raise SurveyError(_("Вы уже ответили на этот опрос. Спасибо!")) from error


def summary(survey):
    """[(question, {"mean", "count", "distribution"} or [texts])] for the organisers."""
    responses = list(survey.responses.values_list("answers", flat=True))
    result = []
    for question in survey.questions.all():
        key = str(question.pk)
        values = [answers.get(key) for answers in responses if answers.get(key) not in (None, "")]
        if question.kind == SurveyQuestion.Kind.SCALE:
            numbers = [int(v) for v in values]
            counts = Counter(numbers)
            result.append(
                (
                    question,
                    {
                        "count": len(numbers),
                        "mean": round(sum(numbers) / len(numbers), 2) if numbers else None,
                        "distribution": [(score, counts.get(score, 0)) for score in range(1, 6)],
                    },
                )
            )
        else:
            result.append((question, {"count": len(values), "texts": values}))
    return result


def invite(now=None):
    """Once per survey, after its event has ended: a letter to every confirmed
    participant with an e-mail. Returns the number of letters."""
    now = now or timezone.now()
    sent = 0
    surveys = Survey.objects.filter(
        invitations_sent_at__isnull=True, event__isnull=False, event__end__lt=now
    ).select_related("event")
    for survey in surveys:
        # Claim first: a second run (or a parallel one) sends nothing twice.
        claimed = Survey.objects.filter(pk=survey.pk, invitations_sent_at__isnull=True).update(
            invitations_sent_at=now
        )
        if not claimed:
            continue
        for registration in participants(survey):
            with translation.override(letter_language(stored=registration.language)):
                body = render_to_string(
                    "results/email/survey.txt",
                    {
                        "survey": survey,
                        "registration": registration,
                        "url": links.absolute(survey.get_absolute_url()),
                    },
                )
                subject = _("Как прошло событие «%(title)s»? Короткий опрос") % {
                    "title": survey.event.title
                }
            queue_mail(
                subject,
                body,
                [registration.email],
                kind="results.survey",
                about=f"results.survey:{survey.pk}",
                region=survey.region_id,
            )
            sent += 1
    return sent


def open_for(user):
    """For the personal cabinet: surveys the member may answer and has not yet."""
    if not user.is_authenticated:
        return Survey.objects.none()
    from courses.models import Enrolment
    from events.models import Registration

    registrations = Registration.objects.filter(status=Registration.Status.CONFIRMED).filter(
        Q(user=user) | Q(email__iexact=user.email) if user.email else Q(user=user)
    )
    return (
        Survey.objects.filter(
            Q(event__in=registrations.values("event"), event__end__lt=timezone.now())
            | Q(course__in=Enrolment.objects.filter(user=user).values("course"))
        )
        .exclude(responses__user=user)
        .distinct()
    )
