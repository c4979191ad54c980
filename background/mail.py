"""The outbox: every letter the portal sends goes through `queue()`.

A request (or a job) records the letter as a row in its own transaction and
wakes the worker; it never talks to the mail server itself, so a server that is
down never turns a saved action into an error page. The worker sends the due
letters over one connection per run, retries with backoff and finally marks a
letter failed (see `deliver_due`).
"""

import base64
import contextlib
import datetime
import logging
import threading
import uuid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import Q
from django.utils import timezone

from .models import Letter

logger = logging.getLogger(__name__)
Status = Letter.Status

_batch = threading.local()


@contextlib.contextmanager
def batch():
    """Queue several letters and wake the worker once, at the end."""
    depth = getattr(_batch, "depth", 0)
    _batch.depth = depth + 1
    try:
        yield
    finally:
        _batch.depth = depth
        if depth == 0 and getattr(_batch, "pending", False):
            _batch.pending = False
            wake_worker()


def wake_worker():
    """Enqueue a delivery run. With the database backend the task row is written in
    the caller's transaction, so it exists exactly when the letters do."""
    if getattr(_batch, "depth", 0):
        _batch.pending = True
        return
    from .tasks import deliver_letters

    deliver_letters.enqueue()


def _attachment_to_json(attachment):
    filename, content, mimetype = attachment[0], attachment[1], attachment[2]
    if isinstance(content, str):
        return {"filename": filename, "mimetype": mimetype, "text": content}
    return {
        "filename": filename,
        "mimetype": mimetype,
        "base64": base64.b64encode(content).decode("ascii"),
    }


def queue(message, *, kind="", about="", region=None):
    """Record an EmailMessage in the outbox and wake the worker; returns the Letter."""
    letter = Letter.objects.create(
        kind=kind[:60],
        about=about[:80],
        region_id=getattr(region, "pk", region),
        from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
        to=list(message.to),
        cc=list(message.cc),
        bcc=list(message.bcc),
        reply_to=list(message.reply_to),
        headers=dict(message.extra_headers),
        subject=str(message.subject),
        body=str(message.body),
        alternatives=[
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        attachments=[_attachment_to_json(item) for item in message.attachments],
        next_attempt_at=timezone.now(),
        give_up_at=timezone.now() + datetime.timedelta(hours=settings.OUTBOX_RETRY_HOURS),
    )
    wake_worker()
    return letter


def queue_mail(subject, body, to, *, from_email=None, html=None, **options):
    """`send_mail()` for the outbox: one letter to the addresses in `to`."""
    message = EmailMultiAlternatives(subject=subject, body=body, from_email=from_email, to=list(to))
    if html:
        message.attach_alternative(html, "text/html")
    return queue(message, **options)


def as_message(letter, connection=None):
    message = EmailMultiAlternatives(
        subject=letter.subject,
        body=letter.body,
        from_email=letter.from_email,
        to=letter.to,
        cc=letter.cc,
        bcc=letter.bcc,
        reply_to=letter.reply_to,
        headers=letter.headers,
        connection=connection,
    )
    for content, mimetype in letter.alternatives:
        message.attach_alternative(content, mimetype)
    for item in letter.attachments:
        content = item["text"] if "text" in item else base64.b64decode(item["base64"])
        message.attach(item["filename"], content, item["mimetype"])
    return message


def retry_delays():
    """Seconds to wait after the 1st, 2nd… failed attempt; the last one repeats."""
    return settings.OUTBOX_RETRY_DELAYS or [3600]


def _next_attempt(letter, now):
    delays = retry_delays()
    return now + datetime.timedelta(seconds=delays[min(letter.attempts, len(delays)) - 1])


def _failed_attempt(letter, error, now):
    letter.attempts += 1
    letter.last_error = f"{type(error).__name__}: {error}"[:2000]
    letter.claimed_until = None
    give_up_at = letter.give_up_at or now
    if now >= give_up_at:
        letter.status = Status.FAILED
        letter.next_attempt_at = None
        logger.error(
            "Letter %s failed for good after %s attempts: %s",
            letter.pk,
            letter.attempts,
            letter.last_error,
        )
    else:
        letter.status = Status.QUEUED
        letter.next_attempt_at = min(_next_attempt(letter, now), max(give_up_at, now))
        logger.warning(
            "Letter %s not sent (attempt %s), next at %s: %s",
            letter.pk,
            letter.attempts,
            letter.next_attempt_at,
            letter.last_error,
        )
    letter.save(
        update_fields=["attempts", "last_error", "claimed_until", "status", "next_attempt_at"]
    )


# How long a run's claim on its letters lasts without being renewed. A run renews
# it while it sends (`_Claim`), so only a run that died (or hung for this long
# between two letters) lets another take its letters back. Well above
# EMAIL_TIMEOUT, the longest one letter may take.
CLAIM_FOR = datetime.timedelta(minutes=10)


class _Claim:
    """A run's hold on the letters it took: renewed while the batch is sent, and
    asked before each letter, so that a letter another run has taken back (after
    this one stalled past CLAIM_FOR) is left to that run instead of sent twice."""

    def __init__(self, token, now):
        self.token = token
        self.now = now
        self.started = timezone.now()
        self.renewed = self.started

    def time(self):
        # `now` may be given (tests, a late run): the real time elapsed is added to it.
        return self.now + (timezone.now() - self.started)

    def keep(self, letter):
        """Renew the hold on `letter` (and, every third of CLAIM_FOR, on the rest of
        the batch); False when the letter is no longer this run's."""
        current = self.time()
        mine = Letter.objects.filter(claim=self.token, status=Status.SENDING)
        if timezone.now() - self.renewed >= CLAIM_FOR / 3:
            mine.update(claimed_until=current + CLAIM_FOR)
            self.renewed = timezone.now()
        return bool(mine.filter(pk=letter.pk).update(claimed_until=current + CLAIM_FOR))


def _claim_due(now, limit):
    """Take up to `limit` due letters for this run. The conditional UPDATE makes a
    letter belong to one run only, whatever number of workers poll at once."""
    # A run that died while sending leaves letters "sending": taken back after a while.
    Letter.objects.filter(status=Status.SENDING, claimed_until__lt=now).update(status=Status.QUEUED)
    due = Letter.objects.filter(status=Status.QUEUED).filter(
        Q(next_attempt_at__lte=now) | Q(next_attempt_at__isnull=True)
    )
    ids = list(due.order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit])
    if not ids:
        return [], None
    token = uuid.uuid4().hex
    Letter.objects.filter(pk__in=ids, status=Status.QUEUED).update(
        status=Status.SENDING, claim=token, claimed_until=now + CLAIM_FOR
    )
    letters = list(Letter.objects.filter(claim=token, status=Status.SENDING).order_by("pk"))
    return letters, _Claim(token, now)


