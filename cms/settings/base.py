"""Settings shared by every environment.

Everything optional is read from the environment with a safe embedded default
(SQLite, database search, local-memory cache, media on disk). No secrets here:
production.py demands them from the environment.
"""

import datetime
import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

import dj_database_url
from machina import MACHINA_MAIN_STATIC_DIR, MACHINA_MAIN_TEMPLATE_DIR

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("PORTAL_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    """Read a boolean environment variable ("1", "true", "yes", "on" are true)."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    """Read a comma-separated environment variable as a list of stripped items."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_required(name):
    """Return a required environment variable or refuse to start, naming it."""
    value = os.environ.get(name, "")
    if not value:
        raise ImproperlyConfigured(
            f"The environment variable {name} is required for these settings "
            f"but is not set. See .env.example."
        )
    return value


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Ours
    "home",
    "organisations",
    "practices",
    "events",
    "search",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Read-only API for partner portals (practices). Listed after Wagtail: the
    # first app with a translation wins, and Wagtail's Russian messages are ours.
    "wagtail.api.v2",
    "rest_framework",
    # django-machina. Our `forum` folder *is* machina's `forum` app, overridden
    # (Django refuses two apps with one label); see forum/apps.py.
    "mptt",
    "haystack",
    "widget_tweaks",
    "machina",
    "forum",
    "machina.apps.forum_conversation",
    "machina.apps.forum_conversation.forum_attachments",
    "machina.apps.forum_conversation.forum_polls",
    "machina.apps.forum_feeds",
    "machina.apps.forum_moderation",
    "machina.apps.forum_search",
    "machina.apps.forum_tracking",
    "machina.apps.forum_member",
    "machina.apps.forum_permission",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "home.lookups.SiteMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "forum.middleware.ForumPermissionMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates", MACHINA_MAIN_TEMPLATE_DIR],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "machina.core.context_processors.metadata",
                "home.context_processors.portal",
                "accounts.context_processors.account",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# Database: SQLite under var/ unless DATABASE_URL says otherwise.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; a busy timeout instead of
    # immediate "database is locked" errors under concurrent requests. The
    # connection is kept between requests like PostgreSQL's (DB_CONN_MAX_AGE): a
    # new one reads the whole schema again on its first query, 2-5 ms a page.
    # Each connection keeps up to SQLITE_CACHE_MB of pages in memory (SQLite's
    # default is 2 MB): the library's counts and listings re-read the page table
    # on every request, 20-30 % slower from the operating system's cache.
    cache_kib = int(float(os.environ.get("SQLITE_CACHE_MB", "16")) * 1024)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                f"PRAGMA cache_size=-{cache_kib};"
            ),
        }
    )

# machina's app configs declare no default_auto_field and its migrations made
# integer ids, so the project default stays AutoField; our own apps ask for
# BigAutoField in their AppConfig.
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: Russian first, English second.
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = [("ru", "Русский")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# locale_overrides: our Russian for strings of Wagtail and machina (hand-kept, see its .po).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_overrides"]
# i18n: the footer's language switch stores the choice in this cookie for a year.
# Without it LocaleMiddleware follows the browser's Accept-Language (so an
# English-first browser gets English) and falls back to Russian (LANGUAGE_CODE).
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Moscow"
USE_I18N = True
USE_TZ = True

# Static and media files. WhiteNoise serves static files from the app servers.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static", MACHINA_MAIN_STATIC_DIR]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Forum attachments and documents go to PRIVATE_MEDIA_ROOT (no URL; served by views
# that check rights), everything else to MEDIA_ROOT: home/private_files.py.
STORAGES = {
    "default": {"BACKEND": "home.private_files.PortalMediaStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private" / "media"))
# How private files leave: "" streams them from Python; "nginx" answers with
# X-Accel-Redirect to the internal locations below; "apache"/"lighttpd" with X-Sendfile.
PRIVATE_FILES_SERVER = os.environ.get("PRIVATE_FILES_SERVER", "")
PRIVATE_FILES_INTERNAL_URL = os.environ.get("PRIVATE_FILES_INTERNAL_URL", "/_private/media/")
COURSES_FILES_INTERNAL_URL = os.environ.get("COURSES_FILES_INTERNAL_URL", "/_private/courses/")
# Documents always through Wagtail's view (collection view restrictions), whose bytes
# go out by home.private_files.sendfile.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
SENDFILE_BACKEND = "home.private_files"
FILE_UPLOAD_PERMISSIONS = 0o644
# Uploads (home/uploads.py): no file beyond UPLOAD_MAX_SIZE bytes is kept while the
# request streams in; images over UPLOAD_IMAGE_MAX_PIXELS are refused from their
# header, before decoding (Pillow's own bomb limit is set to the same).
UPLOAD_MAX_SIZE = int(os.environ.get("UPLOAD_MAX_SIZE", str(50 * 1024 * 1024)))
UPLOAD_IMAGE_MAX_PIXELS = int(os.environ.get("UPLOAD_IMAGE_MAX_PIXELS", "40000000"))
WAGTAILIMAGES_MAX_IMAGE_PIXELS = UPLOAD_IMAGE_MAX_PIXELS
FILE_UPLOAD_HANDLERS = [
    "home.uploads.SizeCapUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Cache: local memory by default, Redis when REDIS_URL is set.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "portal"),
        },
        "machina_attachments": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "machina_attachments"),
        },
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "machina_attachments": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "machina_attachments"),
        },
    }

