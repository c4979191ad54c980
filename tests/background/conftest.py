"""Fixtures for the background work: a real SMTP server and the production queue."""

import io

from django.core.management import call_command

import pytest

from tests.accounts.conftest import signup_data  # noqa: F401 - shared fixtures
from tests.courses.conftest import course_index  # noqa: F401
from tests.events.conftest import conference, events_index, internship, webinar  # noqa: F401
from tests.forum.conftest import forum_regions, forums, roles  # noqa: F401

from .smtp import SMTPServer


@pytest.fixture
def smtp(settings):
    """A real SMTP server on a fixed port, not started yet (the mail server is down),
    and the settings production runs: Django's SMTP backend and the database queue."""
    server = SMTPServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.OUTBOX_RETRY_DELAYS = [1]
    yield server
    server.stop()


def run_worker():
    """The worker as deployed (`manage.py worker`), until the queue is empty."""
    out = io.StringIO()
    call_command("worker", "--batch", stdout=out, stderr=out)
    return out.getvalue()
