"""Practice views and document downloads are counted without a database write on
an anonymous GET (the page cache's replays included) and written by
`flush_counts`; the register of proposals is kept per region."""

import datetime
import io

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.documents.models import Document

import pytest

from results.indicators import all_figures
from results.models import DailyCount, Proposal
from results.periods import ensure_periods
from tests.organisations.conftest import make_org, make_practice

WRITES = ("INSERT", "UPDATE", "DELETE")


def writes(queries):
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]


@pytest.fixture
def practice(regions, library):
    org = make_org("Счётная НКО", regions["karelia"])
    return make_practice(regions["karelia"], "Практика для счёта", org=org)


def test_practice_views_are_buffered_then_flushed_with_cached_replays_counted(
    client, practice, settings, regions
):
    settings.PAGE_CACHE_SECONDS = 300
    url = practice.url
    with CaptureQueriesContext(connection) as queries:
        statuses = [client.get(url).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    assert writes(queries.captured_queries) == []
    assert client.get(url).get("X-Page-Cache") == "hit"
    assert "X-Count-View" not in client.get(url)
    assert not DailyCount.objects.exists()

    call_command("flush_counts", stdout=io.StringIO())
    row = DailyCount.objects.get(kind="practice_view", object_id=practice.pk)
    assert row.count == 5
    # A second flush finds nothing new; new views add to the day's row.
    call_command("flush_counts", stdout=io.StringIO())
    client.get(url)
    call_command("flush_counts", stdout=io.StringIO())
    row.refresh_from_db()
    assert row.count == 6

    today = timezone.localdate()
    period = next(p for p in ensure_periods(today.year, today.year) if p.start <= today <= p.end)
    assert all_figures([period], regions["karelia"])["practice_views"][period.pk] == 6
    assert all_figures([period], regions["crimea"])["practice_views"][period.pk] == 0


def test_document_downloads_are_counted_without_writes(client, regions):
    document = Document(title="Памятка", collection=regions["crimea"].collection)
    document.file.save("pamyatka.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    document.save()
    url = reverse("wagtaildocs_serve", args=[document.pk, "pamyatka.pdf"])
    with CaptureQueriesContext(connection) as queries:
        for _ in range(2):
            response = client.get(url)
            assert response.status_code == 200
            assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
    assert writes(queries.captured_queries) == []
    call_command("flush_counts", stdout=io.StringIO())
    assert DailyCount.objects.get(kind="download", object_id=document.pk).count == 2


def proposal_data(region, subject="Типовое положение о волонтёрах"):
    return {
        "region": region.pk,
        "authority": "Министерство социальной защиты",
        "subject": subject,
        "submitted_on": "2026-03-01",
        "answer": "",
        "answered_on": "",
    }


def test_proposals_register_is_kept_per_region(client, people, regions):
    crimea = Proposal.objects.create(
        region=regions["crimea"],
        authority="Минтруд Крыма",
        subject="Крымское предложение",
        submitted_on=datetime.date(2026, 2, 1),
    )
    client.force_login(people["karelia"]["editor"])
    listing = client.get(reverse("wagtailsnippets_results_proposal:list"))
    assert listing.status_code == 200
    assert "Крымское предложение" not in listing.content.decode()

    response = client.post(
        reverse("wagtailsnippets_results_proposal:edit", args=[crimea.pk]),
        proposal_data(regions["crimea"], subject="Подменено"),
    )
    assert response.status_code == 302
    crimea.refresh_from_db()
    assert crimea.subject == "Крымское предложение"

    add = reverse("wagtailsnippets_results_proposal:add")
    assert client.post(add, proposal_data(regions["crimea"], "Чужое")).status_code == 200
    assert not Proposal.objects.filter(subject="Чужое").exists()
    assert client.post(add, proposal_data(regions["karelia"], "Своё")).status_code == 302
    assert Proposal.objects.get(subject="Своё").region == regions["karelia"]