# E-mail: console in development, SMTP when EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
# A hung mail server must not hold the worker past its claim on a batch (seconds).
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = os.environ.get(
        "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
    )
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Портал добровольчества <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Wagtail
WAGTAIL_SITE_NAME = "Добровольчество в социальной сфере"
# No avatars from a foreign service (personal data stays in the country, 152-ФЗ).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
# No foreign services (152-ФЗ): the admin shows initials, never Gravatar pictures.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "doc", "xlsx", "xls", "pptx", "odt", "ods", "txt", "zip"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILIMAGES_IMAGE_MODEL = "wagtailimages.Image"
WAGTAILEMBEDS_RESPONSIVE_HTML = True

# Our site search (search/): "database" unless ELASTICSEARCH_URL is set.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
SEARCH_BACKEND = os.environ.get(
    "SEARCH_BACKEND", "elasticsearch" if ELASTICSEARCH_URL else "database"
)
SEARCH_INDEX_PREFIX = os.environ.get("SEARCH_INDEX_PREFIX", "portal")

# django-machina: its forum_search app needs haystack configured; the site
# search in search/ indexes forum posts instead, so haystack gets a no-op engine.
HAYSTACK_CONNECTIONS = {
    "default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"},
}
MACHINA_BASE_TEMPLATE_NAME = "machina_base.html"
MACHINA_FORUM_NAME = "Форум"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # One INFO line per background task and page action is noise on a console.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": os.environ.get("WAGTAIL_LOG_LEVEL", "WARNING")},
    },
}

# Our forum/ overrides machina's `forum` app but keeps its migrations until we
# add a model of our own.
MIGRATION_MODULES = {"forum": "machina.apps.forum.migrations"}

# practices: the library's read-only partner API (Wagtail API v2 at /api/v2/)
# and its feeds.
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 100
PRACTICES_FEED_SIZE = int(os.environ.get("PRACTICES_FEED_SIZE", "30"))
# A TrueType font with Cyrillic for the demo PDFs (Debian: fonts-dejavu-core).
PRACTICES_PDF_FONT = os.environ.get(
    "PRACTICES_PDF_FONT", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
)
# events
EVENTS_CONFIRM_LINK_DAYS = int(os.environ.get("EVENTS_CONFIRM_LINK_DAYS", "3"))
EVENTS_MANAGE_LINK_DAYS = int(os.environ.get("EVENTS_MANAGE_LINK_DAYS", "400"))
# …and no longer than this many days after the event ends.
EVENTS_MANAGE_LINK_DAYS_AFTER = int(os.environ.get("EVENTS_MANAGE_LINK_DAYS_AFTER", "30"))

# --- forum (django-machina in the site) and accounts --------------------------
INSTALLED_APPS += [  # noqa: E305
    "accounts",
    "forum_extras",
]
# Content-Security-Policy on every response (django-csp): no inline scripts or
# styles and nothing from other sites on the site's own pages, so markup injected
# past the forum's sanitiser or into any content cannot run. No nonces: the
# policy is the same for every visitor, so pages stay in the shared page cache.
# Videos are framed from the hosts editors may embed (CSP_FRAME_ORIGINS); media
# served from another origin (object storage) is named in CSP_MEDIA_ORIGINS.
# The Wagtail and Django admins get CONTENT_SECURITY_POLICY_ADMIN (home/csp.py):
# Wagtail's editor needs inline styles, inline event handlers of some widgets and
# blob:/data: previews.
INSTALLED_APPS += ["csp"]  # its system checks
MIDDLEWARE.insert(1, "home.csp.PortalCSPMiddleware")
CSP_FRAME_ORIGINS = env_list(
    "CSP_FRAME_ORIGINS", "https://rutube.ru,https://vk.com,https://vkvideo.ru"
)
CSP_MEDIA_ORIGINS = env_list("CSP_MEDIA_ORIGINS", "")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *CSP_MEDIA_ORIGINS],
        "media-src": ["'self'", *CSP_MEDIA_ORIGINS],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", *CSP_FRAME_ORIGINS],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}
