"""Fixtures of the practices library: the index pages, lists and a quick way to
publish practices and materials under a region's hub."""

import io
import itertools
from datetime import date, datetime, timedelta

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from wagtail.documents.models import Document

import pytest

from home.models import Region
from practices.models import (
    Indicator,
    MaterialFile,
    MethodMaterialPage,
    Organisation,
    PracticeAttachment,
    PracticeIndicatorRow,
    SuccessStoryPage,
    TargetGroup,
)
from practices.setup import ensure_library

_counter = itertools.count(1)
BASE_TIME = timezone.make_aware(datetime(2025, 6, 1, 12, 0))


@pytest.fixture
def library(regions, home_page):
    """The two index pages (/practices/, /materials/) and the starting lists."""
    practices, materials = ensure_library(home_page)
    return {"practices": practices, "materials": materials}


@pytest.fixture
def interregional(regions, home_page):
    """The project-level section, set up like the regions."""
    region = Region.objects.create(
        slug="interregional", name="Межрегиональный раздел", is_interregional=True
    )
    call_command("setup_regions", stdout=io.StringIO())
    region.refresh_from_db()
    return region


def organisation(name="АНО «Рука помощи»", org_type="sonko", city="Симферополь"):
    org, _created = Organisation.objects.get_or_create(
        name=name, defaults={"org_type": org_type, "city": city}
    )
    return org


def make_document(title="Паспорт практики", content=b"%PDF-1.4 test", ext="pdf"):
    document = Document(title=title)
    document.file.save(f"file-{next(_counter)}.{ext}", ContentFile(content), save=False)
    document.save()
    return document


def make_practice(
    region,
    title,
    targets=("deti",),
    org=None,
    stage="implemented",
    start=date(2024, 1, 1),
    topics=(),
    indicators=(),
    published_days_ago=0,
    attachments=(),
    publish=True,
    **fields,
):
    """Publish a practice under the region's hub, as an editor would."""
    number = next(_counter)
    page = SuccessStoryPage(
        title=title,
        slug=fields.pop("slug", f"practice-{number}"),
        summary=fields.pop("summary", f"Кратко о практике «{title}»."),
        organisation=org or organisation(),
        stage=stage,
        period_start=start,
        live=publish,
        **fields,
    )
    page.target_groups = list(TargetGroup.objects.filter(slug__in=targets))
    page.tags.add(*topics)
    page.indicators = [
        PracticeIndicatorRow(indicator=Indicator.objects.get(slug=slug), value=value)
        for slug, value in indicators
    ]
    page.attachments = [PracticeAttachment(document=document) for document in attachments]
    region.hub.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
        when = BASE_TIME - timedelta(days=published_days_ago)
        SuccessStoryPage.objects.filter(pk=page.pk).update(
            first_published_at=when, last_published_at=when
        )
    page.refresh_from_db()
    return page


def make_material(
    region,
    title,
    material_type="guidelines",
    targets=(),
    updated=date(2025, 1, 15),
    files=(),
    published_days_ago=0,
    **fields,
):
    number = next(_counter)
    page = MethodMaterialPage(
        title=title,
        slug=fields.pop("slug", f"material-{number}"),
        summary=fields.pop("summary", f"О материале «{title}»."),
        material_type=material_type,
        updated=updated,
        **fields,
    )
    page.target_groups = list(TargetGroup.objects.filter(slug__in=targets))
    page.files = [MaterialFile(document=document) for document in files]
    region.hub.add_child(instance=page)
    page.save_revision().publish()
    when = BASE_TIME - timedelta(days=published_days_ago)
    MethodMaterialPage.objects.filter(pk=page.pk).update(
        first_published_at=when, last_published_at=when
    )
    page.refresh_from_db()
    return page
