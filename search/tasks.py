"""Index updates as queued tasks, retried while Elasticsearch is unreachable."""

import datetime
import logging

from django.utils import timezone

from django_tasks import task

logger = logging.getLogger(__name__)

# Seconds before the next try: 5, 10, 20 … at most RETRY_MAX_SECONDS, for as long
# as the node is down (each try rewrites the current state, so order never matters).
RETRY_MAX_SECONDS = 300


@task()
def update_index(action, pk, attempt=0):
    from . import api
    from .backends.elasticsearch import SearchUnavailable
    from .signals import _run

    try:
        with api.strict_updates():
            _run(action, pk)
    except SearchUnavailable as error:
        delay = min(RETRY_MAX_SECONDS, 5 * 2**attempt)
        if not update_index.get_backend().supports_defer:
            logger.warning(
                "Elasticsearch index update failed (%s); run search_index rebuild", error
            )
            return "unavailable"
        update_index.using(run_after=timezone.now() + datetime.timedelta(seconds=delay)).enqueue(
            action, pk, attempt + 1
        )
        logger.warning(
            "Elasticsearch index update %s %s failed (%s); retried in %s s",
            action,
            pk,
            error,
            delay,
        )
        return "retry"
    return "done"
