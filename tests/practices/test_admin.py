"""The editors' side: regional rules for the new page types, the moderation
workflow, scheduled publishing, the admin listings and the editable lists."""

import io
from datetime import timedelta

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest

from home.models import Region
from practices.models import Indicator, Organisation, SuccessStoryPage, TargetGroup
from tests.conftest import REGION_ROWS
from tests.practices.conftest import make_practice, organisation

SLUGS = [slug for slug, _name, _tz in REGION_ROWS]


def practice_form(title, slug, action="action-submit", **overrides):
    org = organisation()
    data = {
        "title": title,
        "slug": slug,
        "summary": "Добровольцы звонят одиноким пожилым людям.",
        "problem": streamfield([]),
        "solution": streamfield([]),
        "resources": streamfield([]),
        "volunteers": streamfield([]),
        "results": streamfield([]),
        "lessons": streamfield([]),
        "organisation": str(org.pk),
        "tags": "одиночество, телефон",
        "period_start": "2024-02-01",
        "period_end": "",
        "stage": "implemented",
        "indicators": inline_formset(
            [
                {
                    "indicator": str(Indicator.objects.get(slug="dobrovolcy").pk),
                    "value": "14",
                    "unit": "",
                    "period": "2024",
                }
            ]
        ),
        "attachments": inline_formset([]),
        "related_links": inline_formset([]),
        "comments": inline_formset([]),
        "go_live_at": "",
        "expire_at": "",
        action: "1",
    }
    data.update(overrides)
    form = nested_form_data(data)
    # Checkbox lists go in as lists; nested_form_data would split them up.
    form["target_groups"] = [str(TargetGroup.objects.get(slug="starshee-pokolenie").pk)]
    return form


def listed_titles(client):
    return [page.title for page in client.get("/practices/").context["listing"].items]


def add_url(hub):
    return reverse("wagtailadmin_pages:add", args=["practices", "successstorypage", hub.pk])


@pytest.mark.parametrize(("own", "other"), [("karelia", "crimea"), ("spb", "kaliningrad")])
def test_editor_cannot_create_a_practice_under_another_regions_hub(
    client, library, people, regions, own, other
):
    client.force_login(people[own]["editor"])
    response = client.post(add_url(regions[other].hub), practice_form("Чужая", "chuzhaya"))
    assert response.status_code != 200 or "chuzhaya" not in response.content.decode()
    assert not Page.objects.filter(slug="chuzhaya").exists()
    assert client.get(add_url(regions[other].hub)).status_code != 200

    response = client.post(add_url(regions[own].hub), practice_form("Своя", "svoya"))
    assert response.status_code == 302
    page = SuccessStoryPage.objects.get(slug="svoya")
    assert page.region == regions[own]
    assert page.get_parent().pk == regions[own].hub.pk
    assert not page.live  # goes to the moderators first
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow == regions[own].hub.get_workflow()
    revision = page.latest_revision.as_object()
    assert [row.value for row in revision.indicators.all()] == [14]
    assert revision.indicators.first().unit == "чел."
    assert sorted(tag.name for tag in revision.tags.all()) == ["одиночество", "телефон"]


def test_editor_cannot_publish_a_practice_without_the_moderator(client, library, people, regions):
    client.force_login(people["karelia"]["editor"])
    client.post(add_url(regions["karelia"].hub), practice_form("Сразу", "srazu", "action-publish"))
    page = SuccessStoryPage.objects.get(slug="srazu")
    assert not page.live
    assert listed_titles(client) == []

    client.force_login(people["karelia"]["moderator"])
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        practice_form("Сразу", "srazu", "action-publish"),
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    client.logout()
    assert listed_titles(client) == ["Сразу"]


def test_bad_practice_form_shows_russian_errors_and_stores_nothing(
    client, library, people, regions
):
    client.force_login(people["karelia"]["editor"])
    form = practice_form(
        "Без дат",
        "bez-dat",
        period_start="",
        **{"indicators-0-value": "-5"},
    )
    response = client.post(add_url(regions["karelia"].hub), form)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Требуется заполнить это поле." in html
    assert "Убедитесь, что это значение больше либо равно 0." in html
    assert not SuccessStoryPage.objects.filter(slug="bez-dat").exists()

    form = practice_form("Наоборот", "naoborot", period_end="2020-01-01")
    response = client.post(add_url(regions["karelia"].hub), form)
    assert "Окончание не может быть раньше начала реализации." in response.content.decode()
    assert not SuccessStoryPage.objects.filter(slug="naoborot").exists()


