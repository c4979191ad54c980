"""Course actions that are not plain page views: enrolment and answers (POST on
the course and module pages), private answer files and certificates."""

import re

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from home.private_files import send_file

from . import services
from .certificates import certificate_pdf
from .forms import AnswerForm, FinalWorkForm
from .models import Certificate, Enrolment, SubmissionFile
from .permissions import can_review, can_see_submission

CODE_RE = re.compile(r"^DS-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$")


def _page_response(request, page, extra, status):
    context = page.get_context(request)
    context.update(extra)
    return TemplateResponse(request, page.get_template(request), context, status=status)


def course_post(request, course):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    action = request.POST.get("action")
    if action == "enrol":
        try:
            services.enrol(course, request.user)
        except services.CourseError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Вы записаны на курс. Начните с первого урока."))
        return HttpResponseRedirect(course.url)
    if action == "final":
        enrolment = Enrolment.objects.filter(course=course, user=request.user).first()
        if enrolment is None:
            messages.error(request, _("Сначала запишитесь на курс."))
            return HttpResponseRedirect(course.url)
        form = FinalWorkForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.submit(
                    enrolment,
                    None,
                    text=form.cleaned_data["text"],
                    files=form.cleaned_data["files"],
                    agreed_by_name=form.cleaned_data["agreed_by_name"],
                    agreed_by_position=form.cleaned_data["agreed_by_position"],
                )
            except services.CourseError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Итоговая работа отправлена тьютору на проверку."))
                return HttpResponseRedirect(course.url + "#final")
        return _page_response(request, course, {"final_form": form}, status=400)
    messages.error(request, _("Неизвестное действие."))
    return HttpResponseRedirect(course.url)


def module_post(request, module):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    course = module.course()
    enrolment = Enrolment.objects.filter(course=course, user=request.user).first()
    if enrolment is None:
        messages.error(request, _("Сначала запишитесь на курс."))
        return HttpResponseRedirect(course.url)
    if not module.has_assignment:
        messages.error(request, _("В этом модуле нет задания."))
        return HttpResponseRedirect(module.url)
    form = AnswerForm(request.POST, request.FILES, mode=module.answer_mode)
    if form.is_valid():
        try:
            services.submit(
                enrolment,
                module,
                text=form.cleaned_data.get("text", ""),
                files=form.cleaned_data.get("files", []),
            )
        except services.CourseError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Ответ отправлен тьютору на проверку."))
            return HttpResponseRedirect(module.url + "#assignment")
    return _page_response(request, module, {"form": form}, status=400)


def submission_file(request, file_id):
    """An answer's file, for its author and the course's tutors only (404 to others)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    item = get_object_or_404(
        SubmissionFile.objects.select_related("submission__enrolment"), pk=file_id
    )
    if not can_see_submission(request.user, item.submission):
        raise Http404
    return send_file(item.file.path, item.original_name)


def normal_code(text):
    """A certificate number as people type it: any case, spaces, a Cyrillic «С» or
    «Д» for the Latin ones, without the dashes -> DS-XXXX-XXXX-XXXX."""
    cyrillic = str.maketrans("АВЕКМНОРСТУХД", "ABEKMHOPCTYXD")
    raw = "".join((text or "").upper().translate(cyrillic).split()).replace("-", "")
    if raw.startswith("DS"):
        raw = raw[2:]
    if len(raw) != 12:
        return (text or "").strip()[:40]
    return "DS-" + "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def certificate_check(request):
    """«Проверить сертификат»: a form for the number printed on a certificate."""
    code = request.GET.get("code", "")
    error = ""
    if code:
        normal = normal_code(code)
        if CODE_RE.match(normal):
            return HttpResponseRedirect(reverse("courses:certificate", args=[normal]))
        error = _("Номер выглядит так: DS-XXXX-XXXX-XXXX. Проверьте, всё ли набрано.")
    status = 400 if error else 200
    return render(
        request,
        "courses/certificate_check.html",
        {"code": code[:40], "error": error},
        status=status,
    )


def _certificate_or_404(request, code):
    certificate = None
    if CODE_RE.match(code or ""):
        certificate = Certificate.objects.filter(code=code).select_related("enrolment").first()
    if certificate is None:
        return None, render(
            request, "courses/certificate_not_found.html", {"code": code[:40]}, status=404
        )
    return certificate, None


def certificate_detail(request, code):
    """Public verification: name, course and date only. The same page verifies the
    attendance certificates of events (results app), which share the number format."""
    if normal_code(code) != code and CODE_RE.match(normal_code(code)):
        return HttpResponseRedirect(reverse("courses:certificate", args=[normal_code(code)]))
    certificate, missing = _certificate_or_404(request, code)
    if missing:
        from results.views import attendance_certificate_detail

        return attendance_certificate_detail(request, code) or missing
    return render(request, "courses/certificate.html", {"certificate": certificate})


def certificate_download(request, code):
    certificate, missing = _certificate_or_404(request, code)
    if missing:
        return missing
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    enrolment = certificate.enrolment
    if enrolment.user_id != request.user.pk and not can_review(request.user, enrolment.course_id):
        return render(
            request, "courses/certificate_not_found.html", {"code": code[:40]}, status=404
        )
    content = certificate_pdf(
        certificate, request.build_absolute_uri(certificate.get_absolute_url())
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
