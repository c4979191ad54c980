"""Freshness as a table (issue 18): for every kind of page the page cache keeps,
every kind of change an editor makes in the admin shows to the next anonymous
visitor, with every cache on (tests run as production does).

Changes: publish a draft, unpublish, move to another region's hub, delete,
rename (a new revision published), make private, and edit a snippet the page
shows (a region's name, in every page's header). Each goes through the admin's
own views as an administrator (rename: the revision the edit view publishes)."""

from django.test import Client
from django.urls import reverse

from wagtail.models import Page

import pytest

from courses.models import CoursePage
from events.models import EventPage
from home.models import ContentPage
from practices.models import MethodMaterialPage, SuccessStoryPage
from tests.conftest import add_page, make_user
from tests.courses.conftest import build_course
from tests.events.conftest import make_event
from tests.practices.conftest import library, make_material, make_practice  # noqa: F401

pytestmark = pytest.mark.django_db

KINDS = {
    "content page": (ContentPage, lambda hub, region: add_page(hub, "Страница о волонтёрах", slug="fresh-page")),
    "practice": (SuccessStoryPage, lambda hub, region: make_practice(region, "Практика о волонтёрах", slug="fresh-page")),
    "material": (MethodMaterialPage, lambda hub, region: make_material(region, "Материал о волонтёрах", slug="fresh-page")),
    "event": (EventPage, lambda hub, region: make_event(hub, title="Событие о волонтёрах", slug="fresh-page")),
    "course": (CoursePage, lambda hub, region: build_course(hub, title="Курс о волонтёрах", slug="fresh-page", modules=1, lessons=1)),
}  # fmt: skip
CHANGES = ["publish", "unpublish", "move", "delete", "rename", "make private", "snippet edit"]


@pytest.fixture
def admin(regions):
    client = Client()
    client.force_login(make_user("fresh-admin", is_superuser=True, is_staff=True))
    return client


def warm(url):
    """Two anonymous visits: the second is served from the page cache."""
    anonymous = Client()
    first = anonymous.get(url)
    second = anonymous.get(url)
    assert second.status_code == first.status_code
    if first.status_code == 200:
        assert second["X-Page-Cache"] == "hit", url
    return first


def shown(url):
    return Client().get(url)


def publish(admin, page, regions):
    url = page.url
    page.unpublish()
    assert warm(url).status_code == 404
    response = admin.post(
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"]) + f"?id={page.pk}",
        {"include_descendants": ""},
    )
    assert response.status_code == 302
    after = shown(url)
    assert after.status_code == 200
    assert page.title in after.content.decode()


def unpublish(admin, page, regions):
    url = page.url
    assert warm(url).status_code == 200
    response = admin.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]))
    assert response.status_code == 302
    assert shown(url).status_code == 404


def move(admin, page, regions):
    old_url = page.url
    assert warm(old_url).status_code == 200
    destination = regions["crimea"].hub
    response = admin.post(
        reverse("wagtailadmin_pages:move_confirm", args=[page.pk, destination.pk])
    )
    assert response.status_code == 302
    new_url = Page.objects.get(pk=page.pk).url
    assert new_url.startswith(destination.url)
    # Wagtail's redirects app sends the old address to the new one.
    redirected = shown(old_url)
    assert redirected.status_code == 301
    assert redirected["Location"] == new_url
    after = shown(new_url)
    assert after.status_code == 200
    assert page.title in after.content.decode()


def delete(admin, page, regions):
    url = page.url
    assert warm(url).status_code == 200
    response = admin.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
    assert response.status_code == 302
    assert shown(url).status_code == 404


def rename(admin, page, regions):
    url = page.url
    assert "Переименовано редактором" not in warm(url).content.decode()
    page = page.specific
    page.title = "Переименовано редактором"
    page.save_revision(user=None).publish()
    after = shown(url)
    assert after.status_code == 200
    assert "Переименовано редактором" in after.content.decode()


def make_private(admin, page, regions):
    url = page.url
    assert warm(url).status_code == 200
    response = admin.post(
        reverse("wagtailadmin_pages:set_privacy", args=[page.pk]),
        {"restriction_type": "login", "password": "", "groups": []},
    )
    assert response.status_code == 200
    after = shown(url)
    assert after.status_code == 302
    assert "/login/" in after["Location"]


def snippet_edit(admin, page, regions):
    url = page.url
    region = regions["karelia"]
    assert "Карелия (переименована)" not in warm(url).content.decode()
    response = admin.post(
        reverse("wagtailsnippets_home_region:edit", args=[region.pk]),
        {
            "name": "Карелия (переименована)",
            "slug": region.slug,
            "name_locative": region.name_locative,
            "time_zone": region.time_zone,
            "sort_order": region.sort_order,
        },
    )
    assert response.status_code == 302
    assert "Карелия (переименована)" in shown(url).content.decode()


ACTIONS = {
    "publish": publish,
    "unpublish": unpublish,
    "move": move,
    "delete": delete,
    "rename": rename,
    "make private": make_private,
    "snippet edit": snippet_edit,
}


@pytest.mark.parametrize("change", CHANGES)
@pytest.mark.parametrize("kind", list(KINDS))
def test_the_next_anonymous_visitor_sees_the_change(admin, regions, library, kind, change):  # noqa: F811
    model, build = KINDS[kind]
    region = regions["karelia"]
    page = build(region.hub, region)
    assert isinstance(page.specific, model)
    ACTIONS[change](admin, Page.objects.get(pk=page.pk), regions)
