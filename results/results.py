"""What /results/ shows: each indicator's figures for the last periods, its
baseline, this year's total against the target, per region or programme-wide."""

from django.utils import timezone

from home.models import Region

from .charts import bar_chart
from .indicators import (
    GROUPS,
    INDICATORS,
    all_figures,
    consultation_topics,
    first_answer_hours,
)
from .models import IndicatorTarget, ReportingPeriod

SHOWN_PERIODS = 12


def shown_periods(today=None):
    """The last periods that have ended (oldest first)."""
    today = today or timezone.localdate()
    periods = list(ReportingPeriod.objects.filter(end__lt=today).order_by("-start")[:SHOWN_PERIODS])
    return periods[::-1]


def page_context(region_slug=""):
    regions = list(Region.objects.regional().order_by("sort_order", "name"))
    region = None
    if region_slug:
        region = next((r for r in regions if r.slug == region_slug), None)
        if region is None:
            return None
    periods = shown_periods()
    baseline = ReportingPeriod.objects.filter(is_baseline=True).order_by("start").first()
    figures = all_figures(periods, region)
    base_figures = all_figures([baseline], region) if baseline else {}
    year = periods[-1].start.year if periods else timezone.localdate().year
    year_periods = [p for p in periods if p.start.year == year]
    targets = {
        t.indicator: t.value for t in IndicatorTarget.objects.filter(year=year, region=region)
    }
    groups = []
    for group, group_label in GROUPS.items():
        items = []
        for indicator in (i for i in INDICATORS if i.group == group):
            values = figures[indicator.code]
            points = [(p.label, values[p.pk]) for p in periods]
            base_value = base_figures[indicator.code][baseline.pk] if baseline else None
            latest = points[-1][1] if points else 0
            year_total = sum(values[p.pk] for p in year_periods)
            target = targets.get(indicator.code)
            items.append(
                {
                    "indicator": indicator,
                    "points": points,
                    "chart": bar_chart(points, base_value),
                    "baseline": base_value,
                    "latest": latest,
                    "growth": _growth(latest, base_value),
                    "year_total": year_total,
                    "target": target,
                    "target_share": round(100 * year_total / target) if target else None,
                }
            )
        groups.append((group, group_label, items))
    answer_hours = None
    if periods:
        since = periods[0].start
        answer_hours = first_answer_hours(
            consultation_topics(region).filter(created__date__gte=since)
        )
    return {
        "answer_hours": answer_hours,
        "regions": regions,
        "region": region,
        "periods": periods,
        "baseline": baseline,
        "year": year,
        "groups": groups,
    }


def _growth(latest, base):
    if not base:
        return None
    return round(100 * (latest - base) / base)
