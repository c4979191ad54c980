"""`make run` seeds the demo content (`manage.py seed_demo`): it must end with a
complete search index, also on a database whose index migration 0005 emptied."""

import importlib
import io
import types

from django.core.management import call_command
from django.db import connection

from practices.models import SuccessStoryPage
from search import sources
from search.models import SearchEntry

EMPTY_INDEX_MIGRATION = "search.migrations.0005_lemmas_topics_vocabulary_synonyms"


def seed():
    call_command("seed_demo", stdout=io.StringIO())


def indexable_keys():
    return {doc.key for doc in sources.iter_docs()}


def assert_index_complete_and_searchable(client, backend):
    expected = indexable_keys()
    assert len(expected) > 50
    assert set(SearchEntry.objects.values_list("key", flat=True)) == expected
    assert backend.count() == len(expected)
    practice = SuccessStoryPage.objects.live().get(title__contains="Серебряные волонтёры Ялты")
    response = client.get("/search/", {"q": "добровольцы пенсионеры"})
    assert response.status_code == 200
    assert f'href="{practice.url}"' in response.content.decode()


def test_seed_demo_ends_with_every_demo_document_indexed_and_found(client, backend):
    seed()

    assert_index_complete_and_searchable(client, backend)


def test_seed_demo_rebuilds_the_index_that_the_lemma_migration_emptied(client, backend):
    seed()
    migration = importlib.import_module(EMPTY_INDEX_MIGRATION)
    migration.drop_stemmed_index(None, types.SimpleNamespace(connection=connection))
    assert SearchEntry.objects.count() == 0

    seed()

    assert_index_complete_and_searchable(client, backend)
