"""What the health page and the admin's warning read: the queue and the outbox."""

import datetime

from django.conf import settings
from django.db.models import Max, Min
from django.utils import timezone

from .models import Letter

Status = Letter.Status


def last_sent_at():
    return Letter.objects.filter(status=Status.SENT).aggregate(last=Max("sent_at"))["last"]


def failing_since(now=None):
    """Since when letters have been failing with none sent in between, or None.

    Failing: a letter retried after an error (still queued) or given up on.
    """
    now = now or timezone.now()
    failing = Letter.objects.filter(attempts__gt=0).exclude(last_error="")
    failing = failing.filter(status__in=[Status.QUEUED, Status.FAILED])
    last_sent = last_sent_at()
    if last_sent is not None:
        failing = failing.filter(created_at__gt=last_sent)
    first = failing.aggregate(first=Min("created_at"))["first"]
    if first is None:
        return None
    return max(first, last_sent) if last_sent else first


def letters_alert(now=None):
    """The moment letters started failing, when that is OUTBOX_ALERT_MINUTES ago or more."""
    now = now or timezone.now()
    since = failing_since(now)
    if since is None:
        return None
    if now - since < datetime.timedelta(minutes=settings.OUTBOX_ALERT_MINUTES):
        return None
    return since


def queue_state(now=None):
    """(tasks ready to run, age in seconds of the oldest ready one) — database backend
    only; (None, None) for backends the portal cannot look into."""
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
        return None, None
    now = now or timezone.now()
    ready = DBTaskResult.objects.ready()
    depth = ready.count()
    oldest = ready.aggregate(first=Min("enqueued_at"))["first"]
    return depth, (int((now - oldest).total_seconds()) if oldest else 0)
