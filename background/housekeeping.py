"""The daily clean-up of the queue's own rows."""

import datetime

from django.conf import settings
from django.utils import timezone

from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .models import Letter


def prune(now=None):
    """Delete sent letters and finished task rows older than their keeping period."""
    now = now or timezone.now()
    letters, _ = Letter.objects.filter(
        status__in=[Letter.Status.SENT, Letter.Status.FAILED],
        created_at__lt=now - datetime.timedelta(days=settings.OUTBOX_KEEP_DAYS),
    ).delete()
    tasks, _ = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
        finished_at__lt=now - datetime.timedelta(days=settings.TASKS_KEEP_DAYS),
    ).delete()
    return f"letters: {letters}, task results: {tasks}"
