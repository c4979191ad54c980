from django.core.management.base import BaseCommand

from courses.setup import setup_courses


class Command(BaseCommand):
    help = (
        "Создаёт страницу курсов /courses/ и группы «Тьюторы — <курс>» для всех курсов. "
        "Повторный запуск ничего не дублирует."
    )

    def handle(self, *args, **options):
        index, created, groups = setup_courses()
        state = "создана" if created else "уже есть"
        self.stdout.write(f"Страница курсов {index.url_path}: {state}")
        for group in groups:
            self.stdout.write(f"Группа тьюторов: {group.name}")
