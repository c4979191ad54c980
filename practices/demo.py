"""Demo content of the practices library, called by `manage.py seed_demo` after
home's: the index pages and lists, organisations, 24 practices with indicators
over the four regions and 12 materials with real PDF/DOCX/XLSX files.

Pages are looked up by slug, so a second run changes nothing.
"""

import io
import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.rich_text import RichText

from PIL import Image as PILImage
from PIL import ImageDraw

from home.models import Region
from home.page_cache import bulk_changes

from .demo_data import MATERIALS, ORGANISATIONS, PRACTICES
from .demo_stories import STORIES
from .files import make_docx, make_pdf, make_xlsx
from .models import (
    Indicator,
    MaterialFile,
    MethodMaterialPage,
    Organisation,
    PracticeAttachment,
    PracticeIndicatorRow,
    ServiceType,
    SuccessStoryPage,
    TargetGroup,
)
from .setup import ensure_library

TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e e zh z i j k l m n o p r s t u f h c ch sh sch _ y _ e yu ya".split(),
        strict=True,
    )
)
COLORS = {
    "crimea": (28, 110, 140),
    "karelia": (46, 125, 50),
    "kaliningrad": (120, 72, 160),
    "spb": (179, 84, 30),
    "interregional": (11, 92, 138),
}


def slugify_ru(text, limit=70):
    letters = []
    for char in text.lower():
        if char in TRANSLIT:
            letters.append("" if TRANSLIT[char] == "_" else TRANSLIT[char])
        elif char.isascii() and char.isalnum():
            letters.append(char)
        else:
            letters.append("-")
    slug = "-".join(part for part in "".join(letters).split("-") if part)
    return slug[:limit].rstrip("-")


def _plural(number, one, few, many):
    """The Russian form of a noun after a number: 1 час, 2 часа, 5 часов, 21 час."""
    if number % 10 == 1 and number % 100 != 11:
        return one
    if 2 <= number % 10 <= 4 and not 12 <= number % 100 <= 14:
        return few
    return many


def _paragraph(text):
    return ("paragraph", RichText(f"<p>{text}</p>"))


def _cover(title, color, collection):
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    rng = random.Random(title)  # noqa: S311 - deterministic demo artwork
    width, height = 960, 540
    picture = PILImage.new("RGB", (width, height), color)
    draw = ImageDraw.Draw(picture)
    for _ in range(10):
        x, y, r = rng.randrange(width), rng.randrange(height), rng.randrange(30, 160)
        shade = tuple(min(255, c + rng.randrange(20, 90)) for c in color)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=shade)
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=80)
    image = Image(title=title, collection=collection)
    image.file = ImageFile(buffer, name=f"practice-{slugify_ru(title, 40)}.jpg")
    image.save()
    return image


def _document(title, fmt, paragraphs, collection, filename):
    existing = Document.objects.filter(title=title).first()
    if existing:
        return existing
    if fmt == "pdf":
        content = make_pdf(title, paragraphs)
    elif fmt == "docx":
        content = make_docx(title, paragraphs)
    else:
        rows = [["Показатель", "Янв", "Фев", "Мар", "Итого"]]
        rng = random.Random(title)  # noqa: S311 - deterministic demo numbers
        for name in ("Добровольцы, чел.", "Получатели услуг, чел.", "Часы услуг"):
            values = [rng.randrange(5, 120) for _ in range(3)]
            rows.append([name, *values, sum(values)])
        content = make_xlsx(title[:31], rows)
    document = Document(title=title, collection=collection)
    document.file.save(f"{filename}.{fmt}", ContentFile(content), save=False)
    document.save()
    return document


def _publish(page, parent, published_at):
    parent.add_child(instance=page)
    page.save_revision().publish()
    with bulk_changes():
        type(page).objects.filter(pk=page.pk).update(
            first_published_at=published_at, last_published_at=published_at
        )


