"""`manage.py search_index rebuild|status`: rebuild the site search index, or count it."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from search import api
from search.backends import get_backend


class Command(BaseCommand):
    help = (
        "Перестраивает поисковый индекс портала (rebuild) без остановки поиска "
        "или показывает число документов в нём (status)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "status"])
        parser.add_argument(
            "--backend",
            choices=["database", "elasticsearch"],
            action="append",
            help="Только этот бэкенд (по умолчанию — база данных и настроенный бэкенд).",
        )

    def handle(self, *args, action, backend=None, **options):
        if action == "status":
            return self.status(backend)
        started = time.monotonic()
        last = {}

        def progress(name, done, total):
            if last.get(name) == done:
                return
            last[name] = done
            self.stdout.write(f"  {name}: {done} из {total}")

        if "elasticsearch" in (backend or []) and not settings.ELASTICSEARCH_URL:
            raise CommandError("ELASTICSEARCH_URL не задан: Elasticsearch недоступен.")
        self.stdout.write(self.style.MIGRATE_HEADING("Перестройка поискового индекса"))
        from search.backends.elasticsearch import SearchUnavailable

        try:
            counts = api.rebuild(progress=progress, backends=backend)
        except SearchUnavailable as error:
            raise CommandError(f"Elasticsearch недоступен: {error}") from error
        elapsed = time.monotonic() - started
        for name, count in counts.items():
            self.stdout.write(self.style.SUCCESS(f"{name}: проиндексировано документов — {count}"))
        self.stdout.write(f"Готово за {elapsed:.1f} с.")

    def status(self, names):
        names = names or ["database"] + (
            [settings.SEARCH_BACKEND] if settings.SEARCH_BACKEND != "database" else []
        )
        for name in names:
            try:
                count = get_backend(name).count()
            except Exception as error:  # noqa: BLE001 - report any backend failure to the operator
                self.stdout.write(self.style.ERROR(f"{name}: недоступен ({error})"))
                continue
            self.stdout.write(f"{name}: документов в индексе — {count}")
