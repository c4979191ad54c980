"""Organisers' tools in the Wagtail admin: registrations of an event, their
state changes, check-in and export. Only the editors and moderators of the
event's region (and superusers) get in: `home.permissions.can(user, "edit", event)`.
"""

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import dateformat
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from home.permissions import allowed, can

from . import services
from .models import EventPage, Registration

Status = Registration.Status

ACTIONS = {
    "approve": (services.approve, gettext_lazy("Заявка одобрена: %(name)s.")),
    "reject": (services.reject, gettext_lazy("Заявка отклонена: %(name)s.")),
    "cancel": (
        lambda registration: services.cancel(registration, by_organiser=True),
        gettext_lazy("Регистрация отменена: %(name)s."),
    ),
    "promote": (services.promote, gettext_lazy("Переведён(а) из листа ожидания: %(name)s.")),
    "checkin": (services.check_in, gettext_lazy("Отметка о присутствии изменена: %(name)s.")),
    "checkout": (services.check_out, gettext_lazy("Отметка об уходе изменена: %(name)s.")),
}


def manageable_events(user):
    """Events whose registrations the user may manage, newest first."""
    return allowed(user, "edit", EventPage.objects.all()).select_related("region")


def _event_for(request, event_id):
    event = get_object_or_404(EventPage.objects.select_related("region"), pk=event_id)
    if not can(request.user, "edit", event):
        raise PermissionDenied
    return event


def event_list(request):
    events = manageable_events(request.user).annotate(
        confirmed=Count("registrations", filter=Q(registrations__status=Status.CONFIRMED)),
        waitlisted=Count("registrations", filter=Q(registrations__status=Status.WAITLISTED)),
        pending=Count("registrations", filter=Q(registrations__status=Status.PENDING)),
    )
    return TemplateResponse(
        request,
        "events/admin/event_list.html",
        {
            "page_title": _("Регистрации на события"),
            "header_icon": "date",
            "events": events.order_by("-start"),
        },
    )


def registration_list(request, event_id):
    event = _event_for(request, event_id)
    status = request.GET.get("status", "")
    registrations = Registration.objects.filter(event=event).order_by("created_at", "pk")
    if status in Status.values:
        registrations = registrations.filter(status=status)
    else:
        status = ""
    counts = dict(
        Registration.objects.filter(event=event)
        .values_list("status")
        .annotate(total=Count("pk"))
        .values_list("status", "total")
    )
    return TemplateResponse(
        request,
        "events/admin/registration_list.html",
        {
            "page_title": _("Регистрации: %(title)s") % {"title": event.title},
            "header_icon": "group",
            "event": event,
            "registrations": registrations,
            "status": status,
            "statuses": [(value, label, counts.get(value, 0)) for value, label in Status.choices],
            "total": sum(counts.values()),
        },
    )


@require_POST
def registration_action(request, event_id, registration_id):
    event = _event_for(request, event_id)
    registration = get_object_or_404(Registration, pk=registration_id, event=event)
    action = ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        messages.error(request, _("Неизвестное действие."))
    else:
        function, success = action
        try:
            function(registration)
        except services.RegistrationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, success % {"name": registration.name})
    url = reverse("events_admin:registrations", args=[event.pk])
    status = request.POST.get("status_filter", "")
    if status in Status.values:
        url += f"?status={status}"
    return HttpResponseRedirect(url)


def _rows(event):
    questions = [block.value["label"] for block in event.questions]
    header = [
        _("№"),
        _("Имя и фамилия"),
        _("E-mail"),
        _("Телефон"),
        _("Статус"),
        _("Зарегистрирован(а)"),
        _("Присутствовал(а)"),
        _("Ушёл (ушла) раньше, в"),
        *questions,
        _("Согласие на обработку ПДн (версия, время)"),
        _("Согласие на список участников"),
        _("Согласие на съёмку"),
    ]
    tz = event.tzinfo

    def stamp(moment):
        return dateformat.format(moment.astimezone(tz), "d.m.Y H:i") if moment else ""

    def consent(version, moment):
        return f"{version}, {stamp(moment)}" if version else _("нет")

    rows = []
    registrations = Registration.objects.filter(event=event).order_by("created_at", "pk")
    for number, registration in enumerate(registrations, start=1):
        answers = registration.answers or {}
        rows.append(
            [
                number,
                registration.name,
                registration.email,
                registration.phone,
                registration.get_status_display(),
                stamp(registration.created_at),
                stamp(registration.checked_in_at),
                stamp(registration.checked_out_at),
                *[str(answers.get(label, "")) for label in questions],
                consent(
                    registration.consent_processing_version, registration.consent_processing_at
                ),
                consent(registration.consent_listing_version, registration.consent_listing_at),
                consent(registration.consent_photo_version, registration.consent_photo_at),
            ]
        )
    return header, rows


def _filename(event, extension):
    return f"registrations-{slugify(event.slug) or event.pk}.{extension}"


def _safe_cell(value):
    """Neutralise spreadsheet formulas typed into a form (CSV/formula injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def export_csv(request, event_id):
    event = _event_for(request, event_id)
    header, rows = _rows(event)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(event, "csv")}"'
    # A BOM so that Excel opens the Cyrillic text correctly.
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_safe_cell(cell) for cell in row])
    return response


def export_xlsx(request, event_id):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    event = _event_for(request, event_id)
    header, rows = _rows(event)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Регистрации")
    sheet.append([str(cell) for cell in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        # openpyxl stores other text as text; only a leading "=" would become a formula.
        sheet.append(
            ["'" + cell if isinstance(cell, str) and cell.startswith("=") else cell for cell in row]
        )
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        width = max(len(str(cell.value or "")) for cell in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 50)
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(event, "xlsx")}"'
    workbook.save(response)
    return response
