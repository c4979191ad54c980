"""Everything that changes a registration's state.

The capacity rule lives in the database transaction: each function that may
give out a place first locks the event's row (`select_for_update()`; on SQLite
the whole write transaction is serialised by `BEGIN IMMEDIATE`), then counts
the confirmed places and writes, so concurrent submissions cannot overbook.
Letters are queued in the outbox inside the same transaction (background.mail).

Views call these functions and turn the exceptions into messages.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.page_cache import EVENTS, bulk_changes

from . import emails
from .models import ConsentKind, ConsentText, EventPage, Registration

Status = Registration.Status


class RegistrationError(Exception):
    """A registration request that cannot be carried out; `message` is for people."""

    message = _("Не удалось выполнить действие с регистрацией.")

    def __init__(self, message=None):
        if message is not None:
            self.message = message
        super().__init__(str(self.message))


class RegistrationDisabled(RegistrationError):
    message = _("Регистрация на это событие через портал не проводится.")


class RegistrationNotOpen(RegistrationError):
    message = _("Регистрация на это событие ещё не открыта.")


class RegistrationClosed(RegistrationError):
    message = _("Регистрация на это событие закрыта.")


class EventFull(RegistrationError):
    message = _("Свободных мест нет, лист ожидания не ведётся.")


class AlreadyRegistered(RegistrationError):
    message = _(
        "На этот адрес электронной почты уже есть регистрация на это событие. "
        "Управлять ею можно по ссылке из письма."
    )


class ConsentRequired(RegistrationError):
    message = _("Без согласия на обработку персональных данных мы не можем принять регистрацию.")


class InvalidTransition(RegistrationError):
    message = _("Это действие недоступно для регистрации в её текущем состоянии.")


def confirm_link_max_age():
    return datetime.timedelta(days=getattr(settings, "EVENTS_CONFIRM_LINK_DAYS", 3))


def _lock_event(event):
    """Lock the event's row until the end of the transaction and return it fresh."""
    return EventPage.objects.select_for_update(of=("self",)).get(pk=event.pk)


def _confirmed_count(event):
    return Registration.objects.filter(event_id=event.pk, status=Status.CONFIRMED).count()


def _has_place(event):
    return event.capacity is None or _confirmed_count(event) < event.capacity


def _set_status(registration, status, now):
    registration.status = status
    registration.status_changed_at = now
    if status == Status.WAITLISTED:
        registration.waitlisted_at = now


def _place(registration, event, now, approved=False):
    """Decide where a registration with a confirmed e-mail goes. Call under the lock."""
    if event.approval_required and not approved:
        _set_status(registration, Status.PENDING, now)
    elif _has_place(event):
        _set_status(registration, Status.CONFIRMED, now)
    elif event.waitlist_enabled:
        _set_status(registration, Status.WAITLISTED, now)
    else:
        raise EventFull()


def _check_window(event, now):
    state = event.registration_state(now)
    if state == "disabled":
        raise RegistrationDisabled()
    if state == "not_open":
        raise RegistrationNotOpen()
    if state == "closed":
        raise RegistrationClosed()


def _mail_after(registration, kind):
    if kind:
        emails.send_status_mail(registration, kind)


def _mail_kind_for(registration, approved=False):
    if registration.status == Status.CONFIRMED:
        return "approved" if approved else "confirmed"
    if registration.status == Status.WAITLISTED:
        return "waitlisted"
    if registration.awaits_approval:
        return "received"
    if registration.awaits_email:
        return "confirm_email"
    return None


