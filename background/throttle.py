"""A small fixed-window rate limit in the shared cache (every web server sees it)."""

from django.core.cache import caches


def allow(key, limit, window_seconds):
    """Count one hit of `key`; False once `limit` hits fell in the current window."""
    cache = caches["shared"]
    full_key = f"throttle:{key}"
    cache.add(full_key, 0, timeout=window_seconds)
    try:
        hits = cache.incr(full_key)
    except ValueError:  # expired between add and incr
        cache.set(full_key, 1, timeout=window_seconds)
        hits = 1
    return hits <= limit
