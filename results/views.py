"""Public results page and the representative's reports (thin views)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from practices.models import TargetGroup

from . import attendance, results, services, surveys
from .forms import ReportFiguresForm, ServiceRowFormSet
from .forms_surveys import SurveyAnswerForm
from .models import AttendanceCertificate, Survey

BLANK_ROWS = 4


def _not_a_representative(request):
    return render(request, "results/not_representative.html", status=403)


@login_required
def report_list(request):
    organisation = services.represented_organisation(request.user)
    if organisation is None:
        return _not_a_representative(request)
    periods = list(services.open_periods())
    reports = {r.period_id: r for r in organisation.reports.filter(period__in=periods)}
    rows = [(period, reports.get(period.pk)) for period in periods]
    return render(request, "results/report_list.html", {"organisation": organisation, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request, period_id):
    organisation = services.represented_organisation(request.user)
    if organisation is None:
        return _not_a_representative(request)
    period = get_object_or_404(services.open_periods(), pk=period_id)
    report = services.report_for(organisation, period)
    groups = list(TargetGroup.objects.all())
    status = 200
    if request.method == "POST" and not report.is_editable:
        messages.error(request, _("Отчёт уже отправлен на проверку: изменить его нельзя."))
        return redirect("results:report", period_id=period.pk)
    if request.method == "POST":
        form = ReportFiguresForm(request.POST, target_groups=groups)
        rows = ServiceRowFormSet(request.POST, prefix="services")
        if form.is_valid() and rows.is_valid():
            submit = request.POST.get("action") == "submit"
            try:
                services.save_report(
                    report, request.user, form.figures(), rows.rows(), form.recipient_rows(), submit
                )
            except services.ReportError as error:
                messages.error(request, str(error))
                return redirect("results:report", period_id=period.pk)
            messages.success(
                request,
                _("Отчёт отправлен модератору региона.") if submit else _("Черновик сохранён."),
            )
            if submit:
                return redirect("results:reports")
            return redirect("results:report", period_id=period.pk)
        status = 400
    else:
        recipients = {row.target_group_id: row.people for row in report.recipient_rows.all()}
        form = ReportFiguresForm(
            initial={
                "volunteers_active": report.volunteers_active,
                "volunteers_new": report.volunteers_new,
                "events_held": report.events_held,
                "notes": report.notes,
            }
            | {f"recipients_{g.slug}": recipients.get(g.pk, 0) for g in groups},
            target_groups=groups,
        )
        initial = [
            {
                "service_type": row.service_type_id,
                "target_group": row.target_group_id,
                "hours": row.hours,
                "cases": row.cases,
            }
            for row in report.service_rows.all()
        ] + [{}] * BLANK_ROWS
        rows = ServiceRowFormSet(initial=initial, prefix="services")
    return render(
        request,
        "results/report_form.html",
        {"organisation": organisation, "report": report, "form": form, "rows": rows},
        status=status,
    )


def results_page(request):
    region_slug = request.GET.get("region", "")
    context = results.page_context(region_slug)
    if context is None:
        return redirect("results:page")
    return render(request, "results/results_page.html", context)


def attendance_certificate_detail(request, code):
    """Verification of an attendance certificate (name, event, dates); None if unknown."""
    certificate = AttendanceCertificate.objects.filter(code=code).first()
    if certificate is None:
        return None
    return render(request, "results/attendance_certificate.html", {"certificate": certificate})


def attendance_certificate_pdf(request, code):
    certificate = (
        AttendanceCertificate.objects.filter(code=code)
        .select_related("registration__event")
        .first()
    )
    if certificate is None:
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not attendance.may_download(request.user, certificate):
        raise Http404
    content = attendance.certificate_pdf(
        certificate, request.build_absolute_uri(certificate.get_absolute_url())
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def survey_view(request, survey_id):
    survey = get_object_or_404(Survey.objects.select_related("event", "course"), pk=survey_id)
    if not surveys.may_answer(request.user, survey):
        return render(request, "results/survey_closed.html", {"survey": survey}, status=403)
    if survey.responses.filter(user=request.user).exists():
        return render(request, "results/survey_done.html", {"survey": survey})
    form = SurveyAnswerForm(request.POST or None, survey=survey)
    if request.method == "POST" and form.is_valid():
        try:
            surveys.save_response(survey, request.user, form.answers())
        except surveys.SurveyError as error:
            messages.error(request, str(error))
        return redirect("results:survey", survey_id=survey.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "results/survey.html", {"survey": survey, "form": form}, status=status)
