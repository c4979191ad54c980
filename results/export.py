"""The grant report: a year's figures as XLSX, one sheet per indicator group,
by region and (for reports' figures) organisation type, one column per period."""

import io

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from openpyxl import Workbook
from openpyxl.styles import Font

from home.models import Region
from home.permissions import user_regions
from organisations.models import OrganisationType

from .indicators import GROUPS, INDICATORS, portal_figures, report_figures
from .models import ReportingPeriod

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def may_export(user):
    """Programme-wide figures: superusers and the interregional section's moderators."""
    if user.is_superuser:
        return True
    moderating = user_regions(user)["moderate"]
    return Region.objects.filter(pk__in=moderating, is_interregional=True).exists()


def years():
    return sorted({d.year for d in ReportingPeriod.objects.dates("start", "year")}, reverse=True)


def grant_report_form(request):
    if not may_export(request.user):
        raise PermissionDenied
    return TemplateResponse(
        request,
        "results/admin/grant_report.html",
        {"page_title": _("Отчёт для грантодателя"), "header_icon": "download", "years": years()},
    )


def _year_periods(request, year):
    """The year's periods, for those who may export programme-wide figures."""
    if not may_export(request.user):
        raise PermissionDenied
    return list(ReportingPeriod.objects.filter(start__year=year).order_by("start"))


def grant_report_xlsx(request, year):
    periods = _year_periods(request, year)
    if not periods:
        return redirect("results_admin:grant_report")
    buffer = io.BytesIO()
    grant_report_workbook(periods).save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="grant-report-{year}.xlsx"'
    return response


def grant_report_pdf(request, year):
    """The same year as a printable PDF, in one click from the grant report page."""
    from .grant_pdf import grant_report_pdf as draw

    periods = _year_periods(request, year)
    if not periods:
        return redirect("results_admin:grant_report")
    response = HttpResponse(draw(periods), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="grant-report-{year}.pdf"'
    return response


def grant_report_workbook(periods):
    regions = list(Region.objects.regional().order_by("sort_order", "name"))
    per_region = {}
    for region in regions:
        figures = report_figures(periods, region)
        figures.update(portal_figures(periods, region))
        per_region[region.pk] = figures
        for org_type, _label in OrganisationType.choices:
            per_region[(region.pk, org_type)] = report_figures(periods, region, org_type)
    programme = report_figures(periods)
    programme.update(portal_figures(periods))

    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for group, group_label in GROUPS.items():
        sheet = book.create_sheet(str(group_label)[:31])
        header = [_("Показатель"), _("Регион"), _("Тип организации")]
        header += [p.label for p in periods] + [_("Итого за год")]
        for indicator in (i for i in INDICATORS if i.group == group):
            sheet.append([f"{indicator.label}, {indicator.unit}"])
            sheet.cell(row=sheet.max_row, column=1).font = bold
            sheet.append(header)
            for region in regions:
                values = [per_region[region.pk][indicator.code].get(p.pk, 0) for p in periods]
                sheet.append([str(indicator.label), region.name, _("все")] + values + [sum(values)])
                if indicator.from_reports:
                    for org_type, type_label in OrganisationType.choices:
                        figures = per_region[(region.pk, org_type)][indicator.code]
                        values = [figures.get(p.pk, 0) for p in periods]
                        if any(values):
                            sheet.append(
                                [str(indicator.label), region.name, str(type_label)]
                                + values
                                + [sum(values)]
                            )
            values = [programme[indicator.code].get(p.pk, 0) for p in periods]
            sheet.append(
                [str(indicator.label), _("Вся программа"), _("все")] + values + [sum(values)]
            )
            sheet.cell(row=sheet.max_row, column=2).font = bold
            sheet.append([])
        sheet.column_dimensions["A"].width = 48
        sheet.column_dimensions["B"].width = 28
        sheet.column_dimensions["C"].width = 24
    return book
