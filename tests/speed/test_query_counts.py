"""Every key page runs a fixed number of SQL queries (at most 20), whatever the
amount of content: no query per listed item (issue 7)."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import pytest

from .conftest import KEY_PAGES, LARGE, SMALL

MAX_QUERIES = 20
MEMBER_MAX_QUERIES = 30


def queries_for(url):
    client = Client()
    client.get(url)  # warm per-process caches (content types, site root paths)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in captured.captured_queries]


@pytest.mark.django_db
@pytest.mark.parametrize("kept", [True, False], ids=["lookups-kept", "nothing-kept"])
def test_key_pages_run_the_same_few_queries_at_two_data_sizes(portal_factory, settings, kept):
    """With the lookups and blocks kept (production), and with nothing kept between
    requests (LOOKUP_CACHE_SECONDS and FRAGMENT_CACHE_SECONDS 0): the first
    request after a change of content renders everything, still within bounds."""
    if not kept:
        settings.LOOKUP_CACHE_SECONDS = 0
        settings.FRAGMENT_CACHE_SECONDS = 0
    portal = portal_factory.grow(SMALL)
    small = {name: queries_for(url) for name, url in portal.urls().items()}
    portal.grow(LARGE)
    large = {name: queries_for(url) for name, url in portal.urls().items()}

    report = "\n".join(f"{name}: {len(small[name])} → {len(large[name])}" for name in KEY_PAGES)
    for name in KEY_PAGES:
        assert len(large[name]) <= MAX_QUERIES, f"{name}: too many queries\n{report}"
        assert len(large[name]) == len(small[name]), (
            f"{name}: the query count grows with the data\n{report}\n\n" + "\n".join(large[name])
        )


@pytest.mark.django_db
def test_a_member_reads_a_topic_of_50_posts_with_a_fixed_number_of_queries(portal_factory):
    """Members are never served from the page cache; their topic page (session,
    permissions, read tracking) stays bounded too, whatever the forum's size."""
    portal = portal_factory.grow(SMALL)
    client = Client()
    client.force_login(portal.other)
    url = portal.urls()["topic of 50 posts"]

    def count():
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return [query["sql"] for query in captured.captured_queries]

    small = count()
    portal.grow(LARGE)
    large = count()
    assert len(large) == len(small) <= MEMBER_MAX_QUERIES, "\n".join(large)
