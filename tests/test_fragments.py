"""The fragment cache (core/fragments.py): the slow parts of public pages kept rendered until a write
they show. What a visitor or an officer reads must be exactly what a fresh render shows, after any
sequence of writes through the actions; and a write must not re-render what it does not change."""

import datetime
import random
import re

import pytest

from core import fragments, page_cache
from core.roles import EDITORS
from rollout import actions
from rollout.models import Adoption, AdoptionStatus, Metric
from rollout.periods import Period
from tests.factories import UnitFactory, make_initiative, make_member

TOKEN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")  # CSRF tokens differ per response
NONCE = re.compile(r'nonce="[^"]*"')


@pytest.fixture(autouse=True)
def _fragments_on(settings):
    settings.FRAGMENT_CACHE_SECONDS = 3600
    page_cache.store().clear()
    yield
    page_cache.store().clear()


@pytest.fixture
def world(site, province):
    editor = make_member(EDITORS, username="bientap_manh")
    a = UnitFactory(name="Xã An Bình", short_name="An Bình", parent=province)
    b = UnitFactory(name="Xã Bình Minh", short_name="Bình Minh", parent=province)
    old = UnitFactory(name="Xã Cũ Hoà", short_name="Cũ Hoà", parent=province, key="h91001", code="91001",
                      valid_until=datetime.date(2025, 6, 30))
    old.successors.add(a)
    models = [make_initiative(site["index"], a, title="Một cửa liên thông"),
              make_initiative(site["index"], old, title="Trả kết quả tại nhà"),
              make_initiative(site["index"], b, title="Chữ ký số cho người dân")]
    return {"editor": editor, "units": [a, b, old], "models": models, "province": province, "index": site["index"]}


