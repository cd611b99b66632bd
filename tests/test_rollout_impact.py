"""Impact: pure arithmetic and the database queries, on a small known dataset with asserted figures."""

import datetime
from decimal import Decimal

import pytest

from core.roles import EDITORS
from rollout import actions, impact, impact_store
from rollout.models import AdoptionStatus, Direction, Metric
from rollout.periods import Period
from tests.factories import UnitFactory, make_initiative, make_member

D = Decimal


def q(value, places="0.01"):
    return None if value is None else D(value).quantize(D(places))


# ---------------------------------------------------------------- pure functions

def test_change_and_direction_aware_improvement():
    assert impact.change(D("98.4"), D("98.6")) == D("0.2")
    assert impact.improvement(D("98.4"), D("98.6"), Direction.HIGHER) == D("0.2")
    assert impact.improvement(30, 20, Direction.LOWER) == D("10")   # waiting 30 → 20 minutes: better
    assert impact.improvement(20, 30, Direction.LOWER) == D("-10")
    assert impact.improvement(None, 5, Direction.HIGHER) is None
    assert q(impact.relative_change(25, 5)) == D("-80.00")          # 25 days → 5 days
    assert impact.relative_change(0, 5) is None


def test_median_and_share_improved():
    assert impact.median([5, 15, -2]) == 5
    assert impact.median([D("1.5"), 3, None, 10, 2]) == D("2.5")
    assert impact.median([]) is None
    assert q(impact.share_improved([5, 15, -2, None])) == D("66.67")
    assert impact.share_improved([0, 0]) == 0   # unchanged is not improved
    assert impact.share_improved([None]) is None


def test_summarize():
    summary = impact.summarize([(90, 95), (70, 85), (99, 97), (90, None)], Direction.HIGHER)
    assert summary["measured"] == 3
    assert summary["median_change"] == 5 and summary["improved"] == 2
    assert q(summary["share_improved"]) == D("66.67")
    lower = impact.summarize([(30, 20), (15, 25)], Direction.LOWER)
    assert lower["median_change"] == 0 and lower["median_improvement"] == 0 and lower["share_improved"] == 50


# ---------------------------------------------------------------- database

@pytest.fixture
def dataset(site, province):
    """Initiative of unit A adopted by B, C, D, E (and F, planned, no start date)."""
    editor = make_member(EDITORS, username="bientap_impact")
    units = {name: UnitFactory(name=f"Xã {name}", short_name=name, parent=province) for name in "ABCDEF"}
    initiative = make_initiative(site["index"], units["A"], title="Giảm thời gian chờ")
    other = make_initiative(site["index"], units["A"], title="Sáng kiến khác")
    start = {"B": datetime.date(2023, 1, 1), "C": datetime.date(2023, 7, 1), "D": datetime.date(2023, 1, 1),
             "E": datetime.date(2024, 1, 1)}
    adoptions = {name: actions.record_adoption(editor, initiative, units[name], status=AdoptionStatus.OPERATING,
                                               start_date=day) for name, day in start.items()}
    adoptions["F"] = actions.record_adoption(editor, initiative, units["F"])
    sipas, waiting = Metric.objects.get(code="sipas"), Metric.objects.get(code="waiting_time")

    def put(name, metric, period, value, adoption=None):
        actions.record_observation(editor, units[name], metric, period, D(value), "Số liệu kiểm thử", adoption)

    Y, H = Period.year_of, Period.half
    put("B", sipas, Y(2022), "90"), put("B", sipas, Y(2023), "95")
    # B also measures another initiative: that value must not leak into this one.
    put("B", sipas, Y(2023), "10", adoption=actions.record_adoption(editor, other, units["B"], start_date=start["B"]))
    # C started mid-2023: the baseline is the first half of 2023, compared with the second half.
    put("C", sipas, Y(2022), "80"), put("C", sipas, H(2023, 1), "70"), put("C", sipas, H(2023, 2), "85")
    put("C", sipas, Y(2023), "82")
    put("D", sipas, Y(2022), "99"), put("D", sipas, Y(2023), "97")
    put("E", sipas, Y(2023), "90")   # nothing after its start: not measured
    put("F", sipas, Y(2022), "50"), put("F", sipas, Y(2023), "60")   # planned, no start date
    put("B", waiting, Y(2022), "30"), put("B", waiting, Y(2023), "20")
    put("D", waiting, Y(2022), "15"), put("D", waiting, Y(2023), "25", adoption=adoptions["D"])
    return {"initiative": initiative, "adoptions": adoptions, "sipas": sipas, "waiting": waiting}


def test_per_adoption_baseline_and_latest(dataset):
    rows = {a.unit.short_name: a for a in impact.adoptions_with_impact(
        dataset["sipas"], dataset["initiative"].adoptions.select_related("unit"))}
    assert set(rows) == {"B", "C", "D", "E"}   # F has no start date
    assert (rows["B"].baseline_key, q(rows["B"].baseline_value)) == ("2022", D("90.00"))
    assert (rows["B"].latest_key, q(rows["B"].latest_value)) == ("2023", D("95.00"))  # not the other initiative's 10
    assert (rows["C"].baseline_key, q(rows["C"].baseline_value)) == ("2023-H1", D("70.00"))
    assert (rows["C"].latest_key, q(rows["C"].latest_value), q(rows["C"].change)) == ("2023-H2", D("85.00"), D("15.00"))
    assert q(rows["D"].change) == D("-2.00") and rows["D"].improved is False
    assert rows["B"].improved is True
    assert rows["E"].latest_value is None and rows["E"].improved is None


def test_initiative_aggregate_median_and_share_improved(dataset):
    results = {r.metric.code: r for r in impact.initiative_impact(dataset["initiative"])}
    sipas = results["sipas"]
    assert (sipas.adopters, sipas.measured, sipas.improved) == (4, 3, 2)
    assert q(sipas.median_change) == D("5.00") and q(sipas.share_improved) == D("66.67")
    assert [r.unit.short_name for r in sipas.rows] == ["B", "C", "D"]
    waiting = results["waiting_time"]   # lower is better: B −10 minutes improved, D +10 got worse
    assert (waiting.measured, waiting.improved, q(waiting.share_improved)) == (2, 1, D("50.00"))
    assert q(waiting.median_change) == D("0.00")
    assert [q(r.improvement) for r in waiting.rows] == [D("10.00"), D("-10.00")]


def test_impact_queries_are_bounded(dataset, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):   # metric ids, metrics, then 2 per metric
        impact.initiative_impact(dataset["initiative"])


def test_impact_scores_for_ranking(dataset):
    other = dataset["initiative"].get_parent().get_children().exclude(pk=dataset["initiative"].pk).first()
    stored = impact_store.stored_impacts([dataset["initiative"].pk, other.pk])
    scores = {pk: row.score for pk, row in stored.items() if row.measured}
    # sipas: B, C improved, D not; waiting time: B improved, D not → 3 of 5. The other initiative,
    # adopted by B only: its own SIPAS value (90 → 10) got worse, B's waiting time improved → 1 of 2.
    assert scores == {dataset["initiative"].pk: D("60"), other.pk: D("50")}
