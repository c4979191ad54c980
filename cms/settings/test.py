"""Test settings: fast hashing, in-memory e-mail, isolated media and search index names."""

import os
import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-test-media-")
# One index per pytest-xdist worker, so parallel workers never share an index.
SEARCH_INDEX_PREFIX = "-".join(
    [
        os.environ.get("SEARCH_INDEX_PREFIX", "portal-test"),
        os.environ.get("PYTEST_XDIST_WORKER", "main"),
    ]
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
LOGGING["root"]["level"] = "WARNING"  # noqa: F405

# speed (issue 7): the shared cache in memory; no page cache and no memoised
# lookups, except in tests/speed, which turn them on.
CACHES["shared"] = {  # noqa: F405
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "shared",
}  # noqa: F405
PAGE_CACHE_SECONDS = 0
LOOKUP_CACHE_SECONDS = 0
FRAGMENT_CACHE_SECONDS = 0

# Background work (issue 19): the suite runs queued tasks at once, in the request
# that queues them, so its many letter assertions need no worker. tests/background
# runs the production path: the database backend and `manage.py worker`.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
