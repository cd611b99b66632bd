"""Precomputed impact, kept true by the writes themselves (rollout.models.ImpactContribution and
InitiativeImpact).

- One **contribution** per adopter × indicator (baseline, latest value, change, improvement), for
  the adoptions that have both values. A write recomputes only the contributions it touches: an
  observation of unit U and indicator M recomputes (U's adoptions × M), one query.
- The initiative's figures (InitiativeImpact: reach, per indicator measured / improved / share /
  medians / units to chart, and the rank score) are then re-aggregated only for the initiative ×
  indicator pairs whose contribution changed: an indexed count, and each median read at its
  offset of the (initiative, indicator, change) index — the same number of queries for 10 adopters
  or 3,321. All of it happens in the writer's transaction (`observations_changed`,
  `adoptions_changed`), so the stored figures are never behind a committed write.
- `refresh()` recomputes whole initiatives (repair, the nightly job, a first deployment) with one
  INSERT … SELECT per indicator; `refresh_all()` everything. A bulk write over more than LARGE_WRITE
  units (a national import) marks its initiatives stale and sends one refresh of everything on commit.
- Readers (`stored_impacts`) never compute: a stale row is shown as it is, with its date, while one
  refresh per initiative runs in the background (single flight: a cache lock).

The arithmetic is rollout.impact's (`adoptions_with_impact`, `median`), so stored and live figures
agree (tests/test_impact_store.py compares them after random sequences of writes).
"""

import dataclasses
from collections import defaultdict
from decimal import Decimal

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from core.bulk import sync_rows, update_rows

from .charts import MAX_CHARTS
from .impact import _exact, median
from .models import Adoption, Direction, ImpactContribution, InitiativeImpact, Metric, Observation

BATCH = 2000  # initiatives per refresh pass and per write transaction
LARGE_WRITE = 500  # units: see observations_changed()
# Adoptions: a write whose units hold more adoptions than this is large too (at national density a
# commune holds ~300: an import of 100 communes re-derives 30,000 adopters' figures; one background
# recompute is cheaper than following them row by row inside the import's transaction).
LARGE_ADOPTIONS = 20_000
UNION_PAIRS = 100  # initiative × indicator pairs per median statement (SQLite allows 500 compound terms)
LOCK_SECONDS = 300  # single flight of a background refresh
FIELDS = ("initiative_id", "unit_id", "baseline_key", "baseline_value", "latest_key", "latest_value", "change",
          "improvement")


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


def _decimal(value):
    return None if value is None else Decimal(value)


# ---------------------------------------------------------------- pure arithmetic

def metric_entry(metric_id, adopters, measured, improved, median_change, median_improvement, chart_unit_ids):
    """The stored summary of one indicator (numbers as strings: exact decimals in JSON)."""
    return {"metric": metric_id, "adopters": adopters, "measured": measured, "improved": improved,
            "share_improved": _number(Decimal(improved) * 100 / measured) if measured else None,
            "median_change": _number(median_change), "median_improvement": _number(median_improvement),
            "chart_unit_ids": list(chart_unit_ids)}


def middle(values, count):
    """The median from the one (odd count) or two (even count) middle values, in any order."""
    values = [Decimal(v) for v in values]
    if not count or len(values) != (1 if count % 2 else 2):
        return None
    return values[0] if count % 2 else (values[0] + values[1]) / 2


def totals(entries):
    """(measured, improved, score) of an initiative from its indicator entries."""
    measured = sum(e["measured"] for e in entries)
    improved = sum(e["improved"] for e in entries)
    score = (Decimal(improved) * 100 / measured).quantize(Decimal("0.0001")) if measured else Decimal(0)
    return measured, improved, score


# ---------------------------------------------------------------- contributions

