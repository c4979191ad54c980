"""/health/: for a load balancer (status code) and a person (the JSON says why)."""

import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from . import status


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True}


def _cache():
    key, value = f"health:{uuid.uuid4().hex}", uuid.uuid4().hex
    for alias in ("default", "shared"):
        cache = caches[alias]
        cache.set(key, value, 10)
        if cache.get(key) != value:
            return {"ok": False, "error": f"cache {alias} did not keep a value"}
        cache.delete(key)
    return {"ok": True}


def _search():
    backend = getattr(settings, "SEARCH_BACKEND", "database")
    if backend != "elasticsearch":
        return {"ok": True, "backend": backend}
    from search.backends.elasticsearch import ElasticsearchBackend, SearchUnavailable

    try:
        ElasticsearchBackend().count()
    except SearchUnavailable as error:
        # Search answers from the database meanwhile: degraded, not down.
        return {"ok": False, "backend": backend, "fallback": "database", "error": str(error)}
    return {"ok": True, "backend": backend}


def _queue():
    depth, oldest = status.queue_state()
    return {"ok": True, "ready_tasks": depth, "oldest_ready_task_seconds": oldest}


def _letters():
    last = status.last_sent_at()
    alert = status.letters_alert()
    return {
        "ok": alert is None,
        "last_sent_at": last.isoformat() if last else None,
        "failing_since": alert.isoformat() if alert else None,
    }


CHECKS = {
    "database": _database,
    "cache": _cache,
    "search": _search,
    "queue": _queue,
    "letters": _letters,
}
# Without these the portal cannot answer: the load balancer should stop sending to it.
ESSENTIAL = ("database", "cache")


@never_cache
def health(request):
    report = {}
    for name, check in CHECKS.items():
        try:
            report[name] = check()
        except Exception as error:  # noqa: BLE001 - a failing check is the answer
            report[name] = {"ok": False, "error": f"{type(error).__name__}: {error}"}
    healthy = all(report[name]["ok"] for name in ESSENTIAL)
    report["status"] = (
        "ok"
        if all(item["ok"] for item in report.values() if isinstance(item, dict))
        else ("degraded" if healthy else "down")
    )
    report["time"] = timezone.now().isoformat()
    return JsonResponse(
        report,
        status=200 if healthy else 503,
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
