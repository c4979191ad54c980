"""How long the portal keeps personal data, applied daily (`manage.py apply_retention`,
the «retention» scheduled job). Each rule is idempotent: a second run changes nothing.

- Guest registrations (no account) of events that ended more than
  RETENTION_REGISTRATION_MONTHS ago lose the name, e-mail, phone and answers; the
  event, status and times stay, so the counts of participants stay right.
  A member's registrations stay in their cabinet until the account is deleted.
- Sent letters older than RETENTION_LETTER_BODY_DAYS lose their text (and the
  links in it); the subject, addresses and status stay for the outbox's log until
  background.housekeeping deletes the whole letter after OUTBOX_KEEP_DAYS.
- Login records of django-axes (attempts, failures, log-ins with the address and
  IP) older than RETENTION_LOGIN_DAYS are deleted.

Not here, because scheduled jobs already do it: unconfirmed sign-ups
(accounts.services.expire_unconfirmed_members) and unconfirmed guest registrations
(events.services.expire_unconfirmed) are deleted once their link expired.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from .models import ANONYMISED_DOMAIN

RETAINED_NAME = "данные удалены по сроку хранения"


def months_before(moment, months):
    """The same day and time `months` calendar months earlier (the month's last day
    when that month is shorter)."""
    year, month = divmod(moment.month - 1 - months, 12)
    year, month = moment.year + year, month + 1
    next_month = datetime.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - datetime.timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))


def old_guest_registrations(now):
    from django.contrib.auth import get_user_model
    from django.db.models.functions import Lower

    from events.models import Registration

    # A member's registrations made before signing up (or logged out) belong to
    # them by address: they stay with the account, like those made logged in.
    members = (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .annotate(address=Lower("email"))
        .values("address")
    )
    return (
        Registration.objects.filter(
            user__isnull=True,
            event__end__lt=months_before(now, settings.RETENTION_REGISTRATION_MONTHS),
        )
        .exclude(email__endswith=ANONYMISED_DOMAIN)
        .annotate(address=Lower("email"))
        .exclude(address__in=members)
    )


def old_letter_bodies(now):
    from background.models import Letter

    cutoff = now - datetime.timedelta(days=settings.RETENTION_LETTER_BODY_DAYS)
    return Letter.objects.filter(status=Letter.Status.SENT, sent_at__lt=cutoff).exclude(
        body="", alternatives=[], attachments=[]
    )


def old_login_records(now):
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    cutoff = now - datetime.timedelta(days=settings.RETENTION_LOGIN_DAYS)
    return [
        model.objects.filter(attempt_time__lt=cutoff)
        for model in (AccessAttempt, AccessFailureLog, AccessLog)
    ]


def apply(now=None, dry_run=False):
    """Apply every rule; returns {"registrations": n, "letters": n, "logins": n}:
    what was (or, with dry_run, would be) anonymised, emptied or deleted."""
    from .services import anonymise_registrations

    now = now or timezone.now()
    registrations = old_guest_registrations(now)
    letters = old_letter_bodies(now)
    logins = old_login_records(now)
    if dry_run:
        return {
            "registrations": registrations.count(),
            "letters": letters.count(),
            "logins": sum(records.count() for records in logins),
        }
    from background.models import Letter

    # The outbox is never shown on pages (page_cache.NEVER_RETIRE): no bump needed.
    emptied = Letter.objects.filter(pk__in=letters.values("pk")).update(
        body="", alternatives=[], attachments=[]
    )
    return {
        "registrations": anonymise_registrations(registrations, name=RETAINED_NAME),
        "letters": emptied,
        "logins": sum(records.delete()[0] for records in logins),
    }