def deliver_due(now=None, limit=None):
    """Send the letters that are due over one connection; returns how many went out."""
    now = now or timezone.now()
    letters, claim = _claim_due(now, limit or settings.OUTBOX_BATCH_SIZE)
    if not letters:
        return 0
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except Exception as error:  # noqa: BLE001 - any failure to connect is retried
        for letter in letters:
            _failed_attempt(letter, error, now)
        _plan_retry()
        return 0
    sent = 0
    try:
        for letter in letters:
            if not claim.keep(letter):
                logger.warning("Letter %s was taken back by another run: not sent here", letter.pk)
                continue
            try:
                connection.send_messages([as_message(letter, connection)])
            except Exception as error:  # noqa: BLE001 - recorded on the letter, retried
                _failed_attempt(letter, error, now)
                continue
            letter.status, letter.sent_at = Status.SENT, timezone.now()
            letter.attempts += 1
            letter.claimed_until, letter.next_attempt_at, letter.last_error = None, None, ""
            letter.save(
                update_fields=[
                    "status",
                    "sent_at",
                    "attempts",
                    "claimed_until",
                    "next_attempt_at",
                    "last_error",
                ]
            )
            sent += 1
    finally:
        with contextlib.suppress(Exception):
            connection.close()
    if sent < len(letters):
        _plan_retry()
    return sent


def _plan_retry():
    """Enqueue a delivery run for when the next retry is due (backends that can
    defer a task); the periodic «outbox» job is the safety net for the others."""
    from .tasks import deliver_letters

    if not deliver_letters.get_backend().supports_defer:
        return
    first = (
        Letter.objects.filter(status=Status.QUEUED, next_attempt_at__isnull=False)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    if first is not None:
        deliver_letters.using(run_after=first).enqueue()


def resend(letter):
    """Put a failed (or sent) letter back in the queue, as the admin's «resend» does."""
    Letter.objects.filter(pk=letter.pk).exclude(status=Status.SENDING).update(
        status=Status.QUEUED,
        next_attempt_at=timezone.now(),
        claimed_until=None,
        give_up_at=timezone.now() + datetime.timedelta(hours=settings.OUTBOX_RETRY_HOURS),
    )
    wake_worker()


def wait_before_resend(about, now=None):
    """Seconds before another letter about `about` may be queued at a visitor's
    request («отправить письмо ещё раз»): 0 when allowed now."""
    latest = latest_about(about)
    if latest is None:
        return 0
    now = now or timezone.now()
    ready_at = latest.created_at + datetime.timedelta(seconds=settings.OUTBOX_RESEND_SECONDS)
    return max(0, int((ready_at - now).total_seconds()) + (1 if ready_at > now else 0))


def latest_about(about):
    """The newest letter about something (e.g. "accounts.user:12"), or None."""
    return Letter.objects.filter(about=about).order_by("-created_at", "-pk").first()
