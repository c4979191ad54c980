"""Demo content for the portal's base: regions, hubs, people, a few pages.

Run through `manage.py seed_demo`, which calls `seed()` of every app that has a
`demo` module (home first). Everything is looked up by a natural key, so a
second run changes nothing.
"""

import io
import random

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.db import connection

from wagtail.images.models import Image
from wagtail.rich_text import RichText

from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from .models import ContentPage, HomePage, PortalSettings, Region, RegionPage
from .regions import ensure_home_page, setup_region

DEMO_PASSWORD = "demo-portal-2026"  # noqa: S105 - documented dev-only demo password
ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "admin-portal-2026"  # noqa: S105 - documented dev-only demo password

REGIONS = [
    {
        "slug": "crimea",
        "name": "Республика Крым",
        "name_locative": "в Республике Крым",
        "time_zone": "Europe/Simferopol",
        "sort_order": 10,
        "color": (28, 110, 140),
        "intro": (
            "В Крыму добровольцы помогают социальным службам Симферополя, Ялты и "
            "Евпатории: сопровождают одиноких пожилых людей, проводят занятия для детей "
            "из семей в трудной жизненной ситуации и помогают центрам социального "
            "обслуживания в доставке продуктов и лекарств."
        ),
        "contacts": "Региональный координатор программы — Ольга Викторовна Лысенко, "
        "тел. +7 (3652) 55-12-40, crimea@dobro-social.example",
    },
    {
        "slug": "karelia",
        "name": "Республика Карелия",
        "name_locative": "в Республике Карелия",
        "time_zone": "Europe/Moscow",
        "sort_order": 20,
        "color": (46, 125, 50),
        "intro": (
            "В Карелии программа объединяет добровольцев Петрозаводска, Кондопоги и "
            "Сортавалы. Особое внимание — пожилым людям в отдалённых посёлках: "
            "волонтёры навещают их, помогают с дровами и связью с врачами."
        ),
        "contacts": "Региональный координатор программы — Антон Сергеевич Кононов, "
        "тел. +7 (8142) 33-08-17, karelia@dobro-social.example",
    },
    {
        "slug": "kaliningrad",
        "name": "Калининградская область",
        "name_locative": "в Калининградской области",
        "time_zone": "Europe/Kaliningrad",
        "sort_order": 30,
        "color": (120, 72, 160),
        "intro": (
            "В Калининградской области добровольцы работают вместе с комплексными "
            "центрами социального обслуживания и некоммерческими организациями: "
            "наставничество для воспитанников детских домов, «серебряные» волонтёры, "
            "помощь семьям с детьми-инвалидами."
        ),
        "contacts": "Региональный координатор программы — Марина Андреевна Штольц, "
        "тел. +7 (4012) 60-44-21, kaliningrad@dobro-social.example",
    },
    {
        "slug": "spb",
        "name": "Санкт-Петербург",
        "name_locative": "в Санкт-Петербурге",
        "time_zone": "Europe/Moscow",
        "sort_order": 40,
        "color": (179, 84, 30),
        "intro": (
            "Санкт-Петербург — площадка стажировок программы: специалисты из других "
            "регионов знакомятся здесь с работой ресурсных центров добровольчества, "
            "домов-интернатов и районных центров социального обслуживания."
        ),
        "contacts": "Региональный координатор программы — Дмитрий Павлович Орлов, "
        "тел. +7 (812) 409-77-15, spb@dobro-social.example",
    },
    {
        "slug": "interregional",
        "name": "Межрегиональный раздел",
        "name_locative": "в межрегиональном разделе",
        "time_zone": "Europe/Moscow",
        "sort_order": 90,
        "is_interregional": True,
        "color": (11, 92, 138),
        "intro": (
            "Общие материалы программы для всех регионов: методические рекомендации, "
            "типовые формы, итоги межрегиональной конференции и стажировок."
        ),
        "contacts": "Проектный офис программы, info@dobro-social.example",
    },
]

HOME_INTRO = (
    "<p>Профессиональное интернет-сообщество программы добровольческих социальных "
    "услуг <b>детям и людям старшего поколения</b>. Здесь специалисты социально "
    "ориентированных НКО и государственных учреждений, добровольцы и эксперты "
    "Республики Крым, Республики Карелия, Калининградской области и "
    "Санкт-Петербурга делятся успешными практиками, обсуждают трудные вопросы и "
    "готовятся к конференциям и стажировкам.</p>"
)

ABOUT_BODY = [
    (
        "paragraph",
        RichText(
            "<p>Программа развивает добровольческую (волонтёрскую) деятельность в сфере "
            "социального обслуживания: добровольцы помогают социально ориентированным "
            "некоммерческим организациям (СО НКО) и государственным и муниципальным "
            "учреждениям (ГУ/МУ) оказывать дополнительные социальные услуги детям и "
            "людям старшего поколения.</p>"
        ),
    ),
    ("heading", "Что есть на портале"),
    (
        "paragraph",
        RichText(
            "<ul><li>библиотека успешных практик регионов с результатами;</li>"
            "<li>методические материалы и типовые формы документов;</li>"
            "<li>форум и консультации экспертов;</li>"
            "<li>регистрация на межрегиональную конференцию в Крыму и стажировки в "
            "Санкт-Петербурге.</li></ul>"
        ),
    ),
]


