"""Full-page cache for anonymous visitors, and the generation that invalidates it.

`PageCacheMiddleware` sits right after WhiteNoise. For a GET by a visitor
without a session it answers from the shared cache when it can, and stores
HTML responses of status 200 that set no cookie but the CSRF one.

Invalidation is one *generation* token in the shared cache: every stored page
and every value memoised with `memoised()` carries the generation it was made
in, and a change of content (a page published, unpublished, moved or deleted, a
snippet saved, a registration, a forum post) replaces the token after the
transaction commits, so the next request of every page is rendered afresh.
Each app says which of its models count with `invalidate_on_change(...)` in
its AppConfig.ready(); home depends on none of them.

Areas: a change may also name the area it touches (`FORUM` for posts, topics
and forum permissions, `EVENTS` for registrations, `SEARCH` for the index).
Every area has a token of its own; a change that names none (a page
published, a region, a member's name) replaces all of them. A block or a
lookup that shows only site content (`CONTENT`: pages, regions, the library)
may follow that area's token alone, and a forum post then leaves it kept.
Whole pages follow the portal's token, so any change renders them afresh,
unless the view names the areas the page shows (`request.page_cache_areas`;
Wagtail pages from their model's `page_cache_areas`): such a page is still
served while those areas' tokens are the ones it was made in.

Time: a page that shows something the clock changes (upcoming events, a
registration that opens at ten) says until when it holds with
`keep_until(request, moment)`; its cached copy is served until then at most.

CSRF: a cached page with a form must carry each visitor's own token. Before a
page is stored, every CSRF token rendered in it (Django masks the secret with
a new random mask each time) is replaced by a placeholder; on a hit, each
placeholder gets a fresh token of the visitor's own secret, and the CSRF
cookie is set as CsrfViewMiddleware would.
"""

import hashlib
import logging
import math
import re
import threading
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CsrfViewMiddleware, get_token
from django.utils import timezone, translation

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
CONTENT, FORUM, EVENTS, SEARCH = "content", "forum", "events", "search"
AREAS = (CONTENT, FORUM, EVENTS, SEARCH)
CSRF_PLACEHOLDER = "__PORTAL_CSRF_TOKEN__"
# Cookies that change nothing in a page, or change it in a way the key covers.
NEUTRAL_COOKIES = {"a11y"}
TOKEN_RE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
STORED_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Content-Security-Policy",
    "Vary",
    "X-Frame-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "X-Content-Type-Options",
    # Read and removed by results.middleware.CountViewsMiddleware (outside this
    # one): views of pages served from here are counted too.
    "X-Count-View",
)


def _cache():
    return caches["shared"]


# Generation -------------------------------------------------------------------


def _generation_key(area):
    if area is None:
        return GENERATION_KEY
    if area not in AREAS:
        raise ValueError(f"unknown content area: {area!r}")
    return f"{GENERATION_KEY}:{area}"


def generation(area=None):
    """The current token of the whole portal, or of one area (a new one when none
    is stored yet)."""
    cache = _cache()
    key = _generation_key(area)
    token = cache.get(key)
    if token is None:
        token = uuid.uuid4().hex
        if not cache.add(key, token, timeout=None):
            token = cache.get(key) or token
    return token


def bump(*areas):
    """Make every cached page stale, and every block and memoised value that
    follows the portal's token or the token of one of `areas` (all areas when
    none is named).

    Now, and again once the transaction commits: a request that rendered the
    old content meanwhile stored it under the intermediate generation, which
    the second bump retires.
    """
    for area in areas:
        _generation_key(area)  # an unknown area is a mistake, not a no-op
    _bump_now(areas)
    transaction.on_commit(lambda: _bump_now(areas))


def _bump_now(areas=()):
    keys = [GENERATION_KEY] + [_generation_key(area) for area in areas or AREAS]
    _cache().set_many({key: uuid.uuid4().hex for key in keys}, timeout=None)
    forget_request_values()


def bump_receiver(sender, raw=False, **kwargs):
    """A signal receiver that bumps every area (ignores fixture loading)."""
    if not raw:
        bump()


