"""Practice views and document downloads, counted in the shared cache (no
database write on a visitor's GET) and written per day by
`manage.py flush_counts` (cron, e.g. every 10 minutes)."""

from django.core.cache import caches
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import DailyCount

PREFIX = "results:count:"
LOCK_KEY = PREFIX + "flush-lock"
BATCH = 500


def _cache():
    return caches["shared"]


def _key(kind, object_id):
    return f"{PREFIX}{kind}:{object_id}"


def record(kind, object_id):
    cache, key = _cache(), _key(kind, object_id)
    if cache.add(key, 1, timeout=None):
        return
    try:
        cache.incr(key)
    except ValueError:  # evicted between add() and incr()
        cache.set(key, 1, timeout=None)


def buffered(kind, object_ids):
    ids = list(object_ids)
    found = _cache().get_many([_key(kind, pk) for pk in ids])
    return {pk: found[_key(kind, pk)] for pk in ids if found.get(_key(kind, pk))}


def _candidates(kind):
    from wagtail.documents import get_document_model

    from practices.models import SuccessStoryPage

    if kind == DailyCount.Kind.PRACTICE_VIEW:
        return SuccessStoryPage.objects.order_by("pk").values_list("pk", flat=True)
    return get_document_model().objects.order_by("pk").values_list("pk", flat=True)


def flush(today=None):
    """Move the buffered counts into DailyCount; returns how many were written.
    Counters are decremented by what was read, so counts made meanwhile stay."""
    cache = _cache()
    if not cache.add(LOCK_KEY, 1, timeout=300):
        return 0
    today = today or timezone.localdate()
    written = 0
    try:
        for kind in DailyCount.Kind.values:
            ids = list(_candidates(kind))
            for start in range(0, len(ids), BATCH):
                counts = buffered(kind, ids[start : start + BATCH])
                if not counts:
                    continue
                # Plain UPDATEs and one bulk INSERT: no save signals, so a flush
                # never retires the cached pages.
                with transaction.atomic():
                    existing = set(
                        DailyCount.objects.filter(
                            kind=kind, day=today, object_id__in=list(counts)
                        ).values_list("object_id", flat=True)
                    )
                    for object_id in existing:
                        DailyCount.objects.filter(kind=kind, day=today, object_id=object_id).update(
                            count=F("count") + counts[object_id]
                        )
                    DailyCount.objects.bulk_create(
                        [
                            DailyCount(kind=kind, object_id=pk, day=today, count=count)
                            for pk, count in counts.items()
                            if pk not in existing
                        ]
                    )
                for object_id, count in counts.items():
                    cache.decr(_key(kind, object_id), count)
                written += sum(counts.values())
    finally:
        cache.delete(LOCK_KEY)
    return written
