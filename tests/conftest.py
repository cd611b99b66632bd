from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import trans_real

from tests.factories import *  # noqa: F401,F403  (fixtures below use them)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Each test starts with empty caches: cached figures of one test's data never meet another's
    (row ids are reused after a rolled-back test)."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    # Per-process memos keyed by the units map's version (which an empty cache resets to 0).
    from units import vocabulary

    vocabulary._PROVINCES.clear()


@pytest.fixture(autouse=True)
def _today_is_today(request):
    """Modules keep `TODAY = timezone.localdate()` for their dates; a run that crosses local midnight
    (CI in the evening, UTC) would otherwise compare a date taken at collection with the day the code
    sees (a receipt 15 days overdue shown as 16). Each test starts from today's local date."""
    from datetime import date

    from django.utils import timezone

    module = request.module
    if isinstance(getattr(module, "TODAY", None), date):
        module.TODAY = timezone.localdate()


@pytest.fixture
def english():
    """Compile the English catalogue if `make test` has not (the .mo files are build output)."""
    po = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
        call_command("compilemessages", locale=["en"], ignore_patterns=[".venv", "var"], verbosity=0)
        trans_real._translations = {}
        trans_real._default = None
    yield
    # LocaleMiddleware leaves the last request's language active in this thread; later tests expect Vietnamese.
    translation.activate(settings.LANGUAGE_CODE)
