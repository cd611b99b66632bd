"""The roll-up rule: how the figures of several units add up to one figure. Pure Python (no
database); every page and export that shows a figure for more than one unit calls `roll_up`.

- A count (dossiers received, money) adds up: the sum of the parts.
- A rate (dossiers on time / dossiers resolved) adds up by its counts: Σ numerators / Σ denominators.
  When any part has only the percentage (the source gave no counts), the rate cannot be added up and
  the result says "không đủ dữ liệu để cộng gộp": an average of percentages is wrong whenever the
  volumes differ, so it is never produced.
- A rank, a grade, a score on a scale or an average time never adds up: with more than one part the
  result says so.
- One part alone is that part's own figure, whatever the kind (nothing is added up).

Parts flagged `split` (an old commune divided between several successors, whose figures cannot be
apportioned) are left out of a sum and listed in `excluded`, so they are never counted twice.
"""

import dataclasses
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

HUNDRED = Decimal(100)


class Aggregation(models.TextChoices):
    SUM = "sum", _("Cộng dồn (số lượng)")
    RATIO = "ratio", _("Tỷ lệ: cộng tử số và mẫu số")
    NONE = "none", _("Không cộng gộp (thứ hạng, xếp loại, điểm, thời gian trung bình)")


class Status(models.TextChoices):
    OWN = "own", _("số liệu của chính đơn vị")
    ROLLED_UP = "rolled_up", _("cộng gộp")
    INSUFFICIENT = "insufficient", _("không đủ dữ liệu để cộng gộp")
    NOT_AGGREGABLE = "not_aggregable", _("chỉ tiêu này không cộng gộp")
    EMPTY = "empty", _("chưa có số liệu")


@dataclasses.dataclass(frozen=True)
class Part:
    """One unit's figure for one metric and period."""

    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    unit_id: object = None
    split: bool = False

    @property
    def has_counts(self):
        return self.numerator is not None and self.denominator is not None


@dataclasses.dataclass(frozen=True)
class RollUp:
    status: str
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    parts: int = 0  # parts added up (or the one part shown)
    excluded: tuple = ()  # unit ids of split parts left out

    @property
    def has_value(self):
        return self.value is not None

    @property
    def message(self):
        return Status(self.status).label


def ratio_value(numerator, denominator):
    """numerator / denominator × 100, or None when the denominator is 0 or missing."""
    if numerator is None or not denominator:
        return None
    return Decimal(numerator) * HUNDRED / Decimal(denominator)


def roll_up(aggregation, parts):
    """One RollUp from `parts` (Part objects) under `aggregation` (an Aggregation value)."""
    parts = list(parts)
    excluded = tuple(p.unit_id for p in parts if p.split)
    kept = [p for p in parts if not p.split]
    if not kept:
        return RollUp(Status.EMPTY if not excluded else Status.INSUFFICIENT, excluded=excluded)
    if len(kept) == 1 and not excluded:
        only = kept[0]
        return RollUp(Status.OWN, only.value, only.numerator, only.denominator, 1)
    if aggregation == Aggregation.SUM:
        if any(p.value is None for p in kept):
            return RollUp(Status.INSUFFICIENT, parts=len(kept), excluded=excluded)
        return RollUp(Status.ROLLED_UP, sum((Decimal(p.value) for p in kept), Decimal(0)),
                      parts=len(kept), excluded=excluded)
    if aggregation == Aggregation.RATIO:
        if not all(p.has_counts for p in kept):
            return RollUp(Status.INSUFFICIENT, parts=len(kept), excluded=excluded)
        numerator = sum((Decimal(p.numerator) for p in kept), Decimal(0))
        denominator = sum((Decimal(p.denominator) for p in kept), Decimal(0))
        value = ratio_value(numerator, denominator)
        if value is None:
            return RollUp(Status.INSUFFICIENT, parts=len(kept), excluded=excluded)
        return RollUp(Status.ROLLED_UP, value, numerator, denominator, len(kept), excluded)
    return RollUp(Status.NOT_AGGREGABLE, parts=len(kept), excluded=excluded)


def default_aggregation(metric_unit):
    """The rule a metric follows when its catalogue entry does not say: percentages are rates, counts
    and money add up, anything else (rank, grade, points, minutes, days) does not."""
    if metric_unit == "percent":
        return Aggregation.RATIO
    if metric_unit in ("count", "vnd"):
        return Aggregation.SUM
    return Aggregation.NONE
