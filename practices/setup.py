"""The library's fixed parts: the two index pages under the home page and the
starting entries of its editable lists. Idempotent (`manage.py setup_library`)."""

from django.db import transaction

from home.models import HomePage, Region
from organisations.signals import grant_organisation_permissions

from .models import Indicator, MaterialIndexPage, PracticeIndexPage, ServiceType, TargetGroup
from .signals import grant_library_permissions

TARGET_GROUPS = [
    ("deti", "Дети"),
    ("semi-s-detmi", "Семьи с детьми"),
    ("starshee-pokolenie", "Люди старшего поколения"),
    ("invalidnost", "Люди с инвалидностью"),
    ("siroty", "Дети-сироты и дети без попечения родителей"),
]
SERVICE_TYPES = [
    ("bytovye", "Социально-бытовые услуги"),
    ("psihologicheskie", "Социально-психологические услуги"),
    ("pedagogicheskie", "Социально-педагогические услуги"),
    ("medicinskie", "Социально-медицинские услуги"),
    ("dosug", "Досуг и социокультурные услуги"),
    ("kommunikativnye", "Повышение коммуникативного потенциала"),
]
INDICATORS = [
    ("dobrovolcy", "Число добровольцев", "чел."),
    ("poluchateli", "Число получателей услуг", "чел."),
    ("chasy", "Объём услуг", "ч"),
    ("meropriyatiya", "Число мероприятий", "ед."),
]
INDEX_PAGES = [
    (
        PracticeIndexPage,
        "practices",
        "Успешные практики",
        "<p>Практики добровольческих социальных услуг детям и людям старшего поколения "
        "из регионов программы: кто их реализует, как устроена работа добровольцев и "
        "каких результатов удалось добиться.</p>",
    ),
    (
        MaterialIndexPage,
        "materials",
        "Методические материалы",
        "<p>Методические рекомендации, типовые формы документов, учебно-методические "
        "комплексы и аналитические отчёты программы. Все файлы можно скачать "
        "бесплатно.</p>",
    ),
]


def ensure_lists():
    for model, rows in ((TargetGroup, TARGET_GROUPS), (ServiceType, SERVICE_TYPES)):
        for order, (slug, name) in enumerate(rows):
            model.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": order})
    for order, (slug, name, unit) in enumerate(INDICATORS):
        Indicator.objects.get_or_create(
            slug=slug, defaults={"name": name, "default_unit": unit, "sort_order": order}
        )


@transaction.atomic
def ensure_library(home=None):
    """Create what is missing; returns (practice index, material index)."""
    home = home or HomePage.objects.first()
    ensure_lists()
    # Regions set up before this app was installed get their permissions here.
    for region in Region.objects.select_related("editors_group", "moderators_group"):
        grant_library_permissions(region)
        grant_organisation_permissions(region)
    pages = []
    for model, slug, title, intro in INDEX_PAGES:
        page = model.objects.first()
        if page is None and home is not None:
            page = model(title=title, slug=slug, intro=intro, show_in_menus=True)
            home.add_child(instance=page)
            page.save_revision().publish()
        pages.append(page)
    return tuple(pages)