def invalidate_on_change(*models, ignore_fields=(), area=None):
    """Bump the generation whenever a row of these models is saved or deleted:
    that of `area` only, or of every area when None.

    A save limited (update_fields) to `ignore_fields` does not count: for
    example a member's `last_login`, written at every login.
    """
    ignored = frozenset(ignore_fields)
    areas = (area,) if area else ()
    _generation_key(area)

    def on_save(sender, raw=False, update_fields=None, **kwargs):
        if ignored and update_fields and set(update_fields) <= ignored:
            return
        if not raw:
            bump(*areas)

    def on_delete(sender, **kwargs):
        bump(*areas)

    for model in models:
        uid = f"page-cache:{model._meta.label}"
        post_save.connect(on_save, sender=model, dispatch_uid=uid + ":save", weak=False)
        post_delete.connect(on_delete, sender=model, dispatch_uid=uid + ":delete", weak=False)


def _memo_key(name):
    """The cache key of a memoised value: its name, or a digest of it when the name
    (a path, a query) is too long or has characters a cache key must not have."""
    if len(name) <= 200 and name.isascii() and name.isprintable() and " " not in name:
        return f"memo:{name}"
    return "memo:#" + hashlib.sha256(name.encode()).hexdigest()


# With LOOKUP_CACHE_SECONDS 0, memoised values live for one request only: a
# page asks for some (the private paths, the readable forums) several times.
_request = threading.local()


def start_request_values(**kwargs):
    """request_started receiver: a new request starts with nothing memoised."""
    _request.values = {}


def forget_request_values(**kwargs):
    """request_finished receiver (and every bump): drop the request's values."""
    _request.values = None


def memoised(name, compute, area=None):
    """The value of `compute()` for the current generation, from the shared cache.

    For small values every page needs (navigation, readable forums): computed
    once per content change instead of once per request, and kept at most
    LOOKUP_CACHE_SECONDS. With `area`, only a change of that area (or of
    all) makes it stale. With 0 (the test settings, except in the tests of
    speed) nothing outlives the request: a value is computed once per request,
    and every time outside one.
    """
    timeout = settings.LOOKUP_CACHE_SECONDS
    if timeout <= 0:
        values = getattr(_request, "values", None)
        if values is None:
            return compute()
        if name not in values:
            values[name] = compute()
        return values[name]
    cache = _cache()
    key = _memo_key(name)
    current = generation(area)
    stored = cache.get(key)
    if stored is not None and stored[0] == current:
        return stored[1]
    value = compute()
    cache.set(key, (current, value), timeout)
    return value


def recall(name, area=None):
    """The value stored by `remember(name, …)` in the current generation (of
    `area`, which must be the one `made_in` was read from), or None."""
    if settings.LOOKUP_CACHE_SECONDS <= 0:
        return None
    stored = _cache().get(_memo_key(name))
    if stored is not None and stored[0] == generation(area):
        return stored[1]
    return None


def remember(name, value, made_in, timeout=None):
    """Keep `value`, worked out in generation `made_in` (read before the work began):
    if content changed meanwhile, the value is stale and `recall` never returns it.
    Kept at most LOOKUP_CACHE_SECONDS, or `timeout` seconds when shorter."""
    seconds = settings.LOOKUP_CACHE_SECONDS
    if timeout is not None:
        seconds = min(seconds, timeout)
    if seconds > 0:
        _cache().set(_memo_key(name), (made_in, value), seconds)


def keep_until(request, moment):
    """The page being rendered for `request` changes by itself at `moment` (an
    aware datetime): a cached copy of it must not be served from then on."""
    if request is None:
        return
    until = getattr(request, "page_cache_until", None)
    if until is None or moment < until:
        request.page_cache_until = moment


# Middleware -------------------------------------------------------------------


def _unmask(token):
    chars = CSRF_ALLOWED_CHARS
    mask, cipher = token[:32], token[32:]
    return "".join(
        chars[chars.index(c) - chars.index(m)] for c, m in zip(cipher, mask, strict=True)
    )


