from django.core.management.base import BaseCommand

from results import counters


class Command(BaseCommand):
    help = "Записать в базу просмотры практик и скачивания документов, накопленные в кэше."

    def handle(self, *args, **options):
        self.stdout.write(f"Записано: {counters.flush()}")