CONTENT_SECURITY_POLICY_ADMIN = {
    "PATH_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *CSP_MEDIA_ORIGINS],
        "font-src": ["'self'", "data:"],
    },
}

# Login throttling (django-axes): every login form (/accounts/login/, /admin/login/,
# /django-admin/login/) authenticates through Django, whose failures axes counts,
# by account and by client address separately. Past the limit: the Russian page
# accounts/locked_out.html (429) with the password reset link, which lifts the lock.
INSTALLED_APPS += ["axes"]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_VERBOSE = False
# The client's address, for axes and the form limits (home/throttle.py): behind
# TRUSTED_PROXY_COUNT proxies that each append to X-Forwarded-For, the entry that
# many places from the right; with no proxy REMOTE_ADDR alone, a client's own
# X-Forwarded-For or X-Real-IP never believed. home.throttle.forwarded_client reads
# it by position, not with django-ipware, whose parser let a quote in the header
# move the position.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "home.throttle.forwarded_client"
# Forms that send letters or create rows (sign-up, password reset, guest
# registration): at most N submissions per client address per hour (home/throttle.py).
FORM_SUBMISSIONS_PER_HOUR = int(os.environ.get("FORM_SUBMISSIONS_PER_HOUR", "10"))
# Wagtail documents have no size limit of their own: the streaming cap applies (an
# upload over it reaches the form empty and must be refused, not saved).
WAGTAILDOCS_MAX_UPLOAD_SIZE = UPLOAD_MAX_SIZE
# Overrides of machina's templates live in templates/machina/<machina's path>.
TEMPLATES[0]["DIRS"].insert(1, BASE_DIR / "templates" / "machina")
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:cabinet"
LOGOUT_REDIRECT_URL = "/"
# Markdown (markdown2) first, then the nh3 allowlist sanitiser: see forum/markup.py.
MACHINA_MARKUP_LANGUAGE = ("forum.markup.render", {})
MACHINA_MARKUP_WIDGET = "forum.markup.MarkdownTextarea"
MACHINA_USER_DISPLAY_NAME_METHOD = "get_full_name"
MACHINA_PROFILE_AVATARS_ENABLED = False
MACHINA_FORUM_TOPICS_NUMBER_PER_PAGE = 20
MACHINA_TOPIC_POSTS_NUMBER_PER_PAGE = 15
MACHINA_ATTACHMENT_MAX_FILES_PER_POST = 5
FORUM_ATTACHMENT_MAX_SIZE = int(os.environ.get("FORUM_ATTACHMENT_MAX_SIZE", str(5 * 1024 * 1024)))
FORUM_ATTACHMENT_EXTENSIONS = [
    "pdf", "doc", "docx", "odt", "xls", "xlsx", "ods", "ppt", "pptx", "txt", "jpg", "jpeg", "png",
]  # fmt: skip
# New members (not yet in the trusted group): at most N posts per window of seconds.
FORUM_NEW_MEMBER_POST_LIMIT = int(os.environ.get("FORUM_NEW_MEMBER_POST_LIMIT", "5"))
FORUM_NEW_MEMBER_POST_WINDOW = int(os.environ.get("FORUM_NEW_MEMBER_POST_WINDOW", "3600"))
ACCOUNTS_AVATAR_MAX_SIZE = 3 * 1024 * 1024
ACCOUNTS_AVATAR_DIMENSION = 256
# An avatar is decoded to be cropped and resized: at most this many pixels (4096²).
ACCOUNTS_AVATAR_MAX_PIXELS = 16_777_216
ACCOUNTS_CONFIRMATION_MAX_AGE = 3 * 24 * 3600
ACCOUNTS_CONSENT_VERSION = "2025-09-01"
# «Скачать мои данные»: archives per member and hour (0 = no limit).
ACCOUNTS_EXPORTS_PER_HOUR = int(os.environ.get("ACCOUNTS_EXPORTS_PER_HOUR", "3"))

