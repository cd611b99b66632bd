"""Headless Chromium (Debian's package) driven by Playwright, against the live test server.

Screenshots are written to test-artifacts/screenshots/. Without Chromium the browser tests skip with
the reason, unless REQUIRE_BROWSER=1 (as in CI), where they fail instead."""

import os
import shutil
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]



BROWSER_DIR = Path(__file__).resolve().parent


def _require_or_skip(reason):
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Browser tests run last (after pytest-django's own ordering): they use the live server, whose
    transactional database is flushed after each test, and they run an event loop in the test thread."""
    browser, others = [], []
    for item in items:
        if BROWSER_DIR in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)
            browser.append(item)
        else:
            others.append(item)
    items[:] = others + browser


@pytest.fixture(autouse=True)
def _browser_db(django_db_serialized_rollback, live_server):
    """Every browser test gets the live server and a database with the migrations' data (Wagtail root,
    groups, reform areas…), reloaded from the serialized copy at the start of the test."""
    yield


@pytest.fixture(scope="session", autouse=True)
def _restore_migrated_data(django_db_setup, django_db_blocker):
    """The live server's transactional tests leave the database flushed; put the migrations' data back
    once the browser tests are done, so a database kept with --reuse-db stays as migrate left it."""
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        for connection in connections.all(initialized_only=True):
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)


@pytest.fixture
def browser():
    """One Chromium per test, started after the test database is set up and stopped before it is
    flushed. While Playwright's sync API runs, its event loop is "running" in the test thread, and
    Django then hands out other connection objects (asgiref's Local): the database set-up and flush
    must happen outside that window to see the serialized copy of the migrations' data."""
    if not Path(CHROMIUM).exists():
        _require_or_skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _require_or_skip("playwright is not installed (pip install -r requirements-dev.txt)")
    from django.db import connections

    # Django refuses ORM calls while an event loop runs in the thread; here they are safe (Playwright's
    # loop only waits on the browser). Set only for the duration of one browser test, never leaked.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                yield browser
            finally:
                browser.close()
                connections.close_all()  # the connections the test opened while the loop ran
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def viewport():
    """Desktop by default; a test module may parametrize "viewport" (e.g. with PHONE)."""
    return DESKTOP


@pytest.fixture
def page(browser, request, viewport):
    context = browser.new_context(locale="vi-VN", viewport=viewport, is_mobile=viewport == PHONE,
                                  has_touch=viewport == PHONE)
    # 30 s: a save runs its on-commit work eagerly in the live server, and CI runs two suites on 2 cores
    context.set_default_timeout(30_000)
    page = context.new_page()
    external = []

    def block_external(route):
        url = route.request.url
        if url.startswith(("http://localhost", "http://127.0.0.1", "data:", "blob:")):
            return route.continue_()
        external.append(url)
        return route.abort()

    page.route("**/*", block_external)
    # Every page runs under the site's Content-Security-Policy (core/security_headers.py): a violation
    # is logged to the console ("Refused to … because it violates the following Content Security Policy").
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    yield page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert not external, f"requests left the site: {external}"
    assert not violations, f"Content-Security-Policy violations: {violations}"


@pytest.fixture
def screenshot(page, request):
    def take(name):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{name}.png"), full_page=True)
    return take


def login(page, live_server, username, password="matkhau-thu-nghiem"):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def prepare_recognition_vote(w):
    """Issue 14: a recognition needs the Art. 3 checks recorded and the members' votes before the
    decision. Every council member who may vote votes for; the journeys test the pages, not quorum."""
    from django.core.exceptions import PermissionDenied, ValidationError

    from appraisal import recognition_actions

    entry = w["entry"]
    recognition_actions.record_legal_checks(w["chair"], entry, is_new=True, is_applied=True, not_excluded=True)
    votes = 0
    for member in entry.round.council.members.all():
        try:
            recognition_actions.cast_vote(member, entry, True)
            votes += 1
        except (PermissionDenied, ValidationError):
            continue
    return votes
