"""Did it work? Baseline (the last period before an adoption started) against the latest value of the
same kind of period, per adoption and per initiative across its adopters.

Pure arithmetic is in small functions at the top (unit-tested on a known dataset); the per-adoption
baseline and latest values are computed in the database with Subquery annotations, one query per
metric, never by looping over observations in Python.
"""

import dataclasses
from decimal import Decimal

from django.db.models import Avg, Case, Count, DecimalField, ExpressionWrapper, F, OuterRef, Q, Subquery, When

from .models import Adoption, Direction, Metric, Observation

# ---------------------------------------------------------------- pure functions


def change(baseline, latest):
    """latest − baseline, or None when either is missing."""
    if baseline is None or latest is None:
        return None
    return Decimal(latest) - Decimal(baseline)


def improvement(baseline, latest, direction):
    """The change signed so that positive means better (waiting time going down is an improvement)."""
    delta = change(baseline, latest)
    if delta is None:
        return None
    return delta if direction == Direction.HIGHER else -delta


def relative_change(baseline, latest):
    """Change as a percentage of the baseline; None when the baseline is 0 or missing."""
    delta = change(baseline, latest)
    if delta is None or Decimal(baseline) == 0:
        return None
    return delta / abs(Decimal(baseline)) * 100


def median(values):
    """Median of the non-missing values, None if there are none."""
    ordered = sorted(Decimal(v) for v in values if v is not None)
    if not ordered:
        return None
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return (ordered[mid - 1] + ordered[mid]) / 2


def share_improved(improvements):
    """Percentage (0–100) of the measured values that improved; None if nothing was measured."""
    measured = [v for v in improvements if v is not None]
    if not measured:
        return None
    return Decimal(sum(1 for v in measured if v > 0)) * 100 / len(measured)


def summarize(pairs, direction):
    """Aggregate [(baseline, latest), …] of several adopters: count, median change, median
    improvement, improved count and share improved."""
    measured = [(b, l) for b, l in pairs if b is not None and l is not None]
    gains = [improvement(b, l, direction) for b, l in measured]
    return {
        "measured": len(measured),
        "median_change": median(change(b, l) for b, l in measured),
        "median_improvement": median(gains),
        "improved": sum(1 for g in gains if g > 0),
        "share_improved": share_improved(gains),
    }


# ---------------------------------------------------------------- database queries

_DECIMAL = DecimalField(max_digits=18, decimal_places=4)
_PLACES = Decimal("0.0001")


def _exact(value):
    """Back to the stored precision: SQLite does decimal arithmetic in floating point."""
    return None if value is None else Decimal(value).quantize(_PLACES)


def _candidates(metric):
    """Observations of the adoption's unit and metric: unit-wide or measuring this very adoption."""
    return Observation.objects.filter(unit=OuterRef("unit"), metric=metric).filter(
        Q(adoption__isnull=True) | Q(adoption=OuterRef("pk")))


def adoptions_with_impact(metric, adoptions=None):
    """`adoptions` (default: all with a start date) annotated, for `metric`, with baseline_value /
    baseline_key (latest period ending before start_date; a year beats a quarter ending the same day),
    latest_value / latest_key (the most recent period of the same kind ending on or after the
    start), change and improvement (positive = better, direction-aware) and improved (bool)."""
    queryset = (adoptions if adoptions is not None else Adoption.objects.all()).filter(start_date__isnull=False)
    # Same end date: the longer period first, then a value measuring this adoption before a unit-wide one.
    order = ["-period_end", "period_start", F("adoption").desc(nulls_last=True)]
    baseline = _candidates(metric).filter(period_end__lt=OuterRef("start_date")).order_by(*order)
    latest = _candidates(metric).filter(period_end__gte=OuterRef("start_date"),
                                        period_kind=OuterRef("baseline_kind")).order_by(*order)
    queryset = queryset.annotate(
        baseline_value=Subquery(baseline.values("value")[:1], output_field=_DECIMAL),
        baseline_key=Subquery(baseline.values("period_key")[:1]),
        baseline_kind=Subquery(baseline.values("period_kind")[:1]),
    ).annotate(
        latest_value=Subquery(latest.values("value")[:1], output_field=_DECIMAL),
        latest_key=Subquery(latest.values("period_key")[:1]),
    )
    delta = ExpressionWrapper(F("latest_value") - F("baseline_value"), output_field=_DECIMAL)
    gain = delta if metric.direction == Direction.HIGHER else ExpressionWrapper(
        F("baseline_value") - F("latest_value"), output_field=_DECIMAL)
    return queryset.annotate(change=delta, improvement=gain).annotate(
        improved=Case(When(improvement__gt=0, then=True), When(improvement__lte=0, then=False), default=None))