@transaction.atomic  # the letter is queued in the same transaction
def register(
    event, *, name, email, consents, phone="", answers=None, user=None, now=None, language=""
):
    """Register a person for an event.

    A member whose account e-mail is the one given is placed at once; anyone
    else first confirms the e-mail by a signed link (status `pending`).
    """
    now = now or timezone.now()
    email = (email or "").strip().lower()
    _check_window(event, now)
    if not consents.get(ConsentKind.PROCESSING):
        raise ConsentRequired()
    verified = bool(
        user is not None
        and user.is_authenticated
        and user.email
        and user.email.strip().lower() == email
    )
    consent_texts = {kind: ConsentText.current(kind) for kind in ConsentKind.values}
    with transaction.atomic():
        locked = _lock_event(event)
        _expire_stale_pending(locked, email, now)
        if Registration.objects.filter(
            event_id=locked.pk, email=email, status__in=Registration.ACTIVE_STATUSES
        ).exists():
            raise AlreadyRegistered()
        if not _has_place(locked) and not locked.waitlist_enabled:
            raise EventFull()
        registration = Registration(
            event=locked,
            user=user if user is not None and user.is_authenticated else None,
            name=name.strip(),
            email=email,
            phone=(phone or "").strip(),
            answers=answers or {},
            created_at=now,
            status_changed_at=now,
            language=language,
            consent_processing_version=consent_texts[ConsentKind.PROCESSING].version,
            consent_processing_at=now,
        )
        if consents.get(ConsentKind.LISTING):
            registration.consent_listing_version = consent_texts[ConsentKind.LISTING].version
            registration.consent_listing_at = now
        if consents.get(ConsentKind.PHOTO):
            registration.consent_photo_version = consent_texts[ConsentKind.PHOTO].version
            registration.consent_photo_at = now
        if verified:
            registration.email_confirmed_at = now
            _place(registration, locked, now)
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError as error:
            # A simultaneous request with the same e-mail won the race.
            raise AlreadyRegistered() from error
    _mail_after(registration, _mail_kind_for(registration))
    return registration


def resend_confirmation(registration):
    """Queue the e-mail confirmation letter again («отправить письмо ещё раз»).

    Returns the seconds to wait when the last letter is too recent, else 0.
    """
    from background.mail import wait_before_resend

    wait = wait_before_resend(emails.letter_about(registration))
    if wait:
        return wait
    emails.send_status_mail(registration, "confirm_email")
    return 0


def _expire_stale_pending(event, email, now):
    """An e-mail confirmation never clicked must not block registering again."""
    with bulk_changes(EVENTS):
        Registration.objects.filter(
            event_id=event.pk,
            email=email,
            status=Status.PENDING,
            email_confirmed_at__isnull=True,
            created_at__lt=now - confirm_link_max_age(),
        ).update(status=Status.CANCELLED, status_changed_at=now)


def _locked_registration(registration):
    locked_event = _lock_event(registration.event)
    fresh = Registration.objects.select_for_update().get(pk=registration.pk)
    fresh.event = locked_event
    return fresh, locked_event


@transaction.atomic  # the letter is queued in the same transaction
def confirm_email(registration, now=None):
    """The guest clicked the link: the registration now competes for a place.

    Clicking twice is harmless: an already confirmed e-mail changes nothing.
    """
    now = now or timezone.now()
    with transaction.atomic():
        registration, event = _locked_registration(registration)
        if registration.email_confirmed_at is not None or registration.status != Status.PENDING:
            return registration, False
        registration.email_confirmed_at = now
        _place(registration, event, now)
        registration.save()
    _mail_after(registration, _mail_kind_for(registration))
    return registration, True


@transaction.atomic  # the letter is queued in the same transaction
def approve(registration, now=None):
    """An organiser accepts an application: a place if one is free, else the waiting list."""
    now = now or timezone.now()
    with transaction.atomic():
        registration, event = _locked_registration(registration)
        if not registration.awaits_approval:
            raise InvalidTransition(_("Одобрить можно только заявку с подтверждённым e-mail."))
        _place(registration, event, now, approved=True)
        registration.save()
    _mail_after(registration, _mail_kind_for(registration, approved=True))
    return registration


@transaction.atomic  # the letter is queued in the same transaction
def reject(registration, now=None):
    now = now or timezone.now()
    with transaction.atomic():
        registration, _event = _locked_registration(registration)
        if registration.status not in (Status.PENDING, Status.WAITLISTED):
            raise InvalidTransition(
                _("Отклонить можно только заявку, ожидающую решения, или из листа ожидания.")
            )
        _set_status(registration, Status.REJECTED, now)
        registration.save()
    _mail_after(registration, "rejected")
    return registration


@transaction.atomic  # the letter is queued in the same transaction
def promote(registration, now=None):
    """An organiser moves a person from the waiting list to a free place."""
    now = now or timezone.now()
    with transaction.atomic():
        registration, event = _locked_registration(registration)
        if registration.status != Status.WAITLISTED:
            raise InvalidTransition(_("Перевести можно только из листа ожидания."))
        if not _has_place(event):
            raise EventFull(
                _("Свободных мест нет: увеличьте число мест или отмените другую регистрацию.")
            )
        _set_status(registration, Status.CONFIRMED, now)
        registration.save()
    _mail_after(registration, "promoted")
    return registration


