"""«Счётчики портала» in the Wagtail admin: views of practices, downloads of
documents and the experts' consultations of one reporting period, each person
seeing their regions' only (home.permissions; superusers: everything)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Min, Sum
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from home.models import Region
from home.permissions import allowed, user_regions

from .indicators import _experts, first_answer_hours
from .models import DailyCount, ReportingPeriod

ROWS = 100


def may_see(user):
    return user.is_superuser or bool(user_regions(user)["edit"])


def _regions(user):
    regions = Region.objects.all()
    return regions if user.is_superuser else regions.filter(pk__in=user_regions(user)["edit"])


def _counted(kind, ids, period):
    rows = (
        DailyCount.objects.filter(
            kind=kind, object_id__in=ids, day__gte=period.start, day__lte=period.end
        )
        .values("object_id")
        .annotate(total=Sum("count"))
        .order_by("-total", "object_id")
    )
    return {row["object_id"]: row["total"] for row in rows}


def practice_views(user, period):
    from practices.models import SuccessStoryPage

    practices = allowed(user, "edit", SuccessStoryPage.objects.all())
    counts = _counted(DailyCount.Kind.PRACTICE_VIEW, practices.values("pk"), period)
    pages = practices.filter(pk__in=list(counts)[:ROWS]).select_related("region").in_bulk()
    return [(pages[pk], total) for pk, total in counts.items() if pk in pages], sum(counts.values())


def downloads(user, period):
    from wagtail.documents import get_document_model

    documents = get_document_model().objects.all()
    if not user.is_superuser:
        documents = documents.filter(collection__region__in=_regions(user))
    counts = _counted(DailyCount.Kind.DOWNLOAD, documents.values("pk"), period)
    found = (
        documents.filter(pk__in=list(counts)[:ROWS]).select_related("collection__region").in_bulk()
    )
    rows = [(found[pk], total) for pk, total in counts.items() if pk in found]
    return rows, sum(counts.values())


def consultations(user, period):
    """Questions asked in the period in the consultation forums of the person's
    regions, with the first expert answer."""
    from machina.apps.forum_conversation.models import Topic

    from forum_extras.models import ForumSettings

    forums = allowed(
        user, "edit", ForumSettings.objects.filter(kind=ForumSettings.Kind.CONSULTATIONS)
    )
    topics = Topic.objects.filter(
        forum__in=forums.values("forum"),
        approved=True,
        created__date__gte=period.start,
        created__date__lte=period.end,
    )
    rows = list(
        topics.select_related("forum")
        .annotate(
            answered=Min(
                "posts__created",
                filter=_expert_post(),
            )
        )
        .order_by("created")[:ROWS]
    )
    for topic in rows:
        topic.hours = (
            round((topic.answered - topic.created).total_seconds() / 3600, 1)
            if topic.answered
            else None
        )
    return rows, topics.count(), first_answer_hours(topics)


def _expert_post():
    from django.db.models import Q

    return Q(posts__poster__in=_experts(), posts__approved=True)


def portal_counts(request):
    if not may_see(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    periods = list(ReportingPeriod.objects.filter(start__lte=today).order_by("-start"))
    chosen = request.GET.get("period", "")
    period = next((p for p in periods if str(p.pk) == chosen), None)
    if period is None:
        period = next((p for p in periods if p.end < today), periods[0] if periods else None)
    context = {
        "page_title": _("Счётчики портала"),
        "header_icon": "view",
        "periods": periods,
        "period": period,
    }
    if period is not None:
        context["views"], context["views_total"] = practice_views(request.user, period)
        context["downloads"], context["downloads_total"] = downloads(request.user, period)
        (
            context["consultations"],
            context["consultations_total"],
            context["answer_hours"],
        ) = consultations(request.user, period)
    return TemplateResponse(request, "results/admin/counts.html", context)
