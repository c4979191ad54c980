"""The search page at /search/ over HTTP, the index command and the Elasticsearch fallback."""

import datetime
import io
import logging

from django.core.cache import caches
from django.core.management import call_command
from django.core.management.base import CommandError

import pytest

from search import api
from search.backends import get_backend
from search.backends.elasticsearch import ElasticsearchBackend
from search.results import SearchRequest


@pytest.fixture
def corpus(backend, doc_page, regions, forums, forum_post):
    doc_page(
        "Серебряные волонтёры Карелии",
        summary="Пожилые добровольцы помогают сверстникам",
        kind="practice",
        region=regions["karelia"],
        target_groups=["пожилые люди"],
        date=datetime.date(2025, 4, 2),
    )
    doc_page(
        "Типовой договор с волонтёром",
        summary="Шаблон договора о добровольческой деятельности",
        kind="material",
        region=regions["spb"],
        target_groups=["организации"],
    )
    forum_post(forums["public"], "Где искать волонтёров в посёлке?", "Пишите в местную газету")
    return regions


def test_search_page_shows_labelled_results_with_facets_and_marks(client, corpus):
    response = client.get("/search/", {"q": "волонтёров"})

    assert response.status_code == 200
    assert response.templates[0].name == "search/search.html"
    html = response.content.decode()
    for label in ("практика", "материал", "обсуждение"):
        assert f'<span class="search-result__kind">{label}</span>' in html
    assert "Республика Карелия" in html and "2 апреля 2025" in html
    assert "<mark>волонтёры</mark>" in html or "<mark>волонтёров</mark>" in html
    assert (
        "?q=%D0%B2%D0%BE%D0%BB%D0%BE%D0%BD%D1%82%D1%91%D1%80%D0%BE%D0%B2&amp;kind=material" in html
    )
    assert "по дате" in html and "Найдено 3 результата" in html


def test_page_says_more_than_the_cap_when_matches_exceed_search_max_matches(
    client, corpus, settings
):
    settings.SEARCH_MAX_MATCHES = 2

    capped = client.get("/search/", {"q": "волонтёров"}).content.decode()
    settings.SEARCH_MAX_MATCHES = 0
    # A new setting comes with a restart of the site; the pages kept under the old
    # one are emptied with it here (the page cache lives in the shared cache).
    caches["shared"].clear()
    exact = client.get("/search/", {"q": "волонтёров"}).content.decode()

    assert "Найдено больше 2 результатов" in capped
    assert "Найдено 3 результата" not in capped
    assert "Найдено 3 результата" in exact and "Найдено больше" not in exact


def test_facet_link_narrows_and_can_be_removed(client, corpus):
    response = client.get("/search/", {"q": "волонтёр", "kind": "topic"})

    html = response.content.decode()
    assert "Где искать <mark>волонтёров</mark> в посёлке?" in html
    assert "Серебряные" not in html
    assert "сбросить" in html and 'name="kind" value="topic"' in html


def test_sort_and_pagination_links_keep_the_query(client, backend, doc_page):
    for number in range(12):
        doc_page(f"Отчёт волонтёров № {number}", date=datetime.date(2024, 1, number + 1))

    first = client.get("/search/", {"q": "отчёт", "sort": "date"}).content.decode()
    assert first.index("волонтёров № 11<") < first.index("волонтёров № 10<")
    assert 'href="?q=%D0%BE%D1%82%D1%87%D1%91%D1%82&amp;sort=date&amp;page=2"' in first
    second = client.get("/search/", {"q": "отчёт", "sort": "date", "page": "2"}).content.decode()
    assert "волонтёров № 1<" in second and "волонтёров № 11<" not in second


def test_empty_query_and_no_results_show_help(client, backend, doc_page):
    doc_page("Волонтёры")

    empty = client.get("/search/").content.decode()
    assert "Популярные разделы" in empty and 'href="/forum/"' in empty
    nothing = client.get("/search/", {"q": "абракадабра"}).content.decode()
    assert "По запросу «абракадабра» ничего не найдено." in nothing
    assert "опечаток" in nothing


def test_page_says_when_results_lack_some_words_and_which(client, corpus):
    html = client.get("/search/", {"q": "типовой договор стажировка"}).content.decode()

    assert "Показаны результаты, где есть не все слова" in html
    assert "Нет в тексте: <s>стажировка</s>" in html
    assert "<mark>Типовой</mark> <mark>договор</mark> с волонтёром" in html


def test_page_offers_the_corrected_query_and_shows_its_results(client, corpus):
    html = client.get("/search/", {"q": "валантёров"}).content.decode()

    assert "По запросу «валантёров» ничего не найдено. Возможно, вы искали" in html
    assert (
        'href="?q=%D0%B2%D0%BE%D0%BB%D0%BE%D0%BD%D1%82%D0%B5%D1%80%D0%BE%D0%B2">«волонтеров»</a>'
        in html
    )
    assert "Серебряные <mark>волонтёры</mark> Карелии" in html


def test_a_topic_quotes_its_best_post_and_counts_its_matching_posts(
    client, backend, forums, forum_post
):
    first = forum_post(forums["public"], "Где искать волонтёров в посёлке?", "Подскажите")
    forum_post(topic=first.topic, content="Волонтёров ищем через местную газету")

    html = client.get("/search/", {"q": "волонтёров"}).content.decode()

    assert html.count('class="search-result search-result--topic"') == 1
    assert '<blockquote class="search-result__snippet search-result__quote">' in html
    assert "Подходят 2 сообщения темы" in html