def impact_by_initiative(metric, adoptions):
    """**Impact** (hiệu quả), the one definition every public page uses (the showcase's "Hiệu quả cao
    nhất", the comparison's "Hiệu quả: …" rows). For a reader: on this indicator, how much the units
    that started applying the model improved, on average. For each adopting unit that has both, the
    value of its latest period minus the value of the last period of the same kind before it started,
    signed so that positive is better (a waiting time going down is an improvement); the mean across
    those units. Units without both values are not counted; `measured` says how many were, `improved`
    how many got better.

    Returns `adoptions` (started ones: the caller passes Adoption.objects.started()…) grouped by
    initiative: rows of {"initiative", "impact", "measured", "improved"}, one grouped query (usable as
    a correlated subquery on OuterRef("pk")).

    The precomputed figures (rollout.impact_store: medians per indicator, and the share of measured
    unit × indicator pairs that improved, which ranks the replication suggestions) are summaries of
    the same per-unit improvement, named as what they are, not "impact"."""
    return (adoptions_with_impact(metric, adoptions)
            .filter(baseline_value__isnull=False, latest_value__isnull=False)
            .order_by().values("initiative")
            .annotate(impact=Avg("improvement"), measured=Count("pk"), improved=Count("pk", filter=Q(improvement__gt=0))))


@dataclasses.dataclass
class MetricImpact:
    metric: Metric
    adopters: int  # adopters with a start date
    measured: int  # … that have both a baseline and a later value
    improved: int
    share_improved: Decimal | None
    median_change: Decimal | None
    median_improvement: Decimal | None
    rows: list  # annotated adoptions (with unit) that were measured


def initiative_impact(initiative, adoptions=None):
    """Per metric with data, the initiative's impact across its adopters: one aggregate query and one
    values query per metric (≤ the catalogue size); medians over one number per adopter."""
    adoptions = adoptions if adoptions is not None else initiative.adoptions.all()
    adoptions = adoptions.filter(start_date__isnull=False)
    metric_ids = (Observation.objects.filter(unit__in=adoptions.values("unit"))
                  .values_list("metric", flat=True).distinct())
    results = []
    for metric in Metric.objects.filter(pk__in=metric_ids):
        annotated = adoptions_with_impact(metric, adoptions).select_related("unit")
        counts = annotated.aggregate(
            adopters=Count("pk"),
            measured=Count("pk", filter=Q(baseline_value__isnull=False, latest_value__isnull=False)),
            improved=Count("pk", filter=Q(improvement__gt=0)),
        )
        if not counts["measured"]:
            continue
        rows = list(annotated.filter(baseline_value__isnull=False, latest_value__isnull=False).order_by("unit__name"))
        for row in rows:
            row.change, row.improvement = _exact(row.change), _exact(row.improvement)
        results.append(MetricImpact(
            metric=metric, adopters=counts["adopters"], measured=counts["measured"], improved=counts["improved"],
            share_improved=Decimal(counts["improved"]) * 100 / counts["measured"],
            median_change=median(r.change for r in rows),
            median_improvement=median(r.improvement for r in rows),
            rows=rows,
        ))
    return results