# search: Elasticsearch request timeout in seconds, and the hook deciding which forums
# a user may read (dotted path to a function (user) -> forum ids; machina's handler
# when empty). Russian words are lemmatised in Python (pymorphy3) for every backend.
SEARCH_ELASTICSEARCH_TIMEOUT = float(os.environ.get("SEARCH_ELASTICSEARCH_TIMEOUT", "5"))
# What a searching visitor may read in the forum: the forum app's answer, which
# memoises it for anonymous visitors.
SEARCH_READABLE_FORUMS = os.environ.get(
    "SEARCH_READABLE_FORUMS", "forum.visibility.readable_forum_ids"
)
# At most this many matches are counted per search (0: no cap); beyond it the page
# says "more than N results", which keeps common words fast on a large index.
SEARCH_MAX_MATCHES = int(os.environ.get("SEARCH_MAX_MATCHES", "10000"))
# A forum post with this many open reports (none resolved by a moderator yet) leaves
# the search until they are dealt with (0: reports never hide a post).
SEARCH_HIDE_REPORTED_AFTER = int(os.environ.get("SEARCH_HIDE_REPORTED_AFTER", "1"))

# --- courses (distance learning) ------------------------------------------------
INSTALLED_APPS += ["courses"]  # noqa: E305
# --- results: organisations' periodic reports, /results/, the grant report -------
INSTALLED_APPS += ["results"]
# Length of a reporting period in months (3: quarters) and the days after a
# period's end until its reports are due; late reports are reminded every N days.
RESULTS_PERIOD_MONTHS = int(os.environ.get("RESULTS_PERIOD_MONTHS", "3"))
RESULTS_REPORT_DUE_DAYS = int(os.environ.get("RESULTS_REPORT_DUE_DAYS", "20"))
RESULTS_REMINDER_INTERVAL_DAYS = int(os.environ.get("RESULTS_REMINDER_INTERVAL_DAYS", "7"))
# An attendance certificate needs presence (check-in to check-out, within the
# event's start and end) for at least this share of the event, in per cent.
ATTENDANCE_MIN_SHARE = int(os.environ.get("ATTENDANCE_MIN_SHARE", "75"))
if not 1 <= ATTENDANCE_MIN_SHARE <= 100:
    raise ImproperlyConfigured("ATTENDANCE_MIN_SHARE must be a percentage from 1 to 100")
# Learners' answer files live outside MEDIA_ROOT and are served only by a
# permission-checked view (courses:file).
COURSES_PRIVATE_ROOT = Path(os.environ.get("COURSES_PRIVATE_ROOT", VAR_DIR / "private" / "courses"))
COURSES_UPLOAD_MAX_SIZE = int(os.environ.get("COURSES_UPLOAD_MAX_SIZE", str(10 * 1024 * 1024)))
COURSES_UPLOAD_MAX_FILES = int(os.environ.get("COURSES_UPLOAD_MAX_FILES", "5"))


# --- speed: shared cache, full-page cache, buffered counters (issue 7) ---------
# "shared" is the cache every gunicorn worker sees: Redis when REDIS_URL is set,
# otherwise files under var/cache/ (local memory would give each worker its own).
if REDIS_URL:
    CACHES["shared"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "portal") + "-shared",
    }
