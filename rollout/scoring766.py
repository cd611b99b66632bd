"""The points rule of the service index of Decision 766/QĐ-TTg (23/06/2022). Pure Python: no
database; rollout.service_index feeds it the stored figures, and every page and export that shows
a 766 score calls `score`.

- An indicator earns its full points when its rate is at or above its threshold ("đạt từ X% trở lên
  sẽ đạt điểm tối đa") and, below it, points in proportion: rate × points / threshold. A threshold
  of 100 % makes the points plain proportional (rate × points / 100).
- An indicator with no figure earns nothing and is listed as missing: the group's and the total's
  scores then say they are incomplete (never a score made up from nothing).
- An indicator worth 0 points (the decision lists it, no points were found for it) is shown, never
  scored.
- A group's score is the sum of its indicators' points, the total the sum of the groups'.

Points are rounded to two decimals only when shown; the sums use the unrounded points.
"""

import dataclasses
from decimal import Decimal

HUNDRED = Decimal(100)
ZERO = Decimal(0)


@dataclasses.dataclass(frozen=True)
class Rule:
    """One scored indicator: its metric, its group, its points and the threshold of full points (%)."""

    code: str
    group: str
    points: Decimal
    full_at: Decimal = HUNDRED


@dataclasses.dataclass(frozen=True)
class IndicatorScore:
    rule: Rule
    value: Decimal | None
    points: Decimal  # earned (0 when missing)

    @property
    def missing(self):
        return self.value is None

    @property
    def full(self):
        return self.value is not None and self.points == self.rule.points


@dataclasses.dataclass(frozen=True)
class GroupScore:
    code: str
    max_points: Decimal
    indicators: tuple

    @property
    def points(self):
        return sum((i.points for i in self.indicators), ZERO)

    @property
    def missing(self):
        return tuple(i.rule.code for i in self.indicators if i.missing and i.rule.points)

    @property
    def complete(self):
        return not self.missing


@dataclasses.dataclass(frozen=True)
class Score:
    groups: tuple

    @property
    def points(self):
        return sum((g.points for g in self.groups), ZERO)

    @property
    def max_points(self):
        return sum((g.max_points for g in self.groups), ZERO)

    @property
    def complete(self):
        return all(g.complete for g in self.groups)

    @property
    def reported(self):
        """How many scored indicators have a figure."""
        return sum(1 for g in self.groups for i in g.indicators if not i.missing and i.rule.points)


def indicator_points(value, points, full_at=HUNDRED):
    """Points earned by a rate `value` (%): all `points` at or above `full_at`, else value × points /
    full_at (never below 0). None (no figure) earns 0."""
    points, full_at = Decimal(points), Decimal(full_at)
    if value is None or not points:
        return ZERO
    value = Decimal(value)
    if value >= full_at:
        return points
    if value <= 0:
        return ZERO
    return value * points / full_at


def score(groups, rules, values):
    """The Score of one unit and period. `groups`: [(code, max points)] in order; `rules`: Rule list;
    `values`: {indicator code: rate in % or None}."""
    by_group = {}
    for rule in rules:
        value = values.get(rule.code)
        by_group.setdefault(rule.group, []).append(
            IndicatorScore(rule, None if value is None else Decimal(value),
                           indicator_points(value, rule.points, rule.full_at)))
    return Score(tuple(GroupScore(code, Decimal(max_points), tuple(by_group.get(code, ())))
                       for code, max_points in groups))