def measured_sql(metrics, adoptions):
    """(sql, params) of the measured contributions of `adoptions` for `metrics` (one or many
    indicators), columns ("adoption_id", "metric_id", *FIELDS): the rule of
    rollout.impact.adoptions_with_impact (baseline = the latest period ending before the start;
    latest = the most recent period of the same kind ending on or after it; same end: the longer
    period, then a value measuring this adoption before a unit-wide one), written as one join of the
    adopters' observations ranked by ROW_NUMBER() instead of correlated subqueries per adoption
    (those cost 0.4 ms per adopter and indicator: 24 s for the most adopted initiative at 1/10
    scale). A new adoption of a unit reporting 28 indicators is one statement, not 28 (the writers of
    observations, which may name hundreds of units, go one indicator at a time). The values read are
    the unit's own (no adoption) and those measuring this adoption, as two joins in a UNION ALL: by
    adoption (the index on adoption_id) and, for the unit-wide ones, by unit (the partial index
    observation_once_per_unit). One join on the unit with `adoption_id IS NULL OR adoption_id = a.id`
    read every value of every adopter (values measuring the unit's other adoptions included) and was
    planned as a scan of the indicator's values: 0,4 s per indicator for the most adopted initiative at
    national scale (3.320 adopters; 9–10 s for its whole recompute, now 0,5–0,8 s). Portable:
    SQLite ≥ 3.30 and PostgreSQL."""
    metrics = list(metrics)
    quote = connection.ops.quote_name
    observations = quote(Observation._meta.db_table)
    inner, params = adoptions.filter(start_date__isnull=False).order_by().values(
        "id", "initiative_id", "unit_id", "start_date").query.sql_with_params()
    order = "j.period_end DESC, j.period_start ASC, j.adoption_id DESC NULLS LAST"
    higher = [m.pk for m in metrics if m.direction == Direction.HIGHER]
    if len(higher) == len(metrics):
        gain, gain_params = "l.value - b.value", []
    elif not higher:
        gain, gain_params = "b.value - l.value", []
    else:
        gain = f"CASE WHEN b.metric_id IN ({', '.join(['%s'] * len(higher))}) THEN l.value - b.value ELSE b.value - l.value END"
        gain_params = higher
    wanted = ", ".join(["%s"] * len(metrics))
    # No self-join of the ranked rows: the baseline (the one earlier row ranked first) is carried to the
    # later rows by a window over the same partition order, so the statement stays one sort however
    # many rows it ranks. (Joining the ranked rows to themselves was planned as a nested loop on a
    # one-row estimate: quadratic, minutes for an import of 400 units at national scale.)
    gain = gain.replace("l.value", "d.value").replace("b.value", "d.bvalue").replace("b.metric_id", "d.metric_id")
    sql = f"""
        WITH a AS ({inner}),
        j AS (SELECT a.id AS aid, o.metric_id, a.initiative_id, a.unit_id, a.start_date, o.period_key, o.period_kind,
                     o.value, o.period_end, o.period_start, o.adoption_id
              FROM a JOIN {observations} o ON o.adoption_id = a.id AND o.unit_id = a.unit_id AND o.metric_id IN ({wanted})
              UNION ALL
              SELECT a.id, o.metric_id, a.initiative_id, a.unit_id, a.start_date, o.period_key, o.period_kind,
                     o.value, o.period_end, o.period_start, o.adoption_id
              FROM a JOIN {observations} o ON o.adoption_id IS NULL AND o.unit_id = a.unit_id AND o.metric_id IN ({wanted})),
        c AS (SELECT j.aid, j.metric_id, j.initiative_id, j.unit_id, j.start_date, j.period_key, j.period_kind,
                     j.value, ROW_NUMBER() OVER (PARTITION BY j.aid, j.metric_id, j.period_end < j.start_date,
                     CASE WHEN j.period_end < j.start_date THEN '' ELSE j.period_kind END ORDER BY {order}) AS rn,
                     j.period_end < j.start_date AS is_before
              FROM j),
        d AS (SELECT c.*,
                     MAX(CASE WHEN c.is_before AND c.rn = 1 THEN c.period_kind END) OVER w AS bkind,
                     MAX(CASE WHEN c.is_before AND c.rn = 1 THEN c.period_key END) OVER w AS bkey,
                     MAX(CASE WHEN c.is_before AND c.rn = 1 THEN c.value END) OVER w AS bvalue
              FROM c WINDOW w AS (PARTITION BY c.aid, c.metric_id))
        SELECT d.aid AS adoption_id, d.metric_id AS metric_id, d.initiative_id AS initiative_id, d.unit_id AS unit_id,
               d.bkey AS baseline_key, d.bvalue AS baseline_value, d.period_key AS latest_key,
               d.value AS latest_value, d.value - d.bvalue AS change, {gain} AS improvement
        FROM d WHERE NOT d.is_before AND d.rn = 1 AND d.period_kind = d.bkind"""
    return sql, [*params, *[m.pk for m in metrics], *[m.pk for m in metrics], *gain_params]