class PageCacheMiddleware:
    """Serve and store whole pages for anonymous visitors (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request):
        if not self._cacheable_request(request):
            return self.get_response(request)
        cache = _cache()
        key = self._key(request)
        found = cache.get_many([GENERATION_KEY, key])
        current = found.get(GENERATION_KEY) or generation()
        entry = found.get(key)
        if entry is not None and self._fresh(entry, current):
            return self._replay(request, entry)
        # Read before rendering: a change made meanwhile must retire this page.
        tokens = {area: generation(area) for area in AREAS}
        response = self.get_response(request)
        entry = self._entry(request, response, current, tokens)
        if entry is not None:
            seconds = settings.PAGE_CACHE_SECONDS
            if "until" in entry:
                seconds = min(seconds, math.ceil(entry["until"] - timezone.now().timestamp()))
            if seconds > 0:
                cache.set(key, entry, seconds)
                response["X-Page-Cache"] = "miss"
        return response

    # What may be cached ---------------------------------------------------------

    def _cacheable_request(self, request):
        if settings.PAGE_CACHE_SECONDS <= 0 or request.method not in ("GET", "HEAD"):
            return False
        if request.path.startswith(tuple(settings.PAGE_CACHE_EXCLUDED_PREFIXES)):
            return False
        cookies = request.COOKIES
        # A session means a member (anonymous visitors get none), messages a
        # notice meant for this visitor only.
        return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies

    def _key(self, request):
        language = translation.get_language_from_request(request)
        # Only the values pages tell apart, so odd cookie values make no new entries.
        ui = ";".join(
            f"{name}={request.COOKIES.get(name) == 'on'}" for name in sorted(NEUTRAL_COOKIES)
        )
        raw = "|".join(
            [
                request.method == "HEAD" and "GET" or request.method,
                request.scheme,
                request.get_host(),
                request.get_full_path(),
                language,
                ui,
            ]
        )
        return "page-cache:" + hashlib.sha256(raw.encode()).hexdigest()

    def _fresh(self, entry, current):
        """Made in the portal's current generation, or, for a page that named its
        areas, in the current generation of each of them; and not past the moment
        the page said it holds until."""
        if "until" in entry and timezone.now().timestamp() >= entry["until"]:
            return False
        if entry["generation"] == current:
            return True
        areas = entry.get("areas")
        if not areas:
            return False
        stored = _cache().get_many([_generation_key(area) for area in areas])
        return all(stored.get(_generation_key(area)) == token for area, token in areas.items())

    def _entry(self, request, response, current, tokens):
        if request.method != "GET" or response.status_code != 200 or response.streaming:
            return None
        if not response.get("Content-Type", "").startswith("text/html"):
            return None
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            return None
        cache_control = response.get("Cache-Control", "")
        if any(word in cache_control for word in ("private", "no-store", "no-cache")):
            return None
        if set(response.cookies) - {settings.CSRF_COOKIE_NAME} - NEUTRAL_COOKIES:
            return None
        content = response.content.decode(response.charset or "utf-8", errors="strict")
        secret = request.META.get("CSRF_COOKIE")
        if secret:
            if secret in content:
                return None
            content = TOKEN_RE.sub(
                lambda m: CSRF_PLACEHOLDER if _unmask(m.group(0)) == secret else m.group(0),
                content,
            )
        headers = {name: response[name] for name in STORED_HEADERS if name in response}
        entry = {"generation": current, "content": content, "headers": headers}
        areas = getattr(request, "page_cache_areas", None)
        if areas:
            entry["areas"] = {area: tokens[area] for area in areas}
        until = getattr(request, "page_cache_until", None)
        if until is not None:
            entry["until"] = until.timestamp()
        return entry

    # Serving a stored page ------------------------------------------------------

    def _replay(self, request, entry):
        content = entry["content"]
        response = HttpResponse()
        for name, value in entry["headers"].items():
            response[name] = value
        if CSRF_PLACEHOLDER in content:
            # Reads the visitor's CSRF cookie (or makes a new secret) like the
            # CSRF middleware does; process_response() then sets the cookie.
            self.csrf.process_request(request)
            parts = content.split(CSRF_PLACEHOLDER)
            content = parts[0] + "".join(get_token(request) + part for part in parts[1:])
            response.content = content
            self.csrf.process_response(request, response)
        else:
            response.content = content
        response["X-Page-Cache"] = "hit"
        return response
