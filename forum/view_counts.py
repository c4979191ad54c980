"""Topic view counts, buffered in the shared cache and written in bulk.

machina adds one to `Topic.views_count` with an UPDATE on every page view, so
every anonymous read writes to the database. Here a view only increments a
counter in the shared cache (Redis in production, atomic there); the counters
reach the database in one UPDATE per batch of topics, from the scheduled job
(`manage.py flush_topic_views`) or when the buffer has grown past
FORUM_TOPIC_VIEWS_FLUSH_EVERY views.

A view is counted whether the page was rendered or replayed from the page
cache: the topic page carries the `X-Count-View: forum-topic:<id>` header,
kept with the cached copy and read by results.middleware.CountViewsMiddleware
outside the page cache. One visitor (a member, or an address and browser) is
counted once per topic within FORUM_TOPIC_VIEW_WINDOW_SECONDS: reloading a page
or paging through a topic is not another view.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import Case, F, IntegerField, Value, When

from machina.apps.forum_conversation.models import Topic

logger = logging.getLogger(__name__)

PREFIX = "forum:topic-views:"
PENDING_KEY = PREFIX + "pending"
SEEN_PREFIX = PREFIX + "seen:"
COUNT_VIEW_KIND = "forum-topic"
LOCK_KEY = PREFIX + "flush-lock"
BATCH = 500


def _cache():
    return caches["shared"]


def _key(topic_id):
    return f"{PREFIX}{topic_id}"


def _incr(cache, key, delta=1):
    """Add to a counter, creating it when missing (incr refuses missing keys)."""
    if cache.add(key, delta, timeout=None):
        return delta
    try:
        return cache.incr(key, delta)
    except ValueError:  # expired or evicted between add() and incr()
        cache.set(key, delta, timeout=None)
        return delta


def visitor_key(request):
    """Who is viewing: the member, or a digest of the client's address and browser
    (no cookie is needed, so cached pages stay shared)."""
    from home.throttle import client_address

    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"u{user.pk}"
    agent = request.META.get("HTTP_USER_AGENT", "")[:300]
    digest = hashlib.sha256(f"{client_address(request)}|{agent}".encode()).hexdigest()
    return "a" + digest[:24]


def record_view(topic_id, visitor=None):
    """Count one view of a topic, once per `visitor` within the window; flush the
    buffer when it has grown enough. Returns whether the view was counted."""
    cache = _cache()
    window = settings.FORUM_TOPIC_VIEW_WINDOW_SECONDS
    if visitor is not None and window > 0:
        if not cache.add(f"{SEEN_PREFIX}{topic_id}:{visitor}", 1, timeout=window):
            return False
    _incr(cache, _key(topic_id))
    pending = _incr(cache, PENDING_KEY)
    every = settings.FORUM_TOPIC_VIEWS_FLUSH_EVERY
    if every and pending >= every:
        flush()
    return True


def record_request_view(request, topic_id):
    """CountViewsMiddleware's recorder for `forum-topic` markers."""
    return record_view(topic_id, visitor_key(request))


def buffered_views(topic_ids):
    """Views counted in the cache and not yet written, by topic id."""
    ids = list(topic_ids)
    found = _cache().get_many([_key(pk) for pk in ids])
    return {pk: found.get(_key(pk), 0) for pk in ids if found.get(_key(pk))}


def flush():
    """Write every buffered count to the database; return the number of views written.

    Counts are taken out of the cache with decr() by the amount read, so views
    recorded meanwhile stay in the buffer for the next flush.
    """
    cache = _cache()
    if not cache.add(LOCK_KEY, 1, timeout=300):
        return 0
    written = 0
    try:
        cache.set(PENDING_KEY, 0, timeout=None)
        last_id = 0
        while True:
            ids = list(
                Topic.objects.filter(pk__gt=last_id)
                .order_by("pk")
                .values_list("pk", flat=True)[:BATCH]
            )
            if not ids:
                break
            last_id = ids[-1]
            counts = buffered_views(ids)
            if counts:
                written += _write(cache, counts)
    finally:
        cache.delete(LOCK_KEY)
    return written


def _write(cache, counts):
    taken = {}
    for topic_id, views in counts.items():
        try:
            cache.decr(_key(topic_id), views)
        except ValueError:  # the counter vanished: nothing to take
            continue
        taken[topic_id] = views
    if not taken:
        return 0
    increment = Case(
        *[When(pk=pk, then=Value(views)) for pk, views in taken.items()],
        default=Value(0),
        output_field=IntegerField(),
    )
    with transaction.atomic():
        Topic.objects.filter(pk__in=list(taken)).update(views_count=F("views_count") + increment)
    logger.info("Topic views written: %s views of %s topics", sum(taken.values()), len(taken))
    return sum(taken.values())


def topic_viewed(sender, topic, user, request, response, **kwargs):
    """Receiver of machina's topic_viewed signal, in place of its UPDATE per view:
    marks the response, so the view is counted by CountViewsMiddleware also when
    the page cache replays this response later."""
    from results.middleware import HEADER

    response[HEADER] = f"{COUNT_VIEW_KIND}:{topic.pk}"
