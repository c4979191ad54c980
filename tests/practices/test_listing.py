"""Faceted browsing of /practices/ and /materials/: exact results, counts,
sorting, pagination, bad input and a fixed number of queries."""

import re
from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from tests.practices.conftest import make_material, make_practice, organisation


def titles(response):
    return [item.title for item in response.context["listing"].items]


def facet(response, param):
    for item in response.context["listing"].facets:
        if item.param == param:
            return {value.value: value.count for value in item.values}
    raise AssertionError(param)


@pytest.fixture
def catalogue(library, regions):
    """Five practices with known facets across three regions."""
    state = organisation("ГБУ «Центр Ялты»", "gu", "Ялта")
    return {
        "phone": make_practice(
            regions["crimea"], "Добрый звонок", targets=["starshee-pokolenie"],
            stage="replicated", start=date(2023, 2, 1), topics=["одиночество"],
            published_days_ago=5,
        ),
        "school": make_practice(
            regions["crimea"], "Летняя школа", targets=["deti", "semi-s-detmi"], org=state,
            start=date(2024, 6, 1), published_days_ago=1,
        ),
        "wood": make_practice(
            regions["karelia"], "Тёплый дом", targets=["starshee-pokolenie"],
            start=date(2022, 10, 1), topics=["сельские территории", "одиночество"],
            published_days_ago=3,
        ),
        "respite": make_practice(
            regions["karelia"], "Передышка для родителей", targets=["deti", "invalidnost"],
            org=state, stage="evaluated", start=date(2023, 3, 1), published_days_ago=2,
        ),
        "mentors": make_practice(
            regions["kaliningrad"], "Наставники выпускников", targets=["siroty", "deti"],
            start=date(2022, 5, 1), published_days_ago=4,
        ),
    }  # fmt: skip


def test_practice_index_lists_every_regions_practices_newest_first(client, catalogue):
    response = client.get("/practices/")
    assert response.status_code == 200
    assert titles(response) == [
        "Летняя школа",
        "Передышка для родителей",
        "Тёплый дом",
        "Наставники выпускников",
        "Добрый звонок",
    ]
    html = response.content.decode()
    assert "Найдено: 5" in html
    assert "ГБУ «Центр Ялты» (ГУ)" in html


def test_filtering_by_region_and_target_group_returns_exactly_the_matching_practices(
    client, catalogue
):
    response = client.get("/practices/?region=karelia&target=deti")
    assert titles(response) == ["Передышка для родителей"]

    response = client.get("/practices/?target=starshee-pokolenie")
    assert sorted(titles(response)) == ["Добрый звонок", "Тёплый дом"]

    response = client.get("/practices/?orgtype=gu&stage=evaluated")
    assert titles(response) == ["Передышка для родителей"]

    response = client.get("/practices/?topic=odinochestvo")
    assert response.status_code == 200


def test_filtering_by_topic_and_year(client, catalogue):
    slug = catalogue["wood"].tags.get(name="сельские территории").slug
    assert titles(client.get(f"/practices/?topic={slug}")) == ["Тёплый дом"]
    assert sorted(titles(client.get("/practices/?year=2022"))) == [
        "Наставники выпускников",
        "Тёплый дом",
    ]


def test_each_facet_counts_over_the_other_selected_filters(client, catalogue):
    response = client.get("/practices/?region=karelia")
    # Region counts ignore the region filter itself: every region stays reachable.
    assert facet(response, "region")["crimea"] == 2
    assert facet(response, "region")["karelia"] == 2
    assert facet(response, "region")["kaliningrad"] == 1
    assert facet(response, "region")["spb"] == 0
    # Other facets count within Karelia only.
    targets = facet(response, "target")
    assert targets["starshee-pokolenie"] == 1
    assert targets["deti"] == 1
    assert targets["siroty"] == 0
    assert facet(response, "orgtype") == {
        "sonko": 1,
        "gu": 1,
        "mu": 0,
        "resource": 0,
        "authority": 0,
        "other": 0,
    }
    assert facet(response, "year") == {"2022": 1, "2023": 1}
    html = response.content.decode()
    assert "Республика Крым (2)" in html
    assert 'value="karelia" selected' in html


def test_unpublished_and_private_practices_are_not_listed(client, catalogue, regions):
    from wagtail.models import PageViewRestriction

    make_practice(regions["spb"], "Черновик", publish=False)
    private = make_practice(regions["spb"], "Закрытая практика")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    response = client.get("/practices/?region=spb")
    assert titles(response) == []
    assert "Ничего не найдено" in response.content.decode()
    assert facet(client.get("/practices/"), "region")["spb"] == 0


def test_sorting_by_title(client, catalogue):
    response = client.get("/practices/?sort=title")
    assert titles(response) == sorted(titles(response))
    assert len(titles(response)) == 5


