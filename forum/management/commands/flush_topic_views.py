from django.core.management.base import BaseCommand

from forum import view_counts


class Command(BaseCommand):
    help = "Записать в базу накопленные в кэше просмотры тем форума (запускать по cron)."

    def handle(self, *args, **options):
        written = view_counts.flush()
        self.stdout.write(f"Просмотров тем записано: {written}")
