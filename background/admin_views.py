"""«Письма» and «Периодические задания» in the Wagtail admin.

Superusers see every letter; regional editors and moderators see the letters
that concern their regions (`home.permissions.allowed(user, "edit", …)`) and
may resend them.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from home.permissions import allowed, can

from . import mail, status
from .models import Letter, ScheduledJob

PER_PAGE = 100


def visible_letters(user):
    return allowed(user, "edit", Letter.objects.all())


def letter_list(request):
    letters = visible_letters(request.user)
    chosen = request.GET.get("status", "")
    counts = dict(letters.order_by().values_list("status").annotate(total=Count("pk")))
    if chosen in Letter.Status.values:
        letters = letters.filter(status=chosen)
    else:
        chosen = ""
    return TemplateResponse(
        request,
        "background/admin/letter_list.html",
        {
            "page_title": _("Письма"),
            "header_icon": "mail",
            "letters": letters.select_related("region")[:PER_PAGE],
            "status": chosen,
            "statuses": [
                (value, label, counts.get(value, 0)) for value, label in Letter.Status.choices
            ],
            "total": sum(counts.values()),
            "alert_since": status.letters_alert() if request.user.is_superuser else None,
        },
    )


def _letter_for(request, letter_id):
    letter = get_object_or_404(Letter, pk=letter_id)
    if not can(request.user, "edit", letter):
        raise PermissionDenied
    return letter


def letter_detail(request, letter_id):
    letter = _letter_for(request, letter_id)
    return TemplateResponse(
        request,
        "background/admin/letter_detail.html",
        {"page_title": letter.subject, "header_icon": "mail", "letter": letter},
    )


@require_POST
def letter_resend(request, letter_id):
    letter = _letter_for(request, letter_id)
    if letter.status == Letter.Status.SENDING:
        messages.error(request, _("Письмо сейчас отправляется."))
    elif not letter.body:  # emptied by apply_retention: an empty letter helps nobody
        messages.error(request, _("Текст письма удалён по сроку хранения."))
    else:
        mail.resend(letter)
        messages.success(
            request,
            _("Письмо снова поставлено в очередь: %(subject)s") % {"subject": letter.subject},
        )
    return HttpResponseRedirect(reverse("background_admin:letters"))


def job_list(request):
    if not request.user.is_superuser:
        raise PermissionDenied
    from django.conf import settings

    rows = {job.name: job for job in ScheduledJob.objects.all()}
    jobs = [
        {"name": name, "spec": spec, "row": rows.get(name)}
        for name, spec in settings.SCHEDULED_JOBS.items()
    ]
    return TemplateResponse(
        request,
        "background/admin/job_list.html",
        {"page_title": _("Периодические задания"), "header_icon": "time", "jobs": jobs},
    )