FONT_PATHS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
]


def refresh_planner_statistics(models):
    """Let PostgreSQL's planner see what a bulk load just wrote into `models`' tables.

    Until autovacuum comes by, the planner sizes each table by its last statistics,
    which may say "empty" while the demo has just written thousands of rows; it then
    joins them by nested loops over full scans, and a results query over the demo's
    reports took minutes. ANALYZE counts the rows the current transaction inserted
    too, so this also helps inside a test's transaction. Only the tables named: the
    whole database took up to 30 s. Other databases: nothing.
    """
    if connection.vendor != "postgresql":
        return
    tables = sorted({connection.ops.quote_name(model._meta.db_table) for model in models})
    if tables:
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(tables)}")


def _cyrillic_font(size):
    for path in FONT_PATHS:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return None


def _make_image(title, color, collection):
    """A cover image drawn with Pillow (no downloads), reused on later runs."""
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    rng = random.Random(title)  # noqa: S311 - deterministic demo artwork
    width, height = 1200, 675
    picture = PILImage.new("RGB", (width, height), color)
    draw = ImageDraw.Draw(picture)
    for _ in range(14):
        x, y = rng.randrange(width), rng.randrange(height)
        r = rng.randrange(40, 220)
        shade = tuple(min(255, c + rng.randrange(20, 90)) for c in color)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=shade)
    font = _cyrillic_font(36)
    if font is not None:  # Pillow's built-in font has no Cyrillic glyphs
        draw.rectangle((0, height - 90, width, height), fill=(255, 255, 255))
        draw.text((40, height - 68), title, fill=(20, 20, 20), font=font)
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=82)
    image = Image(title=title, collection=collection)
    image.file = ImageFile(buffer, name=f"demo-{rng.randrange(10**8)}.jpg")
    image.save()
    return image


def _ensure_user(username, email, first_name, last_name, groups=(), **flags):
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, email=email, first_name=first_name, last_name=last_name)
        for key, value in flags.items():
            setattr(user, key, value)
        user.set_password(ADMIN_PASSWORD if flags.get("is_superuser") else DEMO_PASSWORD)
        user.save()
    for group in groups:
        user.groups.add(group)
    return user


PEOPLE = {
    "crimea": (("Елена", "Коваленко"), ("Сергей", "Бондаренко")),
    "karelia": (("Анна", "Лехтинен"), ("Игорь", "Мякинен")),
    "kaliningrad": (("Наталья", "Гаврилова"), ("Виктор", "Зайцев")),
    "spb": (("Мария", "Соколова"), ("Алексей", "Петров")),
    "interregional": (("Татьяна", "Воронцова"), ("Павел", "Еремеев")),
}


def seed(command):
    out = command.stdout
    home = ensure_home_page()
    if not home.intro:
        home.intro = HOME_INTRO
        home.save_revision().publish()
        out.write("Главная страница: вступление добавлено")

    _ensure_user(
        ADMIN_USERNAME,
        "admin@dobro-social.example",
        "Администратор",
        "портала",
        is_staff=True,
        is_superuser=True,
    )

    for data in REGIONS:
        region, created = Region.objects.get_or_create(
            slug=data["slug"],
            defaults={
                "name": data["name"],
                "name_locative": data["name_locative"],
                "time_zone": data["time_zone"],
                "sort_order": data["sort_order"],
                "is_interregional": data.get("is_interregional", False),
            },
        )
        hub = setup_region(region, home)
        region.refresh_from_db()
        if hub.title != region.name or not hub.intro:
            hub.title = region.name
            hub.intro = f"<p>{data['intro']}</p>"
            hub.contacts = f"<p>{data['contacts']}</p>"
            hub.search_description = data["intro"].split(":")[0][:160]
            hub.image = _make_image(region.name, data["color"], region.collection)
            hub.show_in_menus = True
            hub.save_revision().publish()
        editor_name, moderator_name = PEOPLE[region.slug]
        _ensure_user(
            f"editor-{region.slug}",
            f"editor-{region.slug}@dobro-social.example",
            *editor_name,
            groups=[region.editors_group],
        )
        _ensure_user(
            f"moderator-{region.slug}",
            f"moderator-{region.slug}@dobro-social.example",
            *moderator_name,
            groups=[region.moderators_group],
        )
        out.write(f"Регион «{region.name}»: {'создан' if created else 'уже есть'}")

    about = ContentPage.objects.filter(slug="about").first()
    if about is None:
        about = ContentPage(
            title="О программе",
            slug="about",
            summary="Зачем нужна программа, кто в ней участвует и что есть на портале.",
            body=ABOUT_BODY,
            show_in_menus=True,
        )
        home.add_child(instance=about)
        about.save_revision().publish()
        out.write("Страница «О программе» создана")

    portal_settings = PortalSettings.for_site(home.get_site())
    if not portal_settings.contact_email:
        portal_settings.contact_email = "info@dobro-social.example"
        portal_settings.contact_phone = "+7 (800) 555-35-35"
        portal_settings.footer_text = (
            "Оператор портала — проектный офис программы. Персональные данные "
            "обрабатываются и хранятся на серверах в Российской Федерации (152-ФЗ)."
        )
        portal_settings.save()


__all__ = ["seed", "HomePage", "RegionPage"]
