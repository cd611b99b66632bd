"""Precomputed impact (rollout.impact_store): the stored figures equal the live computation and a
whole recompute after any sequence of writes, each write updates them in its own transaction with
a bounded number of queries, and readers never compute (a stale row is shown while one refresh
runs)."""

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


def test_a_new_observation_updates_the_figures_in_the_writers_transaction(world):
    # C's SIPAS goes up: C now improved too. Nothing has run on commit yet: the row is already right.
    actions.record_observation(world["editor"], world["units"]["C"], world["sipas"], Period.year_of(2024), D("99"),
                               "Khảo sát")
    row = InitiativeImpact.objects.get(initiative=world["model"])
    assert (row.stale, row.measured, row.improved) == (False, 3, 3)
    assert stored_figures(world["model"]) == live_figures(world["model"])
    assert stored_figures(world["model"])[0][5] == D("5")  # median of +5, +19, +3


def test_an_adoption_updates_the_reach_at_once(world):
    actions.record_adoption(world["editor"], world["model"], world["units"]["E"],
                            status=AdoptionStatus.PILOTING, start_date=START)
    row = InitiativeImpact.objects.get(initiative=world["model"])
    assert (row.stale, row.adopters, row.metrics[0]["adopters"]) == (False, 4, 4)
    assert stored_figures(world["model"]) == live_figures(world["model"])


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
    assert first["adopters"] == 3 and first["share_improved"].quantize(D("0.01")) == D("66.67")


def test_a_bulk_write_over_many_units_is_marked_stale_and_refreshed_whole_after_commit(
        world, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(impact_store, "LARGE_WRITE", 1)  # a "national" import: more units than that
    rows = [actions.ObservationInput(unit=world["units"][name], metric=world["sipas"],
                                     period=Period.year_of(2024), value=D("99"), source="Khảo sát")
            for name in "CD"]
    with django_capture_on_commit_callbacks(execute=True):
        actions.bulk_upsert_observations(world["editor"], rows)
        # Marked stale in one statement, not followed row by row; a reader meanwhile gets the old
        # figures with their date, and computes nothing.
        row = InitiativeImpact.objects.get(initiative=world["model"])
        assert row.stale and row.improved == 2
        assert stored_figures(world["model"])[0][3] == 2
    # …recomputed whole once committed: B, C and D all improved now.
    row = InitiativeImpact.objects.get(initiative=world["model"])
    assert (row.stale, row.measured, row.improved) == (False, 3, 3)


def test_a_reader_never_recomputes_and_one_refresh_runs_per_stale_initiative(world, monkeypatch,
                                                                             django_capture_on_commit_callbacks):
    from rollout import tasks

    InitiativeImpact.objects.filter(initiative=world["model"]).update(stale=True, improved=0)
    sent = []
    monkeypatch.setattr(tasks.refresh_initiative_impacts, "delay", lambda ids: sent.append(ids))
    with django_capture_on_commit_callbacks(execute=True):
        for _visitor in range(5):  # five readers at once
            assert impact_store.stored_impact(world["model"]).improved == 0  # shown as stored, not recomputed
    assert sent == [[world["model"].pk]]  # a single flight
    tasks.refresh_initiative_impacts(sent[0])  # the worker runs it and releases the lock
    assert InitiativeImpact.objects.get(initiative=world["model"]).improved == 2
    InitiativeImpact.objects.filter(initiative=world["model"]).update(stale=True)
    with django_capture_on_commit_callbacks(execute=True):
        impact_store.stored_impact(world["model"])
    assert len(sent) == 2


def full_recompute(page):
    """What a whole recompute stores for this initiative (without storing it)."""
    row = impact_store.summaries([page.pk])[page.pk]
    return (row.adopters, row.measured, row.improved, row.score, row.metrics)


def stored_row(page):
    row = InitiativeImpact.objects.get(initiative=page)
    return (row.adopters, row.measured, row.improved, row.score, row.metrics)


def test_incremental_figures_equal_a_full_recompute_after_any_sequence_of_writes(world, site, province):
    import random

    rng = random.Random(17)
    editor, model, sipas = world["editor"], world["model"], world["sipas"]
    waiting = Metric.objects.get(code="thoi_gian_cho") if Metric.objects.filter(code="thoi_gian_cho").exists() \
        else Metric.objects.exclude(pk=sipas.pk).first()
    extra = [UnitFactory(name=f"Xã Ngẫu Nhiên {n}", parent=province) for n in range(6)]
    units = [world["units"][name] for name in "BCDE"] + extra
    for step in range(60):
        unit = rng.choice(units)
        adoption = model.adoptions.filter(unit=unit).first()
        action = rng.random()
        if adoption is None and action < 0.3:
            actions.record_adoption(editor, model, unit, status=AdoptionStatus.OPERATING,
                                    start_date=datetime.date(2023, rng.choice([1, 7]), 1))
        elif adoption is not None and action < 0.35:
            actions.delete_adoption(editor, adoption)
        elif adoption is not None and action < 0.45:
            actions.update_adoption(editor, adoption, start_date=datetime.date(rng.choice([2022, 2023, 2024]), 1, 1))
        elif action < 0.85:
            metric = rng.choice([sipas, waiting])
            low, high = int(metric.min_value or 0), int(metric.max_value or 100)
            actions.record_observation(editor, unit, metric, Period.year_of(rng.choice([2021, 2022, 2023, 2024, 2025])),
                                       D(rng.randint(low, min(high, low + 100))), "Khảo sát")
        else:
            observation = unit.observations.order_by("?").first()
            if observation is not None:
                actions.delete_observation(editor, observation)
        assert stored_row(model) == full_recompute(model), f"step {step}"
    assert stored_figures(model) == live_figures(model)
    assert InitiativeImpact.objects.get(initiative=model).measured > 0  # the sequence measured something


def _initiative_with_adopters(site, province, n):
    """An initiative with n adopters, each with a baseline and a later SIPAS value, stored whole."""
    from rollout.models import Adoption, Observation

    origin = UnitFactory(name=f"Xã Gốc {n}", parent=province)
    page = make_initiative(site["index"], origin, title=f"Mô hình {n} đơn vị", status=InitiativeStatus.RECOGNISED)
    sipas = Metric.objects.get(code="sipas")
    units = [UnitFactory(name=f"Xã Áp Dụng {n}-{k}", parent=province) for k in range(n)]
    adoptions = Adoption.objects.bulk_create(
        Adoption(initiative=page, unit=unit, status=AdoptionStatus.OPERATING, start_date=START) for unit in units)
    rows = []
    for k, adoption in enumerate(adoptions):
        for year, value in ((2022, 80 + k % 10), (2023, 85 + k % 7)):
            period = Period.year_of(year)
            rows.append(Observation(unit_id=adoption.unit_id, metric=sipas, period_kind=period.kind,
                                    period_key=period.key, period_start=period.start, period_end=period.end,
                                    value=D(value), entered_at=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)))
    Observation.objects.bulk_create(rows)
    impact_store.refresh([page.pk])
    return page, units, sipas


