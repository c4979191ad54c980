"""Shared fixtures: the page tree, the four programme regions and their people."""

import gc
import io
import os

from django.contrib.auth import get_user_model
from django.core.management import call_command

import pytest

from home.models import ContentPage, Region
from home.regions import ensure_home_page

REGION_ROWS = [
    ("crimea", "Республика Крым", "Europe/Simferopol"),
    ("karelia", "Республика Карелия", "Europe/Moscow"),
    ("kaliningrad", "Калининградская область", "Europe/Kaliningrad"),
    ("spb", "Санкт-Петербург", "Europe/Moscow"),
]


def in_ci():
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session", autouse=True)
def _end_stray_postgres_sessions(django_db_setup, django_db_blocker):
    """Let pytest-django drop the PostgreSQL test database at the end of the run.

    A live_server thread's connection may outlive its test until the garbage
    collector frees it, and PostgreSQL refuses to drop a database in use.
    """
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    gc.collect()
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(autouse=True)
def _media_and_cache(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    from django.core.cache import cache

    cache.clear()


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
