"""Attacks on private data, performed through HTTP with CSRF checks on."""

import re

from django.test import Client

import pytest

from tests.events.conftest import conference, events_index  # noqa: F401
from tests.forum.conftest import forum_regions, forums, roles  # noqa: F401

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class CsrfClient(Client):
    """A browser-like client: CSRF enforced; `submit` opens the form page first and
    posts with the token that page carries, as a browser does."""

    def __init__(self, **kwargs):
        super().__init__(enforce_csrf_checks=True, **kwargs)

    def submit(self, form_url, data, post_url=None, **extra):
        page = self.get(form_url, **extra)
        assert page.status_code == 200, (form_url, page.status_code)
        match = CSRF_INPUT.search(page.content.decode())
        assert match, f"no CSRF token on {form_url}"
        data = dict(data, csrfmiddlewaretoken=match.group(1))
        return self.post(post_url or form_url, data, **extra)


@pytest.fixture
def browser_client():
    return CsrfClient()
