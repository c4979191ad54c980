"""The demo data of the results: over forty organisations in the four regions,
each with a resource centre; three years of quarterly reports; an organisation's
accepted figures for 2025 above what its practices claim."""

import io
from decimal import Decimal

from django.core.management import call_command
from django.db.models import Sum
from django.urls import reverse

import pytest

from home.models import Region
from organisations.models import Organisation
from practices.models import PracticeIndicatorRow
from results.models import OrganisationReport, ReportingPeriod, ServiceRow


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_demo_results_are_plentiful_and_coherent(client):
    call_command("seed_demo", stdout=io.StringIO())
    assert Organisation.objects.count() >= 40
    for region in Region.objects.regional():
        assert Organisation.objects.filter(region=region, org_type="resource").exists()
        assert Organisation.objects.filter(region=region, is_participant=True).count() >= 5
    assert ReportingPeriod.objects.filter(is_baseline=True).count() == 1
    assert ReportingPeriod.objects.count() == 12
    accepted = OrganisationReport.objects.filter(status="accepted")
    assert accepted.values("period").distinct().count() >= 10
    for org in Organisation.objects.filter(practices__isnull=False).distinct():
        claimed = PracticeIndicatorRow.objects.filter(
            page__organisation=org, page__live=True, indicator__slug="chasy"
        ).aggregate(total=Sum("value"))["total"] or Decimal(0)
        reported = (
            ServiceRow.objects.filter(
                report__in=accepted.filter(organisation=org, period__start__year=2025)
            ).aggregate(total=Sum("hours"))["total"]
            or 0
        )
        assert reported >= claimed, org
    # No zeros in past periods for what the portal counts itself (issue 22, item 6).
    page = client.get(reverse("results:page")).context
    assert len(page["periods"]) >= 10
    assert page["answer_hours"] is not None and page["answer_hours"] > 0
    shown = {item["indicator"].code: item for _g, _l, items in page["groups"] for item in items}
    for code in ("certified", "consultations_asked", "consultations_answered"):
        assert all(value > 0 for _label, value in shown[code]["points"]), code
    # A second run adds nothing.
    before = (Organisation.objects.count(), OrganisationReport.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Organisation.objects.count(), OrganisationReport.objects.count()) == before
    for url in (reverse("results:page"), reverse("organisations:directory")):
        assert client.get(url).status_code == 200
    org = Organisation.objects.filter(org_type="resource").first()
    assert client.get(org.get_absolute_url()).status_code == 200
