"""Elasticsearch down while an editor publishes: the page answers, search answers
from the database, and the queued index update reaches the node once it is back,
without a rebuild."""

import os
import time
import uuid

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

import pytest
from django_tasks_db.models import DBTaskResult

from search import api
from search.backends import get_backend
from tests.conftest import add_page, in_ci

from .conftest import run_worker

pytestmark = [
    pytest.mark.elasticsearch,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DEAD_NODE = "http://127.0.0.1:9"  # the discard port: nothing listens


@pytest.fixture
def elasticsearch(settings):
    url = os.environ.get("ELASTICSEARCH_URL", "")
    if not url:
        if in_ci():
            pytest.fail("CI=true but ELASTICSEARCH_URL is not set")
        pytest.skip("ELASTICSEARCH_URL is not set (no Elasticsearch node on this machine)")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = url
    settings.SEARCH_ELASTICSEARCH_TIMEOUT = 2
    settings.SEARCH_ELASTICSEARCH_REFRESH = True
    settings.SEARCH_INDEX_PREFIX = f"{settings.SEARCH_INDEX_PREFIX}-{uuid.uuid4().hex[:10]}"
    node = get_backend("elasticsearch")
    node.ensure_index()
    yield url
    settings.ELASTICSEARCH_URL = url
    node.delete_all()


def test_index_catches_up_by_itself_when_elasticsearch_returns(elasticsearch, settings, home_page):
    run_worker()  # whatever setting up the tree queued
    node = get_backend("elasticsearch")
    before = node.count()

    settings.ELASTICSEARCH_URL = DEAD_NODE
    page = add_page(home_page, "Дрова для пожилых", slug="firewood")
    run_worker()
    # The update failed and is back in the queue, due a little later.
    assert DBTaskResult.objects.filter(
        task_path="search.tasks.update_index", status="READY", run_after__gt=timezone.now()
    ).exists()
    results = api.search("дрова", AnonymousUser())
    assert [hit.url for hit in results.hits] == [page.url]  # answered from the database

    settings.ELASTICSEARCH_URL = elasticsearch
    assert node.count() == before  # the node missed the page
    time.sleep(5.5)  # the first retry is due after 5 seconds
    run_worker()
    assert node.count() == before + 1
    page_hits = node.search(api.build_request("дрова", AnonymousUser(), None, 1, "relevance", 10))
    assert [hit.url for hit in page_hits.hits] == [page.url]
