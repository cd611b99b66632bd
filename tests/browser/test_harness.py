"""The harness itself: what one browser test sets up must not outlive it (it runs between the other
browser test modules, after a browser has come and gone)."""

import os

from initiatives.models import ReformArea


def test_async_unsafe_and_event_loop_do_not_outlive_a_browser_test():
    assert "DJANGO_ALLOW_ASYNC_UNSAFE" not in os.environ
    # No Playwright event loop left running in this thread: the ORM works without the override, and
    # the migrations' data is back after the previous test's flush (serialized rollback).
    assert ReformArea.objects.filter(slug="thu-tuc-hanh-chinh").exists()