def _promote_waiting(event, now):
    """Fill free places from the waiting list, first come first served. Under the lock."""
    promoted = []
    while _has_place(event):
        first = (
            Registration.objects.select_for_update()
            .filter(event_id=event.pk, status=Status.WAITLISTED)
            .order_by("waitlisted_at", "pk")
            .first()
        )
        if first is None:
            break
        _set_status(first, Status.CONFIRMED, now)
        first.save()
        promoted.append(first)
    return promoted


@transaction.atomic  # the letter is queued in the same transaction
def cancel(registration, by_organiser=False, now=None):
    """Cancel a registration; a freed place goes to the first on the waiting list."""
    now = now or timezone.now()
    with transaction.atomic():
        registration, event = _locked_registration(registration)
        if not registration.is_active:
            raise InvalidTransition(_("Эта регистрация уже отменена или отклонена."))
        _set_status(registration, Status.CANCELLED, now)
        registration.save()
        promoted = _promote_waiting(event, now)
    _mail_after(registration, "cancelled_by_organiser" if by_organiser else "cancelled")
    for other in promoted:
        _mail_after(other, "promoted")
    return registration, promoted


@transaction.atomic  # the letter is queued in the same transaction
def fill_free_places(event, now=None):
    """After an organiser raises the capacity: promote from the waiting list."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock_event(event)
        promoted = _promote_waiting(locked, now)
    for other in promoted:
        _mail_after(other, "promoted")
    return promoted


def check_in(registration, now=None):
    """Mark (or unmark) that a confirmed participant came."""
    now = now or timezone.now()
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != Status.CONFIRMED:
            raise InvalidTransition(_("Отметить присутствие можно только у подтверждённых."))
        registration.checked_in_at = None if registration.checked_in_at else now
        registration.checked_out_at = None
        registration.save(update_fields=["checked_in_at", "checked_out_at"])
    return registration


def check_out(registration, now=None):
    """Mark (or unmark) that a participant who came left before the end: the
    attendance certificate needs a share of the event (results.attendance)."""
    now = now or timezone.now()
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != Status.CONFIRMED or registration.checked_in_at is None:
            raise InvalidTransition(_("Отметить уход можно только у отмеченных на месте."))
        if registration.checked_out_at is None and now < registration.checked_in_at:
            raise InvalidTransition(_("Уход нельзя отметить раньше прихода."))
        registration.checked_out_at = None if registration.checked_out_at else now
        registration.save(update_fields=["checked_out_at"])
    return registration


def send_reminders(now=None):
    """Remind confirmed participants of events starting within their reminder window.

    Each registration is claimed by a conditional UPDATE before its e-mail goes
    out, so overlapping runs never send the same reminder twice.
    """
    now = now or timezone.now()
    candidates = (
        Registration.objects.filter(
            status=Status.CONFIRMED,
            reminder_sent_at__isnull=True,
            event__start__gt=now,
            event__reminder_days__gt=0,
            event__live=True,
        )
        .select_related("event", "event__region")
        .order_by("pk")
    )
    sent = 0
    for registration in candidates:
        event = registration.event
        if event.start - datetime.timedelta(days=event.reminder_days) > now:
            continue
        with transaction.atomic():  # the claim and the queued letter commit together
            claimed = Registration.objects.filter(
                pk=registration.pk, reminder_sent_at__isnull=True, status=Status.CONFIRMED
            ).update(reminder_sent_at=now)
            if claimed:
                emails.send_status_mail(registration, "reminder")
                sent += 1
    return sent


def expire_unconfirmed(now=None):
    """The scheduled job: registrations whose e-mail was never confirmed within the
    link's lifetime are deleted (the letter promised it). Idempotent."""
    now = now or timezone.now()
    stale = Registration.objects.filter(
        status=Status.PENDING,
        email_confirmed_at__isnull=True,
        created_at__lt=now - confirm_link_max_age(),
    )
    deleted, _ = stale.delete()
    return deleted
