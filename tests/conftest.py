import pytest

from tests.factories import *  # noqa: F401,F403  (fixtures below use them)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Each test starts with empty caches: cached figures of one test's data never meet another's
    (row ids are reused after a rolled-back test)."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