else:
    CACHES["shared"] = {
        "BACKEND": "home.cache.FileCache",
        "LOCATION": str(VAR_DIR / "cache" / "shared"),
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
# Anonymous pages are kept whole for this many seconds (0 turns the page cache off).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
# Paths never cached: the admin, accounts, forms that answer per visitor.
PAGE_CACHE_EXCLUDED_PREFIXES = env_list(
    "PAGE_CACHE_EXCLUDED_PREFIXES",
    "/admin/,/django-admin/,/accounts/,/a11y/,/forum/moderation/,/forum/reports/,"
    "/forum/unsubscribe/,/forum/member/,/events/registration/,/documents/,/api/,/health/",
)
# Navigation, regions, readable forums… memoised until content changes, at most
# this many seconds (0 = computed on every request).
LOOKUP_CACHE_SECONDS = int(os.environ.get("LOOKUP_CACHE_SECONDS", "3600"))
# Blocks of pages shared by visitors ({% fragment %}: listings, home and hub
# sections, forum posts) are kept at most this long, always dropped when content
# changes; 0 renders them on every request.
FRAGMENT_CACHE_SECONDS = int(os.environ.get("FRAGMENT_CACHE_SECONDS", "3600"))
# Searches by anonymous visitors are kept until content changes, and at most this long.
SEARCH_RESULTS_CACHE_SECONDS = int(os.environ.get("SEARCH_RESULTS_CACHE_SECONDS", "60"))
# Topic views counted in the cache reach the database after this many views
# (and by `manage.py flush_topic_views` from cron); 0 leaves it to cron alone.
FORUM_TOPIC_VIEWS_FLUSH_EVERY = int(os.environ.get("FORUM_TOPIC_VIEWS_FLUSH_EVERY", "1000"))
# A visitor (member, or address and browser) adds one view to a topic at most once
# in this many seconds; 0 counts every page view.
FORUM_TOPIC_VIEW_WINDOW_SECONDS = int(
    os.environ.get("FORUM_TOPIC_VIEW_WINDOW_SECONDS", str(6 * 3600))
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
    "home.page_cache.PageCacheMiddleware",
)
# results: practice views counted in the shared cache, cached replays included
# (outside the page cache; written by `manage.py flush_counts`).
MIDDLEWARE.insert(
    MIDDLEWARE.index("home.page_cache.PageCacheMiddleware"),
    "results.middleware.CountViewsMiddleware",
)


# --- background work: task queue, outbox of letters, periodic jobs (issue 19) ---
INSTALLED_APPS += ["django_tasks", "django_tasks_db", "background"]  # noqa: E305
# Links in letters point at the Site the request came through (background/links.py).
MIDDLEWARE.insert(
    MIDDLEWARE.index("home.lookups.SiteMiddleware") + 1, "background.links.LetterLinksMiddleware"
)
# django-tasks (Django 6's django.tasks): the database backend by default, run by
# `manage.py worker`; another backend (e.g. "django_tasks_rq.RQBackend") is a
# setting, not a code change. Wagtail queues its own work (reference index) here too.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# Letters: sent by the worker; after a failure retried after these delays (seconds,
# the last one repeats) until OUTBOX_RETRY_HOURS have passed, then marked failed.
OUTBOX_RETRY_DELAYS = [
    int(seconds) for seconds in env_list("OUTBOX_RETRY_DELAYS", "60,300,900,1800,3600,7200,14400")
]
OUTBOX_RETRY_HOURS = max(24, int(os.environ.get("OUTBOX_RETRY_HOURS", "48")))
OUTBOX_BATCH_SIZE = int(os.environ.get("OUTBOX_BATCH_SIZE", "200"))
# How often a visitor may ask for a letter again («отправить письмо ещё раз»).
OUTBOX_RESEND_SECONDS = int(os.environ.get("OUTBOX_RESEND_SECONDS", "120"))
# The admin warns when no letter has gone out for this long while some keep failing.
OUTBOX_ALERT_MINUTES = int(os.environ.get("OUTBOX_ALERT_MINUTES", "60"))
# Periodic jobs the worker runs (no cron): name -> what to run and every how many seconds.
SCHEDULED_JOBS = {
    "outbox": {"run": "background.mail.deliver_due", "every": 60},
    "event-reminders": {"run": "events.services.send_reminders", "every": 900},
    "topic-views": {"run": "forum.view_counts.flush", "every": 600},
    "forum-digests": {"run": "forum.services.send_digests", "every": 60},
    "expire-unconfirmed-registrations": {
        "run": "events.services.expire_unconfirmed",
        "every": 3600,
    },
    "expire-unconfirmed-sign-ups": {
        "run": "accounts.services.expire_unconfirmed_members",
        "every": 3600,
    },
    "clear-sessions": {"run": "command:clearsessions", "every": 86400},
    # results: late report reminders, feedback survey invitations, counted downloads.
    "report-reminders": {"run": "command:send_report_reminders", "every": 86400},
    "survey-invitations": {"run": "results.surveys.invite", "every": 3600},
    "results-counts": {"run": "results.counters.flush", "every": 600},
    "housekeeping": {"run": "background.housekeeping.prune", "every": 86400},
    # Personal data past its retention period (accounts/retention.py).
    "retention": {"run": "command:apply_retention", "every": 86400},
}
# Forum subscriptions: the first reply at once, the next ones in one digest per
# member and topic after this many minutes.
FORUM_DIGEST_MINUTES = int(os.environ.get("FORUM_DIGEST_MINUTES", "60"))
# Sent letters (addresses, links) and finished task rows are deleted after these days.
OUTBOX_KEEP_DAYS = int(os.environ.get("OUTBOX_KEEP_DAYS", "30"))
TASKS_KEEP_DAYS = int(os.environ.get("TASKS_KEEP_DAYS", "7"))
# Retention of personal data (accounts/retention.py, the daily «retention» job):
# guest registrations of events that ended this many months ago are anonymised,
# sent letters lose their text after these days, login records are deleted.
RETENTION_REGISTRATION_MONTHS = int(os.environ.get("RETENTION_REGISTRATION_MONTHS", "12"))
RETENTION_LETTER_BODY_DAYS = int(os.environ.get("RETENTION_LETTER_BODY_DAYS", "7"))
RETENTION_LOGIN_DAYS = int(os.environ.get("RETENTION_LOGIN_DAYS", "30"))