def _measured_rows(metrics, adoptions):
    with connection.cursor() as cursor:
        cursor.execute(*measured_sql(metrics, adoptions))
        return cursor.fetchall()


def _sync(metrics, adoptions, existing):
    """Make the stored contributions of `adoptions` for `metrics` what the observations say (one read
    of the observations and one of the stored contributions, whatever the number of indicators);
    `existing` is the queryset of those stored. Returns ((initiative, metric) pairs whose
    contribution changed, pairs whose set of measured adopters changed)."""
    metrics = list(metrics)
    if not metrics:
        return set(), set()
    new = {}
    for row in _measured_rows(metrics, adoptions):
        pk, metric_id, values = row[0], row[1], dict(zip(FIELDS, row[2:]))
        for name in ("baseline_value", "latest_value", "change", "improvement"):
            values[name] = _exact(values[name])
        new[(pk, metric_id)] = ImpactContribution(adoption_id=pk, metric_id=metric_id, **values)
    removed, created, updated = sync_rows(existing.filter(metric_id__in=[m.pk for m in metrics]), new.values(),
                                          ("adoption_id", "metric_id"), FIELDS)
    membership = {(c.initiative_id, c.metric_id) for c in removed} | {(c.initiative_id, c.metric_id) for c in created}
    return membership | {(c.initiative_id, c.metric_id) for c in updated}, membership


def _observed_metrics(unit_ids):
    return list(Observation.objects.filter(unit_id__in=list(unit_ids)).order_by().values_list("metric_id", flat=True)
                .distinct())


# ---------------------------------------------------------------- re-aggregation of some pairs

def _pair_figures(pairs, chart_pairs):
    """{(initiative, metric): (measured, improved, median change, median improvement, chart unit ids
    or None when not asked)} for these pairs, from the contributions. PostgreSQL: one grouped statement
    (counts and the middle values of each ordered set, read from the index on (initiative, indicator,
    change)); elsewhere one grouped count and one statement per UNION_PAIRS pairs reading the middle
    values at their offset. The chart units (the first MAX_CHARTS by name) only for `chart_pairs`."""
    if not pairs:
        return {}
    if connection.vendor == "postgresql":
        counts, values = _pair_middles_grouped(pairs)
        terms = []
    else:
        counts, terms = _pair_middles_by_offset(pairs)
        values = {}
    # The chart units, in the same statements as the middle values where those are read by offset.
    for key, found in _union_values(terms + _chart_terms(set(pairs) & set(chart_pairs), counts)).items():
        values[key] = found
    result = {}
    for pair in pairs:
        n, improved = counts.get(pair, (0, 0))
        charts = None
        if pair in chart_pairs:
            charts = [int(v) for _pos, v in sorted(values.get(("u", *pair), []))]
        result[pair] = (n, improved, middle([_exact(Decimal(str(v))) for _p, v in values.get(("c", *pair), [])], n),
                        middle([_exact(Decimal(str(v))) for _p, v in values.get(("g", *pair), [])], n), charts)
    return result


def _pair_middles_grouped(pairs):
    """(counts, values) of _pair_figures in one statement: per pair the count, the improved count and
    the one (odd) or two (even) middle values of change and improvement, exact (ARRAY_AGG of the
    ordered numerics, indexed at (n + 1) / 2 and n / 2 + 1, the same element when n is odd)."""
    table = connection.ops.quote_name(ImpactContribution._meta.db_table)
    wanted = sorted(pairs)
    sql = (f"SELECT c.initiative_id, c.metric_id, COUNT(*), COUNT(*) FILTER (WHERE c.improvement > 0), "
           f"(ARRAY_AGG(c.change ORDER BY c.change))[(COUNT(*) + 1) / 2], "
           f"(ARRAY_AGG(c.change ORDER BY c.change))[COUNT(*) / 2 + 1], "
           f"(ARRAY_AGG(c.improvement ORDER BY c.improvement))[(COUNT(*) + 1) / 2], "
           f"(ARRAY_AGG(c.improvement ORDER BY c.improvement))[COUNT(*) / 2 + 1] "
           f"FROM {table} c JOIN (VALUES {', '.join(['(%s, %s)'] * len(wanted))}) AS p (i, m) "
           f"ON c.initiative_id = p.i AND c.metric_id = p.m GROUP BY c.initiative_id, c.metric_id")
    counts, values = {}, defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(sql, [x for pair in wanted for x in pair])
        for initiative_id, metric_id, n, improved, c1, c2, g1, g2 in cursor.fetchall():
            pair = (initiative_id, metric_id)
            counts[pair] = (n, improved)
            values[("c", *pair)] = [(0, c1)] if n % 2 else [(0, c1), (1, c2)]
            values[("g", *pair)] = [(0, g1)] if n % 2 else [(0, g1), (1, g2)]
    return counts, values


