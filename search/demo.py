"""Demo step of the search app: index everything the other apps have just seeded."""

from . import api


def seed(command):
    counts = api.rebuild()
    for name, count in counts.items():
        command.stdout.write(f"  поиск ({name}): проиндексировано документов — {count}")
