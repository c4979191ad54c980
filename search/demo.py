"""Demo step of the search app: index everything the other apps have just seeded."""

from . import api
from .backends.elasticsearch import SearchUnavailable


def seed(command):
    try:
        counts = api.rebuild()
    except SearchUnavailable as error:
        # The database index is already rebuilt; Elasticsearch can follow later.
        command.stdout.write(
            command.style.WARNING(
                f"  поиск: Elasticsearch недоступен ({error}); "
                "выполните manage.py search_index rebuild, когда он заработает"
            )
        )
        return
    for name, count in counts.items():
        command.stdout.write(f"  поиск ({name}): проиндексировано документов — {count}")
