"""The public directory of organisations: filters by region, type, service and
target group, shareable as plain GET addresses."""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from home.models import Region
from practices.models import ServiceType, TargetGroup

from .models import Organisation, OrganisationType

PER_PAGE = 30


@dataclass
class Facet:
    param: str
    label: str
    values: list = field(default_factory=list)  # (value, label, count, selected)


def _facet(param, label, options, counts, selected):
    return Facet(
        param,
        label,
        [(value, name, counts.get(value, 0), value == selected) for value, name in options],
    )


def directory(params):
    """What /organisations/ shows for these GET parameters."""
    orgs = Organisation.objects.published()
    chosen = {key: params.get(key, "") for key in ("region", "type", "service", "target")}
    filtered = orgs
    if chosen["region"]:
        filtered = filtered.filter(region__slug=chosen["region"])
    if chosen["type"]:
        filtered = filtered.filter(org_type=chosen["type"])
    if chosen["service"]:
        filtered = filtered.filter(services__slug=chosen["service"])
    if chosen["target"]:
        filtered = filtered.filter(target_groups__slug=chosen["target"])

    def counts(lookup):
        rows = filtered.values(lookup).annotate(n=Count("pk", distinct=True))
        return {row[lookup]: row["n"] for row in rows}

    regions = [(r.slug, r.name) for r in Region.objects.regional().order_by("sort_order", "name")]
    facets = [
        _facet("region", _("Регион"), regions, counts("region__slug"), chosen["region"]),
        _facet("type", _("Тип"), OrganisationType.choices, counts("org_type"), chosen["type"]),
        _facet(
            "service",
            _("Услуги"),
            ServiceType.objects.values_list("slug", "name"),
            counts("services__slug"),
            chosen["service"],
        ),
        _facet(
            "target",
            _("Целевые группы"),
            TargetGroup.objects.values_list("slug", "name"),
            counts("target_groups__slug"),
            chosen["target"],
        ),
    ]
    items = filtered.select_related("region").distinct().order_by("name")
    return {
        "facets": facets,
        "total": items.count(),
        "is_filtered": any(chosen.values()),
        "by_region": region_counts(orgs),
        "items": items,
    }


def page_of(items, number):
    return Paginator(items, PER_PAGE).get_page(number)


def region_counts(orgs):
    """(region, count, participants, accelerators) per programme region."""
    rows = {
        row["region"]: row
        for row in orgs.values("region").annotate(
            n=Count("pk"),
            participants=Count("pk", filter=Q(is_participant=True)),
            accelerators=Count("pk", filter=Q(org_type=OrganisationType.RESOURCE)),
        )
    }
    result = []
    for region in Region.objects.regional().order_by("sort_order", "name"):
        row = rows.get(region.pk, {})
        result.append(
            (region, row.get("n", 0), row.get("participants", 0), row.get("accelerators", 0))
        )
    return result