def _pair_middles_by_offset(pairs):
    initiative_ids = sorted({i for i, _m in pairs})
    metric_ids = sorted({m for _i, m in pairs})
    counts = {(row["initiative_id"], row["metric_id"]): (row["n"], row["improved"]) for row in (
        ImpactContribution.objects.filter(initiative_id__in=initiative_ids, metric_id__in=metric_ids).order_by()
        .values("initiative_id", "metric_id").annotate(n=Count("pk"), improved=Count("pk", filter=Q(improvement__gt=0))))}
    table = connection.ops.quote_name(ImpactContribution._meta.db_table)
    terms = []  # (sql, params)
    for pair in sorted(pairs):
        n = counts.get(pair, (0, 0))[0]
        if not n:
            continue
        limit, offset = (1 if n % 2 else 2), (n - 1) // 2
        for kind, column in (("c", "change"), ("g", "improvement")):
            terms.append((f"SELECT * FROM (SELECT %s AS kind, initiative_id, metric_id, {column} AS v, 0 AS pos "
                          f"FROM {table} WHERE initiative_id = %s AND metric_id = %s ORDER BY {column} "
                          f"LIMIT {limit} OFFSET {offset}) AS o{len(terms)}", [kind, *pair]))
    return counts, terms


def _chart_terms(chart_pairs, counts):
    """(sql, params) terms reading the first MAX_CHARTS measured units by name of each pair."""
    table = connection.ops.quote_name(ImpactContribution._meta.db_table)
    units = connection.ops.quote_name(ImpactContribution._meta.get_field("unit").related_model._meta.db_table)
    terms = [(f"SELECT * FROM (SELECT %s AS kind, c.initiative_id, c.metric_id, c.unit_id AS v, "
              f"ROW_NUMBER() OVER (ORDER BY u.name, c.adoption_id) AS pos FROM {table} c "
              f"JOIN {units} u ON u.id = c.unit_id WHERE c.initiative_id = %s AND c.metric_id = %s "
              f"ORDER BY u.name, c.adoption_id LIMIT {MAX_CHARTS}) AS t{n}", ["u", *pair])
             for n, pair in enumerate(sorted(p for p in chart_pairs if counts.get(p, (0, 0))[0]))]
    return terms


def _union_values(terms):
    """Run (sql, params) terms UNION ALL'd, 3 × UNION_PAIRS per statement: {(kind, i, m): [(pos, v)]}."""
    values = defaultdict(list)
    with connection.cursor() as cursor:
        for start in range(0, len(terms), 3 * UNION_PAIRS):
            chunk = terms[start:start + 3 * UNION_PAIRS]
            cursor.execute(" UNION ALL ".join(sql for sql, _p in chunk), [p for _s, params in chunk for p in params])
            for kind, initiative_id, metric_id, value, position in cursor.fetchall():
                values[(kind, initiative_id, metric_id)].append((position, value))
    return values


def _reach(initiative_ids):
    """{initiative: (distinct units that started it, adoptions with a start date)}: two grouped counts."""
    adoptions = Adoption.objects.filter(initiative_id__in=list(initiative_ids)).order_by()
    started = dict(adoptions.started().values("initiative")
                   .annotate(n=Count("unit", distinct=True)).values_list("initiative", "n"))
    dated = dict(adoptions.filter(start_date__isnull=False).values("initiative").annotate(n=Count("pk"))
                 .values_list("initiative", "n"))
    return {i: (started.get(i, 0), dated.get(i, 0)) for i in initiative_ids}


def _dated(initiative_ids):
    """{initiative: adoptions with a start date} (one grouped count: the second half of _reach)."""
    found = dict(Adoption.objects.filter(initiative_id__in=list(initiative_ids), start_date__isnull=False).order_by()
                 .values("initiative").annotate(n=Count("pk")).values_list("initiative", "n"))
    return {i: found.get(i, 0) for i in initiative_ids}


