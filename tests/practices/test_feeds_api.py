"""Dissemination: RSS/Atom feeds (all and per region) and the partner API."""

import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

import pytest

from tests.practices.conftest import make_document, make_material, make_practice, organisation

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def published(library, regions):
    return {
        "old": make_practice(regions["crimea"], "Добрый звонок", published_days_ago=30,
                             slug="dobryj-zvonok"),
        "mid": make_practice(regions["karelia"], "Тёплый дом", published_days_ago=10,
                             slug="teplyj-dom"),
        "new": make_practice(regions["karelia"], "Передышка", published_days_ago=1,
                             slug="peredyshka"),
        "draft": make_practice(regions["karelia"], "Черновик", publish=False),
        "material": make_material(regions["karelia"], "Регламент бригады", slug="reglament"),
    }  # fmt: skip


def test_rss_feed_parses_and_lists_the_newest_practices_first(client, published):
    response = client.get("/feeds/practices/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == [
        "Передышка",
        "Тёплый дом",
        "Добрый звонок",
    ]
    assert items[0].findtext("link") == "http://testserver/karelia/peredyshka/"
    assert items[0].findtext("description") == "Кратко о практике «Передышка»."
    assert items[0].findtext("category") == "Республика Карелия"
    assert "Практики" in channel.findtext("title")


def test_regional_atom_feed_lists_only_that_regions_items(client, published):
    response = client.get("/feeds/practices/karelia/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.findtext(f"{ATOM}title") == "Практики — Республика Карелия"
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")]
    assert titles == ["Передышка", "Тёплый дом"]


def test_materials_feed_lists_materials(client, published):
    channel = ET.fromstring(client.get("/feeds/materials/rss/").content).find("channel")
    assert [item.findtext("title") for item in channel.findall("item")] == ["Регламент бригады"]
    empty = ET.fromstring(client.get("/feeds/materials/crimea/rss/").content)
    assert empty.find("channel").findall("item") == []


def test_unknown_region_or_kind_in_a_feed_address_is_not_found(client, published):
    assert client.get("/feeds/practices/atlantis/rss/").status_code == 404
    assert client.get("/feeds/events/rss/").status_code == 404
    assert client.get("/feeds/practices/" + "x" * 500 + "/rss/").status_code == 404


def test_index_pages_advertise_their_feeds_in_the_head(client, published):
    head = client.get("/practices/?region=karelia").content.decode().split("</head>")[0]
    assert '<link rel="alternate" type="application/rss+xml"' in head
    assert 'href="/feeds/practices/rss/"' in head
    assert 'href="/feeds/practices/atom/"' in head
    assert 'href="/feeds/practices/karelia/rss/"' in head
    head = client.get("/materials/").content.decode().split("</head>")[0]
    assert 'href="/feeds/materials/atom/"' in head


def test_api_exposes_practices_with_their_structured_fields(client, library, regions):
    practice = make_practice(
        regions["kaliningrad"], "Наставники выпускников",
        targets=["siroty", "deti"], org=organisation("КРОО «Наставники»", "sonko", "Калининград"),
        stage="replicated", start=date(2022, 5, 1), topics=["наставничество"],
        indicators=[("dobrovolcy", 40), ("chasy", Decimal("1250.5"))],
        attachments=[make_document("Паспорт практики", b"%PDF-1.4 abc")],
        slug="nastavniki",
    )  # fmt: skip
    make_practice(regions["crimea"], "Другая практика")
    response = client.get(
        "/api/v2/pages/?type=practices.SuccessStoryPage&fields=*&region=kaliningrad"
    )
    assert response.status_code == 200
    data = response.json()
    assert data["meta"]["total_count"] == 1
    item = data["items"][0]
    assert item["id"] == practice.pk
    assert item["title"] == "Наставники выпускников"
    assert item["region"] == {"slug": "kaliningrad", "name": "Калининградская область"}
    assert item["organisation"]["name"] == "КРОО «Наставники»"
    assert item["organisation"]["org_type"] == "sonko"
    assert item["organisation"]["org_type_display"] == "СО НКО"
    assert [group["slug"] for group in item["target_groups"]] == ["deti", "siroty"]
    assert item["topics"] == ["наставничество"]
    assert item["stage"] == "replicated"
    assert item["period_start"] == "2022-05-01"
    assert item["period_end"] is None
    indicators = [
        (row["indicator"]["slug"], row["value"], row["unit"]) for row in item["indicators"]
    ]
    assert indicators == [("dobrovolcy", "40.00", "чел."), ("chasy", "1250.50", "ч")]
    attachment = item["attachments"][0]
    assert attachment["caption"] == "Паспорт практики"
    assert attachment["file_format"] == "PDF"
    assert attachment["file_size"] == 12
    assert attachment["url"].startswith("http://testserver/documents/")


def test_api_exposes_materials_and_hides_drafts(client, library, regions):
    make_material(
        regions["spb"], "Отчёт ресурсного центра", material_type="report",
        files=[make_document("Отчёт", b"%PDF-1.4 report", "pdf")], version="2024",
    )  # fmt: skip
    make_practice(regions["spb"], "Черновик", publish=False)
    data = client.get("/api/v2/pages/?type=practices.MethodMaterialPage&fields=*").json()
    assert data["meta"]["total_count"] == 1
    item = data["items"][0]
    assert item["material_type"] == "report"
    assert item["version"] == "2024"
    assert item["updated"] == "2025-01-15"
    assert item["files"][0]["file_format"] == "PDF"
    assert item["region"]["slug"] == "spb"
    practices = client.get("/api/v2/pages/?type=practices.SuccessStoryPage").json()
    assert practices["meta"]["total_count"] == 0


def test_api_region_filter_on_pages_without_a_region_returns_nothing(client, library, regions):
    make_practice(regions["karelia"], "Карельская практика")
    ok = client.get("/api/v2/pages/?type=practices.SuccessStoryPage&region=karelia").json()
    assert [item["title"] for item in ok["items"]] == ["Карельская практика"]
    response = client.get("/api/v2/pages/?region=karelia")
    assert response.status_code == 200
    assert response.json()["meta"]["total_count"] == 0
    assert client.get("/api/v2/pages/?type=practices.SuccessStoryPage&unknown=1").status_code == 400
    for bad in ["%00", "k" * 500, "Карелия", "<script>"]:
        response = client.get(f"/api/v2/pages/?type=practices.SuccessStoryPage&region={bad}")
        assert response.status_code == 200, bad
        assert response.json()["meta"]["total_count"] == 0, bad
