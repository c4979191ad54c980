import importlib

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from home.demo import refresh_planner_statistics

# The order in which apps lay down their demo content: the base first.
SEED_ORDER = [
    "home",
    "practices",
    "events",
    "forum",
    "courses",
    "organisations",
    "results",
    "search",
]


class Command(BaseCommand):
    help = (
        "Заполняет портал демонстрационным содержимым на русском языке. "
        "Повторный запуск ничего не дублирует."
    )

    def handle(self, *args, **options):
        configs = {config.name: config for config in apps.get_app_configs()}
        for name in SEED_ORDER:
            if name not in configs:
                continue
            try:
                module = importlib.import_module(f"{name}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{name}.demo":
                    raise
                continue
            self.stdout.write(self.style.MIGRATE_HEADING(f"Демо-данные: {name}"))
            with transaction.atomic():
                module.seed(self)
            refresh_planner_statistics(configs[name].get_models())
        self.stdout.write(self.style.SUCCESS("Демо-данные готовы."))
