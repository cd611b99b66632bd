"""Settings shared by every environment.

Everything that differs between the embedded default (SQLite, eager Celery, database search) and a
deployment at scale (PostgreSQL, Celery on Redis/RabbitMQ, Elasticsearch) is read from the
environment here, never edited in code.
"""

import os
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
    "ninja",  # its Swagger UI files are then served from our static files (no CDN) at /api/v1/docs/
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
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
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
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
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# Periodic jobs (run by `celery -A config worker -B` or a separate beat): each app owns its schedule.
from celery.schedules import crontab  # noqa: E402

from campaigns.celery_schedule import CAMPAIGNS_BEAT_SCHEDULE  # noqa: E402

CELERY_BEAT_SCHEDULE = {
    **CAMPAIGNS_BEAT_SCHEDULE,
    # Precomputed impact (rollout.impact_store): events keep it fresh; this catches bulk writes.
    "rollout-refresh-all-impacts": {"task": "rollout.refresh_all_impacts", "schedule": crontab(hour=2, minute=45)},
    # Overdue applications for recognition, e-mailed to each council's chair once a day (issue 14).
    "appraisal-overdue-applications": {"task": "appraisal.email_overdue_applications",
                                       "schedule": crontab(hour=7, minute=0)},
}

# Recognition of initiatives (docs/recognition.md). Calendar days from the receipt; see
# initiatives/clock.py for the articles each comes from and which could not be confirmed.
RECOGNITION_ACCEPTANCE_DAYS = int(os.environ.get("RECOGNITION_ACCEPTANCE_DAYS", "30"))  # Art. 6: not confirmed
RECOGNITION_DECISION_DAYS = int(os.environ.get("RECOGNITION_DECISION_DAYS", "90"))  # Art. 7(1): 03 tháng
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
# Absolute links (e-mails, certificates, QR codes): SITE_URL, else the address `make run` serves on
# (PORT, default 8000), so `PORT=18801 make run` links to where it serves.
SITE_URL = (os.environ.get("SITE_URL") or f"http://127.0.0.1:{os.environ.get('PORT') or '8000'}").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_USER_LOGIN_FORM = "core.login.LoginForm"  # Vietnamese labels on the login page
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = [("vi", "Tiếng Việt")]
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
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
