"""Members proposing the same missing organisation at the same moment, on a real
PostgreSQL server: one proposal, every member in it, no error page.

Before, each request found no proposal, each inserted one, and all but the first
broke the organisation's unique name: an IntegrityError, a 500, a lost profile edit.
"""

from django.test import Client
from django.urls import reverse

import pytest

from organisations.models import Membership, Organisation
from tests.conftest import make_user
from tests.events.test_concurrency import _needs_postgres, run_at_once  # noqa: F401

from .test_member_choice import profile_data

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_simultaneous_proposals_of_one_name_make_one_organisation(regions):
    members = [make_user(f"proposer{n}") for n in range(8)]
    clients = []
    for member in members:
        client = Client()
        client.force_login(member)
        clients.append(client)
    data = profile_data(
        organisation="АНО «Одновременная»",
        propose_organisation="on",
        proposed_type="sonko",
        region=regions["karelia"].pk,
    )
    url = reverse("accounts:profile_edit")

    statuses, errors = run_at_once([lambda c=c: c.post(url, data).status_code for c in clients])

    assert errors == []
    assert statuses == [302] * len(members)
    proposal = Organisation.objects.get(name="АНО «Одновременная»")
    assert proposal.status == Organisation.Status.PROPOSED
    assert proposal.region == regions["karelia"]
    joined = Membership.objects.filter(organisation=proposal).values_list("user", flat=True)
    assert sorted(joined) == sorted(member.pk for member in members)


def test_simultaneous_proposals_from_the_organisation_page_make_one(regions):
    members = [make_user(f"page-proposer{n}") for n in range(6)]
    clients = []
    for member in members:
        client = Client()
        client.force_login(member)
        clients.append(client)
    data = {
        "action": "propose",
        "new-name": "АНО «Одновременная со страницы»",
        "new-org_type": "sonko",
        "new-region": regions["spb"].pk,
    }
    url = reverse("organisations:mine")

    statuses, errors = run_at_once([lambda c=c: c.post(url, data).status_code for c in clients])

    assert errors == []
    # Those who lost the race to the form's own check are told the name is taken.
    assert set(statuses) <= {302, 400} and 302 in statuses
    proposal = Organisation.objects.get(name="АНО «Одновременная со страницы»")
    joined = set(Membership.objects.filter(organisation=proposal).values_list("user", flat=True))
    assert joined == {
        member.pk for member, status in zip(members, statuses, strict=True) if status == 302
    }
