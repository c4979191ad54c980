"""/results/ and /organisations/ in headless Chromium at 1366 and 320 px: the
charts and their tables are there without JavaScript, axe-core finds nothing
critical or serious, nothing scrolls sideways."""

import pytest

from organisations.models import Organisation
from results.models import OrganisationReport
from tests.results.conftest import (  # noqa: F401
    accepted_report,
    library,  # noqa: F401
    participants,
    periods,
)

from .conftest import DESKTOP, PHONE, serious_violations, sideways_overflow

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def figures(participants, periods):  # noqa: F811
    from django.utils import timezone

    ended = [p for p in periods if p.end < timezone.localdate()]
    for index, period in enumerate(ended):
        for item in participants.values():
            accepted_report(
                item["org"],
                period,
                [("bytovye", "deti", 100 + 10 * index, 30)],
                [("deti", 40 + index)],
                active=20 + index,
                new=5,
                held=3,
                status=OrganisationReport.Status.ACCEPTED,
            )
    return ended


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_results_page_reads_at_both_widths_without_javascript(
    live_server, figures, browser, axe_source, width
):
    context = browser.new_context(
        locale="ru-RU",
        viewport={"width": width, "height": 900},
        java_script_enabled=False,
    )
    page = context.new_page()
    page.goto(live_server.url + "/results/")
    # Without JavaScript: every indicator's chart and its table are on the page.
    assert page.locator("svg[role=img]").count() == 15
    assert page.locator("table.table caption").count() >= 15
    last = figures[-1]
    hours = page.locator("table", has=page.locator("caption", has_text="Объём услуг, часов"))
    row = hours.locator("tr", has=page.locator("th", has_text=last.label))
    assert row.locator("td").inner_text() == str(4 * (100 + 10 * (len(figures) - 1)))
    context.close()

    context = browser.new_context(
        locale="ru-RU", viewport={"width": width, "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    for path in ("/results/", "/results/?region=karelia", "/organisations/"):
        page.goto(live_server.url + path)
        assert sideways_overflow(page) == 0, path
        assert serious_violations(page, axe_source) == [], path
    org = Organisation.objects.order_by("name").first()
    page.goto(live_server.url + org.get_absolute_url())
    assert serious_violations(page, axe_source) == []
    page.screenshot(path=f"/tmp/results-page-{width}.png", full_page=False)
    context.close()
