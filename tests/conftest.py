"""Shared fixtures: the page tree, the four programme regions and their people."""

import gc
import io
import os
import threading
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, connections
from django.utils import translation

import pytest

from home.models import ContentPage, Region
from home.regions import ensure_home_page

REGION_ROWS = [
    ("crimea", "Республика Крым", "Europe/Simferopol"),
    ("karelia", "Республика Карелия", "Europe/Moscow"),
    ("kaliningrad", "Калининградская область", "Europe/Kaliningrad"),
    ("spb", "Санкт-Петербург", "Europe/Moscow"),
]


# Transactional tests here use serialized_rollback=True: a plain flush re-runs
# post_migrate, which re-creates machina's forum permission rows and then clashes
# with the next serialized test's restored rows.


def in_ci():
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


# Browser tests drive Debian's Chromium through Playwright, which never downloads a
# browser here. Flags: see shared/notes/browser.md (no sandbox as root, and no
# background networking on a machine with a closed network).
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _wait_for_live_server_requests(timeout=10):
    """Let the live server's request threads finish, then close what they left.

    Playwright's event loop gives ORM calls made meanwhile their own connection,
    and finished request threads may hold theirs until the garbage collector runs.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not any("process_request_thread" in t.name for t in threading.enumerate()):
            break
        time.sleep(0.05)
    gc.collect()
    connections.close_all()


@pytest.fixture
def browser(monkeypatch):
    """Headless Chromium; skips on a laptop without it, fails in CI (CI=true)."""
    if not os.path.exists(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; the ORM calls the
    # test makes meanwhile are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    # Function scope: two sync Playwright instances cannot live in one process.
    # Each launch gets a new empty profile of its own.
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()
    _wait_for_live_server_requests()


@pytest.fixture
def browser_page(browser):
    """A page in a fresh Russian-locale browser context that accepts downloads."""
    context = browser.new_context(locale="ru-RU", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture(scope="session", autouse=True)
def _end_stray_postgres_sessions(django_db_setup, django_db_blocker):
    """Let pytest-django drop the PostgreSQL test database at the end of the run.

    A live_server thread's connection may outlive its test until the garbage
    collector frees it, and PostgreSQL refuses to drop a database in use.
    """
    yield
    gc.collect()
    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )


@pytest.fixture(autouse=True)
def _portal_language():
    """i18n: every test starts in Russian, whatever language an earlier test's request
    left active in this thread (LocaleMiddleware activates but never deactivates)."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


def _is_transactional(item):
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return bool({"transactional_db", "live_server"} & set(item.fixturenames))


@pytest.fixture(autouse=True)
def _keep_content_type_ids(request):
    """Content types' ids are cached in the process, and a transactional test may
    re-create them with other ids (a flush re-runs post_migrate) before its
    serialized rollback restores the original rows: the next test would then read
    a page of one kind as another. So each transactional test leaves the cache as it
    found it, complete (Wagtail's Task looks its own id up while the rollback
    restores rows, when the table is still empty)."""
    if not _is_transactional(request.node):
        yield
        return
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    request.getfixturevalue("transactional_db")
    ContentType.objects.get_for_models(*apps.get_models())
    # Django offers no public way to restore the cache; its shape is {db: {key: ct}}.
    found = {db: dict(entries) for db, entries in ContentType.objects._cache.items()}
    yield
    ContentType.objects.clear_cache()
    ContentType.objects._cache.update(found)


@pytest.fixture(autouse=True)
def _media_and_cache(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private-media")
    from django.core.cache import cache, caches

    cache.clear()
    caches["shared"].clear()


@pytest.fixture
def caches_off(settings):
    """The page cache, kept blocks and memoised lookups off (the test settings
    keep them on, as production does): for the few tests about that mode."""
    settings.PAGE_CACHE_SECONDS = 0
    settings.LOOKUP_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 0


@pytest.fixture
def home_page(db):
    return ensure_home_page()


@pytest.fixture
def regions(home_page):
    """The four programme regions, set up by the management command editors use."""
    for index, (slug, name, tz) in enumerate(REGION_ROWS):
        Region.objects.create(slug=slug, name=name, time_zone=tz, sort_order=index)
    call_command("setup_regions", stdout=io.StringIO())
    return {region.slug: region for region in Region.objects.all()}


@pytest.fixture
def region_north(regions):
    return regions["karelia"]


@pytest.fixture
def region_south(regions):
    return regions["crimea"]


def make_user(username, *groups, **extra):
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password="pw-123456", **extra
    )
    for group in groups:
        user.groups.add(group)
    return user


@pytest.fixture
def people(regions):
    """An editor and a moderator for every region: people[slug]["editor"]."""
    return {
        slug: {
            "editor": make_user(f"editor-{slug}", region.editors_group),
            "moderator": make_user(f"moderator-{slug}", region.moderators_group),
        }
        for slug, region in regions.items()
    }


@pytest.fixture
def editor_north(people):
    return people["karelia"]["editor"]


def add_page(parent, title, slug=None, publish=True, **fields):
    page = ContentPage(title=title, slug=slug or title.lower().replace(" ", "-"), **fields)
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    page.refresh_from_db()
    return page
