"""Issue 17: django-axes behind a reverse proxy. Axes reads the client's address
by position in X-Forwarded-For (home.throttle.forwarded_client); before,
TRUSTED_PROXY_COUNT had no effect,
REMOTE_ADDR was the proxy for everyone, and five failures of one visitor closed
logging in for every visitor behind the same proxy.

The settings come from a fresh interpreter loading the project's settings with the
environment production gets (TRUSTED_PROXY_COUNT=1), so the test checks what that
variable makes of them, not values written here."""

import json
import os
import subprocess
import sys

from django.conf import settings as django_settings

import pytest

from tests.conftest import make_user

from .conftest import CsrfClient
from .test_throttling import try_login

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"  # nginx, as the application sees it
AXES_ADDRESS_SETTINGS = ("TRUSTED_PROXY_COUNT", "AXES_CLIENT_IP_CALLABLE")
READ = (
    "import json, django; django.setup(); from django.conf import settings; "
    f"print(json.dumps({{n: getattr(settings, n, None) for n in {AXES_ADDRESS_SETTINGS!r}}}))"
)


def settings_with(proxies):
    env = dict(os.environ, TRUSTED_PROXY_COUNT=str(proxies))
    env["DJANGO_SETTINGS_MODULE"] = os.environ.get("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    out = subprocess.run(
        [sys.executable, "-c", READ], env=env, capture_output=True, text=True, check=True,
        cwd=django_settings.BASE_DIR,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.fixture
def behind_one_proxy(settings):
    for name, value in settings_with(1).items():
        setattr(settings, name, tuple(value) if isinstance(value, list) else value)
    return settings


@pytest.fixture
def no_proxy(settings):
    for name, value in settings_with(0).items():
        setattr(settings, name, tuple(value) if isinstance(value, list) else value)
    return settings


def via_proxy(client_address, sent_by_client=None):
    """What the proxy passes on: the client's own header, with its address appended."""
    chain = f"{sent_by_client}, {client_address}" if sent_by_client else client_address
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": chain}


def lock_out_address(headers, limit):
    for n in range(limit):
        try_login(CsrfClient(), "/accounts/login/", f"guess-{n}@example.org", "bad", **headers)


def test_behind_one_proxy_two_clients_are_counted_apart(behind_one_proxy):
    make_user("innocent")
    lock_out_address(via_proxy("203.0.113.5"), behind_one_proxy.AXES_FAILURE_LIMIT)
    locked = try_login(CsrfClient(), "/accounts/login/", "innocent", "pw-123456",
                       **via_proxy("203.0.113.5"))  # fmt: skip
    assert locked.status_code == 429
    other = try_login(CsrfClient(), "/accounts/login/", "innocent", "pw-123456",
                      **via_proxy("198.51.100.7"))  # fmt: skip
    assert other.status_code == 302
    assert "_auth_user_id" in other.client.session


@pytest.mark.parametrize(
    "forged",
    ["198.51.100.7", "198.51.100.7, 192.0.2.9", "unknown", "10.0.0.7", '198.51.100.7, "'],
)
def test_behind_one_proxy_a_forged_header_does_not_escape_the_lockout(behind_one_proxy, forged):
    make_user("innocent")
    lock_out_address(via_proxy("203.0.113.5"), behind_one_proxy.AXES_FAILURE_LIMIT)
    again = try_login(CsrfClient(), "/accounts/login/", "innocent", "pw-123456",
                      **via_proxy("203.0.113.5", sent_by_client=forged))  # fmt: skip
    assert again.status_code == 429
    assert "_auth_user_id" not in again.client.session


def test_without_a_proxy_a_clients_own_headers_are_not_believed(no_proxy):
    make_user("innocent")
    lock_out_address({"REMOTE_ADDR": "203.0.113.5"}, no_proxy.AXES_FAILURE_LIMIT)
    forged = {
        "REMOTE_ADDR": "203.0.113.5",
        "HTTP_X_FORWARDED_FOR": "198.51.100.7",
        "HTTP_X_REAL_IP": "198.51.100.8",
        "HTTP_CLIENT_IP": "198.51.100.9",
        "HTTP_FORWARDED": "for=198.51.100.10",
    }
    again = try_login(CsrfClient(), "/accounts/login/", "innocent", "pw-123456", **forged)
    assert again.status_code == 429
