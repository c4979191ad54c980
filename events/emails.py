"""E-mails to registrants: one per state change that concerns them.

Every message names the event, its date and local time with the zone, the
place, and carries the signed link to manage the registration. Messages that
give a place carry the event as an .ics attachment; only they reveal the
online link.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from background.mail import queue
from home.i18n import letter_language

from . import tokens
from .calendar import event_calendar

SUBJECTS = {
    "confirm_email": gettext_noop("Подтвердите адрес электронной почты: %(title)s"),
    "confirmed": gettext_noop("Регистрация подтверждена: %(title)s"),
    "approved": gettext_noop("Заявка одобрена: %(title)s"),
    "promoted": gettext_noop("Освободилось место — вы зарегистрированы: %(title)s"),
    "waitlisted": gettext_noop("Вы в листе ожидания: %(title)s"),
    "received": gettext_noop("Заявка получена и ждёт решения организатора: %(title)s"),
    "rejected": gettext_noop("Заявка отклонена: %(title)s"),
    "cancelled": gettext_noop("Регистрация отменена: %(title)s"),
    "cancelled_by_organiser": gettext_noop("Организатор отменил вашу регистрацию: %(title)s"),
    "reminder": gettext_noop("Напоминание: %(title)s — %(date)s"),
}

# The kinds that give the registrant a place: they carry the .ics and online link.
WITH_PLACE = {"confirmed", "approved", "promoted", "reminder"}


def subject_for(registration, kind):
    event = registration.event
    return _(SUBJECTS[kind]) % {
        "title": event.title,
        "date": event.local_start.strftime("%d.%m.%Y"),
    }


def send_status_mail(registration, kind):
    # Letters are often built outside the registrant's request (an organiser's
    # action, the reminder command): the language is the one stored at registration.
    with translation.override(letter_language(stored=registration.language)):
        return _send_status_mail(registration, kind)


def _send_status_mail(registration, kind):
    event = registration.event
    with_place = kind in WITH_PLACE
    context = {
        "registration": registration,
        "event": event,
        "kind": kind,
        "with_place": with_place,
        "event_url": tokens.absolute(event.get_url() or ""),
        "manage_url": tokens.link(registration, "manage"),
        "confirm_url": tokens.link(registration, "confirm") if kind == "confirm_email" else "",
        "confirm_days": tokens.max_age("confirm").days,
    }
    message = EmailMessage(
        subject=subject_for(registration, kind),
        body=render_to_string("events/email/message.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[registration.email],
        reply_to=[event.organiser_email] if event.organiser_email else None,
    )
    if with_place:
        message.attach(
            "event.ics",
            event_calendar(event, with_online_link=True),
            "text/calendar; charset=utf-8; method=PUBLISH",
        )
    return queue(
        message,
        kind=f"events.{kind}",
        about=letter_about(registration),
        region=event.region_id,
    )


def letter_about(registration):
    return f"events.registration:{registration.pk}"
