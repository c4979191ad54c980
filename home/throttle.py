"""A per-address limit on forms that create rows or send letters without a login
(sign-up, password reset, guest registration for events).

Logins are throttled by django-axes (cms/settings/base.py); these forms have no
password to count failures of, so every submission counts: at most
FORM_SUBMISSIONS_PER_HOUR per client address and form in a fixed one-hour window,
counted in the shared cache every worker sees.
"""

import ipaddress
import time

from django.conf import settings
from django.core.cache import caches
from django.utils.translation import gettext as _

from axes.helpers import get_client_ip_address

WINDOW = 3600


def forwarded_client(request):
    """The client's address (AXES_CLIENT_IP_CALLABLE, so axes and these limits agree).

    Behind TRUSTED_PROXY_COUNT proxies that each append the address they received
    from to X-Forwarded-For, the client is that many entries from the right: what
    a client writes itself stays on the left, whatever it contains (a general
    header parser took an unclosed quote for a quoted string and let the client
    choose its address). With no proxy only REMOTE_ADDR counts.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if len(hops) >= count:
            try:
                return str(ipaddress.ip_address(hops[-count].strip()))
            except ValueError:
                pass
    return remote


def client_address(request):
    """The client's address as django-axes reads it (behind TRUSTED_PROXY_COUNT proxies)."""
    return get_client_ip_address(request) or "unknown"


def allow(key, limit, window_seconds):
    """Count one hit of `key` in a fixed window; False once `limit` hits fell in it."""
    window = int(time.time()) // window_seconds
    full_key = f"throttle:{key}:{window}"
    cache = caches["shared"]
    cache.add(full_key, 0, window_seconds)
    try:
        hits = cache.incr(full_key)
    except ValueError:  # expired between add and incr
        cache.set(full_key, 1, window_seconds)
        hits = 1
    return hits <= limit


def too_many(request, scope):
    """Count this submission; True when the address is over the limit for `scope`."""
    limit = settings.FORM_SUBMISSIONS_PER_HOUR
    if limit <= 0:
        return False
    return not allow(f"{scope}:{client_address(request)}", limit, WINDOW)


def refusal_message():
    return _(
        "Слишком много попыток с вашего адреса. Пожалуйста, попробуйте снова через час. "
        "Если вы уже зарегистрированы, войдите или восстановите пароль."
    )