@pytest.mark.parametrize("adopters", [10, 200])
def test_one_write_issues_the_same_bounded_number_of_queries_whatever_the_number_of_adopters(
        adopters, world, site, province, django_assert_max_num_queries):
    page, units, sipas = _initiative_with_adopters(site, province, adopters)
    # The adopter's SIPAS of 2024 and then a new adoption: the incremental path, not a recompute.
    with django_assert_max_num_queries(18):  # 16 + the audit row (issue 12) + the lock of the initiatives' rows (impact_store.lock), on one query budget
        actions.record_observation(world["editor"], units[3], sipas, Period.year_of(2024), D("99"), "Khảo sát")
    newcomer = UnitFactory(name=f"Xã Mới {adopters}", parent=province)
    with django_assert_max_num_queries(37):  # 26 + the audit row and its content type (issue 12) + the lock + the unit summary (public/summary.py) + the unit map's spread and learning rows, 3 each (public/unit_map_store.py)
        actions.record_adoption(world["editor"], page, newcomer, status=AdoptionStatus.OPERATING, start_date=START)
    assert stored_row(page) == full_recompute(page)
    assert stored_figures(page) == live_figures(page)


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


def test_the_page_says_when_its_figures_were_computed_and_when_they_are_being_recomputed(world, client, monkeypatch):
    import datetime as dt

    from rollout import tasks

    monkeypatch.setattr(tasks.refresh_initiative_impacts, "delay", lambda ids: None)
    computed = dt.datetime(2026, 3, 5, 1, 7, tzinfo=dt.UTC)  # 08:07 in Hà Nội (UTC+7)
    InitiativeImpact.objects.filter(initiative=world["model"]).update(computed_at=computed)
    html = client.get(world["model"].url).content.decode()
    assert "Cập nhật lúc 05/03/2026 08:07" in html and "đang tính lại" not in html
    InitiativeImpact.objects.filter(initiative=world["model"]).update(stale=True)
    html = client.get(world["model"].url + "?lan=2").content.decode()
    assert "Cập nhật lúc 05/03/2026 08:07 (đang tính lại" in html


