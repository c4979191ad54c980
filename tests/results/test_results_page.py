"""/results/ shows sums of accepted reports (computed here independently, from
the figures the test itself wrote), per region and programme-wide; the grant
report's XLSX carries the same figures."""

import io
import random
import re

from django.urls import reverse
from django.utils import timezone

import pytest
from openpyxl import load_workbook

from results.models import IndicatorTarget, OrganisationReport, ReportingPeriod
from tests.conftest import make_user

from .conftest import accepted_report

Status = OrganisationReport.Status
SERVICES = ["bytovye", "dosug", "psihologicheskie"]
TARGETS = ["deti", "starshee-pokolenie"]


@pytest.fixture
def written(participants, periods):
    """Random reports over the ended periods; returns what was written, by status."""
    rng = random.Random(22)
    today = timezone.localdate()
    ended = [p for p in periods if p.end < today]
    rows = []
    for slug, item in participants.items():
        for period in ended:
            status = rng.choice([Status.ACCEPTED] * 3 + [Status.SUBMITTED, Status.RETURNED])
            hours = [
                (s, t, rng.randint(0, 500), rng.randint(0, 90)) for s in SERVICES for t in TARGETS
            ]
            recipients = [(t, rng.randint(0, 200)) for t in TARGETS]
            active = rng.randint(5, 60)
            accepted_report(
                item["org"],
                period,
                hours,
                recipients,
                active,
                active // 3,
                rng.randint(0, 9),
                status,
            )
            rows.append((slug, period.pk, status, hours, recipients, active, active // 3))
    return {"rows": rows, "ended": ended}


def expected(written, region=None):
    """{period id: (hours, cases, recipients, active)} of accepted reports only."""
    sums = {p.pk: [0, 0, 0, 0] for p in written["ended"]}
    for slug, period_id, status, hours, recipients, active, _new in written["rows"]:
        if status != Status.ACCEPTED or (region and slug != region):
            continue
        sums[period_id][0] += sum(h for _s, _t, h, _c in hours)
        sums[period_id][1] += sum(c for _s, _t, _h, c in hours)
        sums[period_id][2] += sum(n for _t, n in recipients)
        sums[period_id][3] += active
    return sums


def table_values(html, indicator_label):
    """The data table beside an indicator's chart: {row label: value}."""
    caption = re.escape(indicator_label)
    table = re.search(rf"<caption>{caption}[^<]*</caption>(.*?)</table>", html, re.S).group(1)
    return {
        label.strip(): int(value)
        for label, value in re.findall(r'<th scope="row">([^<]+)</th><td>(\d+)</td>', table)
    }


@pytest.mark.parametrize("region", [None, "karelia", "crimea"])
def test_results_page_figures_are_the_sums_of_accepted_reports(client, written, region):
    response = client.get(reverse("results:page"), {"region": region} if region else {})
    assert response.status_code == 200
    html = response.content.decode()
    sums = expected(written, region)
    shown = written["ended"][-12:]
    hours = table_values(html, "Объём услуг, часов")
    cases = table_values(html, "Объём услуг, случаев оказания")
    recipients = table_values(html, "Получатели услуг")
    active = table_values(html, "Активные добровольцы")
    for period in shown:
        assert hours[period.label] == sums[period.pk][0]
        assert cases[period.label] == sums[period.pk][1]
        assert recipients[period.label] == sums[period.pk][2]
        assert active[period.label] == sums[period.pk][3]
    baseline = ReportingPeriod.objects.get(is_baseline=True)
    assert hours[f"Базовый период ({baseline.label})"] == sums[baseline.pk][0]
    # Every chart is an SVG with a title; bars carry their values.
    assert html.count('<svg viewBox="0 0 640 240" role="img"') == 15
    assert f"<title>{shown[-1].label}: {sums[shown[-1].pk][0]}</title>" in html


def test_results_page_compares_the_year_with_its_target(client, written, regions):
    year = written["ended"][-1].start.year
    IndicatorTarget.objects.create(indicator="service_hours", year=year, region=None, value=100_000)
    response = client.get(reverse("results:page"))
    html = response.content.decode()
    sums = expected(written)
    year_total = sum(sums[p.pk][0] for p in written["ended"] if p.start.year == year)
    assert f"{year_total} из 100000 по плану" in html
    assert client.get(reverse("results:page"), {"region": "nowhere"}).status_code == 302


def test_grant_report_xlsx_carries_the_accepted_figures(client, written, regions, people):
    year = written["ended"][0].start.year
    year_periods = [p for p in written["ended"] if p.start.year == year]
    admin = make_user("boss", is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.get(reverse("results_admin:grant_report_xlsx", args=[year]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0] == "Услуги и получатели"
    sheet = book["Услуги и получатели"]
    rows = list(sheet.iter_rows(values_only=True))
    for region_slug, region in (("karelia", regions["karelia"]), (None, None)):
        sums = expected(written, region_slug)
        name = region.name if region else "Вся программа"
        row = next(
            r for r in rows if r[0] == "Объём услуг, часов" and r[1] == name and r[2] == "все"
        )
        values = row[3 : 3 + len(year_periods)]
        assert values == tuple(sums[p.pk][0] for p in year_periods)
        assert row[3 + len(year_periods)] == sum(values)
    # By organisation type: all test organisations are СО НКО.
    row = next(
        r
        for r in rows
        if r[0] == "Получатели услуг" and r[1] == regions["crimea"].name and r[2] == "СО НКО"
    )
    sums = expected(written, "crimea")
    assert row[3 : 3 + len(year_periods)] == tuple(sums[p.pk][2] for p in year_periods)


def test_grant_report_is_refused_to_regional_moderators(client, written, people):
    year = written["ended"][0].start.year
    client.force_login(people["karelia"]["moderator"])
    response = client.get(reverse("results_admin:grant_report_xlsx", args=[year]))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def pdf_text(content):
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_grant_report_pdf_prints_the_accepted_figures_in_one_click(
    client, written, regions, people
):
    year = written["ended"][0].start.year
    year_periods = [p for p in written["ended"] if p.start.year == year]
    client.force_login(make_user("boss", is_superuser=True, is_staff=True))
    page = client.get(reverse("results_admin:grant_report")).content.decode()
    url = reverse("results_admin:grant_report_pdf", args=[year])
    assert f'href="{url}"' in page

    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="grant-report-{year}.pdf"'
    text = pdf_text(response.content)
    assert f"Отчёт о результатах программы за {year} год" in text
    assert "Получатели услуг, чел." in text
    assert "Обучены и получили сертификат, чел." in text
    assert "Медиана времени до первого ответа эксперта" in text
    # The programme's hours: each period's sum of accepted reports, then the year's total.
    sums = expected(written)
    values = [sums[p.pk][0] for p in year_periods]
    # pypdf reads the no-break spaces between thousands as plain spaces.
    row = " ".join(f"{v:,}".replace(",", " ") for v in [*values, sum(values)])
    hours_table = text.split("Объём услуг, часов, ч")[1].split("Объём услуг, случаев")[0]
    assert f"Вся программа {row}" in hours_table.replace("\n", " ").replace("\u00a0", " ")

    client.force_login(people["karelia"]["moderator"])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def test_grant_report_pdf_of_a_year_of_monthly_periods(client, settings, regions):
    """Twelve periods and the year's three columns still fit the page's width (the
    first column's width went negative: a 500)."""
    from results.periods import ensure_periods

    settings.RESULTS_PERIOD_MONTHS = 1
    year = timezone.localdate().year - 1
    ensure_periods(year, year)
    assert ReportingPeriod.objects.filter(start__year=year).count() == 12
    client.force_login(make_user("boss", is_superuser=True, is_staff=True))
    response = client.get(reverse("results_admin:grant_report_pdf", args=[year]))
    assert response.status_code == 200
    assert f"Отчёт о результатах программы за {year} год" in pdf_text(response.content)