def lock(initiative_ids, *, rows=False):
    """Lock the stored rows of these initiatives (pk order) for the current transaction: a writer's
    contributions and a whole recompute of the same initiative then queue instead of racing (the
    recompute deletes and re-inserts every contribution; a writer inserting one in between would
    break the unique (adoption, indicator) key). `initiative_ids` may be a subquery. `rows`: return
    the locked rows ({pk: row}), so that a writer re-aggregating them reads them once."""
    locked = InitiativeImpact.objects.select_for_update().filter(initiative_id__in=initiative_ids).order_by("pk")
    if rows:
        return {row.pk: row for row in locked}
    list(locked.values_list("pk", flat=True))
    return None


def _apply(pairs, chart_pairs, reach_of=()):
    """Re-aggregate these (initiative, metric) pairs (and the reach of `reach_of`) into the stored rows,
    locked first so that concurrent writers of one initiative queue instead of losing an update."""
    initiative_ids = sorted({i for i, _m in pairs} | set(reach_of))
    if not initiative_ids:
        return []
    rows = lock(initiative_ids, rows=True)
    missing = [pk for pk in initiative_ids if pk not in rows]
    if missing:  # never computed (a page created without its signal): compute it whole
        refresh(missing)
    present = [pk for pk in initiative_ids if pk in rows]
    figures = _pair_figures({p for p in pairs if p[0] in rows}, chart_pairs)
    reach = _reach([pk for pk in present if pk in set(reach_of)]) if reach_of else {}
    # A row with no indicator yet takes its dated adopters from the reach: one grouped count for all
    # of them (per initiative it was two queries each: a write by a unit adopting many initiatives).
    first = [pk for pk in present if pk not in reach and not rows[pk].metrics and any(i == pk for i, _m in figures)]
    dated_of = _dated(first) if first else {}
    now = timezone.now()
    for pk in present:
        row = rows[pk]
        entries = {e["metric"]: e for e in row.metrics}
        if pk in reach:
            row.adopters, dated = reach[pk]
            for entry in entries.values():
                entry["adopters"] = dated
        elif pk in dated_of:
            dated = dated_of[pk]
        else:
            dated = next(iter(entries.values()))["adopters"] if entries else None
        for (initiative_id, metric_id), (n, improved, mid_change, mid_gain, charts) in figures.items():
            if initiative_id != pk:
                continue
            if not n:
                entries.pop(metric_id, None)
                continue
            if dated is None:
                dated = _reach([pk])[pk][1]
            if charts is None:
                charts = entries.get(metric_id, {}).get("chart_unit_ids", [])
            entries[metric_id] = metric_entry(metric_id, dated, n, improved, mid_change, mid_gain, charts)
        row.metrics = [entries[m] for m in sorted(entries)]
        row.measured, row.improved, row.score = totals(row.metrics)
        row.computed_at, row.stale = now, False
    update_rows(InitiativeImpact, [rows[pk] for pk in present],
                ["adopters", "measured", "improved", "score", "metrics", "computed_at", "stale"])
    return present


# ---------------------------------------------------------------- what the writers call

def observations_changed(unit_ids, metric_ids=None):
    """Observations of these units (and indicators; None: any) were written or deleted, in the current
    transaction. Returns the initiative ids whose figures changed, or None when the write was too
    large to follow row by row (then their rows are marked stale and the caller sends refresh_all)."""
    unit_ids = sorted(set(unit_ids))
    if not unit_ids:
        return []
    if len(unit_ids) > LARGE_WRITE or (
            len(unit_ids) > 1 and Adoption.objects.filter(unit_id__in=unit_ids)[:LARGE_ADOPTIONS + 1].count() > LARGE_ADOPTIONS):
        InitiativeImpact.objects.filter(stale=False, initiative_id__in=Adoption.objects.filter(
            unit_id__in=unit_ids).values("initiative_id")).update(stale=True)
        return None
    adoptions = Adoption.objects.filter(unit_id__in=unit_ids)
    existing = ImpactContribution.objects.filter(unit_id__in=unit_ids)
    if metric_ids is None:
        metric_ids = set(_observed_metrics(unit_ids)) | set(existing.values_list("metric_id", flat=True).distinct())
    with transaction.atomic():
        # Every initiative the units adopted is locked (pks only: ~300 a unit at national scale); only the
        # few whose contributions changed are read whole and rewritten by _apply.
        lock(adoptions.values("initiative_id"))
        # One indicator per statement here: an import writes hundreds of units, whose adoptions joined to
        # every indicator's values at once would be one sort of hundreds of millions of rows.
        pairs, chart_pairs = set(), set()
        for metric in Metric.objects.filter(pk__in=sorted(set(metric_ids))).order_by("pk"):
            changed, membership = _sync([metric], adoptions, existing)
            pairs |= changed
            chart_pairs |= membership
        return _apply(pairs, chart_pairs)


