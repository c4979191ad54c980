"""Benchmark settings (`make bench`, `make bench-load`): production-like, on 127.0.0.1.

DEBUG off, WhiteNoise serving hashed and compressed static files, no HTTPS
redirect (the load generators speak plain HTTP to 127.0.0.1). The database and
media live under PORTAL_VAR_DIR (the bench points it at var/bench/data-<scale>/)
unless DATABASE_URL names another database. ROOT_URLCONF adds the floor
endpoint `/__floor__/` in front of the normal URLs. PAGE_CACHE_SECONDS switches
the page cache (0 = off).
"""

import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY") or "bench-only-key-never-use-in-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ROOT_URLCONF = "bench.urls"
STORAGES = {
    "default": STORAGES["default"],  # noqa: F405  (public and private media: base.py)
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0"))
# The load test's guests and members all come from 127.0.0.1: no per-address limit
# on forms (home/throttle.py); logins stay throttled per account.
FORM_SUBMISSIONS_PER_HOUR = 0
# Registrations and sign-ups made by the load test send no real e-mail.
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "WARNING")  # noqa: F405
# Outermost: counts every SQL query and write a request causes (response headers).
MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]  # noqa: F405
