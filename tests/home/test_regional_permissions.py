"""Regional isolation through the Wagtail admin: each region's editors and
moderators act on their own region only, as a table over all pairs of regions."""

import io
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.images.models import Image
from wagtail.models import Page, WorkflowState

import pytest
from PIL import Image as PILImage

from tests.conftest import REGION_ROWS, add_page

SLUGS = [slug for slug, _name, _tz in REGION_ROWS]
PAIRS = list(itertools.permutations(SLUGS, 2))


@pytest.fixture
def pages(regions):
    """One published content page under each region's hub."""
    return {
        slug: add_page(region.hub, f"Заметка {slug}", slug=f"note-{slug}")
        for slug, region in regions.items()
    }


def edit_data(page, title, action):
    return {
        "title": title,
        "slug": page.slug,
        "summary": "",
        "body-count": "0",
        action: "1",
    }


def png_upload(name="photo.png"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (20, 20), (200, 100, 50)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.mark.parametrize(("own", "other"), PAIRS)
def test_editor_opens_own_region_pages_and_is_refused_elsewhere(client, people, pages, own, other):
    client.force_login(people[own]["editor"])
    own_edit = client.get(reverse("wagtailadmin_pages:edit", args=[pages[own].pk]))
    assert own_edit.status_code == 200
    assert "Заметка" in own_edit.content.decode()

    other_edit = client.get(reverse("wagtailadmin_pages:edit", args=[pages[other].pk]))
    assert other_edit.status_code != 200
    assert "Заметка" not in other_edit.content.decode()


@pytest.mark.parametrize(("own", "other"), PAIRS)
def test_editor_cannot_add_pages_under_another_regions_hub(client, people, regions, own, other):
    client.force_login(people[own]["editor"])
    add_url = reverse("wagtailadmin_pages:add", args=["home", "contentpage", regions[other].hub.pk])
    response = client.post(
        add_url, edit_data(regions[other].hub, "Чужая", "action-submit") | {"slug": "chuzhaya"}
    )
    assert response.status_code != 200
    assert not Page.objects.filter(slug="chuzhaya").exists()

    own_url = reverse("wagtailadmin_pages:add", args=["home", "contentpage", regions[own].hub.pk])
    response = client.post(
        own_url, edit_data(regions[own].hub, "Своя", "action-submit") | {"slug": "svoya"}
    )
    assert response.status_code == 302
    assert Page.objects.child_of(regions[own].hub).filter(slug="svoya").exists()


@pytest.mark.parametrize("slug", SLUGS)
def test_editor_cannot_publish_but_submits_to_own_regions_moderators(
    client, people, pages, regions, slug
):
    page = pages[slug]
    client.force_login(people[slug]["editor"])
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])

    client.post(url, edit_data(page, "Опубликовать без модерации", "action-publish"))
    page.refresh_from_db()
    assert page.title == f"Заметка {slug}"  # the live version did not change

    response = client.post(url, edit_data(page, "На согласование", "action-submit"))
    assert response.status_code == 302
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow == regions[slug].hub.get_workflow()
    page.refresh_from_db()
    assert page.title == f"Заметка {slug}"


@pytest.mark.parametrize(("own", "other"), PAIRS)
def test_moderator_publishes_own_region_and_not_another(client, people, pages, own, other):
    client.force_login(people[own]["moderator"])
    own_page, other_page = pages[own], pages[other]

    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[own_page.pk]),
        edit_data(own_page, "Опубликовано модератором", "action-publish"),
    )
    assert response.status_code == 302
    own_page.refresh_from_db()
    assert own_page.title == "Опубликовано модератором"

    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[other_page.pk]),
        edit_data(other_page, "Чужая публикация", "action-publish"),
    )
    other_page.refresh_from_db()
    assert other_page.title == f"Заметка {other}"


@pytest.mark.parametrize(("own", "other"), PAIRS)
def test_moderator_approves_submissions_of_own_region_only(client, people, pages, own, other):
    for slug in (own, other):
        client.force_login(people[slug]["editor"])
        client.post(
            reverse("wagtailadmin_pages:edit", args=[pages[slug].pk]),
            edit_data(pages[slug], f"Новая редакция {slug}", "action-submit"),
        )
    client.force_login(people[own]["moderator"])
    for slug in (own, other):
        state = WorkflowState.objects.get(object_id=str(pages[slug].pk))
        client.post(
            reverse(
                "wagtailadmin_pages:workflow_action",
                args=[pages[slug].pk, "approve", state.current_task_state.pk],
            ),
            {"comment": ""},
        )
        pages[slug].refresh_from_db()
    assert pages[own].title == f"Новая редакция {own}"
    assert pages[other].title == f"Заметка {other}"


@pytest.mark.parametrize(("own", "other"), PAIRS)
def test_editor_uploads_only_into_own_regions_collection(client, people, regions, own, other):
    client.force_login(people[own]["editor"])
    url = reverse("wagtailimages:add")
    client.post(
        url,
        {"title": "Чужое фото", "file": png_upload(), "collection": regions[other].collection.pk},
    )
    # Wagtail hides the collection field from someone who may add to one
    # collection only and files the upload there: never into the other region's.
    assert not Image.objects.filter(collection=regions[other].collection).exists()

    response = client.post(
        url, {"title": "Своё фото", "file": png_upload(), "collection": regions[own].collection.pk}
    )
    assert response.status_code == 302
    assert Image.objects.get(title="Своё фото").collection == regions[own].collection


@pytest.mark.parametrize(
    "url",
    ["/admin/", "/admin/pages/", "/admin/images/", "/admin/snippets/home/region/"],
)
def test_anonymous_visitors_get_the_login_page(client, regions, url):
    response = client.get(url, follow=True)
    assert response.redirect_chain
    assert response.redirect_chain[-1][0].startswith("/admin/login/")
    assert 'name="password"' in response.content.decode()


def test_editors_cannot_manage_regions_themselves(client, people):
    client.force_login(people["karelia"]["moderator"])
    response = client.get("/admin/snippets/home/region/")
    assert response.status_code != 200
