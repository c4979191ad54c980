from django.core.management.base import BaseCommand, CommandError

from home.models import HomePage
from practices.setup import ensure_library


class Command(BaseCommand):
    help = (
        "Создаёт каталог практик (/practices/), библиотеку материалов (/materials/) и "
        "начальные справочники: целевые группы, виды услуг, показатели. Повторный "
        "запуск ничего не дублирует."
    )

    def handle(self, *args, **options):
        home = HomePage.objects.first()
        if home is None:
            raise CommandError("Нет главной страницы: сначала выполните setup_regions.")
        practices, materials = ensure_library(home)
        self.stdout.write(f"Каталог практик: {practices.url_path}")
        self.stdout.write(f"Библиотека материалов: {materials.url_path}")
