"""Periodic jobs, run by the worker instead of cron.

`settings.SCHEDULED_JOBS` maps a job's name to what it runs ("dotted.path" of a
function without arguments, or "command:<name>" for a management command) and
how often (seconds). The worker calls `enqueue_due_jobs()` every few seconds; a
conditional UPDATE of the job's row makes one worker, not all of them, enqueue
it per interval. Each job is idempotent, so a run repeated after a crash does
no harm. The admin's «Периодические задания» shows each job's last run.
"""

import datetime
import io
import logging

from django.conf import settings
from django.core.management import call_command
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import ScheduledJob

logger = logging.getLogger(__name__)
Outcome = ScheduledJob.Outcome


def jobs():
    return settings.SCHEDULED_JOBS


def _callable(spec):
    if spec.startswith("command:"):
        name = spec.split(":", 1)[1]

        def run_command():
            out = io.StringIO()
            call_command(name, stdout=out, stderr=out)
            return out.getvalue().strip()[-500:]

        return run_command
    return import_string(spec)


def enqueue_due_jobs(now=None):
    """Enqueue every job whose interval has passed; returns the names enqueued."""
    from .tasks import run_scheduled_job

    now = now or timezone.now()
    enqueued = []
    for name, spec in jobs().items():
        ScheduledJob.objects.get_or_create(name=name)
        threshold = now - datetime.timedelta(seconds=spec["every"])
        claimed = (
            ScheduledJob.objects.filter(name=name)
            .filter(Q(last_enqueued_at__isnull=True) | Q(last_enqueued_at__lte=threshold))
            .update(last_enqueued_at=now)
        )
        if claimed:
            run_scheduled_job.enqueue(name)
            enqueued.append(name)
    return enqueued


def run_job(name):
    """Run a job now and record its outcome on its row (never raises)."""
    spec = jobs().get(name)
    if spec is None:
        logger.error("Unknown scheduled job %r", name)
        return None
    started = timezone.now()
    ScheduledJob.objects.update_or_create(
        name=name, defaults={"last_started_at": started, "last_outcome": Outcome.RUNNING}
    )
    try:
        result = _callable(spec["run"])()
    except Exception as error:  # noqa: BLE001 - recorded for the admin and retried next time
        logger.exception("Scheduled job %s failed", name)
        ScheduledJob.objects.filter(name=name).update(
            last_finished_at=timezone.now(),
            last_outcome=Outcome.ERROR,
            last_message=f"{type(error).__name__}: {error}"[:2000],
        )
        return None
    finished = timezone.now()
    message = "" if result is None else str(result)[:2000]
    ScheduledJob.objects.filter(name=name).update(
        last_finished_at=finished,
        last_success_at=finished,
        last_outcome=Outcome.OK,
        last_message=message,
    )
    return message
