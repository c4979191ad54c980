"""Everything that changes learning records: enrol, note a lesson viewed,
submit an answer, review it, issue the certificate.

Errors are `CourseError`s carrying a Russian message for the page; nothing is
stored when one is raised (files are checked before anything is written, and
written inside the transaction, removed again if it rolls back).
"""

import logging
import os
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from home.uploads import check_content, extension_of

from .models import Certificate, CoursePage, Enrolment, LatePolicy, Submission, SubmissionFile

logger = logging.getLogger(__name__)

ALLOWED_EXTENSIONS = ("pdf", "doc", "docx", "odt", "rtf", "txt", "jpg", "jpeg", "png")

Status = Submission.Status


# The first bytes each type must start with, so a renamed program is not taken for
# a document. Plain text has no signature; RTF is text that starts with {\rtf.
SIGNATURES = {
    "pdf": (b"%PDF",),
    "doc": (b"\xd0\xcf\x11\xe0",),
    "docx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "rtf": (b"{\\rtf",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}


def _head(upload, size=8):
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


class CourseError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def enrol(course, user):
    if not user.is_authenticated:
        raise CourseError(_("Войдите на портал, чтобы записаться на курс."))
    existing = Enrolment.objects.filter(course=course, user=user).first()
    if existing is not None:
        return existing
    if not course.enrolment_open:
        raise CourseError(_("Запись на этот курс закрыта."))
    try:
        with transaction.atomic():
            return Enrolment.objects.create(course=course, user=user)
    except IntegrityError:  # a second click raced the first
        return Enrolment.objects.get(course=course, user=user)


def check_files(files):
    """Refuse the whole answer if one file is of a wrong type or too large."""
    max_files = settings.COURSES_UPLOAD_MAX_FILES
    max_size = settings.COURSES_UPLOAD_MAX_SIZE
    if len(files) > max_files:
        raise CourseError(
            ngettext(
                "Можно приложить не больше %(count)s файла.",
                "Можно приложить не больше %(count)s файлов.",
                max_files,
            )
            % {"count": max_files}
        )
    for upload in files:
        name = os.path.basename(upload.name or "")
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if extension not in ALLOWED_EXTENSIONS:
            raise CourseError(
                _(
                    "Файл «%(name)s» не принят: допускаются только файлы PDF, DOC, DOCX, "
                    "ODT, RTF, TXT, JPG и PNG."
                )
                % {"name": name}
            )
        if upload.size > max_size:
            raise CourseError(
                _("Файл «%(name)s» слишком большой: допускается не больше %(mb)s МБ.")
                % {"name": name, "mb": f"{max_size / (1024 * 1024):g}"}
            )
        if upload.size == 0:
            raise CourseError(_("Файл «%(name)s» пустой.") % {"name": name})
        signatures = SIGNATURES.get(extension)
        if signatures and not _head(upload).startswith(signatures):
            raise CourseError(
                _(
                    "Файл «%(name)s» не похож на файл %(type)s: возможно, он повреждён "
                    "или переименован."
                )
                % {"name": name, "type": extension.upper()}
            )
        try:
            check_content(upload)  # text that is HTML, image bombs (home.uploads)
        except ValidationError as error:
            raise CourseError(error.messages[0]) from error


def _due_of(course, module):
    return module.assignment_due if module is not None else course.final_work_due


def submit(
    enrolment,
    module=None,
    *,
    text="",
    files=(),
    agreed_by_name="",
    agreed_by_position="",
    now=None,
    notify=True,
):
    """Store an answer to a module's assignment (module given) or the final work;
    the course's tutors are told of it unless `notify` is False (the demo content)."""
    now = now or timezone.now()
    course = enrolment.course
    files = list(files)
    text = (text or "").strip()
    if module is not None:
        if not module.has_assignment:
            raise CourseError(_("В этом модуле нет задания."))
        mode = module.answer_mode
        if mode == "text" and files:
            raise CourseError(_("Ответ на это задание принимается только текстом."))
        if mode == "files" and not files:
            raise CourseError(_("Приложите к ответу хотя бы один файл."))
    else:
        if not course.has_final_work:
            raise CourseError(_("В этом курсе нет итоговой работы."))
        agreed_by_name = (agreed_by_name or "").strip()
        agreed_by_position = (agreed_by_position or "").strip()
        if not agreed_by_name or not agreed_by_position:
            raise CourseError(
                _("Укажите ФИО и должность руководителя, с которым согласована итоговая работа.")
            )
    if not text and not files:
        raise CourseError(_("Напишите ответ или приложите файл."))
    check_files(files)
    due = _due_of(course, module)
    is_late = bool(due and now > due)
    if is_late and course.late_policy == LatePolicy.REFUSE:
        raise CourseError(
            _("Срок сдачи истёк %(date)s: ответы после срока этот курс не принимает.")
            % {"date": timezone.localtime(due).strftime("%d.%m.%Y %H:%M")}
        )
    written = []
    try:
        with transaction.atomic():
            # One answer at a time per assignment: lock the enrolment row.
            Enrolment.objects.select_for_update().get(pk=enrolment.pk)
            previous = (
                Submission.objects.filter(enrolment=enrolment, module=module)
                .order_by("-submitted_at", "-pk")
                .first()
            )
            if previous is not None and previous.status == Status.SUBMITTED:
                raise CourseError(
                    _("Предыдущий ответ ещё на проверке: отправить новый можно после проверки.")
                )
            if previous is not None and previous.status == Status.ACCEPTED:
                raise CourseError(_("Это задание уже принято."))
            submission = Submission.objects.create(
                enrolment=enrolment,
                module=module,
                text=text,
                agreed_by_name=agreed_by_name if module is None else "",
                agreed_by_position=agreed_by_position if module is None else "",
                is_late=is_late,
                submitted_at=now,
            )
            for upload in files:
                item = SubmissionFile(
                    submission=submission,
                    original_name=os.path.basename(upload.name)[:255],
                    size=upload.size,
                )
                # Stored under a random name (the member's one, which may be over
                # the file system's 255 bytes, is kept in original_name).
                stored = f"{secrets.token_urlsafe(16)}.{extension_of(upload.name)}"
                item.file.save(stored, upload, save=False)
                written.append(item.file.name)
                item.save()
            # The course's tutors hear of it, queued with the answer itself.
            if notify:
                from .emails import send_new_answer_mail

                send_new_answer_mail(submission)
    except IntegrityError as error:
        _remove(written)
        raise CourseError(
            _("Предыдущий ответ ещё на проверке: отправить новый можно после проверки.")
        ) from error
    except BaseException:
        _remove(written)
        raise
    return submission


def _remove(names):
    from .storage import private_storage

    storage = private_storage()
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.warning("Could not remove %s after a failed submission", name)


def review(submission, reviewer, *, accept, comment="", now=None, notify=True):
    """Accept the answer or return it «на доработку» (a comment is then required).

    The learner's letter is queued with the review (notify=False: demo data, no mail).
    """
    now = now or timezone.now()
    comment = (comment or "").strip()
    if not accept and not comment:
        raise CourseError(_("Напишите комментарий: что нужно доработать."))
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        if locked.status != Status.SUBMITTED:
            raise CourseError(_("Этот ответ уже проверен."))
        locked.status = Status.ACCEPTED if accept else Status.RETURNED
        locked.tutor_comment = comment
        locked.reviewed_by = reviewer
        locked.reviewed_at = now
        locked.save(update_fields=["status", "tutor_comment", "reviewed_by", "reviewed_at"])
        certificate = maybe_issue_certificate(locked.enrolment, now=now) if accept else None
        if notify:
            # Queued in the review's transaction: the letters exist exactly when it does.
            from .emails import send_certificate_mail, send_review_mail

            send_review_mail(locked)
            if certificate is not None:
                send_certificate_mail(certificate)
    return locked


def requirements_met(enrolment):
    """All required assignments and the final work (if any) accepted."""
    course = enrolment.course
    accepted = set(
        Submission.objects.filter(enrolment=enrolment, status=Status.ACCEPTED).values_list(
            "module_id", flat=True
        )
    )
    required = set(
        course.modules()
        .filter(has_assignment=True, assignment_required=True)
        .values_list("pk", flat=True)
    )
    if not required <= accepted:
        return False
    return not course.has_final_work or None in accepted


def learner_name(user):
    profile = getattr(user, "profile", None)  # RelatedObjectDoesNotExist is an AttributeError
    return (
        user.get_full_name().strip()
        or (profile.display_name if profile else "")
        or user.get_username()
    )


def maybe_issue_certificate(enrolment, now=None):
    """Issue the certificate once the requirements are met; returns it when new."""
    if Certificate.objects.filter(enrolment=enrolment).exists():
        return None
    if not requirements_met(enrolment):
        return None
    course = CoursePage.objects.get(pk=enrolment.course_id)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Certificate.objects.create(
                    enrolment=enrolment,
                    full_name=learner_name(enrolment.user),
                    course_title=course.title,
                    issued_at=now or timezone.now(),
                )
        except IntegrityError:
            if Certificate.objects.filter(enrolment=enrolment).exists():
                return None
    raise CourseError(_("Не удалось выдать сертификат: попробуйте ещё раз."))
