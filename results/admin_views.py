"""Moderators' review of their region's reports in the Wagtail admin, and the
grant report export. Who sees what: home.permissions (`moderate` on a report's
region; superusers see all)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from home.permissions import allowed, can

from . import attendance, services
from .forms import ReviewForm
from .models import OrganisationReport, ReportingPeriod

Status = OrganisationReport.Status


def reviewable_reports(user):
    return allowed(user, "moderate", OrganisationReport.objects.all()).select_related(
        "organisation__region", "period"
    )


def report_queue(request):
    status = request.GET.get("status", Status.SUBMITTED)
    reports = reviewable_reports(request.user).exclude(status=Status.DRAFT)
    if status in Status.values:
        reports = reports.filter(status=status)
    else:
        status = ""
    period_id = request.GET.get("period", "")
    if period_id.isdigit():
        reports = reports.filter(period_id=int(period_id))
    return TemplateResponse(
        request,
        "results/admin/report_queue.html",
        {
            "page_title": _("Отчёты организаций"),
            "header_icon": "table",
            "reports": reports.order_by("-period__start", "organisation__name")[:500],
            "status": status,
            "statuses": [
                (value, label) for value, label in Status.choices if value != Status.DRAFT
            ],
            "periods": ReportingPeriod.objects.order_by("-start"),
            "period_id": period_id,
        },
    )


@require_http_methods(["GET", "POST"])
def report_detail(request, report_id):
    report = get_object_or_404(
        OrganisationReport.objects.select_related("organisation__region", "period"), pk=report_id
    )
    if not can(request.user, "moderate", report):
        raise PermissionDenied
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        comment = form.cleaned_data["comment"]
        try:
            if request.POST.get("action") == "accept":
                services.accept(report, request.user, comment)
                messages.success(request, _("Отчёт принят: %(report)s.") % {"report": report})
            elif request.POST.get("action") == "return":
                services.return_for_revision(report, request.user, comment)
                messages.success(
                    request, _("Отчёт возвращён на доработку: %(report)s.") % {"report": report}
                )
            else:
                messages.error(request, _("Неизвестное действие."))
        except services.ReportError as error:
            messages.error(request, str(error))
            return redirect("results_admin:report", report_id=report.pk)
        return redirect("results_admin:reports")
    return TemplateResponse(
        request,
        "results/admin/report_detail.html",
        {
            "page_title": str(report),
            "header_icon": "table",
            "report": report,
            "form": form,
            "can_review": report.status == Status.SUBMITTED,
        },
    )


@require_http_methods(["GET", "POST"])
def attendance_certificates(request, event_id):
    from events.models import EventPage

    event = get_object_or_404(EventPage, pk=event_id)
    if not can(request.user, "edit", event):
        raise PermissionDenied
    if request.method == "POST":
        try:
            issued = attendance.issue_for_event(event, request.user)
        except attendance.AttendanceError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                ngettext(
                    "Выдан %(count)s сертификат.",
                    "Выдано сертификатов: %(count)s.",
                    len(issued),
                )
                % {"count": len(issued)},
            )
        return redirect("results_admin:attendance", event_id=event.pk)
    registrations = attendance.overview(event)
    return TemplateResponse(
        request,
        "results/admin/attendance.html",
        {
            "page_title": _("Сертификаты участников: %(title)s") % {"title": event.title},
            "header_icon": "doc-full",
            "event": event,
            "registrations": registrations,
            "min_share": settings.ATTENDANCE_MIN_SHARE,
            "waiting": sum(1 for row in registrations if row.qualifies and not row.certificate),
        },
    )


def survey_summary(request, survey_id):
    from . import surveys
    from .models import Survey

    survey = get_object_or_404(Survey, pk=survey_id)
    if not can(request.user, "edit", survey):
        raise PermissionDenied
    return TemplateResponse(
        request,
        "results/admin/survey_summary.html",
        {
            "page_title": _("Итоги опроса: %(title)s") % {"title": survey.title},
            "header_icon": "form",
            "survey": survey,
            "responses": survey.responses.count(),
            "invited": surveys.participants(survey).count(),
            "summary": surveys.summary(survey),
        },
    )