def seed(command):
    out = command.stdout
    practice_index, material_index = ensure_library()
    out.write(f"Каталоги: {practice_index.url_path}, {material_index.url_path}")

    organisations = {}
    for key, (name, org_type, city, website, contacts) in ORGANISATIONS.items():
        organisations[key], _created = Organisation.objects.get_or_create(
            name=name,
            defaults={"org_type": org_type, "city": city, "website": website, "contacts": contacts},
        )
    groups = {group.slug: group for group in TargetGroup.objects.all()}
    services = {service.slug: service for service in ServiceType.objects.all()}
    indicators = {indicator.slug: indicator for indicator in Indicator.objects.all()}
    regions = {region.slug: region for region in Region.objects.all()}

    base_time = timezone.make_aware(datetime(2025, 9, 1, 10, 0))
    created = 0
    for number, row in enumerate(PRACTICES):
        (region_slug, org_key, title, targets, service_slugs, topics, start, end, stage,
         summary, problem, solution) = row  # fmt: skip
        slug = slugify_ru(title)
        if SuccessStoryPage.objects.filter(slug=slug).exists():
            continue
        region = regions[region_slug]
        story_resources, story_volunteers, story_lessons, quote, quote_author = STORIES[number]
        rng = random.Random(slug)  # noqa: S311 - deterministic demo numbers
        volunteers = rng.randrange(8, 90)
        recipients = volunteers * rng.randrange(2, 7)
        hours = recipients * rng.randrange(6, 30)
        page = SuccessStoryPage(
            title=title,
            slug=slug,
            summary=summary,
            organisation=organisations[org_key],
            period_start=date(*start, 1),
            period_end=date(*end, 28) if end else None,
            stage=stage,
            problem=[_paragraph(problem)],
            solution=[_paragraph(solution)],
            resources=[_paragraph(story_resources)],
            volunteers=[_paragraph(story_volunteers)],
            results=[
                _paragraph(
                    f"Итоги на 2025 год: число добровольцев — {volunteers}, получателей "
                    f"помощи — {recipients}, оказано {hours} "
                    f"{_plural(hours, 'час', 'часа', 'часов')} услуг."
                ),
                ("quote", {"text": quote, "author": quote_author}),
            ],
            lessons=[_paragraph(story_lessons)],
            cover_image=_cover(title, COLORS[region_slug], region.collection),
            cover_alt=f"Иллюстрация к практике «{title}»",
            search_description=summary[:160],
        )
        page.target_groups = [groups[slug_] for slug_ in targets]
        page.service_types = [services[slug_] for slug_ in service_slugs]
        page.tags.add(*topics)
        period = f"{start[0]}–2025" if start[0] < 2025 else "2025"
        page.indicators = [
            PracticeIndicatorRow(indicator=indicators["dobrovolcy"], value=volunteers,
                                 unit="чел.", period=period),
            PracticeIndicatorRow(indicator=indicators["poluchateli"], value=recipients,
                                 unit="чел.", period=period),
            PracticeIndicatorRow(indicator=indicators["chasy"], value=Decimal(hours),
                                 unit="ч", period=period),
        ]  # fmt: skip
        if number % 3 == 0:
            document = _document(
                f"Паспорт практики: {title}",
                "pdf",
                [summary, f"Проблема. {problem}", f"Решение. {solution}", story_volunteers],
                region.collection,
                f"pasport-{slug[:40]}",
            )
            page.attachments = [PracticeAttachment(document=document, title="Паспорт практики")]
        _publish(page, region.hub, base_time - timedelta(days=9 * number + rng.randrange(5)))
        created += 1
    out.write(f"Практики: создано {created}, всего {SuccessStoryPage.objects.count()}")

    created = 0
    for number, row in enumerate(MATERIALS):
        (region_slug, slug, title, material_type, audience, targets, topics, version,
         updated, summary, paragraphs, files) = row  # fmt: skip
        if MethodMaterialPage.objects.filter(slug=slug).exists():
            continue
        region = regions[region_slug]
        page = MethodMaterialPage(
            title=title,
            slug=slug,
            summary=summary,
            material_type=material_type,
            audience=audience,
            version=version,
            updated=date(*updated),
            description=[_paragraph(text) for text in paragraphs],
            search_description=summary[:160],
        )
        page.target_groups = [groups[slug_] for slug_ in targets]
        page.tags.add(*topics)
        page.files = [
            MaterialFile(
                document=_document(
                    f"{title} — {caption}", fmt, [summary, *paragraphs], region.collection,
                    f"{slug[:40]}-{index}",
                ),
                title=caption,
            )
            for index, (fmt, caption) in enumerate(files)
        ]  # fmt: skip
        _publish(page, region.hub, base_time - timedelta(days=11 * number + 3))
        created += 1
    out.write(f"Материалы: создано {created}, всего {MethodMaterialPage.objects.count()}")