def test_empty_result_shows_a_reset_link(client, catalogue):
    response = client.get("/practices/?region=spb")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ничего не найдено" in html
    assert 'href="/practices/">Сбросить фильтры и показать всё' in html


BAD_QUERIES = [
    "region=atlantis",
    "target=marsiane&stage=flying",
    "orgtype=<script>",
    "year=20x4",
    "year=1066",
    "topic=net-takoj-temy",
    "sort=random",
    "page=abc",
    "page=-3",
    "page=0",
    "page=99999999999999999999",
    "region=" + "k" * 5000,
    "topic=" + "я" * 3000,
    "&".join(f"x{i}=1" for i in range(300)),
]


def test_bad_query_strings_give_the_normal_unfiltered_page(client, catalogue):
    for query in BAD_QUERIES:
        response = client.get(f"/practices/?{query}")
        assert response.status_code == 200, query
        assert len(titles(response)) == 5, query
        assert response.context["listing"].is_filtered is False, query
        assert "Найдено: 5" in response.content.decode(), query
    for query in BAD_QUERIES:
        response = client.get(f"/materials/?{query}")
        assert response.status_code == 200, query
        assert "Ничего не найдено" in response.content.decode(), query


def test_a_page_number_past_the_end_is_not_found(client, catalogue):
    assert client.get("/practices/?page=1").status_code == 200
    response = client.get("/practices/?page=2")
    assert response.status_code == 404


def test_pagination_keeps_the_filters_in_its_links(client, library, regions):
    for number in range(14):
        make_practice(regions["karelia"], f"Практика {number:02d}", published_days_ago=number)
    make_practice(regions["crimea"], "Крымская практика")
    first = client.get("/practices/?region=karelia&sort=title")
    assert titles(first) == [f"Практика {number:02d}" for number in range(12)]
    html = first.content.decode()
    assert 'href="?region=karelia&amp;sort=title&amp;page=2"' in html
    second = client.get("/practices/?region=karelia&sort=title&page=2")
    assert titles(second) == ["Практика 12", "Практика 13"]
    assert client.get("/practices/?region=karelia&page=3").status_code == 404


def _queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response


FULL_FILTER = (
    "/practices/?region=karelia&target=deti&orgtype=sonko&stage=implemented&year=2024"
    "&topic=nastavnichestvo&sort=title"
)


def test_practice_listing_runs_the_same_small_number_of_queries_for_5_and_50_items(
    client, library, regions, caches_off
):
    slugs = list(regions)

    def add(count, offset):
        for number in range(count):
            make_practice(
                regions[slugs[number % 4]],
                f"Практика {offset + number}",
                targets=["deti", "starshee-pokolenie"][: 1 + number % 2],
                topics=["наставничество", f"тема {number % 3}"],
                indicators=[("dobrovolcy", 3)],
            )

    add(5, 0)
    client.get("/practices/")  # warm caches (site root paths) as a real visitor would
    small_plain, first = _queries_for(client, "/practices/")
    small_filtered, first_filtered = _queries_for(client, FULL_FILTER)
    add(45, 5)
    large_plain, second = _queries_for(client, "/practices/")
    large_filtered, second_filtered = _queries_for(client, FULL_FILTER)
    assert small_plain == large_plain <= 20
    assert small_filtered == large_filtered <= 20
    assert len(titles(first)) == 5
    assert len(titles(second)) == 12
    assert len(titles(first_filtered)) == 1  # Практика 1: Karelia, deti, 2024, sonko
    assert len(titles(second_filtered)) == 12


def test_material_listing_runs_the_same_number_of_queries_for_5_and_50_items(
    client, library, regions, caches_off
):
    from tests.practices.conftest import make_document

    def add(count):
        for number in range(count):
            make_material(
                regions["spb"],
                f"Материал {number}",
                targets=["deti"],
                files=[make_document(f"Файл {number}")],
            )

    add(5)
    client.get("/materials/")
    small, _response = _queries_for(client, "/materials/?type=guidelines&target=deti")
    add(45)
    large, response = _queries_for(client, "/materials/?type=guidelines&target=deti")
    assert small == large <= 20
    assert "PDF" in response.content.decode()


def test_material_index_filters_by_type_and_region(client, library, regions):
    make_material(regions["crimea"], "Памятка добровольцу", material_type="guidelines")
    make_material(regions["karelia"], "Типовое соглашение", material_type="form")
    make_material(regions["karelia"], "Отчёт за год", material_type="report")
    response = client.get("/materials/?region=karelia")
    assert sorted(titles(response)) == ["Отчёт за год", "Типовое соглашение"]
    response = client.get("/materials/?type=form")
    assert titles(response) == ["Типовое соглашение"]
    assert facet(response, "type")["report"] == 1
    assert re.search(r"Типовая форма \(1\)", response.content.decode())
