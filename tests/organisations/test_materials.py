"""Issue 22, item 2: an organisation's page shows its methodological materials;
a material names its organisation in the admin, of its own region or of the
whole programme."""

from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest

from practices.models import MethodMaterialPage
from tests.practices.conftest import make_document, make_material

from .conftest import make_org


def material_form(title, slug, organisation, document):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "summary": "Как организовать телефонные звонки пожилым людям.",
            "description": streamfield([]),
            "material_type": "guidelines",
            "organisation": str(organisation.pk) if organisation else "",
            "audience": "specialists",
            "tags": "",
            "version": "",
            "updated": "2026-03-01",
            "files": inline_formset([{"document": str(document.pk)}]),
            "comments": inline_formset([]),
            "go_live_at": "",
            "expire_at": "",
            "action-submit": "1",
        }
    )


def add_url(hub):
    return reverse("wagtailadmin_pages:add", args=["practices", "methodmaterialpage", hub.pk])


@pytest.fixture
def orgs(regions):
    return {
        "karelia": make_org("АНО «Онежские добровольцы»", regions["karelia"]),
        "crimea": make_org("АНО «Крымские добровольцы»", regions["crimea"]),
        "programme": make_org("Фонд программы", None, org_type="other"),
    }


def test_organisation_page_lists_its_live_materials(client, library, regions, orgs):
    own = make_material(regions["karelia"], "Звонки пожилым", organisation=orgs["karelia"])
    make_material(regions["crimea"], "Чужой материал", organisation=orgs["crimea"])
    draft = make_material(regions["karelia"], "Черновик", organisation=orgs["karelia"])
    draft.unpublish()

    response = client.get(reverse("organisations:detail", args=[orgs["karelia"].slug]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Методические материалы" in page
    assert own.url in page and "Звонки пожилым" in page
    assert "Чужой материал" not in page
    assert "Черновик" not in page
    # The material names its organisation, linking to its page.
    material = client.get(own.url).content.decode()
    assert (
        f'<a href="{orgs["karelia"].get_absolute_url()}">АНО «Онежские добровольцы»</a>' in material
    )


def test_editor_cannot_credit_a_material_to_another_regions_organisation(
    client, library, people, regions, orgs
):
    client.force_login(people["karelia"]["editor"])
    document = make_document("Памятка")
    response = client.post(
        add_url(regions["karelia"].hub),
        material_form("Памятка", "pamyatka", orgs["crimea"], document),
    )
    assert response.status_code == 200
    assert "организация другого региона (Республика Крым)" in response.content.decode()
    assert not MethodMaterialPage.objects.filter(slug="pamyatka").exists()

    for key in ("karelia", "programme"):
        response = client.post(
            add_url(regions["karelia"].hub),
            material_form("Памятка", f"pamyatka-{key}", orgs[key], document),
        )
        assert response.status_code == 302
        material = MethodMaterialPage.objects.get(slug=f"pamyatka-{key}")
        assert material.latest_revision.as_object().organisation == orgs[key]