def test_an_adoption_of_a_unit_reporting_indicators_of_both_directions(world, site):
    """A new adoption reads every indicator its unit reports in one statement (impact_store.measured_sql
    over a list): one where higher is better and one where lower is, each improvement the right way."""
    from rollout.models import Direction

    editor, unit = world["editor"], world["units"]["E"]
    lower = Metric.objects.filter(direction=Direction.LOWER).order_by("pk").first()
    assert lower is not None
    low = int(lower.min_value or 0)
    for year, sipas, other in ((2022, "80", low + 30), (2023, "90", low + 10)):
        actions.record_observation(editor, unit, world["sipas"], Period.year_of(year), D(sipas), "Báo cáo")
        actions.record_observation(editor, unit, lower, Period.year_of(year), D(other), "Báo cáo")
    second = make_initiative(site["index"], world["units"]["A"], title="Trả kết quả tại nhà",
                             status=InitiativeStatus.RECOGNISED)
    actions.record_adoption(editor, second, unit, status=AdoptionStatus.OPERATING, start_date=START)
    assert stored_row(second) == full_recompute(second)
    figures = {r.metric.code: r for r in impact_store.metric_impacts(second)}
    assert figures["sipas"].improved == 1 and figures[lower.code].improved == 1  # 80 -> 90 up, +30 -> +10 down
    assert figures[lower.code].median_change == D(-20)


def test_a_write_over_units_holding_many_adoptions_is_large_too(
        world, monkeypatch, django_capture_on_commit_callbacks):
    """Two communes with thousands of adoptions between them (an import at national density): marked
    stale and recomputed once after commit, not followed adopter by adopter in the import."""
    monkeypatch.setattr(impact_store, "LARGE_ADOPTIONS", 1)
    rows = [actions.ObservationInput(unit=world["units"][name], metric=world["sipas"],
                                     period=Period.year_of(2024), value=D("99"), source="Khảo sát")
            for name in "CD"]
    with django_capture_on_commit_callbacks(execute=True):
        actions.bulk_upsert_observations(world["editor"], rows)
        assert InitiativeImpact.objects.get(initiative=world["model"]).stale
    row = InitiativeImpact.objects.get(initiative=world["model"])
    assert (row.stale, row.measured, row.improved) == (False, 3, 3)


def test_values_measuring_an_adoption_and_unit_wide_values_are_read_as_the_rule_says(world, site):
    """impact_store.measured_sql reads a unit's own values (no adoption) and the values measuring this
    adoption through two indexed joins (by adoption, and the unit-wide ones by unit): a value measuring
    another adoption of the same unit never counts, and for the same period the adoption's own value
    wins over the unit-wide one. Stored, recomputed whole and computed live: the same figures."""
    editor, units, sipas, model = world["editor"], world["units"], world["sipas"], world["model"]
    other = make_initiative(site["index"], units["A"], title="Trả kết quả tại nhà", status=InitiativeStatus.RECOGNISED)
    mine = actions.record_adoption(editor, model, units["E"], status=AdoptionStatus.OPERATING, start_date=START)
    theirs = actions.record_adoption(editor, other, units["E"], status=AdoptionStatus.OPERATING, start_date=START)
    put = lambda period, value, adoption=None: actions.record_observation(  # noqa: E731
        editor, units["E"], sipas, period, D(value), "Báo cáo", adoption)
    put(Period.year_of(2022), "70")                 # unit-wide baseline
    put(Period.year_of(2022), "80", mine)           # this adoption's own baseline: wins over 70
    put(Period.year_of(2023), "75")                 # unit-wide latest
    put(Period.year_of(2024), "99", theirs)         # measures the other initiative: not this one's latest
    stored = stored_figures(model)
    assert stored == live_figures(model)
    row = next(r for r in impact_store.metric_impacts(model) if r.metric.code == "sipas")
    assert (row.measured, row.improved) == (4, 2)   # B +5, C −10, D +3, E 80 → 75 (−5)
    assert row.median_change == D("-1")             # −10, −5, 3, 5
    impact_store.refresh([model.pk])
    assert stored_figures(model) == stored
