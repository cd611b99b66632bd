"""Figures of today's units (and of any unit) rolled up from the units that make them up: a merged
commune from its predecessors, a province from its communes of both eras and the old provinces and
districts merged into it. The arithmetic is rollout.aggregation.roll_up (one rule for every page
and export); which units' figures go into a sum is units.graph.RollupGraph.choose (none twice:
a unit's own figure wins; an old unit split between several successors is left out of each and
flagged).

Bounded: the graph (two queries per level of the map for all the units together) and one query
for the observations, whatever the number of units, periods or observations.
"""

import dataclasses
from collections import defaultdict

from units.graph import RollupGraph

from .aggregation import Aggregation, Part, RollUp, Status, roll_up
from .periods import Period


@dataclasses.dataclass
class PeriodFigure:
    """One unit's figure for one metric and period, shaped like an Observation for the charts."""

    metric: object
    period_key: str
    period_kind: str
    period_start: object
    period_end: object
    result: RollUp
    unit_ids: tuple  # the units whose figures were used (or left out, see result.excluded)
    own: bool  # the unit's own report (no roll-up)
    source: str = ""

    @property
    def value(self):
        return self.result.value

    @property
    def numerator(self):
        return self.result.numerator

    @property
    def denominator(self):
        return self.result.denominator

    @property
    def period(self):
        return Period.from_key(self.period_key)

    @property
    def note(self):
        """What the reader must know about how the figure was made ('' for the unit's own report)."""
        from django.utils.translation import gettext as _
        from django.utils.translation import ngettext

        result = self.result
        parts = []
        if result.status == Status.ROLLED_UP:
            parts.append(ngettext("cộng gộp từ %(n)s đơn vị", "cộng gộp từ %(n)s đơn vị", result.parts)
                         % {"n": result.parts})
        elif result.status in (Status.INSUFFICIENT, Status.NOT_AGGREGABLE):
            parts.append(str(result.message))
        elif result.status == Status.OWN and not self.own:
            parts.append(_("số liệu của đơn vị trước sáp nhập"))
        if result.excluded:
            parts.append(ngettext("%(n)s đơn vị bị chia tách không được cộng (tránh tính hai lần)",
                                  "%(n)s đơn vị bị chia tách không được cộng (tránh tính hai lần)",
                                  len(result.excluded)) % {"n": len(result.excluded)})
        return "; ".join(parts)


def figures_for(units, metric_codes=None, *, graph=None, succession_only=False):
    """{unit id: {metric id: [PeriodFigure, …] in time order}} for `units` (model instances),
    unit-wide observations only (those measuring one adoption stay with that adoption).
    `succession_only`: from the units merged into them only, not the units below (a province's own
    figures and the old provinces', not its communes')."""
    from .models import Metric, Observation

    units = list(units)
    if not units:
        return {}
    graph = graph or RollupGraph.build(units, succession_only=succession_only)
    rows = Observation.objects.filter(unit_id__in=list(graph.nodes), adoption__isnull=True)
    if metric_codes is not None:
        rows = rows.filter(metric__code__in=list(metric_codes))
    grouped = defaultdict(dict)  # (metric id, period key) -> {unit id: row}
    periods, sources = {}, {}
    for unit_id, metric_id, key, kind, start, end, value, num, den, source in rows.order_by().values_list(
            "unit_id", "metric_id", "period_key", "period_kind", "period_start", "period_end", "value",
            "numerator", "denominator", "source"):
        grouped[(metric_id, key)][unit_id] = Part(value, num, den, unit_id)
        periods[key] = (kind, start, end)
        sources[(metric_id, key, unit_id)] = source
    metrics = Metric.objects.in_bulk({metric_id for metric_id, _key in grouped}) if grouped else {}
    result = {}
    for unit in units:
        inside = graph.descendants(unit.pk)
        by_metric = defaultdict(list)
        for (metric_id, key), parts in grouped.items():
            if not inside.intersection(parts):
                continue
            chosen = graph.choose(unit.pk, parts.keys())
            if not chosen:
                continue
            metric = metrics[metric_id]
            used = [dataclasses.replace(parts[u], split=graph.is_split_for(u, unit.pk)) for u in chosen]
            kind, start, end = periods[key]
            own = chosen == [unit.pk]
            source = sources.get((metric_id, key, chosen[0]), "") if len(chosen) == 1 else ""
            rolled = roll_up(metric.aggregation, used)
            if not own and metric.aggregation == Aggregation.NONE and rolled.status == Status.OWN:
                # A rank or a grade is the unit's own or nothing: one old district's "Tốt" is not its
                # new province's grade, nor one merged commune's rank the new commune's (issue 18).
                rolled, source = RollUp(Status.NOT_AGGREGABLE, parts=1), ""  # its source cites that value
            by_metric[metric_id].append(PeriodFigure(metric, key, kind, start, end,
                                                     rolled, tuple(chosen), own, source))
        for figures in by_metric.values():
            figures.sort(key=lambda f: (f.period_end, (f.period_end - f.period_start).days, f.period_key))
        result[unit.pk] = dict(by_metric)
    return result


def latest_figures(units, metric_codes=None):
    """{(unit id, metric id): PeriodFigure} — each unit's latest figure per metric (same end date:
    the longer period), rolled up as figures_for does."""
    latest = {}
    for unit_id, by_metric in figures_for(units, metric_codes).items():
        for metric_id, figures in by_metric.items():
            if figures:
                latest[(unit_id, metric_id)] = figures[-1]
    return latest
