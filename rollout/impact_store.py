"""Precomputed impact (rollout.models.InitiativeImpact): computed set-wise for a batch of initiatives,
invalidated the moment an adoption or observation changes, recomputed by a Celery task on commit,
and read through (computed on a miss) by the pages.

Why: an initiative adopted by every commune needs baselines and latest values for thousands of
adopters per indicator (seconds at national scale); the replication suggestions need that for every
recognised model. The arithmetic is rollout.impact's, so stored and live figures agree.
"""

import dataclasses
from collections import defaultdict
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from .charts import MAX_CHARTS
from .impact import _exact, adoptions_with_impact, median
from .models import Adoption, AdoptionStatus, InitiativeImpact, Metric, Observation

BATCH = 2000  # initiatives per summaries() pass and per write transaction
LARGE_WRITE = 500  # units: see invalidate()


@dataclasses.dataclass
class StoredMetricImpact:
    """What the page and the API show for one indicator (rollout.impact.MetricImpact without rows)."""
    metric: Metric
    adopters: int
    measured: int
    improved: int
    share_improved: Decimal | None
    median_change: Decimal | None
    median_improvement: Decimal | None
    chart_unit_ids: list


def _number(value):
    return None if value is None else str(value)


def summaries(initiative_ids):
    """{initiative_id: InitiativeImpact (unsaved)} for the given initiatives (all of them for None): one
    grouped query for the reach, one for the indicators present, then one query per indicator over all
    their adoptions."""
    if initiative_ids is None:
        from initiatives.models import InitiativePage

        ids, adoptions = list(InitiativePage.objects.order_by("pk").values_list("pk", flat=True)), Adoption.objects.all()
    else:
        ids = list(initiative_ids)
        adoptions = Adoption.objects.filter(initiative_id__in=ids)
    started = adoptions.exclude(status=AdoptionStatus.PLANNED)
    reach = dict(started.order_by().values("initiative").annotate(n=Count("unit", distinct=True))
                 .values_list("initiative", "n"))
    dated = adoptions.filter(start_date__isnull=False)
    with_start = dict(dated.order_by().values("initiative").annotate(n=Count("pk")).values_list("initiative", "n"))
    metric_ids = Observation.objects.filter(unit__in=dated.values("unit")).values("metric").distinct()
    per_metric = defaultdict(list)
    for metric in Metric.objects.filter(pk__in=metric_ids):
        rows = (adoptions_with_impact(metric, dated).filter(baseline_value__isnull=False, latest_value__isnull=False)
                .order_by("initiative_id", "unit__name", "pk")
                .values_list("initiative_id", "unit_id", "change", "improvement"))
        grouped = defaultdict(list)
        for initiative_id, unit_id, delta, gain in rows:  # one row per measured adopter
            grouped[initiative_id].append((unit_id, _exact(delta), _exact(gain)))
        for initiative_id, measured in grouped.items():
            improved = sum(1 for _unit, _delta, gain in measured if gain > 0)
            per_metric[initiative_id].append({
                "metric": metric.pk, "adopters": with_start.get(initiative_id, 0), "measured": len(measured),
                "improved": improved, "share_improved": _number(Decimal(improved) * 100 / len(measured)),
                "median_change": _number(median(delta for _unit, delta, _gain in measured)),
                "median_improvement": _number(median(gain for _unit, _delta, gain in measured)),
                "chart_unit_ids": [unit for unit, _delta, _gain in measured[:MAX_CHARTS]],
            })
    now = timezone.now()
    result = {}
    for initiative_id in ids:
        metrics = per_metric.get(initiative_id, [])
        measured = sum(m["measured"] for m in metrics)
        improved = sum(m["improved"] for m in metrics)
        result[initiative_id] = InitiativeImpact(
            initiative_id=initiative_id, adopters=reach.get(initiative_id, 0), measured=measured, improved=improved,
            score=(Decimal(improved) * 100 / measured).quantize(Decimal("0.0001")) if measured else Decimal(0),
            metrics=metrics, computed_at=now)
    return result


def _store(rows, progress=None):
    """Replace the stored rows of these initiatives, BATCH at a time (one transaction each)."""
    for start in range(0, len(rows), BATCH):
        batch = rows[start:start + BATCH]
        with transaction.atomic():
            InitiativeImpact.objects.filter(initiative_id__in=[row.initiative_id for row in batch]).delete()
            InitiativeImpact.objects.bulk_create(batch)
        if progress:
            progress(start + len(batch), len(rows))


def refresh(initiative_ids):
    """Recompute and store the impact of these initiatives (idempotent); returns how many were stored."""
    from initiatives.models import InitiativePage

    ids = sorted(set(InitiativePage.objects.filter(pk__in=list(initiative_ids)).values_list("pk", flat=True)))
    for start in range(0, len(ids), BATCH):
        _store(list(summaries(ids[start:start + BATCH]).values()))
    return len(ids)


def refresh_all(progress=None):
    """Every initiative page in one set-wise pass (a query per indicator over all adoptions), written
    in batches: the generator, the nightly job, a first deployment."""
    rows = list(summaries(None).values())
    _store(rows, progress)
    return len(rows)


def invalidate(initiative_ids=None, unit_ids=None):
    """Mark what changed as stale (now, in the writer's transaction); returns the initiative ids to
    recompute, or None for all of them. unit_ids: an observation of a unit touches every initiative
    that unit adopted. A bulk write over more than LARGE_WRITE units (a national import) marks nothing
    row by row (that alone would cost seconds): the refresh of everything, sent on commit, replaces
    the figures within minutes."""
    ids = set(initiative_ids or ())
    if unit_ids:
        if len(unit_ids) > LARGE_WRITE:
            return None
        ids |= set(Adoption.objects.filter(unit_id__in=list(unit_ids)).order_by()
                   .values_list("initiative_id", flat=True).distinct())
    if ids:
        InitiativeImpact.objects.filter(initiative_id__in=ids, stale=False).update(stale=True)
    return sorted(ids)


def stored_impacts(initiative_ids):
    """{initiative_id: row} for these initiatives, the missing or stale ones computed now in one
    set-wise pass (a fresh event, a worker lagging) and stored, so what is shown is never old."""
    ids = list(initiative_ids)
    stored = InitiativeImpact.objects.in_bulk(ids)
    missing = [pk for pk in ids if pk not in stored or stored[pk].stale]
    if missing:
        try:
            refresh(missing)
        except IntegrityError:  # another request stored them at the same moment: the same figures
            pass
        stored = InitiativeImpact.objects.in_bulk(ids)
    return stored


def stored_impact(initiative):
    """The row for this initiative, computed and stored when missing or stale."""
    return stored_impacts([initiative.pk])[initiative.pk]


def metric_impacts(initiative):
    """Per indicator with measured adopters, in catalogue order (what rollout.impact.initiative_impact
    returns, from the stored row)."""
    entries = stored_impact(initiative).metrics
    metrics = Metric.objects.in_bulk([entry["metric"] for entry in entries])
    found = [StoredMetricImpact(
        metric=metrics[entry["metric"]], adopters=entry["adopters"], measured=entry["measured"],
        improved=entry["improved"], share_improved=_decimal(entry["share_improved"]),
        median_change=_decimal(entry["median_change"]), median_improvement=_decimal(entry["median_improvement"]),
        chart_unit_ids=entry["chart_unit_ids"]) for entry in entries if entry["metric"] in metrics]
    return sorted(found, key=lambda r: (r.metric.sort_order, r.metric.code))


def _decimal(value):
    return None if value is None else Decimal(value)
