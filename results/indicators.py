"""The programme's indicators and how each is counted for a set of periods.

Indicators from participating organisations' reports count **accepted** reports
only; the others count what the portal itself holds (certificates, check-ins,
published practices and materials). Every function returns {period id: value}
for the periods given, optionally for one region, so the results page, the
grant report and the tests read the same figures.
"""

import datetime
from dataclasses import dataclass

from django.db import models
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    unit: str
    group: str
    from_reports: bool


GROUPS = {
    "services": _("Услуги и получатели"),
    "volunteers": _("Добровольцы и мероприятия организаций"),
    "training": _("Обучение и события программы"),
    "materials": _("Практики и материалы"),
    "dissemination": _("Консультации, предложения и распространение"),
}

INDICATORS = [
    Indicator("service_hours", _("Объём услуг, часов"), _("ч"), "services", True),
    Indicator("service_cases", _("Объём услуг, случаев оказания"), _("случаев"), "services", True),
    Indicator("recipients", _("Получатели услуг"), _("чел."), "services", True),
    Indicator("volunteers_active", _("Активные добровольцы"), _("чел."), "volunteers", True),
    Indicator("volunteers_new", _("Новые добровольцы"), _("чел."), "volunteers", True),
    Indicator("events_held", _("Мероприятия организаций"), _("шт."), "volunteers", True),
    Indicator("certified", _("Обучены и получили сертификат"), _("чел."), "training", False),
    Indicator(
        "participants",
        _("Участники конференции и стажировок (отмечены на месте)"),
        _("чел."),
        "training",
        False,
    ),
    Indicator("practices", _("Опубликовано практик"), _("шт."), "materials", False),
    Indicator("materials", _("Опубликовано методических материалов"), _("шт."), "materials", False),
    Indicator(
        "consultations_asked",
        _("Вопросы экспертам (консультации)"),
        _("шт."),
        "dissemination",
        False,
    ),
    Indicator(
        "consultations_answered",
        _("Консультации с ответом эксперта"),
        _("шт."),
        "dissemination",
        False,
    ),
    Indicator("proposals", _("Предложения органам власти"), _("шт."), "dissemination", False),
    Indicator("downloads", _("Скачивания документов"), _("раз"), "dissemination", False),
    Indicator("practice_views", _("Просмотры практик"), _("раз"), "dissemination", False),
]
BY_CODE = {indicator.code: indicator for indicator in INDICATORS}


def indicator_choices():
    return [(indicator.code, indicator.label) for indicator in INDICATORS]


def accepted(periods, region=None, org_type=None, via=""):
    """The condition "an accepted report of `periods`" (of a region, of a type of
    organisation), seen from a model that reaches the report through `via`.

    The report figures filter their rows by this plain join, not by an IN over a
    subquery of reports: believing the tables empty (as it may right after a bulk
    load), PostgreSQL planned that IN as nested full scans, minutes over the demo.
    """
    from .models import OrganisationReport

    condition = {f"{via}status": OrganisationReport.Status.ACCEPTED, f"{via}period__in": periods}
    if region is not None:
        condition[f"{via}organisation__region"] = region
    if org_type:
        condition[f"{via}organisation__org_type"] = org_type
    return Q(**condition)


def _by_period(rows, key="period", value="total"):
    return {row[key]: row[value] or 0 for row in rows}


def report_figures(periods, region=None, org_type=None):
    """{code: {period id: value}} of the indicators taken from accepted reports."""
    from .models import OrganisationReport, RecipientRow, ServiceRow

    rows = accepted(periods, region, org_type, via="report__")
    services = (
        ServiceRow.objects.filter(rows)
        .values("report__period")
        .annotate(hours=Sum("hours"), cases=Sum("cases"))
    )
    recipients = (
        RecipientRow.objects.filter(rows).values("report__period").annotate(total=Sum("people"))
    )
    reports = OrganisationReport.objects.filter(accepted(periods, region, org_type))
    own = reports.values("period").annotate(
        active=Sum("volunteers_active"), new=Sum("volunteers_new"), held=Sum("events_held")
    )
    return {
        "service_hours": _by_period(services, "report__period", "hours"),
        "service_cases": _by_period(services, "report__period", "cases"),
        "recipients": _by_period(recipients, "report__period"),
        "volunteers_active": _by_period(own, value="active"),
        "volunteers_new": _by_period(own, value="new"),
        "events_held": _by_period(own, value="held"),
    }


