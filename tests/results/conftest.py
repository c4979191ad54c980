"""Fixtures of the results: participating organisations with representatives,
quarterly periods, and a quick way to make an accepted report."""

import datetime

from django.utils import timezone

import pytest

from organisations.models import Membership, Organisation
from practices.models import ServiceType, TargetGroup
from practices.setup import ensure_library
from results.models import OrganisationReport, RecipientRow, ServiceRow
from results.periods import ensure_periods
from tests.conftest import make_user


@pytest.fixture
def library(regions, home_page):
    return ensure_library(home_page)


@pytest.fixture
def periods(db):
    year = timezone.localdate().year
    return ensure_periods(year - 2, year)


@pytest.fixture
def participants(regions, library):
    """A participating organisation in every region, with a representative."""
    result = {}
    for slug, region in regions.items():
        org = Organisation.objects.create(
            name=f"АНО «Участник {slug}»", region=region, org_type="sonko", is_participant=True
        )
        user = make_user(f"rep-{slug}")
        Membership.objects.create(user=user, organisation=org, is_representative=True)
        result[slug] = {"org": org, "rep": user}
    return result


def past_period(periods, back=1):
    """The period that ended `back` periods ago."""
    today = timezone.localdate()
    ended = [p for p in periods if p.end < today]
    return ended[-back]


def accepted_report(
    org, period, hours=(), recipients=(), active=0, new=0, held=0, status="accepted"
):
    """hours: [(service slug, target slug, hours, cases)]; recipients: [(target slug, people)]."""
    report = OrganisationReport.objects.create(
        organisation=org,
        period=period,
        status=status,
        volunteers_active=active,
        volunteers_new=new,
        events_held=held,
        submitted_at=timezone.now(),
    )
    for service, target, h, c in hours:
        ServiceRow.objects.create(
            report=report,
            service_type=ServiceType.objects.get(slug=service),
            target_group=TargetGroup.objects.get(slug=target),
            hours=h,
            cases=c,
        )
    for target, people in recipients:
        RecipientRow.objects.create(
            report=report, target_group=TargetGroup.objects.get(slug=target), people=people
        )
    return report


def day(year, month, d):
    return datetime.date(year, month, d)