def test_practices_cannot_be_created_outside_a_region_hub(client, library, home_page):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("boss", "boss@example.org", "pw-123456")
    client.force_login(admin)
    url = reverse("wagtailadmin_pages:add", args=["practices", "successstorypage", home_page.pk])
    response = client.get(url)
    assert response.status_code in (302, 403, 404)
    assert SuccessStoryPage.can_create_at(home_page) is False


def test_scheduled_practice_appears_only_after_its_publication_time(
    client, library, people, regions
):
    client.force_login(people["spb"]["moderator"])
    tomorrow = timezone.localtime() + timedelta(days=1)
    response = client.post(
        add_url(regions["spb"].hub),
        practice_form(
            "По расписанию",
            "po-raspisaniyu",
            "action-publish",
            go_live_at=tomorrow.strftime("%Y-%m-%d %H:%M"),
        ),
    )
    assert response.status_code == 302
    page = SuccessStoryPage.objects.get(slug="po-raspisaniyu")
    revision = page.latest_revision
    assert revision.approved_go_live_at is not None
    client.logout()
    call_command("publish_scheduled", stdout=io.StringIO())
    assert listed_titles(client) == []

    # Let the day pass: the revision's go-live time is now in the past.
    past = timezone.now() - timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    call_command("publish_scheduled", stdout=io.StringIO())
    assert listed_titles(client) == ["По расписанию"]


def test_admin_listing_of_practices_filters_by_region(client, library, regions):
    from django.contrib.auth import get_user_model

    make_practice(regions["crimea"], "Крымская практика")
    make_practice(regions["karelia"], "Карельская практика")
    admin = get_user_model().objects.create_superuser("boss", "boss@example.org", "pw-123456")
    client.force_login(admin)
    response = client.get("/admin/practice_pages/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Крымская практика" in html and "Карельская практика" in html
    assert "Регион" in html

    response = client.get(f"/admin/practice_pages/?region={regions['karelia'].pk}")
    html = response.content.decode()
    assert "Карельская практика" in html
    assert "Крымская практика" not in html

    response = client.get("/admin/material_pages/?region=999999")
    assert response.status_code == 200


def test_regional_editors_may_add_organisations_but_not_change_the_lists(client, library, people):
    client.force_login(people["crimea"]["editor"])
    response = client.post(
        "/admin/snippets/organisations/organisation/add/",
        {
            "name": "АНО «Новая»",
            "org_type": "sonko",
            "region": Region.objects.get(slug="crimea").pk,
            "status": "approved",
            "city": "Ялта",
            "website": "",
            "contacts": "",
        },
    )
    assert response.status_code == 302
    assert Organisation.objects.filter(name="АНО «Новая»").exists()

    response = client.post(
        "/admin/snippets/practices/targetgroup/add/",
        {"name": "Студенты", "slug": "studenty", "sort_order": "5"},
    )
    assert response.status_code in (302, 403)
    assert response.get("Location", "/admin/") == "/admin/"  # Wagtail's "permission denied"
    assert not TargetGroup.objects.filter(slug="studenty").exists()


def test_organisation_with_a_bad_website_is_refused_in_russian(client, library, people):
    client.force_login(people["crimea"]["editor"])
    response = client.post(
        "/admin/snippets/organisations/organisation/add/",
        {
            "name": "АНО «Сайт»",
            "org_type": "sonko",
            "region": Region.objects.get(slug="crimea").pk,
            "status": "approved",
            "website": "не адрес",
            "contacts": "",
        },
    )
    assert response.status_code == 200
    assert "Введите правильный URL." in response.content.decode()
    assert not Organisation.objects.filter(name="АНО «Сайт»").exists()


def test_setup_library_grants_regions_set_up_earlier_their_list_permissions(library, regions):
    group = regions["karelia"].editors_group
    group.permissions.clear()
    call_command("setup_library", stdout=io.StringIO())
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"add_organisation", "change_organisation", "view_targetgroup"} <= codenames
    assert "add_targetgroup" not in codenames


def test_setup_library_command_is_idempotent(library, home_page):
    out = io.StringIO()
    call_command("setup_library", stdout=out)
    call_command("setup_library", stdout=out)
    assert Page.objects.filter(slug="practices").count() == 1
    assert Page.objects.filter(slug="materials").count() == 1
    assert TargetGroup.objects.filter(slug="starshee-pokolenie").count() == 1
    assert "/practices/" in out.getvalue()
