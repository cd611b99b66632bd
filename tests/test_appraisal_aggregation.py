"""Aggregates on a known example: three members scoring the default rubric (weights 25/30/20/15/10, max 10).

Member A 8,7,6,9,5 → 20 + 21 + 12 + 13,5 + 5 = 71,5
Member B 6,5,4,7,3 → 15 + 15 +  8 + 10,5 + 3 = 51,5
Member C 9,9,8,10,7 → 22,5 + 27 + 16 + 15 + 7 = 87,5
mean 70,17 · median 71,5 · population stdev 14,73 · spread 36 (> 20: disagreement)."""

from decimal import Decimal as D

import pytest

from appraisal import actions
from appraisal.aggregation import criterion_means, entry_summaries, member_totals, suggested_level, summarise, weighted_total
from appraisal.models import Rubric

SHEETS = {"A": [8, 7, 6, 9, 5], "B": [6, 5, 4, 7, 3], "C": [9, 9, 8, 10, 7]}
CRITERIA = [(1, 25, 10), (2, 30, 10), (3, 20, 10), (4, 15, 10), (5, 10, 10)]


def as_scores(values):
    return {cid: D(v) for (cid, _, _), v in zip(CRITERIA, values, strict=True)}


def test_weighted_total_normalised_to_100():
    assert weighted_total(as_scores(SHEETS["A"]), CRITERIA) == D("71.50")
    assert weighted_total(as_scores(SHEETS["B"]), CRITERIA) == D("51.50")
    assert weighted_total(as_scores(SHEETS["C"]), CRITERIA) == D("87.50")
    # Weights and maxima of any size give the same 0..100 scale.
    assert weighted_total({1: D(4), 2: D(1)}, [(1, 2, 5), (2, 1, 2)]) == D("70.00")  # 100*(2*.8+1*.5)/3
    assert weighted_total({}, CRITERIA) == D("0.00")


def test_summary_of_known_example():
    summary = summarise([D("71.5"), D("51.5"), D("87.5")], threshold=D(20), measure="range")
    assert (summary.count, summary.mean, summary.median, summary.stdev, summary.spread) == (
        3, D("70.17"), D("71.50"), D("14.73"), D("36.00"))
    assert summary.disagreement is True


def test_disagreement_threshold_and_measure_are_configurable(settings):
    totals = [D("71.5"), D("51.5"), D("87.5")]
    assert summarise(totals, threshold=D(40), measure="range").disagreement is False
    assert summarise(totals, threshold=D(14), measure="stdev").disagreement is True
    assert summarise(totals, threshold=D(15), measure="stdev").disagreement is False
    settings.APPRAISAL_DISAGREEMENT_SPREAD = 50
    assert summarise(totals).disagreement is False
    settings.APPRAISAL_DISAGREEMENT_SPREAD = 10
    assert summarise(totals).disagreement is True


def test_summary_of_one_or_none():
    assert summarise([]).mean is None and summarise([]).count == 0
    one = summarise([D("80")])
    assert (one.mean, one.median, one.stdev, one.spread, one.disagreement) == (D("80.00"), D("80.00"), D("0.00"), D(0), False)


def test_criterion_means():
    means = criterion_means([as_scores(v) for v in SHEETS.values()])
    assert means == {1: D("7.67"), 2: D("7.00"), 3: D("6.00"), 4: D("8.67"), 5: D("5.00")}


def test_suggested_level_capped_by_council():
    thresholds = [(50, "district"), (70, "province"), (90, "national")]
    assert suggested_level(D("70.17"), thresholds) == "province"
    assert suggested_level(D("95"), thresholds, allowed_levels=["commune", "district", "province"]) == "province"
    assert suggested_level(D("49.99"), thresholds) is None
    assert suggested_level(D("50"), thresholds) == "district"


@pytest.mark.django_db
def test_database_aggregates_match_the_known_example(appraisal_world):
    w = appraisal_world
    chair = w["chair"]
    rnd = actions.open_round(chair, w["council"], "Đợt 1", *_dates(), min_reviewers=3)
    entry, = actions.add_entries(chair, rnd, [w["i_phu_duc"]])
    members = [w["m_province"], w["m_hong_ngu"], w["m_lka"]]  # none conflicted on a Tam Nông initiative
    assignments, _ = actions.assign_members(chair, rnd, mode="manual", entry=entry, members=members)
    criteria = list(Rubric.default().criteria.all())
    for assignment, values in zip(assignments, SHEETS.values(), strict=True):
        user = assignment.member
        scores = {c.pk: {"value": v, "comment": ""} for c, v in zip(criteria, values, strict=True)}
        sheet = actions.record_score(user, assignment, scores, version=0, confidence="high")
        actions.submit_scoresheet(user, assignment, version=sheet.version)
    totals = member_totals([entry.pk])[entry.pk]
    assert sorted(totals.values()) == [D("51.50"), D("71.50"), D("87.50")]
    summary = entry_summaries([entry.pk])[entry.pk]
    assert (summary.mean, summary.median, summary.stdev, summary.disagreement) == (
        D("70.17"), D("71.50"), D("14.73"), True)
    assert [summary.criteria[c.pk] for c in criteria] == [D("7.67"), D("7.00"), D("6.00"), D("8.67"), D("5.00")]


def test_half_points_are_not_truncated_by_the_database(db, appraisal_world):
    """7 × 25 / 10 must stay 17,5 on SQLite (integer division would give 17)."""
    w = appraisal_world
    chair = w["chair"]
    rnd = actions.open_round(chair, w["council"], "Đợt lẻ", *_dates(), min_reviewers=1)
    entry, = actions.add_entries(chair, rnd, [w["i_phu_duc"]])
    (assignment,), _ = actions.assign_members(chair, rnd, mode="manual", entry=entry, members=[w["m_province"]])
    criteria = list(Rubric.default().criteria.all())
    values = [7, 7, 7, 7, D("7.5")]
    sheet = actions.record_score(w["m_province"], assignment, {c.pk: {"value": v} for c, v in zip(criteria, values)},
                                 version=0, confidence="low")
    actions.submit_scoresheet(w["m_province"], assignment, version=sheet.version)
    # 100 × (25×.7 + 30×.7 + 20×.7 + 15×.7 + 10×.75) / 100 = 70,5
    assert member_totals([entry.pk])[entry.pk][assignment.pk] == D("70.50")


def _dates():
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    return today + datetime.timedelta(days=7), today + datetime.timedelta(days=14)
