"""Demo organisations: the practices' organisations get their regions, and every
region gets more СО НКО and ГУ/МУ, a resource centre (accelerator) and an
authority — over forty in all. Participants get a demo representative
(`rep-<region>`, password demo-portal-2026). Safe to re-run."""

import random

from django.contrib.auth import get_user_model
from django.db.models import Count

from accounts.demo import demo_member
from home.models import Region
from home.page_cache import bulk_changes
from practices.models import ServiceType, SuccessStoryPage, TargetGroup

from .models import Membership, Organisation, OrganisationType

T = OrganisationType

# region slug: [(name, type, city, participant)]
MORE = {
    "crimea": [
        ("Ресурсный центр поддержки СО НКО Республики Крым", T.RESOURCE, "Симферополь", False),
        (
            "Министерство труда и социальной защиты Республики Крым",
            T.AUTHORITY,
            "Симферополь",
            False,
        ),
        ("АНО «Тёплый дом Феодосии»", T.NGO, "Феодосия", True),
        (
            "Крымская республиканская общественная организация «Серебряные волонтёры»",
            T.NGO,
            "Симферополь",
            True,
        ),
        ("ГБУ РК «Керченский центр социального обслуживания»", T.STATE, "Керчь", True),
        ("МБУ «Центр помощи семье и детям г. Алушты»", T.MUNICIPAL, "Алушта", True),
        ("АНО «Добрые руки Бахчисарая»", T.NGO, "Бахчисарай", False),
        ("ГБУ РК «Джанкойский центр социальных служб»", T.STATE, "Джанкой", True),
    ],
    "karelia": [
        ("Центр поддержки некоммерческих организаций Карелии", T.RESOURCE, "Петрозаводск", False),
        ("Министерство социальной защиты Республики Карелия", T.AUTHORITY, "Петрозаводск", False),
        ("АНО «Онежские добровольцы»", T.NGO, "Петрозаводск", True),
        ("ГБУ СО РК «КЦСОН Кондопожского района»", T.STATE, "Кондопога", True),
        ("МБУ «Центр семьи г. Сегежи»", T.MUNICIPAL, "Сегежа", True),
        ("Карельское отделение «Старшее поколение»", T.NGO, "Медвежьегорск", True),
        ("АНО «Лодейное поле добра»", T.NGO, "Олонец", False),
        ("ГБУ СО РК «КЦСОН Костомукшского городского округа»", T.STATE, "Костомукша", True),
    ],
    "kaliningrad": [
        (
            "Ресурсный центр добровольчества Калининградской области",
            T.RESOURCE,
            "Калининград",
            False,
        ),
        (
            "Министерство социальной политики Калининградской области",
            T.AUTHORITY,
            "Калининград",
            False,
        ),
        ("АНО «Балтийский берег»", T.NGO, "Балтийск", True),
        ("ГБУСО КО «КЦСОН Черняховского округа»", T.STATE, "Черняховск", True),
        ("МБУ «Центр помощи семье г. Гусева»", T.MUNICIPAL, "Гусев", True),
        ("Калининградская общественная организация «Бабушки и внуки»", T.NGO, "Калининград", True),
        ("АНО «Зеленоградские соседи»", T.NGO, "Зеленоградск", False),
        ("ГБУСО КО «КЦСОН Светлогорского округа»", T.STATE, "Светлогорск", True),
    ],
    "spb": [
        (
            "Ресурсный центр развития социальных НКО Санкт-Петербурга",
            T.RESOURCE,
            "Санкт-Петербург",
            False,
        ),
        ("Комитет по социальной политике Санкт-Петербурга", T.AUTHORITY, "Санкт-Петербург", False),
        ("АНО «Невские волонтёры»", T.NGO, "Санкт-Петербург", True),
        ("СПб ГБУ «КЦСОН Выборгского района»", T.STATE, "Санкт-Петербург", True),
        (
            "СПб ГБУ «Центр социальной помощи семье и детям Невского района»",
            T.STATE,
            "Санкт-Петербург",
            True,
        ),
        ("Благотворительный фонд «Старость в радость — Петербург»", T.NGO, "Санкт-Петербург", True),
        ("МБУ «Центр досуга пос. Шушары»", T.MUNICIPAL, "Санкт-Петербург", False),
        ("АНО «Кронштадтский маяк»", T.NGO, "Кронштадт", True),
    ],
}


def _region_from_practices(org):
    row = (
        SuccessStoryPage.objects.filter(organisation=org)
        .exclude(region=None)
        .values("region")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    return row["region"] if row else None


def seed(command):
    out = command.stdout
    regions = {region.slug: region for region in Region.objects.regional()}
    services = list(ServiceType.objects.all())
    groups = list(TargetGroup.objects.all())
    # The practices' organisations: region from their practices, all participants.
    for org in Organisation.objects.filter(region=None):
        region_id = _region_from_practices(org)
        if region_id:
            with bulk_changes():
                Organisation.objects.filter(pk=org.pk).update(
                    region_id=region_id, is_participant=True
                )
    created = 0
    for slug, rows in MORE.items():
        region = regions.get(slug)
        if region is None:
            continue
        for name, org_type, city, participant in rows:
            _org, made = Organisation.objects.get_or_create(
                name=name,
                defaults={
                    "org_type": org_type,
                    "region": region,
                    "city": city,
                    "is_participant": participant,
                    "description": f"{name} — участник сети организаций программы в регионе.",
                },
            )
            created += made
    for org in Organisation.objects.all():
        if org.org_type == T.AUTHORITY or org.services.exists():
            continue
        rng = random.Random(org.name)  # noqa: S311 - deterministic demo choice
        org.services.set(rng.sample(services, min(2, len(services))))
        org.target_groups.set(rng.sample(groups, min(2, len(groups))))
    # Demo members whose profile names a directory organisation work there.
    from accounts.models import Profile

    names = dict(Organisation.objects.values_list("name", "pk"))
    for profile in Profile.objects.exclude(organisation="").select_related("user"):
        if profile.organisation in names:
            Membership.objects.get_or_create(
                user=profile.user, defaults={"organisation_id": names[profile.organisation]}
            )
    # One demo representative per region, of its first participating organisation.
    User = get_user_model()
    for slug, region in regions.items():
        org = (
            Organisation.objects.filter(region=region, is_participant=True).order_by("name").first()
        )
        username = f"rep-{slug}"
        if org is None:
            continue
        if not User.objects.filter(username=username).exists():
            user = demo_member(
                username, f"Представитель ({region.name})", slug, "ngo_specialist", "ngo", org.name
            )
            Membership.objects.update_or_create(
                user=user, defaults={"organisation": org, "is_representative": True}
            )
    out.write(f"Организации: создано {created}, всего {Organisation.objects.count()}")
