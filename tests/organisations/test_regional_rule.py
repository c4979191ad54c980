"""Issue 17, item 5: one regional rule for the shared lists pages show.

A Karelia editor used to edit (Snippets → organisations) an organisation that a
live Crimea practice shows: Crimea's live page changed at once, without
Crimea's moderation. Performed here through the Wagtail admin over HTTP.
"""

from django.urls import reverse

import pytest

from home.permissions import allowed, can
from organisations.models import Organisation

from .conftest import make_org, make_practice

EDIT = "wagtailsnippets_organisations_organisation:edit"
DELETE = "wagtailsnippets_organisations_organisation:delete"
INDEX = "wagtailsnippets_organisations_organisation:list"


def form_data(org, **changes):
    data = {
        "name": org.name,
        "org_type": org.org_type,
        "region": org.region_id or "",
        "status": org.status,
        "city": org.city,
        "description": org.description,
        "website": org.website,
        "contacts": org.contacts,
        "slug": org.slug,
    }
    data.update(changes)
    return data


@pytest.fixture
def shared_org(regions, library):
    """A Karelia organisation that a live Crimea practice shows."""
    org = make_org("АНО «Северный ветер»", regions["karelia"], contacts="+7 814 000-00-00")
    make_practice(regions["crimea"], "Практика в Крыму", org=org)
    return org


def test_karelia_editor_cannot_change_an_organisation_a_live_crimea_page_shows(
    client, people, shared_org, regions
):
    client.force_login(people["karelia"]["editor"])
    url = reverse(EDIT, args=[shared_org.pk])
    response = client.post(url, form_data(shared_org, contacts="+7 999 ЧУЖОЙ"))
    assert response.status_code == 302
    assert response["Location"] == reverse(INDEX)
    shared_org.refresh_from_db()
    assert shared_org.contacts == "+7 814 000-00-00"
    message = client.get(reverse(INDEX)).content.decode()
    assert "показывают опубликованные страницы другого региона" in message
    assert "Республика Крым" in message
    # The live Crimea page still shows the old contacts.
    page = client.get(shared_org.practices.get().url)
    assert "+7 814 000-00-00" in page.content.decode()

    response = client.post(reverse(DELETE, args=[shared_org.pk]))
    assert response.status_code == 302
    assert Organisation.objects.filter(pk=shared_org.pk).exists()


def test_crimea_moderator_may_not_either_when_the_organisation_is_karelias(
    client, people, shared_org
):
    client.force_login(people["crimea"]["moderator"])
    response = client.post(
        reverse(EDIT, args=[shared_org.pk]), form_data(shared_org, contacts="крым")
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(INDEX)
    shared_org.refresh_from_db()
    assert shared_org.contacts == "+7 814 000-00-00"


def test_editor_changes_own_regions_organisation_shown_only_by_own_pages(
    client, people, regions, library
):
    org = make_org("Карельский центр", regions["karelia"])
    make_practice(regions["karelia"], "Практика в Карелии", org=org)
    client.force_login(people["karelia"]["editor"])
    response = client.post(
        reverse(EDIT, args=[org.pk]), form_data(org, contacts="+7 814 111-11-11")
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.contacts == "+7 814 111-11-11"


def test_editor_cannot_open_or_move_another_regions_organisation(client, people, regions, library):
    crimea_org = make_org("Крымский фонд", regions["crimea"])
    own = make_org("Карельский фонд", regions["karelia"])
    client.force_login(people["karelia"]["editor"])
    response = client.get(reverse(EDIT, args=[crimea_org.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse(INDEX)
    # Moving one's own organisation to another region is not offered.
    response = client.post(
        reverse(EDIT, args=[own.pk]), form_data(own, region=regions["crimea"].pk)
    )
    assert response.status_code == 200
    own.refresh_from_db()
    assert own.region == regions["karelia"]


def test_editor_adds_organisations_only_in_own_region(client, people, regions, library):
    client.force_login(people["karelia"]["editor"])
    add = reverse("wagtailsnippets_organisations_organisation:add")
    data = {"name": "Новая НКО", "org_type": "sonko", "status": "approved", "slug": ""}
    response = client.post(add, data | {"region": regions["crimea"].pk})
    assert response.status_code == 200
    assert not Organisation.objects.filter(name="Новая НКО").exists()
    response = client.post(add, data | {"region": regions["karelia"].pk})
    assert response.status_code == 302
    assert Organisation.objects.get(name="Новая НКО").region == regions["karelia"]


def test_programme_organisations_are_kept_by_administrators_only(client, people, library):
    org = make_org("Фонд программы", None)
    for person in ("editor", "moderator"):
        client.force_login(people["karelia"][person])
        response = client.post(reverse(EDIT, args=[org.pk]), form_data(org, city="X"))
        assert response.status_code == 302
        org.refresh_from_db()
        assert org.city == ""


@pytest.mark.parametrize("slug", ["crimea", "karelia", "kaliningrad", "spb"])
def test_allowed_returns_exactly_what_can_permits(people, regions, library, slug):
    shared = make_org("Общая", regions["karelia"])
    make_practice(regions["crimea"], "Крымская практика", org=shared)
    own = {s: make_org(f"Своя {s}", region) for s, region in regions.items()}
    draft_shown = make_org("Черновая", regions["karelia"])
    make_practice(regions["crimea"], "Черновик", org=draft_shown, publish=False)
    for role in ("editor", "moderator"):
        user = people[slug][role]
        permitted = {org.pk for org in Organisation.objects.all() if can(user, "edit", org)}
        assert (
            set(allowed(user, "edit", Organisation.objects.all()).values_list("pk", flat=True))
            == permitted
        )
        assert own[slug].pk in permitted
        assert (shared.pk in permitted) is False
        # A draft of another region does not block: nothing live changes.
        assert (draft_shown.pk in permitted) is (slug == "karelia")


def test_an_organisation_given_to_another_region_follows_the_rule(client, people, regions, library):
    """The administrator gives a Karelia organisation to Crimea in the admin: at
    once Karelia's editor is refused and Crimea's editor keeps it."""
    org = make_org("Фонд, сменивший регион", regions["karelia"])
    client.force_login(people["karelia"]["editor"])
    assert client.get(reverse(EDIT, args=[org.pk])).status_code == 200

    client.force_login(people["karelia"]["moderator"].__class__.objects.create_superuser(
        "root-org", "root-org@example.org", "pw-123456"
    ))  # fmt: skip
    response = client.post(
        reverse(EDIT, args=[org.pk]), form_data(org, region=regions["crimea"].pk)
    )
    assert response.status_code == 302

    client.force_login(people["karelia"]["editor"])
    response = client.post(reverse(EDIT, args=[org.pk]), form_data(org, contacts="Чужие контакты"))
    assert response.status_code == 302
    assert response["Location"] == reverse(INDEX)
    assert Organisation.objects.get(pk=org.pk).contacts != "Чужие контакты"

    client.force_login(people["crimea"]["editor"])
    org.refresh_from_db()
    response = client.post(reverse(EDIT, args=[org.pk]), form_data(org, contacts="+7 365 000"))
    assert response.status_code == 302
    assert Organisation.objects.get(pk=org.pk).contacts == "+7 365 000"
