"""Search backends: `database` (embedded) and `elasticsearch`, one interface.

Each backend has `index_docs(docs)`, `remove_keys(keys)`, `rebuild(docs, progress)`,
`count()` and `search(request) -> SearchResults`.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def get_backend(name=None):
    name = name or getattr(settings, "SEARCH_BACKEND", "database")
    if name == "elasticsearch":
        from .elasticsearch import ElasticsearchBackend

        return ElasticsearchBackend()
    if name == "database":
        from .database import DatabaseBackend

        return DatabaseBackend()
    raise ImproperlyConfigured(
        f"Unknown search backend: {name!r} (use 'database' or 'elasticsearch')"
    )
