import tempfile

from .base import *  # noqa: F401,F403

SECRET_KEY = "test-only-key"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CAMPAIGNS_EAGER_REFRESH_SECONDS = 0  # tests read the board right after each event
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
PRIVATE_MEDIA_ROOT = BASE_DIR / "var" / "test-private"  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The whole suite calls /api/v1/ from one address within a minute: only the rate-limit tests lower it.
API_ANON_RATE = API_AUTH_RATE = "100000/m"
# Pages are rendered afresh in tests; tests/test_page_cache.py turns the public page cache on.
PUBLIC_PAGE_CACHE_SECONDS = 0
# Tests that turn the cache on see each re-render at the next request, inline (one test each turns these on).
PUBLIC_PAGE_CACHE_REFRESH_SECONDS = 0
PUBLIC_PAGE_CACHE_BACKGROUND = False
FRAGMENT_CACHE_SECONDS = 0  # tests/test_fragments.py turns the fragment cache on
# Tests sign with keys of their own, generated in a fresh directory (never the developer's var/keys/).
CREDENTIAL_KEY_DIR = Path(tempfile.mkdtemp(prefix="nhanrong-test-keys-"))  # noqa: F405
CREDENTIAL_KEY_AUTOGENERATE = True
