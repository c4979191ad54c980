"""Attendance certificates from event check-ins: issued in bulk by the event's
organisers (its region's editors and moderators), verified on the courses'
certificate page, downloaded as PDF by the participant."""

from datetime import timedelta

from django.conf import settings
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


def checked_in(event):
    """Confirmed registrations of `event` checked in on site."""
    from events.models import Registration

    return Registration.objects.filter(
        event=event, status=Registration.Status.CONFIRMED, checked_in_at__isnull=False
    )


def presence(registration, event):
    """(time present, the event's length) as timedeltas, by the rule of the issue:
    from the check-in (not before the start) to the check-out (none: the end; not
    after the end). A check-in recorded after the event ended (from the paper list)
    carries no times: present throughout."""
    length = event.end - event.start
    came, left = registration.checked_in_at, registration.checked_out_at
    if came is None:
        return timedelta(0), length
    if came >= event.end or length <= timedelta(0):
        return length, length
    begin = max(came, event.start)
    end = min(left or event.end, event.end)
    return max(end - begin, timedelta(0)), length


def share_percent(registration, event):
    present, length = presence(registration, event)
    if length <= timedelta(0):
        return 100
    return int(present * 100 / length)


def qualifies(registration, event):
    """Present for at least ATTENDANCE_MIN_SHARE per cent of the event (compared
    exactly, in microseconds: 75 % of the event is enough for 75)."""
    present, length = presence(registration, event)
    return present * 100 >= length * settings.ATTENDANCE_MIN_SHARE


def eligible(event):
    """Checked-in registrations present for the required share of the event."""
    rows = checked_in(event)
    return rows.filter(pk__in=[row.pk for row in rows if qualifies(row, event)])


def overview(event):
    """The organisers' list: each checked-in participant with their share of the
    event, whether it is enough, and their certificate (or None)."""
    rows = list(checked_in(event).select_related("attendance_certificate").order_by("name"))
    for row in rows:
        row.share = share_percent(row, event)
        row.qualifies = qualifies(row, event)
        try:
            row.certificate = row.attendance_certificate
        except AttendanceCertificate.DoesNotExist:
            row.certificate = None
    return rows


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
    from courses.certificates import draw_certificate

    return draw_certificate(
        heading="СЕРТИФИКАТ УЧАСТНИКА",
        full_name=certificate.full_name,
        statement=(
            f"принял(а) участие: {certificate.event_kind.lower()}, {certificate.event_dates}"
        ),
        title=certificate.event_title,
        code=certificate.code,
        issued_at=certificate.issued_at,
        verify_url=verify_url,
    )
