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
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-test-private-")
# One index per pytest-xdist worker, so parallel workers never share an index.
SEARCH_INDEX_PREFIX = "-".join(
    [
        os.environ.get("SEARCH_INDEX_PREFIX", "portal-test"),
        os.environ.get("PYTEST_XDIST_WORKER", "main"),
    ]
)
STORAGES = {
    "default": STORAGES["default"],  # noqa: F405  (public and private media: base.py)
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
LOGGING["root"]["level"] = "WARNING"  # noqa: F405

# The shared cache in memory (emptied before each test); the page cache, the
# kept blocks and the memoised lookups on, as in production, so that every
# feature test also checks that what it changed shows at once (issue 18). A
# test that must see them off asks for the `caches_off` fixture.
CACHES["shared"] = {  # noqa: F405
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "shared",
}  # noqa: F405
PAGE_CACHE_SECONDS = 300
LOOKUP_CACHE_SECONDS = 3600
FRAGMENT_CACHE_SECONDS = 3600

# Background work (issue 19): the suite runs queued tasks at once, in the request
# that queues them, so its many letter assertions need no worker. tests/background
# runs the production path: the database backend and `manage.py worker`.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
