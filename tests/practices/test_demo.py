"""`manage.py seed_demo` lays down the library's demo content once, with real
files, and every page it makes renders."""

import io
import zipfile

from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from wagtail.documents.models import Document

import pytest

from home.models import Region
from practices.files import make_pdf
from practices.models import MethodMaterialPage, PracticeIndicatorRow, SuccessStoryPage

# Wagtail's rendition code leaves a SpooledTemporaryFile for the garbage
# collector; Python reports it as an unraisable ResourceWarning.
pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


def _file_bytes(document):
    with document.file.open("rb") as handle:
        return handle.read()


def test_seed_demo_creates_the_library_once_and_every_page_renders(client, db):
    call_command("seed_demo", stdout=io.StringIO())
    counts = (
        SuccessStoryPage.objects.count(),
        MethodMaterialPage.objects.count(),
        Document.objects.count(),
        PracticeIndicatorRow.objects.count(),
    )
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "Практики: создано 0, всего 24" in out.getvalue()
    assert counts == (
        SuccessStoryPage.objects.count(),
        MethodMaterialPage.objects.count(),
        Document.objects.count(),
        PracticeIndicatorRow.objects.count(),
    )

    practices = SuccessStoryPage.objects.live()
    assert practices.count() >= 24
    for slug in ["crimea", "karelia", "kaliningrad", "spb"]:
        assert practices.filter(region=Region.objects.get(slug=slug)).count() >= 5
    assert practices.filter(target_groups__slug="deti").count() >= 8
    assert practices.filter(target_groups__slug="starshee-pokolenie").count() >= 8
    assert all(page.indicators.count() >= 3 for page in practices)

    materials = MethodMaterialPage.objects.live()
    assert materials.count() >= 12
    formats = {}
    for material in materials:
        assert material.files.exists(), material.title
        for row in material.files.select_related("document"):
            content = _file_bytes(row.document)
            extension = row.document.file_extension
            formats[extension] = formats.get(extension, 0) + 1
            if extension == "pdf":
                assert content.startswith(b"%PDF-")
            else:
                archive = zipfile.ZipFile(io.BytesIO(content))
                part = "word/document.xml" if extension == "docx" else "xl/worksheets/sheet1.xml"
                assert "[Content_Types].xml" in archive.namelist()
                text = archive.read(part).decode("utf-8")
                assert any("а" <= char <= "я" for char in text.lower())
    assert set(formats) == {"pdf", "docx", "xlsx"}

    for url in ["/", "/practices/", "/materials/", "/karelia/", "/interregional/"]:
        assert client.get(url).status_code == 200, url
    for page in list(practices) + list(materials):
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert page.title in response.content.decode()
    hub = client.get("/karelia/").content.decode()
    assert "Результаты практик региона" in hub
    assert "Число добровольцев" in hub


def test_pdf_generation_names_the_missing_font_package(settings):
    settings.PRACTICES_PDF_FONT = "/nonexistent/DejaVuSans.ttf"
    with pytest.raises(ImproperlyConfigured) as error:
        make_pdf("Проверка", ["Текст"])
    assert "fonts-dejavu-core" in str(error.value)
    assert "/nonexistent/DejaVuSans.ttf" in str(error.value)
