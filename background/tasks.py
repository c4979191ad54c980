"""Tasks the portal puts in the queue (django-tasks; `django.tasks` from Django 6)."""

from django_tasks import task


@task()
def deliver_letters():
    """Send the outbox's due letters (one connection per run)."""
    from .mail import deliver_due

    return deliver_due()


@task()
def run_scheduled_job(name):
    """Run one periodic job of the schedule and record how it went."""
    from .schedule import run_job

    return run_job(name)
