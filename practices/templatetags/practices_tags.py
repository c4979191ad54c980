"""Library sections for other apps' pages: the home page's «Новые практики»
and a region hub's practices, materials and summed results."""

from decimal import Decimal

from django import template
from django.db.models import Count, Sum
from django.template.defaultfilters import floatformat

from home import lookups
from practices.models import (
    MethodMaterialPage,
    PracticeIndicatorRow,
    SuccessStoryPage,
    newest_first,
)

register = template.Library()


def _index_url(slug):
    return lookups.page_url(slug)


@register.inclusion_tag("practices/tags/latest_practices.html", takes_context=True)
def latest_practices(context, count=3):
    """The newest published practices of all regions, as short cards."""
    practices = list(
        lookups.public(SuccessStoryPage.objects.live())
        .select_related("region", "organisation")
        .only(*lookups.LINK_FIELDS, "region__name", "organisation__name")
        .order_by(*newest_first())[: int(count)]
    )
    return {"request": context.get("request"), "practices": practices}


def indicator_totals(region):
    """Sum of every indicator over the region's live practices, per unit."""
    rows = (
        PracticeIndicatorRow.objects.filter(page__region=region, page__live=True)
        .values("indicator__name", "indicator__sort_order", "unit")
        .annotate(total=Sum("value"), practices=Count("page", distinct=True))
        .order_by("indicator__sort_order", "indicator__name", "unit")
    )
    return [
        {
            "name": row["indicator__name"],
            "unit": row["unit"],
            "total": row["total"],
            "practices": row["practices"],
        }
        for row in rows
    ]


@register.inclusion_tag("practices/tags/region_library.html", takes_context=True)
def region_library(context, hub, count=3):
    """A hub's latest practices and materials and the sum of its results."""
    region = getattr(hub, "region", None)
    if region is None:
        return {"region": None}
    practices = list(
        lookups.public(SuccessStoryPage.objects.live())
        .filter(region=region)
        .select_related("organisation")
        .only(*lookups.LINK_FIELDS, "organisation__name")
        .order_by(*newest_first())[: int(count)]
    )
    materials = list(
        lookups.public(MethodMaterialPage.objects.live())
        .filter(region=region)
        .only(*lookups.LINK_FIELDS, "material_type")
        .order_by(*newest_first("-updated"))[: int(count)]
    )
    return {
        "request": context.get("request"),
        "region": region,
        "practices": practices,
        "materials": materials,
        "totals": indicator_totals(region),
        "practices_url": _index_url("practices"),
        "materials_url": _index_url("materials"),
    }


@register.filter
def page_url(listing, number):
    """The listing's address for page `number`, with the current filters."""
    return listing.page_url(int(number))


@register.filter
def amount(value):
    """An indicator value in the reader's locale, without needless zeros: 340,5."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    if value == value.to_integral_value():
        return floatformat(value, "0g")
    return floatformat(value, "2g").rstrip("0")
