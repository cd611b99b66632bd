"""The 766 scores of units (Decision 766/QĐ-TTg, 23/06/2022) from their stored figures: the catalogue
(rollout.models.ScoreGroup / ScoredIndicator), the figures of each indicator's metric rolled up as
every page does (rollout.rollups.figures_for: a unit's own figure, else its predecessors' added up by
their counts), and the points rule (rollout.scoring766.score). Scores are never typed in.

Bounded: two queries for the catalogue, the succession graph and one query of figures, whatever the
number of units or periods.
"""

import dataclasses

from .periods import Period
from .scoring766 import score


@dataclasses.dataclass
class Catalogue:
    groups: list  # ScoreGroup rows in order
    indicators: list  # ScoredIndicator rows in order (metric and group joined)

    @property
    def codes(self):
        return [i.metric.code for i in self.indicators]

    def score(self, values):
        return score([(g.code, g.max_points) for g in self.groups], [i.rule for i in self.indicators], values)


@dataclasses.dataclass
class Component:
    indicator: object  # ScoredIndicator
    figure: object  # rollout.rollups.PeriodFigure or None
    earned: object  # scoring766.IndicatorScore


@dataclasses.dataclass
class GroupRow:
    group: object  # ScoreGroup
    result: object  # scoring766.GroupScore
    components: list


@dataclasses.dataclass
class PeriodScore:
    """One unit's 766 score for one period, with its groups and their components."""

    period_key: str
    result: object  # scoring766.Score
    groups: list

    @property
    def period(self):
        return Period.from_key(self.period_key)

    @property
    def label(self):
        return self.period.label


def load_catalogue():
    from .models import ScoredIndicator, ScoreGroup

    return Catalogue(list(ScoreGroup.objects.order_by("sort_order", "code")),
                     list(ScoredIndicator.objects.select_related("group", "metric")))


def scores_for(units, *, catalogue=None, succession_only=True):
    """{unit id: [PeriodScore, …] latest period first} for `units`: one score for each period in which
    the unit (or the units merged into it) has a figure for at least one scored indicator."""
    from .rollups import figures_for

    catalogue = catalogue or load_catalogue()
    units = list(units)
    if not units or not catalogue.indicators:
        return {unit.pk: [] for unit in units}
    figures = figures_for(units, catalogue.codes, succession_only=succession_only)
    result = {}
    for unit in units:
        by_period = {}
        ends = {}
        for metric_figures in figures.get(unit.pk, {}).values():
            for figure in metric_figures:
                by_period.setdefault(figure.period_key, {})[figure.metric.code] = figure
                ends[figure.period_key] = (figure.period_end, figure.period_start)
        rows = []
        for key in sorted(by_period, key=lambda k: ends[k], reverse=True):
            found = by_period[key]
            if not any(code in found for code in (i.metric.code for i in catalogue.indicators if i.max_points)):
                continue
            values = {code: figure.value for code, figure in found.items()}
            total = catalogue.score(values)
            earned = {i.rule.code: i for g in total.groups for i in g.indicators}
            groups = []
            for group, group_result in zip(catalogue.groups, total.groups):
                components = [Component(i, found.get(i.metric.code), earned[i.metric.code])
                              for i in catalogue.indicators if i.group_id == group.pk]
                groups.append(GroupRow(group, group_result, components))
            rows.append(PeriodScore(key, total, groups))
        result[unit.pk] = rows
    return result


def unit_section_context(request, unit, rollup_ids):
    """The unit page's 766 section: the latest periods' scores with their components (None when the
    unit has no figure for any scored indicator)."""
    scores = scores_for([unit]).get(unit.pk, [])
    if not scores:
        return None
    return {"unit": unit, "latest": scores[0], "earlier": scores[1:4]}
