"""What readers see on a practice, a material, a region hub and the home page;
how the pages are built (region from the tree, help text, search document)."""

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError

from wagtail.rich_text import RichText

import pytest

from practices.models import (
    Indicator,
    MaterialFile,
    MethodMaterialPage,
    Organisation,
    PracticeAttachment,
    PracticeIndicatorRow,
    PracticeRelatedLink,
    ServiceType,
    SuccessStoryPage,
    TargetGroup,
)
from tests.practices.conftest import make_document, make_material, make_practice, organisation


@pytest.fixture
def practice(library, regions):
    return make_practice(
        regions["karelia"],
        "Тёплый дом",
        targets=["starshee-pokolenie", "invalidnost"],
        org=organisation("КРОО «Северное сияние»", "sonko", "Петрозаводск"),
        stage="evaluated",
        start=date(2022, 10, 1),
        topics=["сельские территории"],
        indicators=[("dobrovolcy", 12), ("chasy", Decimal("340.5"))],
        attachments=[make_document("Паспорт «Тёплого дома»")],
        slug="teplyj-dom",
        summary="Бригады добровольцев готовят дрова для пожилых жителей посёлков.",
        problem=[("paragraph", RichText("<p>Пожилые люди не справляются с дровами.</p>"))],
        lessons=[("heading", "Главный урок"), ("quote", {"text": "Начинайте с малого", "author": ""})],
    )  # fmt: skip