def _html(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return NONCE.sub("", TOKEN.sub("T", response.content.decode()))


def _fresh(settings, client, path):
    settings.FRAGMENT_CACHE_SECONDS = 0
    try:
        return _html(client, path)
    finally:
        settings.FRAGMENT_CACHE_SECONDS = 3600


def _paths(world):
    a, b, old = world["units"]
    return ["/", f"/don-vi/{a.key}/", f"/don-vi/{b.key}/", f"/don-vi/{old.key}/", f"/don-vi/{world['province'].key}/",
            f"/don-vi/{world['province'].key}/?xep_theo=ap_dung", *(m.url for m in world["models"]),
            world["index"].url, f"{world['index'].url}?sort=nhan-rong-nhieu",
            f"/so-sanh/?don-vi={a.key}&don-vi={b.key}"]


def test_cached_pages_equal_a_fresh_render_after_any_sequence_of_writes(client, settings, world,
                                                                        django_capture_on_commit_callbacks):
    rng = random.Random(17)
    editor, units, models = world["editor"], world["units"], world["models"]
    metrics = list(Metric.objects.filter(code__in=["sipas", "dossiers_on_time_pct"]))
    paths = _paths(world)
    for path in paths:  # fill the cache
        _html(client, path)
    for step in range(30):
        kind = rng.choice(["adopt", "adopt", "status", "delete", "observe", "observe", "publish"])
        adoptions = list(Adoption.objects.order_by("pk"))
        with django_capture_on_commit_callbacks(execute=True):
            if kind == "adopt":
                model, unit = rng.choice(models), rng.choice(units[:2])
                if unit.pk != model.origin_unit_id and not Adoption.objects.filter(initiative=model, unit=unit).exists():
                    actions.record_adoption(editor, model, unit, status=rng.choice(
                        [AdoptionStatus.PLANNED, AdoptionStatus.PILOTING, AdoptionStatus.OPERATING]),
                        start_date=datetime.date(2024, rng.randint(1, 12), 1))
            elif kind == "status" and adoptions:
                adoption = rng.choice(adoptions)
                target = {AdoptionStatus.PLANNED: AdoptionStatus.PILOTING, AdoptionStatus.PILOTING: AdoptionStatus.OPERATING,
                          AdoptionStatus.OPERATING: AdoptionStatus.SUSPENDED}.get(adoption.status)
                if target:
                    actions.change_adoption_status(editor, adoption, target)
            elif kind == "delete" and adoptions:
                actions.delete_adoption(editor, rng.choice(adoptions))
            elif kind == "observe":
                actions.record_observation(editor, rng.choice(units[:2]), rng.choice(metrics),
                                           Period.year_of(rng.choice([2023, 2024, 2025])),
                                           str(rng.randint(60, 99)), "Báo cáo")
            elif kind == "publish":
                model = rng.choice(models)
                if model.live:
                    model.unpublish()
                else:
                    model.save_revision().publish()
                model.refresh_from_db()
        for path in paths:
            if path in (m.url for m in models if not m.live):
                continue
            assert _html(client, path) == _fresh(settings, client, path), (step, kind, path)


def test_a_second_render_reads_the_fragments_and_an_observation_does_not_redraw_the_map(
        client, world, monkeypatch, django_capture_on_commit_callbacks):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from rollout import views

    a, b, _old = world["units"]
    with django_capture_on_commit_callbacks(execute=True):
        actions.record_adoption(world["editor"], world["models"][2], a, status=AdoptionStatus.OPERATING,
                                start_date=datetime.date(2024, 3, 1))
    calls = []
    real = views.unit_map_section_context
    monkeypatch.setattr(views, "unit_map_section_context", lambda *args: calls.append(1) or real(*args))
    from units import sections

    name = "rollout/includes/unit_map_section.html"
    monkeypatch.setitem(sections._sections, name, sections.UnitSection(
        name, views.unit_map_section_context, 5, sections._sections[name].fragment_tags))
    path = f"/don-vi/{world['province'].key}/"
    with CaptureQueriesContext(connection) as first:
        first_html = _html(client, path)
    with CaptureQueriesContext(connection) as second:
        assert _html(client, path) == first_html
    assert len(second) < len(first) / 2, (len(first), len(second))
    assert len(calls) == 1
    with django_capture_on_commit_callbacks(execute=True):
        actions.record_observation(world["editor"], a, Metric.objects.get(code="sipas"), Period.year_of(2024),
                                   "88", "Khảo sát")
    _html(client, path)
    assert len(calls) == 1  # the map shows no indicator
    with django_capture_on_commit_callbacks(execute=True):
        newcomer = UnitFactory(name="Xã Mới Thêm", short_name="Mới Thêm", parent=world["province"])
        actions.record_adoption(world["editor"], world["models"][2], newcomer, status=AdoptionStatus.PILOTING,
                                start_date=datetime.date(2024, 5, 1))
    assert "Xã Mới Thêm" in _html(client, path)
    assert len(calls) == 2  # an adoption in the province redraws it


def test_a_value_is_kept_until_one_of_its_tags_or_the_generation_changes(db):
    computed = []

    def compute():
        computed.append(1)
        return len(computed)

    assert fragments.cached_value("t", [1], ["unit:1"], compute) == 1
    assert fragments.cached_value("t", [1], ["unit:1"], compute) == 1
    assert fragments.cached_value("t", [2], ["unit:1"], compute) == 2  # other parts, other entry
    fragments.touch(["unit:2"])
    assert fragments.cached_value("t", [1], ["unit:1"], compute) == 1
    page_cache.invalidate_tags(["unit:1"])
    assert fragments.cached_value("t", [1], ["unit:1"], compute) == 3
    page_cache.bump_generation()
    assert fragments.cached_value("t", [1], ["unit:1"], compute) == 4


def test_off_computes_every_time(db, settings):
    settings.FRAGMENT_CACHE_SECONDS = 0
    values = iter(range(10))
    assert fragments.cached_value("t", [], [], lambda: next(values)) == 0
    assert fragments.cached_value("t", [], [], lambda: next(values)) == 1
