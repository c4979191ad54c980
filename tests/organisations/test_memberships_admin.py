"""Who works where is personal data: the admin list of memberships
(Организации → участники) shows a regional moderator only their region's rows
(issue 22, item 7). Performed through the Wagtail admin over HTTP."""

from django.urls import reverse

import pytest

from organisations.models import Membership
from tests.conftest import make_user

from .conftest import make_org

LIST = "wagtailsnippets_organisations_membership:list"
EDIT = "wagtailsnippets_organisations_membership:edit"


@pytest.fixture
def memberships(regions):
    crimea = make_org("АНО «Южный берег»", regions["crimea"])
    karelia = make_org("АНО «Онежский край»", regions["karelia"])
    return {
        "crimea": Membership.objects.create(
            user=make_user("crimean-volunteer", first_name="Крымчанка"), organisation=crimea
        ),
        "karelia": Membership.objects.create(
            user=make_user("karelian-volunteer", first_name="Карелка"), organisation=karelia
        ),
    }


def test_karelia_moderator_lists_only_karelia_memberships(client, people, memberships):
    client.force_login(people["karelia"]["moderator"])
    response = client.get(reverse(LIST))
    assert response.status_code == 200
    page = response.content.decode()
    assert "karelian-volunteer" in page
    assert "crimean-volunteer" not in page
    assert "Южный берег" not in page
    assert reverse(EDIT, args=[memberships["crimea"].pk]) not in page


def test_karelia_moderator_cannot_open_a_crimea_membership(client, people, memberships):
    client.force_login(people["karelia"]["moderator"])
    crimean = memberships["crimea"]
    response = client.post(reverse(EDIT, args=[crimean.pk]), {"is_representative": "on"})
    assert response.status_code == 302
    assert response["Location"] == reverse(LIST)
    crimean.refresh_from_db()
    assert crimean.is_representative is False


def test_superuser_lists_every_region(client, memberships):
    client.force_login(make_user("root", is_superuser=True, is_staff=True))
    page = client.get(reverse(LIST)).content.decode()
    assert "karelian-volunteer" in page
    assert "crimean-volunteer" in page
