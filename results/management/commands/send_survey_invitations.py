"""Invite the confirmed participants of ended events to their survey (once per
survey). Run hourly, like send_event_reminders."""

from django.core.management.base import BaseCommand

from results.surveys import invite


class Command(BaseCommand):
    help = "Разослать участникам прошедших событий приглашения в опрос."

    def handle(self, *args, **options):
        self.stdout.write(f"Приглашений отправлено: {invite()}")