def test_practice_page_shows_its_passport_sections_indicators_and_attachments(client, practice):
    response = client.get("/karelia/teplyj-dom/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Тёплый дом</h1>" in html
    assert "Паспорт практики" in html
    assert "Республика Карелия" in html
    assert "КРОО «Северное сияние» (СО НКО), Петрозаводск" in html
    assert "Люди старшего поколения, Люди с инвалидностью" in html
    assert "Оценена" in html
    assert "<h2>Проблема</h2>" in html
    assert "Пожилые люди не справляются с дровами." in html
    assert "<h2>Уроки и советы</h2>" in html
    assert "<h2>Ресурсы</h2>" not in html  # empty sections are left out
    assert re.search(r"Число добровольцев</td><td>12 чел\.", html)
    assert re.search(r"Объём услуг</td><td>340,5 ч", html)
    document = practice.attachments.get().document
    assert f'href="{document.url}"' in html
    assert "PDF, 13\xa0байт" in html  # format and size of the attachment


def test_practice_page_has_open_graph_share_links_feeds_and_print_style(client, practice):
    html = client.get("/karelia/teplyj-dom/").content.decode()
    assert '<meta property="og:title" content="Тёплый дом">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:url" content="http://localhost/karelia/teplyj-dom/">' in html
    assert 'property="og:description" content="Бригады добровольцев' in html
    encoded = "http%3A%2F%2Flocalhost%2Fkarelia%2Fteplyj-dom%2F"
    assert f"https://vk.com/share.php?url={encoded}" in html
    assert f"https://t.me/share/url?url={encoded}" in html
    assert f"https://connect.ok.ru/offer?url={encoded}" in html
    assert (
        f"mailto:?subject=%D0%A2%D1%91%D0%BF%D0%BB%D1%8B%D0%B9%20%D0%B4%D0%BE%D0%BC&amp;body={encoded}"
        in html
    )
    assert "<script" not in html.split("<footer")[0].split("</header>")[1]
    assert 'media="print"' in html and "practices/print.css" in html
    assert 'rel="alternate" type="application/rss+xml"' in html
    assert 'href="/feeds/practices/karelia/rss/"' in html
    assert 'href="/feeds/practices/atom/"' in html


# Wagtail's rendition code leaves a SpooledTemporaryFile for the garbage
# collector; Python reports it as an unraisable ResourceWarning.
RENDITION_WARNING = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


@RENDITION_WARNING
def test_practice_page_with_cover_gives_an_open_graph_image(client, practice):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    image = Image.objects.create(title="Дрова", file=get_test_image_file())
    practice.cover_image = image
    practice.cover_alt = "Добровольцы складывают дрова"
    practice.save_revision().publish()
    html = client.get("/karelia/teplyj-dom/").content.decode()
    assert re.search(r'<meta property="og:image" content="http://testserver/[^"]+\.png">', html)
    assert 'alt="Добровольцы складывают дрова"' in html


def test_print_stylesheet_sets_a4_and_hides_navigation(client, practice):
    from django.contrib.staticfiles import finders

    css = Path(finders.find("practices/print.css")).read_text(encoding="utf-8")
    assert "size: A4" in css
    assert ".site-header" in css and ".share" in css and "display: none" in css


def test_related_pages_are_linked_when_live(client, practice, regions):
    other = make_practice(regions["crimea"], "Добрый звонок", slug="dobryj-zvonok")
    material = make_material(regions["crimea"], "Памятка", slug="pamyatka")
    PracticeRelatedLink.objects.create(source=practice, page=other, sort_order=0)
    PracticeRelatedLink.objects.create(source=practice, page=material, sort_order=1)
    other.unpublish()
    html = client.get("/karelia/teplyj-dom/").content.decode()
    assert "Смотрите также" in html
    assert 'href="/crimea/pamyatka/">Памятка</a>' in html
    assert "Добрый звонок" not in html


def test_material_page_shows_type_files_with_format_and_size(client, library, regions):
    pdf = make_document("Рекомендации", b"%PDF-1.4 " + b"x" * 2048)
    xlsx = make_document("Форма учёта", b"PK" + b"y" * 100, ext="xlsx")
    material = make_material(
        regions["spb"], "Рекомендации по набору добровольцев", files=[pdf, xlsx],
        slug="rekomendacii", version="2-е издание", targets=["deti"],
    )  # fmt: skip
    MaterialFile.objects.filter(page=material, document=xlsx).update(title="Форма (XLSX)")
    html = client.get("/spb/rekomendacii/").content.decode()
    assert "Методические рекомендации" in html
    assert "2-е издание" in html
    assert "Специалисты СО НКО и ГУ/МУ" in html
    assert re.search(r">Рекомендации</a>\s*<span class=\"file-list__meta\">PDF, 2,0\s*КБ", html)
    assert re.search(r">Форма \(XLSX\)</a>\s*<span class=\"file-list__meta\">XLSX, 102", html)


def test_practice_gets_its_region_from_the_hub_and_follows_a_move(practice, regions):
    assert practice.region == regions["karelia"]
    practice.move(regions["crimea"].hub, pos="last-child")
    practice.refresh_from_db()
    assert practice.region == regions["crimea"]


def test_interregional_practice_belongs_to_the_interregional_section(library, interregional):
    page = make_practice(interregional, "Межрегиональная стажировка")
    assert page.region == interregional


def test_period_end_before_start_is_refused(practice):
    practice.period_end = date(2020, 1, 1)
    with pytest.raises(ValidationError) as error:
        practice.full_clean()
    assert "Окончание не может быть раньше начала" in str(error.value)


def test_search_documents_describe_practices_and_materials(practice, regions):
    document = practice.search_document()
    assert document["kind"] == "practice"
    assert document["title"] == "Тёплый дом"
    assert document["summary"].startswith("Бригады добровольцев")
    assert "Пожилые люди не справляются с дровами." in document["body"]
    assert "КРОО «Северное сияние»" in document["body"]
    assert "Начинайте с малого" in document["body"]
    assert document["region"] == regions["karelia"]
    assert sorted(document["target_groups"]) == ["Люди с инвалидностью", "Люди старшего поколения"]
    assert document["date"] is not None

    material = make_material(
        regions["spb"], "Типовое соглашение", material_type="form", targets=["deti"],
        description=[("paragraph", RichText("<p>Соглашение по <b>135-ФЗ</b>.</p>"))],
    )  # fmt: skip
    document = material.search_document()
    assert document["kind"] == "material"
    assert "Соглашение по 135-ФЗ." in document["body"]
    assert "Типовая форма" in document["body"]
    assert document["target_groups"] == ["Дети"]
    assert document["date"] == date(2025, 1, 15)
    assert document["region"] == regions["spb"]


def test_hub_shows_its_latest_practices_materials_and_summed_indicators(client, library, regions):
    karelia, crimea = regions["karelia"], regions["crimea"]
    make_practice(
        karelia,
        "Первая",
        indicators=[("dobrovolcy", 10), ("chasy", Decimal("12.5"))],
        published_days_ago=3,
    )
    make_practice(
        karelia, "Вторая", indicators=[("dobrovolcy", 5), ("poluchateli", 40)], published_days_ago=2
    )
    make_practice(karelia, "Третья", indicators=[("chasy", Decimal("7.5"))], published_days_ago=1)
    make_practice(karelia, "Четвёртая", indicators=[("dobrovolcy", 1000)], publish=False)
    make_practice(crimea, "Крымская", indicators=[("dobrovolcy", 500)])
    make_material(karelia, "Регламент выездной бригады")
    html = client.get("/karelia/").content.decode()
    assert "Третья" in html and "Вторая" in html and "Первая" in html
    assert "Крымская" not in html and "Четвёртая" not in html
    assert html.index("Третья") < html.index("Вторая") < html.index("Первая")
    assert re.search(r"Число добровольцев</td><td>15 чел\.", html)
    assert re.search(r"Число получателей услуг</td><td>40 чел\.", html)
    assert re.search(r"Объём услуг</td><td>20 ч", html)
    assert "Регламент выездной бригады" in html
    assert 'href="/practices/?region=karelia"' in html
    assert "Практики региона появятся здесь" not in html

    empty = client.get("/spb/").content.decode()
    assert "Практики региона появятся здесь." in empty
    assert "Материалы региона появятся здесь." in empty


def test_home_page_lists_the_newest_practices(client, library, regions):
    assert "Здесь появятся новые успешные практики" in client.get("/").content.decode()
    for number, slug in enumerate(["crimea", "karelia", "kaliningrad", "spb"]):
        make_practice(regions[slug], f"Практика {slug}", published_days_ago=number)
    html = client.get("/").content.decode()
    assert "Практика crimea" in html and "Практика karelia" in html
    assert "Практика kaliningrad" in html
    assert "Практика spb" not in html  # three newest only


MODELS_WITH_HELP = [
    SuccessStoryPage,
    MethodMaterialPage,
    Organisation,
    TargetGroup,
    ServiceType,
    Indicator,
    PracticeIndicatorRow,
    PracticeAttachment,
    MaterialFile,
    PracticeRelatedLink,
]


@pytest.mark.parametrize("model", MODELS_WITH_HELP, ids=lambda model: model.__name__)
def test_every_field_editors_fill_in_has_russian_help_text(model):
    from modelcluster.fields import ParentalKey
    from wagtail.models import Orderable, Page

    inherited = {field.name for field in Page._meta.get_fields()} | {
        field.name for field in Orderable._meta.get_fields()
    }
    own = [
        field
        for field in model._meta.get_fields()
        if getattr(field, "editable", False)
        and not field.auto_created
        and field.name not in inherited
        and not isinstance(field, ParentalKey)
    ]
    assert own, model
    for field in own:
        help_text = str(field.help_text)
        assert re.search("[а-яА-Я]", help_text), f"{model.__name__}.{field.name}"


def test_editor_sees_russian_help_text_in_the_add_form(client, library, people, regions):
    client.force_login(people["karelia"]["editor"])
    response = client.get(
        f"/admin/pages/add/practices/successstorypage/{regions['karelia'].hub.pk}/"
    )
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "Два-три предложения для карточек",
        "Описана → внедрена → оценена → тиражирована",
        "Для кого практика: отметьте все подходящие группы",
        "Что изменилось; цифры — в «Показателях»",
        "Число без пробелов",
    ]:
        assert text in html
