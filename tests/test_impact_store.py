"""Precomputed impact (rollout.impact_store): the stored figures equal the live computation, a change
marks them stale at once, the refresh task sent on commit recomputes them, and readers never show
stale figures."""

import datetime
from decimal import Decimal

import pytest

from campaigns.replication import suggestions_for_unit
from core.roles import EDITORS
from initiatives.status import InitiativeStatus
from rollout import actions, impact, impact_store
from rollout.models import AdoptionStatus, InitiativeImpact, Metric
from rollout.periods import Period
from rollout.tasks import refresh_all_impacts
from tests.factories import UnitFactory, make_initiative, make_member

D = Decimal
START = datetime.date(2023, 1, 1)


@pytest.fixture
def world(site, province):
    editor = make_member(EDITORS, username="bientap_store")
    units = {name: UnitFactory(name=f"Xã {name}", short_name=name, parent=province) for name in "ABCDE"}
    model = make_initiative(site["index"], units["A"], title="Một cửa không hẹn", status=InitiativeStatus.RECOGNISED)
    sipas = Metric.objects.get(code="sipas")
    for name, before, after in (("B", "90", "95"), ("C", "80", "70"), ("D", "85", "88")):
        actions.record_adoption(editor, model, units[name], status=AdoptionStatus.OPERATING, start_date=START)
        actions.record_observation(editor, units[name], sipas, Period.year_of(2022), D(before), "Báo cáo")
        actions.record_observation(editor, units[name], sipas, Period.year_of(2023), D(after), "Báo cáo")
    return {"editor": editor, "units": units, "model": model, "sipas": sipas}


def stored_figures(page):
    return [(r.metric.code, r.adopters, r.measured, r.improved, r.share_improved, r.median_change)
            for r in impact_store.metric_impacts(page)]


def live_figures(page):
    return [(r.metric.code, r.adopters, r.measured, r.improved, r.share_improved, r.median_change)
            for r in impact.initiative_impact(page)]


def test_stored_figures_equal_the_live_computation(world):
    assert stored_figures(world["model"]) == live_figures(world["model"])
    (code, adopters, measured, improved, share, median), = stored_figures(world["model"])
    assert (code, adopters, measured, improved) == ("sipas", 3, 3, 2)
    assert share.quantize(D("0.01")) == D("66.67") and median == D("3")
    row = InitiativeImpact.objects.get(initiative=world["model"])
    assert (row.adopters, row.measured, row.improved, row.stale) == (3, 3, 2, False)


def test_a_new_observation_marks_the_figures_stale_and_the_page_shows_the_new_ones(world):
    impact_store.metric_impacts(world["model"])  # stored
    # C's SIPAS goes up: C now improved too. Recorded through the action, in a transaction not yet run on commit.
    actions.record_observation(world["editor"], world["units"]["C"], world["sipas"], Period.year_of(2024), D("99"),
                               "Khảo sát")
    assert InitiativeImpact.objects.get(initiative=world["model"]).stale
    assert stored_figures(world["model"])[0][3] == 3  # recomputed on read: 3 of 3 improved


def test_the_refresh_task_sent_on_commit_recomputes(world, django_capture_on_commit_callbacks):
    impact_store.metric_impacts(world["model"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        actions.record_adoption(world["editor"], world["model"], world["units"]["E"],
                                status=AdoptionStatus.PILOTING, start_date=START)
    assert callbacks  # the refresh was sent on commit, once
    row = InitiativeImpact.objects.get(initiative=world["model"])
    assert (row.stale, row.adopters) == (False, 4)


def test_a_published_initiative_gets_its_row_and_the_nightly_job_changes_nothing(world, site):
    fresh = make_initiative(site["index"], world["units"]["E"], title="Trả kết quả tại nhà",
                            status=InitiativeStatus.RECOGNISED)
    assert InitiativeImpact.objects.filter(initiative=fresh, adopters=0, measured=0).exists()
    impact_store.metric_impacts(world["model"])
    before = {r.pk: (r.adopters, r.measured, r.improved, r.score, r.metrics)
              for r in InitiativeImpact.objects.all()}
    assert refresh_all_impacts() == len(before)
    after = {r.pk: (r.adopters, r.measured, r.improved, r.score, r.metrics) for r in InitiativeImpact.objects.all()}
    assert after == before  # idempotent


def test_suggestions_rank_models_nobody_nearby_adopted_by_their_measured_impact(world, site, province):
    other_province = UnitFactory(name="Tỉnh Khác", level="province", parent=None, unit_type="Tỉnh")
    far = UnitFactory(name="Xã Xa", parent=other_province)
    weak = make_initiative(site["index"], world["units"]["A"], title="Mô hình chưa đo",
                           status=InitiativeStatus.RECOGNISED)
    strong = world["model"]
    impact_store.refresh([weak.pk, strong.pk])
    titles = [s["title"] for s in suggestions_for_unit(far)]
    # Neither is adopted near Xã Xa: the one whose adopters improved (2 of 3) comes first.
    assert titles[:2] == ["Một cửa không hẹn", "Mô hình chưa đo"]
    first = suggestions_for_unit(far)[0]
    assert first["adopters"] == 3 and first["impact"].quantize(D("0.01")) == D("66.67")


def test_a_bulk_write_over_many_units_is_refreshed_whole_after_commit(world, monkeypatch,
                                                                       django_capture_on_commit_callbacks):
    impact_store.metric_impacts(world["model"])
    monkeypatch.setattr(impact_store, "LARGE_WRITE", 1)  # a "national" import: more units than that
    rows = [actions.ObservationInput(unit=world["units"][name], metric=world["sipas"],
                                     period=Period.year_of(2024), value=D("99"), source="Khảo sát")
            for name in "CD"]
    with django_capture_on_commit_callbacks(execute=True):
        actions.bulk_upsert_observations(world["editor"], rows)
        # Not marked row by row during the write…
        assert not InitiativeImpact.objects.get(initiative=world["model"]).stale
    # …but recomputed whole once committed: B, C and D all improved now.
    row = InitiativeImpact.objects.get(initiative=world["model"])
    assert (row.stale, row.measured, row.improved) == (False, 3, 3)


def test_suggestions_are_fresh_after_a_public_change(world, site, province, settings):
    # As deployed: the page cache (and its generation) in a cache of its own.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
                       "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"}}
    far = UnitFactory(name="Xã Xa Xôi", parent=UnitFactory(name="Tỉnh Xa", level="province", parent=None,
                                                            unit_type="Tỉnh"))
    before = [s["title"] for s in suggestions_for_unit(far)]
    make_initiative(site["index"], world["units"]["B"], title="Mô hình mới công nhận",
                    status=InitiativeStatus.RECOGNISED)  # published: a public change
    after = [s["title"] for s in suggestions_for_unit(far)]
    assert "Mô hình mới công nhận" not in before and "Mô hình mới công nhận" in after
