"""Attendance certificates from event check-ins: issued in bulk by the event's
organisers (its region's editors and moderators), verified on the courses'
certificate page, downloaded as PDF by the participant."""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext as _

from background import links
from background.mail import queue_mail
from home.i18n import letter_language
from home.permissions import can

from .models import AttendanceCertificate


class AttendanceError(Exception):
    pass


def new_code():
    from courses.models import Certificate, new_certificate_code

    while True:
        code = new_certificate_code()
        if not (
            Certificate.objects.filter(code=code).exists()
            or AttendanceCertificate.objects.filter(code=code).exists()
        ):
            return code


def eligible(event):
    """Confirmed registrations of `event` checked in on site."""
    from events.models import Registration

    return Registration.objects.filter(
        event=event, status=Registration.Status.CONFIRMED, checked_in_at__isnull=False
    )


def _dates(event):
    start, end = timezone.localtime(event.start), timezone.localtime(event.end)
    if start.date() == end.date():
        return dateformat.format(start, "j E Y")
    return f"{dateformat.format(start, 'j E')} — {dateformat.format(end, 'j E Y')}"


def issue_for_event(event, user):
    """Certificates for every checked-in participant who has none yet; returns the new ones."""
    if not can(user, "edit", event):
        raise AttendanceError(_("Сертификаты выдают организаторы события из его региона."))
    if event.end > timezone.now():
        raise AttendanceError(_("Сертификаты выдают после окончания события."))
    issued = []
    for registration in eligible(event).filter(attendance_certificate__isnull=True):
        try:
            with transaction.atomic():
                certificate = AttendanceCertificate.objects.create(
                    registration=registration,
                    code=new_code(),
                    full_name=registration.name,
                    event_title=event.title,
                    event_kind=event.get_kind_display(),
                    event_dates=_dates(event),
                    issued_by=user,
                )
        except IntegrityError:
            continue  # issued meanwhile by a second click
        issued.append(certificate)
        transaction.on_commit(lambda c=certificate: send_certificate_mail(c))
    return issued


def send_certificate_mail(certificate):
    registration = certificate.registration
    with translation.override(letter_language(stored=getattr(registration, "language", ""))):
        body = render_to_string(
            "results/email/attendance_certificate.txt",
            {
                "certificate": certificate,
                "verify_url": links.absolute(certificate.get_absolute_url()),
                "pdf_url": links.absolute(certificate.pdf_url()),
            },
        )
        subject = _("Сертификат участника: %(title)s") % {"title": certificate.event_title}
    queue_mail(
        subject,
        body,
        [registration.email],
        kind="results.attendance_certificate",
        about=f"events.registration:{registration.pk}",
        region=registration.event.region_id,
    )


def certificates_of(user):
    """The member's attendance certificates (registered with their account or e-mail)."""
    if not user.is_authenticated:
        return AttendanceCertificate.objects.none()
    query = Q(registration__user=user)
    if user.email:
        query |= Q(registration__email__iexact=user.email)
    return AttendanceCertificate.objects.filter(query).order_by("-issued_at")


def may_download(user, certificate):
    if not user.is_authenticated:
        return False
    registration = certificate.registration
    if registration.user_id == user.pk:
        return True
    if user.email and registration.email.lower() == user.email.lower():
        return True
    return can(user, "edit", registration.event)


def certificate_pdf(certificate, verify_url):
    from fpdf import FPDF

    from courses.certificates import _font_path

    pdf = FPDF(orientation="L", format="A4")
    pdf.set_title(f"Сертификат {certificate.code}")
    pdf.set_creator("Портал добровольчества в социальной сфере")
    pdf.add_font("DejaVu", "", str(_font_path()))
    pdf.set_margins(25, 25, 25)
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_draw_color(28, 110, 140)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, 277, 190)
    pdf.set_y(32)
    pdf.set_font("DejaVu", size=30)
    pdf.cell(0, 14, "СЕРТИФИКАТ УЧАСТНИКА", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", size=13)
    pdf.cell(0, 8, "Настоящим подтверждается, что", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("DejaVu", size=24)
    pdf.multi_cell(0, 12, certificate.full_name, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("DejaVu", size=13)
    pdf.cell(
        0,
        8,
        f"принял(а) участие: {certificate.event_kind.lower()}, {certificate.event_dates}",
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)
    pdf.set_font("DejaVu", size=17)
    pdf.multi_cell(0, 9, f"«{certificate.event_title}»", align="C", new_x="LMARGIN", new_y="NEXT")
    issued = dateformat.format(timezone.localtime(certificate.issued_at), "j E Y")
    pdf.set_font("DejaVu", size=11)
    pdf.set_y(160)
    pdf.cell(0, 6, f"Дата выдачи: {issued} г.", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(
        0, 6, f"Номер сертификата: {certificate.code}", align="C", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.cell(0, 6, f"Проверить подлинность: {verify_url}", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(
        0,
        6,
        "Программа добровольческих социальных услуг детям и людям старшего поколения",
        align="C",
    )
    return bytes(pdf.output())
