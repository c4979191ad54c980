from django.core.management.base import BaseCommand
from django.utils import timezone

from results.periods import ensure_periods


class Command(BaseCommand):
    help = "Создать отчётные периоды (кварталы по умолчанию) с года FIRST по текущий; безопасно повторять."

    def add_arguments(self, parser):
        parser.add_argument("--first-year", type=int, default=timezone.localdate().year)
        parser.add_argument("--last-year", type=int, default=timezone.localdate().year)

    def handle(self, *args, first_year, last_year, **options):
        made = ensure_periods(first_year, last_year)
        self.stdout.write(f"Отчётных периодов: {len(made)}")
