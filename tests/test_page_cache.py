"""The public page cache (core/page_cache.py): anonymous visitors get whole pages from the cache, fresh
after every published change; officers, forms, the API and anything that sets a cookie never do."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.test import Client

from core import page_cache
from core.roles import EDITORS
from rollout import actions
from rollout.models import AdoptionStatus
from tests.factories import UnitFactory, make_initiative, make_member

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    page_cache.store().clear()
    yield
    page_cache.store().clear()


@pytest.fixture
def world(site, province):
    editor = make_member(EDITORS, username="bientap_cache")
    origin = UnitFactory(name="Xã Gốc", short_name="Gốc", parent=province)
    model = make_initiative(site["index"], origin, title="Một cửa không chờ")
    return {"editor": editor, "origin": origin, "model": model, "index": site["index"], "province": province}


def get(client, path, **extra):
    response = client.get(path, **extra)
    assert response.status_code == 200, path
    return response


def state(response):
    return response.headers.get("X-Page-Cache")


def without_token(response):
    return TOKEN.sub("TOKEN", response.content.decode())


def test_second_anonymous_visit_is_a_hit_and_the_same_page(client, world):
    first = get(client, "/")
    second = get(client, "/")
    assert (state(first), state(second)) == ("miss", "hit")
    assert without_token(second) == without_token(first)
    assert second["Content-Type"] == first["Content-Type"]
    assert second["X-Frame-Options"] == first["X-Frame-Options"]


def test_each_hit_gets_its_own_working_csrf_token_for_the_language_switch(world):
    get(Client(), "/")
    visitor = Client(enforce_csrf_checks=True)
    hit = get(visitor, "/")
    assert state(hit) == "hit"
    token = TOKEN.search(hit.content.decode()).group(1)
    assert "csrftoken" in hit.cookies  # set by the CSRF middleware on the cached page too
    switched = visitor.post("/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": token})
    assert switched.status_code == 302 and switched.cookies["django_language"].value == "en"


def test_a_page_stored_from_a_returning_visitor_gives_the_next_one_a_working_token(world):
    returning = Client()
    get(returning, "/sang-kien/")  # a first visit: the CSRF cookie is set
    assert state(get(returning, "/")) == "miss"  # stored while the visitor sends that cookie
    visitor = Client(enforce_csrf_checks=True)
    hit = get(visitor, "/")
    assert state(hit) == "hit"
    token = TOKEN.search(hit.content.decode()).group(1)
    switched = visitor.post("/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": token})
    assert switched.status_code == 302


def test_an_officer_never_gets_nor_fills_the_cache(client, world):
    officer = Client()
    officer.force_login(world["editor"])
    for _ in range(2):
        page = get(officer, "/")
        assert state(page) is None
        assert "userbar" in page.content.decode()  # Wagtail's bar for signed-in editors
    anonymous = get(client, "/")
    assert state(anonymous) == "miss"  # the officer's visits stored nothing
    assert "userbar" not in anonymous.content.decode()
    assert state(get(officer, "/")) is None  # nor does a cached page reach the officer


def test_english_and_vietnamese_are_cached_apart(client, world):
    vietnamese = get(client, "/")
    english_visitor = Client()
    english_visitor.cookies["django_language"] = "en"
    english = get(english_visitor, "/")
    assert state(english) == "miss"
    assert '<html lang="en">' in english.content.decode() and '<html lang="vi">' in vietnamese.content.decode()
    assert '<html lang="en">' in get(english_visitor, "/").content.decode()
    again = get(client, "/")
    assert state(again) == "hit" and '<html lang="vi">' in again.content.decode()


def test_publishing_an_initiative_shows_on_the_index_at_the_next_visit(client, world):
    index = world["index"].url
    assert "Ngày không dùng tiền mặt" not in get(client, index).content.decode()
    assert state(get(client, index)) == "hit"
    make_initiative(world["index"], world["origin"], title="Ngày không dùng tiền mặt")  # save_revision().publish()
    fresh = get(client, index)
    assert state(fresh) == "miss" and "Ngày không dùng tiền mặt" in fresh.content.decode()
    world["model"].unpublish()
    assert "Một cửa không chờ" not in get(client, index).content.decode()


def test_recording_an_adoption_invalidates(client, world, django_capture_on_commit_callbacks):
    path = world["model"].url
    get(client, path)
    assert state(get(client, path)) == "hit"
    adopter = UnitFactory(name="Xã Áp Dụng Mới", short_name="Áp Dụng Mới", parent=world["province"])
    with django_capture_on_commit_callbacks(execute=True):
        actions.record_adoption(world["editor"], world["model"], adopter, status=AdoptionStatus.OPERATING,
                                start_date=datetime.date(2024, 1, 1))
    fresh = get(client, path)
    assert state(fresh) == "miss" and "Xã Áp Dụng Mới" in fresh.content.decode()


def _visit_twice(client, paths):
    for path in paths:
        get(client, path)
        assert state(get(client, path)) == "hit", path


def test_an_observation_invalidates_the_pages_that_show_it_and_no_other(client, world, site,
                                                                         django_capture_on_commit_callbacks):
    from rollout.models import Metric
    from rollout.periods import Period

    adopter = UnitFactory(name="Xã Đo Đạc", short_name="Đo Đạc", parent=world["province"])
    elsewhere = UnitFactory(name="Xã Ở Xa", short_name="Ở Xa", parent=UnitFactory(
        name="Tỉnh Xa", short_name="Xa", level="province", parent=None, unit_type="Tỉnh"))
    unrelated = make_initiative(site["index"], elsewhere, title="Sáng kiến không liên quan")
    with django_capture_on_commit_callbacks(execute=True):
        actions.record_adoption(world["editor"], world["model"], adopter, status=AdoptionStatus.OPERATING,
                                start_date=datetime.date(2024, 1, 1))
    related = [world["model"].url, f"/don-vi/{adopter.key}/", f"/don-vi/{world['province'].key}/"]
    untouched = [unrelated.url, f"/don-vi/{elsewhere.key}/", world["index"].url, "/tim-kiem/?q=mot+cua"]
    _visit_twice(client, related + untouched)
    with django_capture_on_commit_callbacks(execute=True):
        actions.record_observation(world["editor"], adopter, Metric.objects.get(code="sipas"), Period.year_of(2024),
                                   "91", "Khảo sát")
    assert [state(get(client, path)) for path in related] == ["miss"] * len(related)
    assert [state(get(client, path)) for path in untouched] == ["hit"] * len(untouched)


def test_an_adoption_invalidates_its_initiative_units_and_listings_not_other_initiatives(
        client, world, site, django_capture_on_commit_callbacks):
    elsewhere = UnitFactory(name="Xã Khác Hẳn", short_name="Khác Hẳn", parent=world["province"])
    unrelated = make_initiative(site["index"], elsewhere, title="Sáng kiến khác hẳn")
    _visit_twice(client, [unrelated.url, world["index"].url, world["model"].url])
    adopter = UnitFactory(name="Xã Mới Áp Dụng", short_name="Mới Áp Dụng", parent=world["province"])
    with django_capture_on_commit_callbacks(execute=True):
        actions.record_adoption(world["editor"], world["model"], adopter, status=AdoptionStatus.PILOTING,
                                start_date=datetime.date(2024, 1, 1))
    assert state(get(client, world["model"].url)) == "miss"
    assert state(get(client, world["index"].url)) == "miss"  # adopter counts on the listing
    assert state(get(client, unrelated.url)) == "hit"


def test_a_change_during_a_render_never_leaves_that_render_cached(client, world, monkeypatch):
    from initiatives.models import InitiativePage

    real, changed = InitiativePage.get_context, []

    def render_while_someone_writes(self, request, *args, **kwargs):
        context = real(self, request, *args, **kwargs)
        if not changed:  # a write of this initiative commits while the first visitor's page renders
            changed.append(True)
            page_cache.invalidate_tags([f"initiative:{self.pk}"])
        return context

    monkeypatch.setattr(InitiativePage, "get_context", render_while_someone_writes)
    path = world["model"].url
    assert [state(get(client, path)) for _ in range(3)] == ["miss", "miss", "hit"]


def _key(client, path):
    from django.test import RequestFactory

    request = RequestFactory().get(path)
    request.LANGUAGE_CODE = "vi"
    return page_cache.page_key(request)


def test_while_one_visitor_re_renders_a_page_whose_figures_changed_the_others_get_the_previous_copy(
        client, world):
    """Single flight (issue 17): a narrowed change (figures) makes one request render; those arriving
    during that render are served the previous copy, marked stale, instead of each rendering it."""
    path = world["model"].url
    first = get(client, path)
    assert state(get(client, path)) == "hit"
    page_cache.invalidate_tags([f"initiative:{world['model'].pk}"])
    store = page_cache.store()
    lock = page_cache.RENDERING_PREFIX + _key(client, path)
    assert store.add(lock, 1, timeout=30)  # another visitor's render is under way
    during = get(client, path)
    assert state(during) == "stale" and without_token(during) == without_token(first)
    store.delete(lock)  # that render ended without storing (or died): the next request renders
    assert state(get(client, path)) == "miss"
    assert store.get(lock) is None  # the renderer releases its lock
    assert state(get(client, path)) == "hit"


def test_changed_figures_are_re_rendered_at_most_once_per_refresh_interval(client, world, settings):
    settings.PUBLIC_PAGE_CACHE_REFRESH_SECONDS = 60
    path = world["model"].url
    get(client, path)
    store, key = page_cache.store(), _key(client, path)
    rendered = store.get(key)[4]
    page_cache.invalidate_tags([f"initiative:{world['model'].pk}"])
    assert [state(get(client, path)) for _ in range(3)] == ["stale"] * 3  # rendered < 60 s ago
    assert store.get(key)[4] == rendered
    entry = store.get(key)
    store.set(key, entry[:4] + (entry[4] - 61_000_000,), 300)  # as if rendered 61 s ago
    page_cache.invalidate_tags([f"initiative:{world['model'].pk}"])
    assert state(get(client, path)) == "miss"
    assert state(get(client, path)) == "hit"


# serialized_rollback: the flush after this test must leave the content types as the later tests expect.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_background_re_render_answers_every_visitor_from_the_cache_and_stores_the_new_copy(settings):
    """PUBLIC_PAGE_CACHE_BACKGROUND: the visitor after a change gets the previous copy at once and the
    page is rendered again in a thread; the next visitor gets that new render as a hit."""
    import time

    from tests.factories import make_initiative, setup_site

    settings.PUBLIC_PAGE_CACHE_BACKGROUND = True
    _home, index, _groups = setup_site()
    origin = UnitFactory(name="Xã Nền", short_name="Nền")
    model = make_initiative(index, origin, title="Hồ sơ nền")
    client, store, path = Client(), page_cache.store(), model.url
    assert state(get(client, path)) == "miss"
    key = _key(client, path)
    first = store.get(key)[4]
    page_cache.invalidate_tags([f"initiative:{model.pk}"])
    assert state(get(client, path)) == "stale"
    deadline = time.monotonic() + 20
    while store.get(page_cache.RENDERING_PREFIX + key) is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert store.get(key)[4] > first  # the thread stored a new render
    after = get(client, path)
    assert state(after) == "hit" and "Hồ sơ nền" in after.content.decode()


def test_a_page_with_no_copy_yet_is_rendered_once_while_others_wait_for_it(client, world, monkeypatch):
    """A visitor arriving while another renders a page that has no servable copy waits for that copy
    (served as a hit) instead of rendering it too; if the other render stores nothing, it renders."""
    path = world["index"].url
    store, key = page_cache.store(), _key(client, path)
    lock = page_cache.RENDERING_PREFIX + key
    assert state(get(Client(), path)) == "miss"
    rendered = store.get(key)
    store.delete(key)
    assert store.add(lock, 1, timeout=30)  # someone else is rendering; its copy appears while we wait
    sleeps = []

    def sleep(seconds):
        sleeps.append(seconds)
        if len(sleeps) == 3:
            store.set(key, rendered, 300)

    monkeypatch.setattr(page_cache.time, "sleep", sleep)
    waited = get(client, path)
    assert state(waited) == "hit" and len(sleeps) == 3
    store.delete(key)
    store.delete(lock)  # the other render ended without a copy: the waiting visitor renders
    sleeps.clear()
    assert state(get(client, path)) == "miss" and not sleeps


def test_a_change_of_what_is_public_is_never_served_stale(client, world):
    """Unpublishing (a generation change) must show at once, even while someone re-renders the page."""
    path = world["index"].url
    assert "Một cửa không chờ" in get(client, path).content.decode()
    assert state(get(client, path)) == "hit"
    store = page_cache.store()
    assert store.add(page_cache.RENDERING_PREFIX + _key(client, path), 1, timeout=30)
    world["model"].unpublish()
    after = get(client, path)
    assert state(after) == "miss" and "Một cửa không chờ" not in after.content.decode()


def test_a_leaderboard_refresh_invalidates_the_units_whose_standing_changed_and_no_other(
        client, world, django_capture_on_commit_callbacks):
    """Issue 17: points earned by one commune make its page, its province's and the campaign's miss;
    an enrolled commune whose row did not change keeps its cached page."""
    from campaigns.leaderboard import refresh_leaderboard
    from campaigns.models import Enrolment, PointEntry
    from tests.factories import make_campaign

    today = datetime.date.today()
    campaign = make_campaign()
    first = UnitFactory(name="Xã Hạng Nhất", short_name="Hạng Nhất", parent=world["province"])
    second = UnitFactory(name="Xã Đứng Yên", short_name="Đứng Yên", parent=world["province"])
    for unit in (first, second):
        Enrolment.objects.create(campaign=campaign, unit=unit)
    PointEntry.objects.create(campaign=campaign, unit=second, points=50, event_key="t:second", event_date=today)
    PointEntry.objects.create(campaign=campaign, unit=first, points=10, event_key="t:first", event_date=today)
    with django_capture_on_commit_callbacks(execute=True):
        refresh_leaderboard(campaign)
    changed = [f"/don-vi/{first.key}/", f"/don-vi/{world['province'].key}/", campaign.url]
    untouched = [f"/don-vi/{second.key}/", world["model"].url, world["index"].url]
    _visit_twice(client, changed + untouched)
    PointEntry.objects.create(campaign=campaign, unit=first, points=5, event_key="t:first:2", event_date=today)  # still second
    with django_capture_on_commit_callbacks(execute=True):
        refresh_leaderboard(campaign)
    assert [state(get(client, path)) for path in changed] == ["miss"] * len(changed)
    assert [state(get(client, path)) for path in untouched] == ["hit"] * len(untouched)
    assert "15" in get(client, f"/don-vi/{first.key}/").content.decode()


def test_post_is_never_cached(client, world):
    get(client, "/")
    response = client.post("/", {})
    assert state(response) is None


def test_the_api_is_never_cached(client, world):
    for _ in range(2):
        response = client.get("/api/v1/initiatives/")
        assert response.status_code == 200 and state(response) is None


def test_open_data_downloads_are_never_cached_so_their_rate_limit_keeps_counting(client, world, settings):
    settings.API_ANON_RATE = "2/m"
    cache.clear()  # the rate-limit counters
    answers = [client.get("/du-lieu-mo/sang-kien.csv") for _ in range(3)]
    assert [r.status_code for r in answers] == [200, 200, 429]
    assert "hit" not in [state(r) for r in answers]


def test_a_page_that_sets_a_cookie_is_not_cached(world):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse
    from django.test import RequestFactory

    rendered = []

    def view(request):
        rendered.append(request.path)
        response = HttpResponse("<p>Xin chào</p>")
        response.set_cookie("seen", "1")
        return response

    middleware = page_cache.PublicPageCacheMiddleware(view)
    for _ in range(2):
        request = RequestFactory().get("/dat-cookie/")
        request.user = AnonymousUser()
        assert state(middleware(request)) == "miss"
    assert len(rendered) == 2


def test_a_visitor_with_a_session_or_pending_messages_is_not_served_from_cache(client, world):
    get(client, "/")
    for cookie in ("sessionid", "messages"):
        visitor = Client()
        visitor.cookies[cookie] = "x"
        assert state(get(visitor, "/")) is None


def test_query_strings_are_distinct_pages(client, world):
    a = get(client, "/tim-kiem/?q=mot+cua")
    b = get(client, "/tim-kiem/?q=tien+mat")
    assert (state(a), state(b)) == ("miss", "miss")
    assert state(get(client, "/tim-kiem/?q=tien+mat")) == "hit"
    assert without_token(get(client, "/tim-kiem/?q=mot+cua")) == without_token(a)
    assert without_token(a) != without_token(b)


def test_zero_seconds_turns_it_off(client, world, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    assert state(get(client, "/")) is None and state(get(client, "/")) is None


def test_a_lost_generation_never_revives_old_pages(client, world):
    get(client, "/")
    store = page_cache.store()
    old = store.get(page_cache.GENERATION_KEY)
    store.delete(page_cache.GENERATION_KEY)
    page_cache.bump_generation()
    assert store.get(page_cache.GENERATION_KEY) > old
    assert state(get(client, "/")) == "miss"


def test_the_headline_figures_cache_and_the_page_cache_listen_to_the_one_public_change_signal():
    from django.db.models.signals import post_delete

    from core.changes import public_changed
    from initiatives.signals import status_changed
    from rollout.signals import adoption_changed, observation_recorded

    def uids(signal):
        return {key[0][0] for key in signal.receivers}

    assert {"home.headline", "core.page_cache"} <= uids(public_changed)
    # Each app announces its own events as public changes; Wagtail's page events are core's.
    assert "public_changed.initiatives.status_changed" in uids(status_changed)
    assert "public_changed.rollout.adoption_changed" in uids(adoption_changed)
    assert "public_changed.rollout.observation_recorded" in uids(observation_recorded)
    assert "public_changed.page_deleted" in uids(post_delete)