@pytest.mark.parametrize(
    "query",
    ['"волонтёр', "AND OR NOT (", "\x00\x07\x1b", "я" * 10_000, "<script>alert(1)</script>"],
)
def test_odd_queries_give_a_normal_page(client, backend, doc_page, query):
    doc_page("Волонтёр")

    response = client.get("/search/", {"q": query, "page": "-5", "sort": "'; drop"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    if len(query) > 1000:
        assert "Запрос слишком длинный" in html


def test_search_page_runs_a_constant_number_of_queries(
    client, backend, doc_page, django_assert_max_num_queries
):
    for number in range(3):
        doc_page(f"Наставничество {number}")
    with django_assert_max_num_queries(20) as small:
        client.get("/search/", {"q": "наставничество"})
    for number in range(3, 15):
        doc_page(f"Наставничество {number}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/search/", {"q": "наставничество"})


# Elasticsearch down -------------------------------------------------------------


def test_search_answers_from_the_database_when_elasticsearch_is_down(
    client, settings, publish, home_page, caplog
):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there
    settings.SEARCH_ELASTICSEARCH_TIMEOUT = 1
    with caplog.at_level(logging.WARNING, logger="search"):
        publish(home_page, "Помощь волонтёров на дому")  # indexing must not fail either

        results = api.search("волонтёры", None)
        response = client.get("/search/", {"q": "волонтёры"})

    assert results.degraded and results.backend == "database"
    assert [hit.url for hit in results.hits] == ["/" + home_page.get_children().first().slug + "/"]
    assert response.status_code == 200
    assert "Помощь <mark>волонтёров</mark> на дому" in response.content.decode()
    assert "упрощённом режиме" in response.content.decode()
    assert any("Elasticsearch unavailable" in record.message for record in caplog.records)


def test_elasticsearch_query_filters_visibility_by_fields():
    from search.query import parse

    request = SearchRequest(
        query="волонтёры",
        terms=["волонтер"],
        words=["волонтеры"],
        slots=parse("волонтёры"),
        filters={"kind": "topic", "region": "spb"},
        forum_ids=[3, 5],
        sort="date",
    )
    body = ElasticsearchBackend().build_search(request).to_dict()

    filters = body["query"]["bool"]["filter"]
    visibility = filters[0]["bool"]["should"]
    assert visibility[0]["bool"]["filter"] == [{"term": {"public": True}}]
    assert {"terms": {"forum_id": [3, 5]}} in visibility[1]["bool"]["filter"]
    assert {"term": {"kind": "topic"}} in filters and {"term": {"region_slug": "spb"}} in filters
    # By date: every slot scores a constant, so the score orders by words met, then date.
    [slot] = body["query"]["bool"]["must"][0]["bool"]["must"]
    assert slot["constant_score"]["filter"]["multi_match"]["query"] == "волонтер"
    assert body["sort"] == ["_score", {"date": {"order": "desc", "missing": "_last"}}]
    # One result per forum topic; totals and facets count topics.
    assert body["collapse"]["field"] == "group"
    assert set(body["aggs"]) == {"groups", "kind", "region", "target_group"}
    assert body["aggs"]["kind"]["aggs"]["groups"]["cardinality"]["field"] == "group"
    # Matched words are marked in Python; the node returns only what a result shows
    # and counts at most SEARCH_MAX_MATCHES hits.
    assert "highlight" not in body
    assert set(body["_source"]) == {"kind", "url", "region_slug", "region_name", "date", "source"}
    assert body["track_total_hits"] == 10_000


# The index command ----------------------------------------------------------------


def test_search_index_rebuild_reports_progress_and_counts(backend, publish, home_page):
    publish(home_page, "Памятка координатору")
    out = io.StringIO()

    call_command("search_index", "rebuild", stdout=out)

    text = out.getvalue()
    assert "Перестройка поискового индекса" in text
    assert "database: проиндексировано документов — 2" in text
    if backend.name == "elasticsearch":
        assert "elasticsearch: проиндексировано документов — 2" in text
        assert backend.count() == 2
    assert [hit.title for hit in api.search("памятка", None).hits]
    status = io.StringIO()
    call_command("search_index", "status", stdout=status)
    assert "database: документов в индексе — 2" in status.getvalue()


@pytest.mark.elasticsearch
@pytest.mark.parametrize("backend", ["elasticsearch"], indirect=True)
def test_rebuild_switches_the_alias_to_a_new_index(backend, publish, home_page):
    publish(home_page, "Волонтёрский штаб")
    before = backend.index_names()

    api.rebuild()

    after = backend.index_names()
    assert len(after) == 1 and after != before
    assert [str(hit.title) for hit in api.search("штаб", None).hits] == [
        "Волонтёрский <mark>штаб</mark>"
    ]


def test_rebuild_refuses_elasticsearch_without_a_url(settings, db):
    settings.ELASTICSEARCH_URL = ""
    with pytest.raises(CommandError, match="ELASTICSEARCH_URL"):
        call_command("search_index", "rebuild", "--backend", "elasticsearch", stdout=io.StringIO())


def test_unknown_backend_is_a_configuration_error(settings):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        get_backend("solr")


def test_demo_seed_indexes_the_site_and_survives_elasticsearch_being_down(
    settings, publish, home_page
):
    from django.core.management.base import BaseCommand

    from search import demo

    publish(home_page, "Демонстрационная памятка")
    command = BaseCommand(stdout=io.StringIO())
    demo.seed(command)
    assert "поиск (database): проиндексировано документов — 2" in command.stdout.getvalue()

    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    command = BaseCommand(stdout=io.StringIO())
    demo.seed(command)
    assert "Elasticsearch недоступен" in command.stdout.getvalue()
    assert [hit.url for hit in api.search("памятка", None).hits]