def adoptions_changed(initiative_id, adoption_ids=(), unit_ids=(), dates_changed=True):
    """Adoptions of one initiative were recorded, edited, moved along or deleted (their contributions
    go with them by cascade). `dates_changed`: a start date may differ, so the contributions of these
    adoptions are recomputed; a status change alone only changes the reach."""
    with transaction.atomic():
        lock([initiative_id])
        pairs, chart_pairs = set(), set()
        if dates_changed:
            adoptions = Adoption.objects.filter(pk__in=list(adoption_ids))
            existing = ImpactContribution.objects.filter(adoption_id__in=list(adoption_ids))
            metric_ids = set(_observed_metrics(unit_ids)) | set(existing.values_list("metric_id", flat=True))
            stored = InitiativeImpact.objects.filter(pk=initiative_id).values_list("metrics", flat=True).first() or []
            metric_ids |= {entry["metric"] for entry in stored}  # a deleted adoption's indicators
            metrics = list(Metric.objects.filter(pk__in=sorted(metric_ids)).order_by("pk"))
            _sync(metrics, adoptions, existing)  # one statement for every indicator the unit reports
            pairs = {(initiative_id, metric.pk) for metric in metrics}
            chart_pairs = set(pairs)
        return _apply(pairs, chart_pairs, reach_of=[initiative_id])


# ---------------------------------------------------------------- whole initiatives

def _rebuild_contributions(initiative_ids=None):
    """Replace the contributions of these initiatives (None: all) by one INSERT … SELECT per indicator."""
    if initiative_ids is None:
        adoptions, existing = Adoption.objects.all(), ImpactContribution.objects.all()
    else:
        adoptions = Adoption.objects.filter(initiative_id__in=list(initiative_ids))
        existing = ImpactContribution.objects.filter(initiative_id__in=list(initiative_ids))
    existing._raw_delete(existing.db)
    dated = adoptions.filter(start_date__isnull=False)
    table = connection.ops.quote_name(ImpactContribution._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in ("adoption_id", "metric_id", *FIELDS))
    # The indicators these adopters reported: one EXISTS per indicator (a few dozen), each answered
    # by the first matching row of the (metric, unit) index, instead of a DISTINCT over every value of
    # every adopter (304 ms of the 1.4 s recompute of the most adopted initiative at 1/10 scale).
    observed = Observation.objects.filter(metric=OuterRef("pk"), unit__in=dated.values("unit"))
    for metric in Metric.objects.filter(Exists(observed)).order_by("pk"):
        sql, params = measured_sql([metric], dated)  # one indicator at a time: a bounded sort per statement
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {table} ({columns}) SELECT m.* FROM ({sql}) AS m", params)


def summaries(initiative_ids):
    """{initiative_id: InitiativeImpact (unsaved)} from the stored contributions of these initiatives
    (all for None): two grouped counts and one ordered read of their contributions."""
    from initiatives.models import InitiativePage

    if initiative_ids is None:
        ids = list(InitiativePage.objects.order_by("pk").values_list("pk", flat=True))
        contributions = ImpactContribution.objects.all()
    else:
        ids = list(initiative_ids)
        contributions = ImpactContribution.objects.filter(initiative_id__in=ids)
    reach = _reach(ids) if initiative_ids is not None else _reach_all()
    grouped = defaultdict(list)
    for initiative_id, metric_id, unit_id, delta, gain in (
            contributions.order_by("initiative_id", "metric_id", "unit__name", "adoption_id")
            .values_list("initiative_id", "metric_id", "unit_id", "change", "improvement").iterator(chunk_size=5000)):
        grouped[(initiative_id, metric_id)].append((unit_id, _exact(delta), _exact(gain)))
    per_initiative = defaultdict(list)
    for (initiative_id, metric_id), measured in grouped.items():
        per_initiative[initiative_id].append(metric_entry(
            metric_id, reach.get(initiative_id, (0, 0))[1], len(measured), sum(1 for _u, _d, g in measured if g > 0),
            median(d for _u, d, _g in measured), median(g for _u, _d, g in measured),
            [unit for unit, _d, _g in measured[:MAX_CHARTS]]))
    now = timezone.now()
    result = {}
    for initiative_id in ids:
        metrics = sorted(per_initiative.get(initiative_id, []), key=lambda e: e["metric"])
        measured, improved, score = totals(metrics)
        result[initiative_id] = InitiativeImpact(
            initiative_id=initiative_id, adopters=reach.get(initiative_id, (0, 0))[0], measured=measured,
            improved=improved, score=score, metrics=metrics, computed_at=now)
    return result


