"""Full-page cache for anonymous visitors, and the generation that invalidates it.

`PageCacheMiddleware` sits right after WhiteNoise. For a GET by a visitor
without a session it answers from the shared cache when it can, and stores
HTML responses of status 200 that set no cookie.

Invalidation is one *generation* token in the shared cache: every stored page
and every value memoised with `memoised()` carries the generation it was made
in, and any change of content replaces the token, now and after the
transaction commits, so the next request of every page is rendered afresh.
By default: every save, delete and many-to-many change of a model of the
project's apps, Wagtail, machina, taggit and auth counts (`follow_changes`),
except the models of the named deny-list `NEVER_RETIRE`; a new model needs
nothing. Writes that send no signal go through `bulk_changes()`.

Areas: a change may also name the area it touches (`FORUM` for machina's and
forum_extras' models, `EVENTS` for registrations, `SEARCH` for synonyms and
the index; a model says so with `page_cache_area`).
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

CSRF: a cached page with a form must carry each visitor's own token. While a
cacheable page is rendered, templates get a placeholder for `csrf_token`
(home.context_processors.portal); the placeholder is stored, and every
response, stored or served, gets it replaced by Django's `get_token()` for the
visitor, with the cookie set by Django's CsrfViewMiddleware. A page whose code
asked `get_token()` itself carries a real token and is not stored.
"""

import contextlib
import functools
import hashlib
import logging
import math
import threading
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.utils import timezone, translation

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
CONTENT, FORUM, EVENTS, SEARCH = "content", "forum", "events", "search"
AREAS = (CONTENT, FORUM, EVENTS, SEARCH)
CSRF_PLACEHOLDER = "__PORTAL_CSRF_TOKEN__"
# Cookies that change nothing in a page, or change it in a way the key covers.
NEUTRAL_COOKIES = {"a11y"}
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
    _state.read_since_bump = True
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
    the second bump retires. Many writes in one transaction share the one
    bump at commit, and a bump now only when something may have been kept
    since the last one.
    """
    for area in areas:
        _generation_key(area)  # an unknown area is a mistake, not a no-op
    wanted = set(areas or AREAS)
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _bump_now(wanted)
        return
    if _state.read_since_bump:
        _bump_now(wanted)
    pending = getattr(connection, "_portal_pending_bump", None)
    if pending is not None and any(entry[1] is pending for entry in connection.run_on_commit):
        pending.areas |= wanted
        return
    pending = _PendingBump(wanted)
    connection._portal_pending_bump = pending
    transaction.on_commit(pending)


class _PendingBump:
    def __init__(self, areas):
        self.areas = set(areas)

    def __call__(self):
        _bump_now(self.areas)


class _State:
    # Set when a generation token is read (a value may then be kept under it);
    # a bump inside a transaction needs doing at once only then.
    read_since_bump = True


_state = _State()


def _bump_now(areas=()):
    keys = [GENERATION_KEY] + [_generation_key(area) for area in areas or AREAS]
    _state.read_since_bump = False
    _cache().set_many({key: uuid.uuid4().hex for key in keys}, timeout=None)
    forget_request_values()


@contextlib.contextmanager
def bulk_changes(*areas):
    """Wrap writes that send no signal — `update()`, `bulk_create()`,
    `bulk_update()`, raw SQL — so that they retire what pages show, as a save
    does (`areas`: as for `bump`). tests/construction/test_bulk_writes.py
    fails when app code writes in bulk outside it.

        with bulk_changes(FORUM):
            Grant.objects.bulk_create(rows)
    """
    try:
        yield
    finally:
        bump(*areas)


# Invalidation by default ------------------------------------------------------
#
# Every save and delete of a model of the project's apps, of Wagtail's, of
# machina's, of taggit's and of Django's users and groups bumps the generation
# (fixtures included): a new model needs nothing to be followed. Only the models
# below never do: their rows are not what pages show, or their writer bumps by
# itself. Keep the list short; a model wrongly left out makes pages slower,
# one wrongly put in makes them stale.
NEVER_RETIRE = {
    "sessions.session": "a visitor's session",
    "admin.logentry": "Django admin's history",
    "wagtailcore.pagelogentry": "Wagtail's history of pages",
    "wagtailcore.modellogentry": "Wagtail's history of snippets",
    "wagtailcore.referenceindex": "Wagtail's bookkeeping of references",
    "wagtailadmin.editingsession": "an editor's open edit form, pinged every few seconds",
    "wagtailsearch.indexentry": "the admin's search index",
    "wagtailimages.rendition": "a resized copy of an image, made when a page first shows it",
    "wagtailembeds.embed": "a fetched embed, made when a page first shows it",
    "forum_tracking.forumreadtrack": "a member's read marks (pages of members, never kept)",
    "forum_tracking.topicreadtrack": "a member's read marks (pages of members, never kept)",
    "site_search.searchentry": "the search index: its updater bumps `search`",
    "site_search.searchentrytext": "the search index: its updater bumps `search`",
    "site_search.searchword": "the search vocabulary: its updater bumps `search`",
    "results.dailycount": "view counters, written in bulk by flush_counts",
    "background.letter": "the outbox of letters",
    "background.scheduledjob": "the scheduler's bookkeeping",
    "forum_extras.topicletter": "when a member was last written to about a topic",
}
# Saves limited to these fields change nothing a page shows.
IGNORED_FIELDS = {"auth.user": frozenset({"last_login"})}
FOLLOWED_PACKAGES = ("wagtail", "machina", "taggit", "django.contrib.auth")
# Changes of these apps touch one area only (a model may say otherwise with a
# `page_cache_area` attribute): forum changes leave the library's blocks kept.
AREA_OF_APP = {"taggit": CONTENT}
_registered = {}


def _is_project_app(app_config):
    path = str(app_config.path)
    return str(settings.BASE_DIR) in path and "site-packages" not in path


@functools.cache
def change_policy(model):
    """(areas, ignored fields) of a model's changes, or None when they retire nothing."""
    from django.apps import apps

    meta = model._meta
    label = meta.label_lower
    concrete = meta.concrete_model or model
    if concrete is not model:
        return change_policy(concrete)
    if label in NEVER_RETIRE:
        return None
    try:
        app_config = apps.get_app_config(meta.app_label)
    except LookupError:
        return None
    followed = _is_project_app(app_config) or app_config.name.startswith(FOLLOWED_PACKAGES)
    if not followed:
        return None
    area, ignored = _registered.get(label, (None, frozenset()))
    area = area or getattr(model, "page_cache_area", None)
    if area is None:
        area = AREA_OF_APP.get(meta.app_label)
    if area is None and meta.app_label.startswith("forum"):
        area = FORUM  # machina's apps and our forum_extras
    _generation_key(area)
    return ((area,) if area else ()), IGNORED_FIELDS.get(label, frozenset()) | ignored


