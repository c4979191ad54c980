"""A per-address limit on forms that create rows or send letters without a login
(sign-up, password reset, guest registration for events).

Logins are throttled by django-axes (cms/settings/base.py); these forms have no
password to count failures of, so every submission counts: at most
FORM_SUBMISSIONS_PER_HOUR per client address and form in a fixed one-hour window,
counted in the shared cache every worker sees.
"""

import time

from django.conf import settings
from django.core.cache import caches
from django.utils.translation import gettext as _

from axes.helpers import get_client_ip_address

WINDOW = 3600


def too_many(request, scope):
    """Count this submission; True when the address is over the limit for `scope`."""
    limit = settings.FORM_SUBMISSIONS_PER_HOUR
    if limit <= 0:
        return False
    address = get_client_ip_address(request) or "unknown"
    window = int(time.time()) // WINDOW
    key = f"throttle:{scope}:{address}:{window}"
    cache = caches["shared"]
    cache.add(key, 0, WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW)
        count = 1
    return count > limit


def refusal_message():
    return _(
        "Слишком много попыток с вашего адреса. Пожалуйста, попробуйте снова через час. "
        "Если вы уже зарегистрированы, войдите или восстановите пароль."
    )
