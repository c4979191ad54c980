"""«Проверка заданий» in the Wagtail admin: the queue of answers, one answer
with its files and the accept / return form, and the XLSX export of a course's
results. Tutors see only their courses (courses.permissions)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .models import CourseModulePage, Enrolment, Submission
from .permissions import can_review, reviewable_courses, reviewable_submissions

Status = Submission.Status


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def queue(request):
    courses = list(reviewable_courses(request.user).order_by("title"))
    submissions = reviewable_submissions(request.user).select_related(
        "enrolment__user", "enrolment__course", "module"
    )
    course_id = _int(request.GET.get("course"))
    course = next((c for c in courses if c.pk == course_id), None)
    modules = []
    if course is not None:
        submissions = submissions.filter(enrolment__course=course)
        modules = list(CourseModulePage.objects.child_of(course).filter(has_assignment=True))
    module_param = request.GET.get("module", "")
    if module_param == "final":
        submissions = submissions.filter(module__isnull=True)
    elif (module_id := _int(module_param)) is not None:
        submissions = submissions.filter(module_id=module_id)
    else:
        module_param = ""
    status = request.GET.get("status", Status.SUBMITTED)
    if status in Status.values:
        submissions = submissions.filter(status=status)
    else:
        status = ""
    paginator = Paginator(submissions.order_by("submitted_at", "pk"), 50)
    page_obj = paginator.get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "courses/admin/queue.html",
        {
            "page_title": _("Проверка заданий"),
            "header_icon": "tasks",
            "courses": courses,
            "course": course,
            "modules": modules,
            "module_param": module_param,
            "status": status,
            "statuses": Status.choices,
            "page_obj": page_obj,
            "submissions": page_obj.object_list,
        },
    )


def _submission_for(request, submission_id):
    submission = get_object_or_404(
        Submission.objects.select_related("enrolment__user", "enrolment__course", "module"),
        pk=submission_id,
    )
    if not can_review(request.user, submission.enrolment.course_id):
        raise PermissionDenied
    return submission


def detail(request, submission_id):
    submission = _submission_for(request, submission_id)
    history = (
        Submission.objects.filter(enrolment=submission.enrolment, module=submission.module)
        .exclude(pk=submission.pk)
        .order_by("submitted_at", "pk")
    )
    return TemplateResponse(
        request,
        "courses/admin/detail.html",
        {
            "page_title": _("Ответ: %(title)s") % {"title": submission.title},
            "header_icon": "doc-full",
            "submission": submission,
            "files": list(submission.files.all()),
            "history": history,
            "learner_name": services.learner_name(submission.enrolment.user),
        },
    )


@require_POST
def review(request, submission_id):
    submission = _submission_for(request, submission_id)
    decision = request.POST.get("decision")
    if decision not in {"accept", "return"}:
        messages.error(request, _("Неизвестное действие."))
        return HttpResponseRedirect(reverse("courses_admin:detail", args=[submission.pk]))
    try:
        services.review(
            submission,
            request.user,
            accept=decision == "accept",
            comment=request.POST.get("comment", ""),
        )
    except services.CourseError as error:
        messages.error(request, error.message)
        return HttpResponseRedirect(reverse("courses_admin:detail", args=[submission.pk]))
    if decision == "accept":
        messages.success(request, _("Ответ принят."))
    else:
        messages.success(request, _("Ответ возвращён на доработку."))
    return HttpResponseRedirect(
        reverse("courses_admin:queue") + f"?course={submission.enrolment.course_id}"
    )


def _safe(value):
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def export_xlsx(request, course_id):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    course = get_object_or_404(reviewable_courses(request.user).specific(), pk=course_id)
    if not can_review(request.user, course.pk):
        raise PermissionDenied
    modules = list(course.modules().filter(has_assignment=True))
    enrolments = list(
        Enrolment.objects.filter(course=course)
        .select_related("user", "certificate")
        .order_by("created_at", "pk")
    )
    latest = {}
    for submission in Submission.objects.filter(enrolment__course=course).order_by(
        "submitted_at", "pk"
    ):
        latest[(submission.enrolment_id, submission.module_id)] = submission
    header = [_("№"), _("Слушатель"), _("E-mail"), _("Записан(а)")]
    header += [module.title for module in modules]
    if course.has_final_work:
        header += [_("Итоговая работа"), _("Согласовано с руководителем")]
    header += [_("Сертификат"), _("Дата сертификата")]

    def stamp(moment):
        return dateformat.format(timezone.localtime(moment), "d.m.Y") if moment else ""

    def state(submission):
        if submission is None:
            return _("не сдано")
        text = submission.get_status_display()
        return text + (" " + _("(после срока)") if submission.is_late else "")

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Результаты")
    sheet.append([str(cell) for cell in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, enrolment in enumerate(enrolments, start=1):
        row = [
            number,
            services.learner_name(enrolment.user),
            enrolment.user.email,
            stamp(enrolment.created_at),
        ]
        row += [state(latest.get((enrolment.pk, module.pk))) for module in modules]
        if course.has_final_work:
            final = latest.get((enrolment.pk, None))
            agreed = f"{final.agreed_by_name}, {final.agreed_by_position}" if final else ""
            row += [state(final), agreed]
        certificate = getattr(enrolment, "certificate", None)
        row += [
            certificate.code if certificate else "",
            stamp(certificate and certificate.issued_at),
        ]
        sheet.append([_safe(cell) for cell in row])
    sheet.freeze_panes = "A2"
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="course-{course.pk}-results.xlsx"'
    workbook.save(response)
    return response
