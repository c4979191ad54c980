"""The public directory /organisations/, an organisation's page, and members
choosing (or proposing) their organisation."""

from django.urls import reverse

import pytest

from organisations.models import Membership, Organisation
from practices.models import ServiceType, TargetGroup
from tests.conftest import make_user

from .conftest import make_org, make_practice


@pytest.fixture
def orgs(regions, library):
    crimea = make_org("АНО «Крымский дом»", regions["crimea"], is_participant=True)
    crimea.target_groups.add(TargetGroup.objects.get(slug="deti"))
    karelia = make_org("КЦСОН Петрозаводска", regions["karelia"], org_type="gu")
    karelia.services.add(ServiceType.objects.first())
    accelerator = make_org("Ресурсный центр Карелии", regions["karelia"], org_type="resource")
    hidden = make_org("Ждёт проверки", regions["karelia"], status="proposed")
    return {"crimea": crimea, "karelia": karelia, "accelerator": accelerator, "hidden": hidden}


def names(response):
    return [org.name for org in response.context["page_obj"].object_list]


def test_directory_lists_approved_organisations_and_filters(client, orgs, regions):
    url = reverse("organisations:directory")
    response = client.get(url)
    assert response.status_code == 200
    assert names(response) == [
        "АНО «Крымский дом»",
        "КЦСОН Петрозаводска",
        "Ресурсный центр Карелии",
    ]
    assert "Ждёт проверки" not in response.content.decode()

    assert names(client.get(url, {"region": "karelia"})) == [
        "КЦСОН Петрозаводска",
        "Ресурсный центр Карелии",
    ]
    assert names(client.get(url, {"type": "resource"})) == ["Ресурсный центр Карелии"]
    assert names(client.get(url, {"target": "deti"})) == ["АНО «Крымский дом»"]
    service = ServiceType.objects.first()
    assert names(client.get(url, {"service": service.slug})) == ["КЦСОН Петрозаводска"]
    assert names(client.get(url, {"region": "nowhere"})) == []
    by_region = {row[0].slug: row[1:] for row in response.context["listing"]["by_region"]}
    assert by_region["karelia"] == (2, 0, 1)
    assert by_region["crimea"] == (1, 1, 0)


def test_organisation_page_shows_its_practices_and_members_count(client, orgs, regions):
    org = orgs["crimea"]
    make_practice(regions["crimea"], "Бабушкины сказки", org=org)
    make_practice(regions["crimea"], "Черновик практики", org=org, publish=False)
    Membership.objects.create(user=make_user("m1"), organisation=org)
    response = client.get(reverse("organisations:detail", args=[org.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Бабушкины сказки" in html
    assert "Черновик практики" not in html
    assert response.context["members"] == 1
    assert (
        client.get(reverse("organisations:detail", args=[orgs["hidden"].slug])).status_code == 404
    )


def test_member_chooses_an_organisation_and_proposes_a_missing_one(client, orgs, regions):
    user = make_user("volunteer")
    url = reverse("organisations:mine")
    assert client.get(url).status_code == 302
    client.force_login(user)
    response = client.post(url, {"action": "choose", "organisation": orgs["karelia"].pk})
    assert response.status_code == 302
    assert Membership.objects.get(user=user).organisation == orgs["karelia"]

    # A proposed (unchecked) organisation cannot be chosen by someone else.
    response = client.post(url, {"action": "choose", "organisation": orgs["hidden"].pk})
    assert response.status_code == 400
    assert "Выберите организацию из списка." in response.content.decode()
    assert Membership.objects.get(user=user).organisation == orgs["karelia"]

    response = client.post(
        url,
        {
            "action": "propose",
            "new-name": "АНО «Новая»",
            "new-org_type": "sonko",
            "new-region": regions["spb"].pk,
        },
    )
    assert response.status_code == 302
    proposed = Organisation.objects.get(name="АНО «Новая»")
    assert proposed.status == Organisation.Status.PROPOSED
    assert proposed.proposed_by == user
    assert Membership.objects.get(user=user).organisation == proposed
    assert "АНО «Новая»" not in client.get(reverse("organisations:directory")).content.decode()

    # A duplicate name is refused with a clear message and nothing is saved.
    response = client.post(
        url,
        {
            "action": "propose",
            "new-name": "АНО «Крымский дом»",
            "new-org_type": "sonko",
            "new-region": regions["crimea"].pk,
        },
    )
    assert response.status_code == 400
    assert "Такая организация уже есть в каталоге" in response.content.decode()
    assert Organisation.objects.filter(name="АНО «Крымский дом»").count() == 1


def test_regions_moderator_approves_a_proposed_organisation_in_the_admin(
    client, orgs, people, regions
):
    org = orgs["hidden"]
    client.force_login(people["karelia"]["moderator"])
    response = client.post(
        reverse("wagtailsnippets_organisations_organisation:edit", args=[org.pk]),
        {
            "name": org.name,
            "org_type": org.org_type,
            "region": regions["karelia"].pk,
            "status": "approved",
            "slug": org.slug,
        },
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.status == Organisation.Status.APPROVED


def test_a_proposal_with_an_overlong_address_is_refused_in_russian(client, orgs, regions):
    client.force_login(make_user("long"))
    response = client.post(
        reverse("organisations:mine"),
        {
            "action": "propose",
            "new-name": "АНО «Длинная»",
            "new-org_type": "sonko",
            "new-region": regions["spb"].pk,
            "new-website": "https://example.org/" + "a" * 300,
        },
    )
    assert response.status_code == 400
    assert "Убедитесь, что это значение содержит не более 200 символов" in response.content.decode()
    assert not Organisation.objects.filter(name="АНО «Длинная»").exists()
