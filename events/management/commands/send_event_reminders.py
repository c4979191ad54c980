from django.core.management.base import BaseCommand

from events.services import send_reminders


class Command(BaseCommand):
    help = (
        "Рассылает напоминания участникам о ближайших событиях. Безопасно запускать "
        "каждый час: одно напоминание никогда не уходит дважды."
    )

    def handle(self, *args, **options):
        sent = send_reminders()
        self.stdout.write(f"Отправлено напоминаний: {sent}")