def _on_save(sender, update_fields=None, **kwargs):
    policy = change_policy(sender)
    if policy is None:
        return
    areas, ignored = policy
    if ignored and update_fields and set(update_fields) <= ignored:
        return
    bump(*areas)


def _on_delete(sender, **kwargs):
    policy = change_policy(sender)
    if policy is not None:
        bump(*policy[0])


def _on_m2m(sender, action, **kwargs):
    if action.startswith("post_"):
        _on_delete(sender)


def follow_changes():
    """Connect the receivers of invalidation by default (home's AppConfig.ready)."""
    post_save.connect(_on_save, dispatch_uid="page-cache:save")
    post_delete.connect(_on_delete, dispatch_uid="page-cache:delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="page-cache:m2m")


def bump_receiver(sender, **kwargs):
    """A signal receiver that bumps every area."""
    bump()


def invalidate_on_change(*models, ignore_fields=(), area=None):
    """Needless since every model is followed by default (kept for callers):
    records the area these models' changes touch and the fields whose saves
    change nothing a page shows."""
    _generation_key(area)
    for model in models:
        _registered[model._meta.label_lower] = (area, frozenset(ignore_fields))
    change_policy.cache_clear()


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
            _state.read_since_bump = True
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
        _state.read_since_bump = True
        found = cache.get_many([GENERATION_KEY, key])
        current = found.get(GENERATION_KEY) or generation()
        entry = found.get(key)
        if entry is not None and self._fresh(entry, current):
            return self._replay(request, entry)
        # Read before rendering: a change made meanwhile must retire this page.
        tokens = {area: generation(area) for area in AREAS}
        request.csrf_placeholder = CSRF_PLACEHOLDER
        response = self.get_response(request)
        entry = self._entry(request, response, current, tokens)
        if entry is not None:
            seconds = settings.PAGE_CACHE_SECONDS
            if "until" in entry:
                seconds = min(seconds, math.ceil(entry["until"] - timezone.now().timestamp()))
            if seconds > 0:
                cache.set(key, entry, seconds)
                response["X-Page-Cache"] = "miss"
        if not response.streaming and CSRF_PLACEHOLDER.encode() in response.content:
            response.content = self._with_tokens(request, response.content.decode())
            if response.has_header("Content-Length"):  # set inside (CommonMiddleware)
                response["Content-Length"] = str(len(response.content))
            self.csrf.process_response(request, response)
        return response

    def _with_tokens(self, request, content):
        """The page with each placeholder replaced by a CSRF token of the visitor."""
        parts = content.split(CSRF_PLACEHOLDER)
        return parts[0] + "".join(get_token(request) + part for part in parts[1:])

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
        # Any cookie, the CSRF one included: then code asked get_token() itself
        # and the page carries this visitor's token, not the placeholder.
        if set(response.cookies) - NEUTRAL_COOKIES:
            return None
        content = response.content.decode(response.charset or "utf-8", errors="strict")
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
            response.content = self._with_tokens(request, content)
            self.csrf.process_response(request, response)
        else:
            response.content = content
        response["X-Page-Cache"] = "hit"
        return response
