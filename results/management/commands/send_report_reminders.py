"""Remind participating organisations of reports past their due date.

Run daily (cron, or the task queue's scheduler): a late report is reminded at
most once per RESULTS_REMINDER_INTERVAL_DAYS; each organisation gets one letter
listing all its late periods."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from results import emails
from results.models import OrganisationReport
from results.services import late_reports


class Command(BaseCommand):
    help = "Напомнить представителям организаций о просроченных отчётах."

    def handle(self, *args, **options):
        now = timezone.now()
        interval = datetime.timedelta(days=settings.RESULTS_REMINDER_INTERVAL_DAYS)
        due = {}
        for organisation, period, report in late_reports():
            if report is not None and report.reminded_at and now - report.reminded_at < interval:
                continue
            due.setdefault(organisation, []).append(period)
        sent = 0
        for organisation, periods in due.items():
            with transaction.atomic():
                if not emails.send_reminder(organisation, periods):
                    continue
                for period in periods:
                    OrganisationReport.objects.update_or_create(
                        organisation=organisation, period=period, defaults={"reminded_at": now}
                    )
            sent += 1
        self.stdout.write(f"Напоминаний отправлено: {sent}")
