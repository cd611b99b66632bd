"""Settings shared by every environment.

Everything that differs between the embedded default (SQLite, eager Celery, database search) and a
deployment at scale (PostgreSQL, Celery on Redis/RabbitMQ, Elasticsearch) is read from the
environment here, never edited in code.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "core",  # the bottom layer (docs/architecture.md)
    "home",
    "units",
    "initiatives",
    "rollout",
    "appraisal",
    "campaigns",
    "search",
    "opendata",
    "public",  # what the public may see (public/rules.py)
    "following",  # following by e-mail: double opt-in, weekly digest (reads public/rules.py)
    "scale",  # the national-scale dataset generator for `make bench` (manage.py generate_scale)
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
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
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",  # login lockout (core/lockout.py)
    "csp",  # Content-Security-Policy (core/security_headers.py)
    "ninja",  # its Swagger UI files are then served from our static files (no CDN) at /api/v1/docs/
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # CSP and Permissions-Policy (core/security_headers.py), outside the public page cache so that a
    # page served from it gets its header afresh.
    "core.security_headers.ContentSecurityPolicyMiddleware",
    "core.security_headers.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.VietnameseFirstLocaleMiddleware",  # Vietnamese unless the visitor switches
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Anonymous public pages from the cache. After Session/Locale/CSRF/Auth (it reads the session
    # cookie, the language and the user; CSRF sets its cookie on hits too), before Messages and
    # X-Frame-Options (a message cookie is seen, the header is stored). See core/page_cache.py.
    "core.page_cache.PublicPageCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: turns a login refused by the lockout into the Vietnamese lockout page (core/lockout.py).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# Database: SQLite file by default (the embedded default), anything else through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server read while an eager Celery task writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first, English second.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Numbers the Vietnamese way: 9.470 and 98,9 (Django's "vi" formats give the decimal comma;
# the thousands dot is ours, see FORMAT_MODULE_PATH).
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["config.formats"]

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"
# Files no URL may serve (core/storage.py): uploaded import spreadsheets. Keep it outside MEDIA_ROOT
# and outside anything the web server publishes.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "var" / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Spreadsheet imports (rollout/importing; limits listed in docs/security.md). A file past a limit is
# refused as soon as the limit is passed, with a Vietnamese message naming it; nothing is written.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))  # the upload itself
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "100000"))  # data rows (blank rows not counted)
IMPORT_MAX_COLUMNS = int(os.environ.get("IMPORT_MAX_COLUMNS", "200"))  # last column holding a value
IMPORT_MAX_CELLS = int(os.environ.get("IMPORT_MAX_CELLS", "2000000"))  # non-empty cells
# XLSX is a zip: any part but a worksheet unpacked (openpyxl loads shared strings and styles whole),
# and all parts together (a zip bomb).
IMPORT_XLSX_MAX_PART_BYTES = int(os.environ.get("IMPORT_XLSX_MAX_PART_BYTES", str(8 * 1024 * 1024)))
IMPORT_XLSX_MAX_UNPACKED_BYTES = int(os.environ.get("IMPORT_XLSX_MAX_UNPACKED_BYTES", str(256 * 1024 * 1024)))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Cache: Redis when REDIS_URL/CACHE_URL is set (at scale), local memory otherwise.
CACHE_URL = os.environ.get("CACHE_URL", "")
# "pages" holds the public page cache apart, so pages never evict rate-limit counters from a full
# local-memory cache.
if CACHE_URL.startswith("redis"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL},
              "pages": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL,
                        "KEY_PREFIX": "pages"}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
              "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages",
                        "OPTIONS": {"MAX_ENTRIES": 1000}}}
# Rendered public pages for anonymous visitors (core/page_cache.py): at most this many seconds old
# when no event signals a change (0 = off).
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", "300"))
# After a write changes a page's figures (not what is public: that is never served stale), anonymous
# visitors get the previous copy for at most this many seconds, and the re-render runs in a thread
# after answering them (core/page_cache.py; issue 17: readers never wait on the writes' re-renders).
PUBLIC_PAGE_CACHE_REFRESH_SECONDS = int(os.environ.get("PUBLIC_PAGE_CACHE_REFRESH_SECONDS", "5"))
PUBLIC_PAGE_CACHE_BACKGROUND = os.environ.get("PUBLIC_PAGE_CACHE_BACKGROUND", "1") == "1"
# Slow parts of public pages (a unit's map, ranking, charts; an initiative's rollout section) kept
# rendered for everyone, logged-in officers included, until a write they show (core/fragments.py);
# this many seconds bound what no event signals. 0 = off.
FRAGMENT_CACHE_SECONDS = int(os.environ.get("FRAGMENT_CACHE_SECONDS", "3600"))

# Celery. No broker configured = eager mode: tasks run in-process at .delay() time, so the
# embedded default needs no server. Set CELERY_BROKER_URL (redis://... or amqp://...) for workers.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
# Eager mode only: refresh a campaign's leaderboard at most once per this many seconds (a whole board
# inside every write costs 40 ms at 1/10 national scale); 0 refreshes on every event. campaigns/tasks.py.
CAMPAIGNS_EAGER_REFRESH_SECONDS = int(os.environ.get("CAMPAIGNS_EAGER_REFRESH_SECONDS", "15"))
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", "") or None
CELERY_TASK_ACKS_LATE = True
# A task whose worker process dies (killed, out of memory) goes back to the queue instead of being
# acknowledged as failed; with Redis, a message whose whole worker vanished comes back after the
# visibility timeout, which must exceed the longest job or a slow job would run twice.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "celery")
# Imports (rollout/importing/recovery.py): the longest a job may take; a running job writes a
# heartbeat every IMPORT_HEARTBEAT_SECONDS, and one silent for IMPORT_HEARTBEAT_STALE_SECONDS is
# re-queued by beat, IMPORT_MAX_ATTEMPTS runs in all, then failed with a message on its page.
IMPORT_JOB_MAX_SECONDS = int(os.environ.get("IMPORT_JOB_MAX_SECONDS", "3600"))
IMPORT_HEARTBEAT_SECONDS = float(os.environ.get("IMPORT_HEARTBEAT_SECONDS", "10"))
IMPORT_HEARTBEAT_STALE_SECONDS = float(os.environ.get("IMPORT_HEARTBEAT_STALE_SECONDS", "300"))
IMPORT_MAX_ATTEMPTS = int(os.environ.get("IMPORT_MAX_ATTEMPTS", "3"))
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", str(IMPORT_JOB_MAX_SECONDS + 600))),
}
if os.environ.get("CELERY_UNACKED_RESTORE_SECONDS"):  # how often Redis is swept for such messages
    CELERY_BROKER_TRANSPORT_OPTIONS.update(unacked_restore_interval=int(os.environ["CELERY_UNACKED_RESTORE_SECONDS"]),
                                           unacked_restore_throttle=1)
CELERY_TIMEZONE = TIME_ZONE
# Periodic jobs (run by `celery -A config worker -B` or a separate beat): each app owns its schedule.
from celery.schedules import crontab  # noqa: E402

from campaigns.celery_schedule import CAMPAIGNS_BEAT_SCHEDULE  # noqa: E402

CELERY_BEAT_SCHEDULE = {
    **CAMPAIGNS_BEAT_SCHEDULE,
    # Imports whose worker died mid-run (heartbeat stopped): re-queued or failed with a message.
    "rollout-requeue-stale-imports": {"task": "rollout.requeue_stale_imports", "schedule": 60.0},
    # Precomputed impact (rollout.impact_store): events keep it fresh; this catches bulk writes.
    "rollout-refresh-all-impacts": {"task": "rollout.refresh_all_impacts", "schedule": crontab(hour=2, minute=45)},
    # Per-unit counts of the public pages (public/summary.py): the writes keep them; this catches bulk writes.
    "public-rebuild-unit-summaries": {"task": "public.rebuild_unit_summaries", "schedule": crontab(hour=3, minute=15)},
    # The unit map's per-unit tables (public/unit_map_store.py): likewise.
    "public-rebuild-unit-maps": {"task": "public.rebuild_unit_maps", "schedule": crontab(hour=3, minute=25)},
    # Overdue applications for recognition, e-mailed to each council's chair once a day (issue 14).
    "appraisal-overdue-applications": {"task": "appraisal.email_overdue_applications",
                                       "schedule": crontab(hour=7, minute=0)},
    # The weekly digest of followed initiatives, units and campaigns (issue 19), Monday morning.
    "following-weekly-digest": {"task": "following.send_weekly_digests",
                                "schedule": crontab(hour=6, minute=30, day_of_week=1)},
}
# Public forms, per client address (core.addresses.client_ip): following by e-mail, and the message
# to an initiative's unit ("Đơn vị muốn áp dụng mô hình này").
FOLLOW_RATE = os.environ.get("FOLLOW_RATE", "5/m")
CONTACT_RATE = os.environ.get("CONTACT_RATE", "3/h")

# Recognition of initiatives (docs/recognition.md). Calendar days from the receipt; see
# initiatives/clock.py for the articles each comes from and which could not be confirmed.
RECOGNITION_ACCEPTANCE_DAYS = int(os.environ.get("RECOGNITION_ACCEPTANCE_DAYS", "30"))  # Art. 6: not confirmed
# Regulation Art. 7(1): "trong thời hạn 03 tháng kể từ ngày chấp nhận đơn" — calendar months (initiatives.clock).
RECOGNITION_DECISION_MONTHS = int(os.environ.get("RECOGNITION_DECISION_MONTHS", "3"))
RECOGNITION_CLOCK_STOPS_ON_RETURN = env_bool("RECOGNITION_CLOCK_STOPS_ON_RETURN", True)
# Least number of ballots (for/against) a round needs before its recognition decision, unless the
# round sets its own; the chair may override with a recorded reason. Not set by the Regulation.
RECOGNITION_MIN_BALLOTS = int(os.environ.get("RECOGNITION_MIN_BALLOTS", "3"))

# Wagtail 8 runs its own small background jobs (reference index, image renditions, search index
# of pages) through django-tasks. They stay in-process (ImmediateBackend): they are short and
# Wagtail owns them. Our domain jobs (imports, points, leaderboards, notifications, our search
# index) are Celery tasks. See README, "Background work".
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Search. ELASTICSEARCH_URL set = our search layer uses Elasticsearch; otherwise the database.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
ELASTICSEARCH_INDEX_PREFIX = os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "nhanrong")
# A secured cluster (ES 8 default): the encoded API key, and the CA that signed its TLS certificate
# (or that certificate's SHA-256 fingerprint). See search/backends/es_client.py.
ELASTICSEARCH_API_KEY = os.environ.get("ELASTICSEARCH_API_KEY", "")
ELASTICSEARCH_CA_CERTS = os.environ.get("ELASTICSEARCH_CA_CERTS", "")
ELASTICSEARCH_SSL_FINGERPRINT = os.environ.get("ELASTICSEARCH_SSL_FINGERPRINT", "")
ELASTICSEARCH_TIMEOUT = float(os.environ.get("ELASTICSEARCH_TIMEOUT", "3"))
ELASTICSEARCH_MAINTENANCE_TIMEOUT = float(os.environ.get("ELASTICSEARCH_MAINTENANCE_TIMEOUT", "60"))
ELASTICSEARCH_MAINTENANCE_RETRIES = int(os.environ.get("ELASTICSEARCH_MAINTENANCE_RETRIES", "3"))
ELASTICSEARCH_BREAKER_SECONDS = float(os.environ.get("ELASTICSEARCH_BREAKER_SECONDS", "30"))
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# E-mail: console in development; EMAIL_HOST etc. in production.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Nhân Rộng <no-reply@localhost>")

# Wagtail
WAGTAIL_SITE_NAME = "Nhân Rộng"
# The admin's date pickers write and show dates the Vietnamese way, 06/08/2024 (config/formats: both
# languages read it day first); a native <input type=date> would follow the browser's locale instead.
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
# Absolute links (e-mails, certificates, QR codes): SITE_URL, else the address `make run` serves on
# (PORT, default 8000), so `PORT=18801 make run` links to where it serves.
SITE_URL = (os.environ.get("SITE_URL") or f"http://127.0.0.1:{os.environ.get('PORT') or '8000'}").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL

# Share links on initiative, unit and campaign pages (core/templatetags/share.py): plain links, no SDK.
# Facebook's sharer address is documented by Facebook; Zalo documents only an SDK button, so its plain
# address here is configuration an operator can change or remove.
SHARE_LINKS = [
    ("Zalo", "https://zalo.me/share?url={url}"),
    ("Facebook", "https://www.facebook.com/sharer/sharer.php?u={url}"),
]

# New pages get ASCII slugs (/sang-kien/ngay-khong-dung-tien-mat/, not percent-encoded Vietnamese):
# Wagtail's editor transliterates the title; pages created in code fold it (initiatives/models/pages.py).
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_USER_LOGIN_FORM = "core.login.LoginForm"  # Vietnamese labels on the login page
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = [("vi", "Tiếng Việt")]
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
# Documents always go through Django's serve view, where public/wagtail_hooks.py lets the public
# download only documents a public page uses (never a redirect to, or a link into, /media/documents/).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_ENABLE_UPDATE_CHECK = False  # offline intranets
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no request may leave the site
# Our own status lifecycle (submit → appraisal → decision) replaces Wagtail workflows; officers would
# otherwise be offered a "Moderators approval" action that bypasses the councils.
WAGTAIL_WORKFLOW_ENABLED = False

# Appraisal rules a province may tune (appraisal/conflicts.py, appraisal/aggregation.py).
# By default a provincial member is conflicted only by their own unit (and its parent/children), not
# by being the province of the initiative; True counts the province as a parent too (strict rule).
APPRAISAL_CONFLICT_PROVINCE_PARENT = env_bool("APPRAISAL_CONFLICT_PROVINCE_PARENT", False)
# Scores that differ by more than this many points flag a disagreement for the council chair;
# measured as max − min ("range") or population standard deviation ("stdev").
APPRAISAL_DISAGREEMENT_SPREAD = os.environ.get("APPRAISAL_DISAGREEMENT_SPREAD", "20")
APPRAISAL_DISAGREEMENT_MEASURE = os.environ.get("APPRAISAL_DISAGREEMENT_MEASURE", "range")

# Open data (opendata/, /du-lieu-mo/, /api/v1/): rate limits ("<n>/<s|m|h|d>", per IP when anonymous,
# per user when signed in; counters in the cache), the largest API page, the licence of the data.
API_ANON_RATE = os.environ.get("API_ANON_RATE", "120/m")
API_AUTH_RATE = os.environ.get("API_AUTH_RATE", "600/m")
API_MAX_PAGE_SIZE = int(os.environ.get("API_MAX_PAGE_SIZE", "500"))
# Behind N reverse proxies the client's address is the Nth from the right in X-Forwarded-For.
NINJA_NUM_PROXIES = int(os.environ["NINJA_NUM_PROXIES"]) if os.environ.get("NINJA_NUM_PROXIES") else None
OPEN_DATA_LICENCE = {
    "name": os.environ.get("OPEN_DATA_LICENCE", "CC BY 4.0"),
    "url": os.environ.get("OPEN_DATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/deed.vi"),
}

LOGIN_URL = "wagtailadmin_login"

# Content-Security-Policy (issue 13, item 8; core/security_headers.py, docs/security.md). Public pages:
# no inline script without the response's nonce, nothing from another origin.
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# The admins: Wagtail's templates write inline scripts and style attributes without a nonce, so
# 'unsafe-inline' there (and no nonce, which would disable it); still this origin only.
CSP_ADMIN_PATH_PREFIXES = ("/admin/", "/django-admin/")
CSP_ADMIN_DIRECTIVES = {
    "default-src": [SELF],
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    "frame-src": [SELF],
    "worker-src": [SELF, "blob:"],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],  # the page preview frames the admin
}
# Browser features no page uses, refused to every origin (core.security_headers.PermissionsPolicyMiddleware).
PERMISSIONS_POLICY = {
    "accelerometer": [], "autoplay": [], "camera": [], "display-capture": [], "geolocation": [],
    "gyroscope": [], "magnetometer": [], "microphone": [], "midi": [], "payment": [], "usb": [],
    "serial": [], "xr-spatial-tracking": [], "fullscreen": ["self"],
}

# Login lockout (issue 13, item 3; core/lockout.py, docs/security.md), on both the Wagtail admin
# (/admin/login/) and the Django admin (/django-admin/) logins: LOGIN_LOCKOUT_FAILURES wrong passwords
# for one account (from anywhere), or LOGIN_LOCKOUT_ADDRESS_FAILURES from one address (over any
# accounts), within LOGIN_LOCKOUT_MINUTES lock it for LOGIN_LOCKOUT_MINUTES after the last failure.
# The lockout backend comes first: it refuses a locked login before any password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
LOGIN_LOCKOUT_FAILURES = int(os.environ.get("LOGIN_LOCKOUT_FAILURES", "5"))
LOGIN_LOCKOUT_ADDRESS_FAILURES = int(os.environ.get("LOGIN_LOCKOUT_ADDRESS_FAILURES", "20"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "30"))
AXES_HANDLER = "core.lockout.LockoutHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # this order: core.lockout.LockoutHandler
AXES_FAILURE_LIMIT = LOGIN_LOCKOUT_FAILURES
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_CLIENT_IP_CALLABLE = "core.addresses.client_ip"  # the trusted-proxy rule, as for the rate limits
AXES_LOCKOUT_CALLABLE = "core.lockout.lockout_response"  # templates/core/lockout.html, HTTP 429
AXES_RESET_ON_SUCCESS = True  # the account's own failures only (core.lockout.LockoutHandler)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # retrying while locked does not lengthen the wait
AXES_COOLOFF_MESSAGE = _("Tài khoản tạm bị khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau.")
AXES_PERMALOCK_MESSAGE = _("Tài khoản bị khóa do đăng nhập sai nhiều lần. Liên hệ quản trị viên để mở khóa.")

# Verifiable awards (docs/commendation.md): the issuer's Ed25519 keys live outside the repository.
# Without a key, one is generated on first use where CREDENTIAL_KEY_AUTOGENERATE (dev, tests, `make run`).
CREDENTIAL_KEY_DIR = Path(os.environ.get("CREDENTIAL_KEY_DIR", BASE_DIR / "var" / "keys"))
CREDENTIAL_KEY_AUTOGENERATE = env_bool("CREDENTIAL_KEY_AUTOGENERATE", True)
# /xac-minh/ checks pasted credentials and uploaded PDFs: largest upload, and checks per minute per address.
VERIFY_UPLOAD_MAX_BYTES = int(os.environ.get("VERIFY_UPLOAD_MAX_BYTES", str(5 * 1024 * 1024)))
VERIFY_RATE_PER_MINUTE = int(os.environ.get("VERIFY_RATE_PER_MINUTE", "20"))
# Powers after 1 July 2025 that no primary text read here confirms (docs/commendation.md, "Thẩm quyền"):
# whether the commune chair now awards what the district chair awarded under Law 06/2022/QH15 Art. 80(2).
COMMENDATION_COMMUNE_HAS_DISTRICT_POWERS = env_bool("COMMENDATION_COMMUNE_HAS_DISTRICT_POWERS", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "nhanrong": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    },
}
