"""Reporting periods as data: quarters (or RESULTS_PERIOD_MONTHS) made idempotently."""

import datetime

from django.conf import settings

from home.page_cache import bulk_changes

from .models import ReportingPeriod

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def _add_months(day, months):
    month = day.month - 1 + months
    return datetime.date(day.year + month // 12, month % 12 + 1, 1)


def period_label(start, months):
    from django.utils.translation import gettext as _

    number = (start.month - 1) // months
    if months == 3:
        return _("%(year)s, %(n)s квартал") % {"year": start.year, "n": ROMAN[number]}
    if months == 12:
        return str(start.year)
    return _("%(year)s, период %(n)s") % {"year": start.year, "n": number + 1}


def ensure_periods(first_year, last_year, baseline_year=None):
    """Create the periods of these years (safe to re-run); the first period of
    `baseline_year` (default: `first_year`) becomes the baseline if none is."""
    months = settings.RESULTS_PERIOD_MONTHS
    due_days = settings.RESULTS_REPORT_DUE_DAYS
    made = []
    for year in range(first_year, last_year + 1):
        start = datetime.date(year, 1, 1)
        while start.year == year:
            following = _add_months(start, months)
            end = following - datetime.timedelta(days=1)
            period, _created = ReportingPeriod.objects.get_or_create(
                start=start,
                end=end,
                defaults={
                    "label": period_label(start, months),
                    "due": end + datetime.timedelta(days=due_days),
                },
            )
            made.append(period)
            start = following
    if not ReportingPeriod.objects.filter(is_baseline=True).exists() and made:
        year = baseline_year or first_year
        first = ReportingPeriod.objects.filter(start__year=year).order_by("start").first()
        if first:
            with bulk_changes():
                ReportingPeriod.objects.filter(pk=first.pk).update(is_baseline=True)
    return made
