import pytest

from tests.factories import *  # noqa: F401,F403  (fixtures below use them)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