def _reach_all():
    adoptions = Adoption.objects.order_by()
    started = dict(adoptions.started().values("initiative")
                   .annotate(n=Count("unit", distinct=True)).values_list("initiative", "n"))
    dated = dict(adoptions.filter(start_date__isnull=False).values("initiative").annotate(n=Count("pk"))
                 .values_list("initiative", "n"))
    return {i: (started.get(i, 0), dated.get(i, 0)) for i in set(started) | set(dated)}


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
    """Recompute and store these initiatives whole (idempotent); returns how many were stored."""
    from initiatives.models import InitiativePage

    ids = sorted(set(InitiativePage.objects.filter(pk__in=list(initiative_ids)).values_list("pk", flat=True)))
    for start in range(0, len(ids), BATCH):
        batch = ids[start:start + BATCH]
        with transaction.atomic():
            lock(batch)
            _rebuild_contributions(batch)
            _store(list(summaries(batch).values()))
    return len(ids)


def refresh_all(progress=None):
    """Every initiative page in one set-wise pass (one INSERT … SELECT per indicator over all
    adoptions), written in batches: the generator, the nightly job, a first deployment."""
    with transaction.atomic():
        _rebuild_contributions(None)
    rows = list(summaries(None).values())
    _store(rows, progress)
    return len(rows)


# ---------------------------------------------------------------- readers

def schedule_refresh(initiative_ids):
    """One background refresh per initiative at a time (a cache lock), sent on commit."""
    from .tasks import refresh_initiative_impacts

    ids = [pk for pk in sorted(set(initiative_ids)) if cache.add(f"impact:refreshing:{pk}", 1, LOCK_SECONDS)]
    if ids:
        transaction.on_commit(lambda: refresh_initiative_impacts.delay(ids))
    return ids


def release(initiative_ids):
    cache.delete_many([f"impact:refreshing:{pk}" for pk in initiative_ids])


def stored_impacts(initiative_ids):
    """{initiative_id: row} for these initiatives, as stored: a stale row (a national import, a
    repair) is shown with its computed_at while one background refresh runs; a missing one is an
    empty unsaved row (a page published a moment ago) until its refresh stores it. Never computes."""
    ids = list(initiative_ids)
    stored = InitiativeImpact.objects.in_bulk(ids)
    waiting = [pk for pk in ids if pk not in stored or stored[pk].stale]
    if waiting:
        schedule_refresh(waiting)
    for pk in ids:
        if pk not in stored:
            stored[pk] = InitiativeImpact(initiative_id=pk, metrics=[], computed_at=None, stale=True)
    return stored


def stored_impact(initiative):
    """The row for this initiative (see stored_impacts)."""
    return stored_impacts([initiative.pk])[initiative.pk]


def metric_impacts(initiative, row=None):
    """Per indicator with measured adopters, in catalogue order (what rollout.impact.initiative_impact
    returns, from the stored row)."""
    entries = (row or stored_impact(initiative)).metrics
    metrics = Metric.objects.in_bulk([entry["metric"] for entry in entries])
    found = [StoredMetricImpact(
        metric=metrics[entry["metric"]], adopters=entry["adopters"], measured=entry["measured"],
        improved=entry["improved"], share_improved=_decimal(entry["share_improved"]),
        median_change=_decimal(entry["median_change"]), median_improvement=_decimal(entry["median_improvement"]),
        chart_unit_ids=entry["chart_unit_ids"]) for entry in entries if entry["metric"] in metrics]
    return sorted(found, key=lambda r: (r.metric.sort_order, r.metric.code))

