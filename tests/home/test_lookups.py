"""The lookups every page makes (navigation, private paths, readable forums) with
LOOKUP_CACHE_SECONDS 0: nothing outlives a request, yet within one request each
is asked of the database once."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from home.models import Region


@pytest.fixture(autouse=True)
def lookups_off(settings):
    settings.LOOKUP_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 0
    settings.PAGE_CACHE_SECONDS = 0


def test_a_page_reads_the_private_paths_once(client, regions):
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/karelia/").status_code == 200
    reads = [
        query["sql"]
        for query in captured.captured_queries
        if 'FROM "wagtailcore_pageviewrestriction" INNER JOIN' in query["sql"]
    ]
    assert len(reads) == 1, "\n".join(reads)


def test_nothing_is_kept_from_one_request_to_the_next(client, regions):
    assert "Республика Карелия" in client.get("/").content.decode()
    # An update without signals starts no new generation: only not keeping
    # anything between requests lets the next page show it.
    Region.objects.filter(slug="karelia").update(name="Карелия, новое название")
    html = client.get("/").content.decode()
    assert "Карелия, новое название" in html
    assert "Республика Карелия" not in html
