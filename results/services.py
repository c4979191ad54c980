"""The report workflow: a representative fills and submits, the region's
moderator accepts or returns with a comment. Every change goes through here."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from home.page_cache import bulk_changes
from home.permissions import can
from organisations.models import Membership

from . import emails
from .models import OrganisationReport, RecipientRow, ReportingPeriod, ServiceRow

Status = OrganisationReport.Status


class ReportError(Exception):
    """A refused step of the workflow; the message is for the person."""


def represented_organisation(user):
    """The participating organisation `user` fills reports for, or None."""
    if not user.is_authenticated:
        return None
    membership = (
        Membership.objects.filter(
            user=user, is_representative=True, organisation__is_participant=True
        )
        .select_related("organisation__region")
        .first()
    )
    return membership.organisation if membership else None


def open_periods(today=None):
    """Periods a report can be filled for: started already."""
    today = today or timezone.localdate()
    return ReportingPeriod.objects.filter(start__lte=today).order_by("-start")


def report_for(organisation, period):
    report, _created = OrganisationReport.objects.get_or_create(
        organisation=organisation, period=period
    )
    return report


@transaction.atomic
def save_report(report, user, figures, service_rows, recipient_rows, submit=False):
    """Store the representative's figures (rows replaced whole: no row ids come
    from the request) and, with `submit`, send the report for review."""
    report = OrganisationReport.objects.select_for_update().get(pk=report.pk)
    if represented_organisation(user) != report.organisation:
        raise ReportError(_("Отчёт заполняет представитель организации."))
    if not report.is_editable:
        raise ReportError(_("Отчёт уже отправлен на проверку: изменить его нельзя."))
    for name, value in figures.items():
        setattr(report, name, value)
    report.service_rows.all().delete()
    with bulk_changes():
        ServiceRow.objects.bulk_create(
            [
                ServiceRow(report=report, service_type=s, target_group=t, hours=h, cases=c)
                for s, t, h, c in service_rows
            ]
        )
    report.recipient_rows.all().delete()
    with bulk_changes():
        RecipientRow.objects.bulk_create(
            [RecipientRow(report=report, target_group=t, people=n) for t, n in recipient_rows]
        )
    if submit:
        report.status = Status.SUBMITTED
        report.submitted_by = user
        report.submitted_at = timezone.now()
    report.save()
    if submit:
        transaction.on_commit(lambda: emails.send_submitted(report))
    return report


def _review(report, user, status, comment=""):
    with transaction.atomic():
        report = (
            OrganisationReport.objects.select_for_update()
            .select_related("organisation", "period")
            .get(pk=report.pk)
        )
        if not can(user, "moderate", report):
            raise ReportError(_("Отчёты организаций региона проверяет модератор этого региона."))
        if report.status != Status.SUBMITTED:
            raise ReportError(_("Проверить можно только отчёт, отправленный на проверку."))
        report.status = status
        report.reviewed_by = user
        report.reviewed_at = timezone.now()
        report.review_comment = comment
        report.save()
        transaction.on_commit(lambda: emails.send_reviewed(report))
    return report


def accept(report, user, comment=""):
    return _review(report, user, Status.ACCEPTED, comment)


def return_for_revision(report, user, comment):
    if not comment.strip():
        raise ReportError(_("Напишите, что исправить: без комментария отчёт не возвращают."))
    return _review(report, user, Status.RETURNED, comment.strip())


def late_reports(today=None):
    """(organisation, period, report or None) of participating organisations whose
    report for a period past its due date is not yet submitted or accepted."""
    from organisations.models import Organisation

    today = today or timezone.localdate()
    periods = list(ReportingPeriod.objects.filter(due__lt=today))
    if not periods:
        return []
    done = set(
        OrganisationReport.objects.filter(
            period__in=periods, status__in=[Status.SUBMITTED, Status.ACCEPTED]
        ).values_list("organisation_id", "period_id")
    )
    reports = {
        (r.organisation_id, r.period_id): r
        for r in OrganisationReport.objects.filter(period__in=periods)
    }
    late = []
    for org in Organisation.objects.filter(is_participant=True, status="approved"):
        for period in periods:
            if (org.pk, period.pk) not in done:
                late.append((org, period, reports.get((org.pk, period.pk))))
    return late


def reports_to_fill(user, today=None):
    """For the personal cabinet: (organisation, [(period, report or None)]) of the
    periods whose report the member, as representative, still has to submit."""
    organisation = represented_organisation(user)
    if organisation is None:
        return None, []
    periods = list(open_periods(today).filter(end__lt=today or timezone.localdate()))
    reports = {r.period_id: r for r in organisation.reports.filter(period__in=periods)}
    todo = [
        (period, reports.get(period.pk))
        for period in periods
        if period.pk not in reports or reports[period.pk].is_editable
    ]
    return organisation, todo
