"""Aggregating members' scores.

Weighted total (per member): each criterion's score is first scaled to its maximum, then weighted,
and the result normalised to 0..100 whatever the rubric's weights and maxima add up to:

    total = 100 × Σ(weight × score / max) / Σ(weight)

so councils with different rubrics produce comparable totals, and thresholds are on a 100-point scale.
The final score of an initiative is the mean of its members' weighted totals. Spread is measured as
max − min (or the population standard deviation, APPRAISAL_DISAGREEMENT_MEASURE = "stdev"); when it
exceeds APPRAISAL_DISAGREEMENT_SPREAD points, the chair sees a disagreement flag.

The arithmetic is in small pure functions (unit-tested); the DB functions below feed them from
aggregates computed in the database (one query per kind, no per-member loops).
"""

import statistics
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Avg, FloatField, Sum
from django.db.models.functions import Cast

TWO_PLACES = Decimal("0.01")
DEFAULT_SPREAD = Decimal("20")


def q2(value):
    return None if value is None else Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def weighted_total(scores, criteria):
    """scores: {criterion_id: value}; criteria: iterable of (criterion_id, weight, max_score).
    Missing scores count as 0. Returns a Decimal on 0..100 (2 decimal places)."""
    criteria = list(criteria)
    weight_sum = sum(Decimal(weight) for _, weight, _ in criteria)
    if not weight_sum:
        return None
    raw = sum(Decimal(weight) * Decimal(scores.get(cid, 0)) / Decimal(max_score) for cid, weight, max_score in criteria)
    return q2(Decimal(100) * raw / weight_sum)


@dataclass
class Summary:
    count: int = 0
    mean: Decimal | None = None
    median: Decimal | None = None
    stdev: Decimal | None = None
    spread: Decimal | None = None
    disagreement: bool = False
    totals: list = field(default_factory=list)


def spread_of(totals, measure="range"):
    if len(totals) < 2:
        return Decimal(0)
    if measure == "stdev":
        return q2(statistics.pstdev(totals))
    return q2(max(totals) - min(totals))


def summarise(totals, threshold=None, measure=None):
    """Mean, median, population standard deviation and spread of members' totals, plus the flag."""
    totals = [Decimal(t) for t in totals if t is not None]
    if threshold is None:
        threshold = Decimal(str(getattr(settings, "APPRAISAL_DISAGREEMENT_SPREAD", DEFAULT_SPREAD)))
    measure = measure or getattr(settings, "APPRAISAL_DISAGREEMENT_MEASURE", "range")
    if not totals:
        return Summary()
    spread = spread_of(totals, measure)
    return Summary(
        count=len(totals),
        mean=q2(statistics.mean(totals)),
        median=q2(statistics.median(totals)),
        stdev=q2(statistics.pstdev(totals)),
        spread=spread,
        disagreement=spread > Decimal(threshold),
        totals=sorted(totals),
    )


def criterion_means(sheets):
    """sheets: list of {criterion_id: value}. Mean per criterion over the sheets that scored it."""
    values = {}
    for sheet in sheets:
        for cid, value in sheet.items():
            values.setdefault(cid, []).append(Decimal(value))
    return {cid: q2(statistics.mean(vals)) for cid, vals in values.items()}


def suggested_level(final_score, thresholds, allowed_levels=None):
    """thresholds: iterable of (min_score, level). The level of the highest threshold reached, among
    `allowed_levels` if given (a council suggests no level above its own); None below all thresholds."""
    best = None
    for min_score, level in sorted(thresholds, key=lambda t: Decimal(t[0])):
        if final_score is not None and Decimal(final_score) >= Decimal(min_score):
            if allowed_levels is None or level in allowed_levels:
                best = level
    return best


# --- Database side --------------------------------------------------------------------------------

def _submitted_scores(entry_ids):
    from .models import Score

    return Score.objects.filter(assignment__entry_id__in=entry_ids, assignment__sheet__submitted_at__isnull=False,
                                assignment__recused_at__isnull=True)


def member_totals(entry_ids):
    """{entry_id: {assignment_id: weighted total}} for submitted sheets, summed in the database."""
    from .models import Criterion

    entry_ids = list(entry_ids)
    # Floats in SQL: SQLite would otherwise divide integers (7 × 25 / 10 = 17); q2 rounds the result.
    weighted = (Cast("value", FloatField()) * Cast("criterion__weight", FloatField())
                / Cast("criterion__max_score", FloatField()))
    rows = (_submitted_scores(entry_ids).values("assignment__entry_id", "assignment_id", "assignment__entry__round__rubric_id")
            .annotate(raw=Sum(weighted)).order_by())
    weight_sums = dict(Criterion.objects.values("rubric_id").annotate(s=Sum("weight")).values_list("rubric_id", "s"))
    result = {entry_id: {} for entry_id in entry_ids}
    for row in rows:
        weight_sum = Decimal(weight_sums[row["assignment__entry__round__rubric_id"]])
        result[row["assignment__entry_id"]][row["assignment_id"]] = q2(Decimal(100) * Decimal(str(row["raw"])) / weight_sum)
    return result


def db_criterion_means(entry_ids):
    """{entry_id: {criterion_id: mean}} over submitted sheets (Avg in the database)."""
    result = {}
    rows = (_submitted_scores(entry_ids).values("assignment__entry_id", "criterion_id")
            .annotate(mean=Avg(Cast("value", FloatField()))).order_by())
    for row in rows:
        result.setdefault(row["assignment__entry_id"], {})[row["criterion_id"]] = q2(Decimal(str(row["mean"])))
    return result


def entry_summaries(entry_ids):
    """{entry_id: Summary} with per-criterion means attached as `.criteria`."""
    entry_ids = list(entry_ids)
    totals = member_totals(entry_ids)
    means = db_criterion_means(entry_ids)
    summaries = {}
    for entry_id in entry_ids:
        summary = summarise(list(totals[entry_id].values()))
        summary.criteria = means.get(entry_id, {})
        summary.by_assignment = totals[entry_id]
        summaries[entry_id] = summary
    return summaries
