"""Letters of the report workflow (in Russian), sent with Django's mail."""

import functools

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from background import links
from background.mail import queue_mail
from home.i18n import letter_language
from organisations.models import Membership


def in_portal_language(function):
    """Letters made outside the recipient's request go out in the portal's language."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with translation.override(letter_language()):
            return function(*args, **kwargs)

    return wrapper


def _absolute(path):
    return links.absolute(path)


def representatives(organisation):
    return [
        m.user.email
        for m in Membership.objects.filter(
            organisation=organisation, is_representative=True
        ).select_related("user")
        if m.user.email and m.user.is_active
    ]


def moderators(organisation):
    region = organisation.region
    if region is None or region.moderators_group is None:
        return []
    return list(
        region.moderators_group.user_set.filter(is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


@in_portal_language
def send_submitted(report):
    recipients = moderators(report.organisation)
    if not recipients:
        return
    body = render_to_string(
        "results/email/submitted.txt",
        {"report": report, "url": _absolute(reverse("results_admin:report", args=[report.pk]))},
    )
    subject = _("Отчёт на проверку: %(org)s, %(period)s") % {
        "org": report.organisation.name,
        "period": report.period.label,
    }
    queue_mail(
        subject,
        body,
        recipients,
        kind="results.report_submitted",
        about=f"results.report:{report.pk}",
        region=report.organisation.region_id,
    )


@in_portal_language
def send_reviewed(report):
    recipients = representatives(report.organisation)
    if not recipients:
        return
    if report.status == report.Status.ACCEPTED:
        subject = _("Отчёт принят: %(period)s") % {"period": report.period.label}
    else:
        subject = _("Отчёт возвращён на доработку: %(period)s") % {"period": report.period.label}
    body = render_to_string(
        "results/email/reviewed.txt",
        {"report": report, "url": _absolute(reverse("results:report", args=[report.period_id]))},
    )
    queue_mail(
        subject,
        body,
        recipients,
        kind="results.report_reviewed",
        about=f"results.report:{report.pk}",
        region=report.organisation.region_id,
    )


@in_portal_language
def send_reminder(organisation, periods):
    """One letter to the organisation's representatives listing its late reports."""
    recipients = representatives(organisation)
    if not recipients:
        return 0
    body = render_to_string(
        "results/email/reminder.txt",
        {
            "organisation": organisation,
            "periods": periods,
            "url": _absolute(reverse("results:reports")),
        },
    )
    subject = ngettext(
        "Напоминание: не сдан отчёт организации",
        "Напоминание: не сданы отчёты организации (%(count)s)",
        len(periods),
    ) % {"count": len(periods)}
    queue_mail(
        subject,
        body,
        recipients,
        kind="results.report_reminder",
        about=f"organisations.organisation:{organisation.pk}",
        region=organisation.region_id,
    )
    return len(recipients)