def _bounds(period):
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(period.start, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(
        period.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    return start, end


def _count_in_periods(periods, queryset, time_field):
    """{period id: rows of `queryset` whose `time_field` falls in the period}."""
    if not periods:
        return {}
    annotations = {}
    for period in periods:
        start, end = _bounds(period)
        annotations[f"p{period.pk}"] = Count(
            "pk", filter=Q(**{f"{time_field}__gte": start, f"{time_field}__lt": end})
        )
    totals = queryset.aggregate(**annotations)
    return {period.pk: totals[f"p{period.pk}"] or 0 for period in periods}


def portal_figures(periods, region=None):
    """{code: {period id: value}} of the indicators the portal counts itself."""
    from courses.models import Certificate
    from events.models import EventKind, Registration
    from practices.models import MethodMaterialPage, SuccessStoryPage

    certificates = Certificate.objects.all()
    checkins = Registration.objects.filter(
        checked_in_at__isnull=False,
        event__kind__in=[EventKind.CONFERENCE, EventKind.INTERNSHIP],
    )
    practices = SuccessStoryPage.objects.live()
    materials = MethodMaterialPage.objects.live()
    if region is not None:
        certificates = certificates.filter(enrolment__user__profile__region=region)
        checkins = checkins.filter(event__region=region)
        practices = practices.filter(region=region)
        materials = materials.filter(region=region)
    from .models import DailyCount, Proposal

    proposals = Proposal.objects.all()
    if region is not None:
        proposals = proposals.filter(region=region)
    figures = consultation_figures(periods, region)
    return figures | {
        "proposals": _days_in_periods(periods, proposals, "submitted_on"),
        "downloads": _sum_days(periods, DailyCount.Kind.DOWNLOAD, region),
        "practice_views": _sum_days(periods, DailyCount.Kind.PRACTICE_VIEW, region),
        "certified": _count_in_periods(periods, certificates, "issued_at"),
        "participants": _count_in_periods(periods, checkins, "checked_in_at"),
        "practices": _count_in_periods(periods, practices, "first_published_at"),
        "materials": _count_in_periods(periods, materials, "first_published_at"),
    }


def _days_in_periods(periods, queryset, date_field):
    annotations = {
        f"p{p.pk}": Count(
            "pk", filter=Q(**{f"{date_field}__gte": p.start, f"{date_field}__lte": p.end})
        )
        for p in periods
    }
    totals = queryset.aggregate(**annotations) if periods else {}
    return {p.pk: totals.get(f"p{p.pk}") or 0 for p in periods}


def _sum_days(periods, kind, region):
    """Views or downloads in each period; per region by the practice's (or the
    document's collection's) region."""
    from .models import DailyCount

    rows = DailyCount.objects.filter(kind=kind)
    if region is not None:
        rows = rows.filter(object_id__in=_regional_object_ids(kind, region))
    annotations = {
        f"p{p.pk}": Sum("count", filter=Q(day__gte=p.start, day__lte=p.end)) for p in periods
    }
    totals = rows.aggregate(**annotations) if periods else {}
    return {p.pk: totals.get(f"p{p.pk}") or 0 for p in periods}


def _regional_object_ids(kind, region):
    from wagtail.documents import get_document_model

    from practices.models import SuccessStoryPage

    from .models import DailyCount

    if kind == DailyCount.Kind.PRACTICE_VIEW:
        return SuccessStoryPage.objects.filter(region=region).values("pk")
    return get_document_model().objects.filter(collection__region=region).values("pk")


def consultation_figures(periods, region=None):
    """Topics opened in the experts' consultation forums, and those an expert
    answered, by the period the question was asked in."""
    from machina.apps.forum_conversation.models import Post

    topics = consultation_topics(region)
    experts = _experts()
    answered = topics.filter(
        pk__in=Post.objects.filter(poster__in=experts, approved=True).values("topic")
    )
    return {
        "consultations_asked": _count_in_periods(periods, topics, "created"),
        "consultations_answered": _count_in_periods(periods, answered, "created"),
    }


def _experts():
    from django.contrib.auth import get_user_model

    from forum.setup import EXPERTS_GROUP

    # A read only: forum.setup.experts_group() would create the group on a GET.
    return get_user_model().objects.filter(groups__name=EXPERTS_GROUP).values("pk")


def consultation_topics(region=None):
    """Approved questions in the experts' consultation forums. A region's are those
    of its own consultation forums, and those its members (by their profile's
    region) asked in the programme-wide ones (the interregional section's)."""
    from machina.apps.forum_conversation.models import Topic

    from forum_extras.models import ForumSettings

    forums = ForumSettings.objects.filter(kind=ForumSettings.Kind.CONSULTATIONS)
    topics = Topic.objects.filter(approved=True)
    if region is None:
        return topics.filter(forum__in=forums.values("forum"))
    shared = forums.filter(Q(region__isnull=True) | Q(region__is_interregional=True))
    return topics.filter(
        Q(forum__in=forums.filter(region=region).values("forum"))
        | Q(forum__in=shared.values("forum"), poster__profile__region=region)
    )


def first_answer_hours(topics):
    """Median hours from a consultation question to the first expert's answer."""
    from statistics import median

    from machina.apps.forum_conversation.models import Post

    experts = _experts()
    firsts = (
        Post.objects.filter(topic__in=topics, poster__in=experts, approved=True)
        .values("topic", "topic__created")
        .annotate(first=models.Min("created"))
    )
    hours = [(row["first"] - row["topic__created"]).total_seconds() / 3600 for row in firsts]
    return round(median(hours), 1) if hours else None


def all_figures(periods, region=None):
    periods = list(periods)
    figures = report_figures(periods, region)
    figures.update(portal_figures(periods, region))
    return {code: {p.pk: figures[code].get(p.pk, 0) for p in periods} for code in BY_CODE}
