"""Points of today's units: a unit's own leaderboard row plus the rows of the units that roll up to
it (the communes merged into it on 1 July 2025, at any depth). The campaign's own leaderboard keeps
its historic rows as they were earned; unit pages, the province ranking, the comparison and the
API credit them to the successor through this module. Points are counts: they add up
(rollout.aggregation's rule for counts); ranks never add up, so a successor that is not on the
board itself has points but no rank of its own.

A commune split between several successors (units/loader.py sets `split` from the successor links;
471 old communes on the real map) is credited, whole, to **each** of them: the reorganisation
resolutions (Resolution 202/2025/QH15, and each province's resolution of the National Assembly
Standing Committee of 16/06/2025) say which areas went where, not how the emulation points earned
before 01/07/2025 are shared, and the package data carry no population or area shares either, so
there is no legal basis to apportion points. Unlike a figure (rollout.rollups leaves a split unit's
indicators out of each successor), the points are credited but flagged: `Credited.split` names each
such predecessor and how many successors share it, and every page that shows credited points says so.
Summed over an area that holds all its successors, a split commune counts once, whole, and is not
flagged: the area's ids (a province's `rollup_ids`) are a set, each row is read once, and the
commune went into the area whole (a split between two provinces is flagged for each province).
"""

import dataclasses
from collections import defaultdict

from django.db.models import Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.formatting import format_number
from units.graph import successors_of, went_in_part

from .models import LeaderboardRow


@dataclasses.dataclass(frozen=True)
class SplitShare:
    """A predecessor split between several successors, credited whole to each of them."""

    unit_id: int
    key: str
    name: str
    points: int
    successor_ids: frozenset

    @property
    def shared_with(self):
        """How many successors share this unit's points (each credited with all of them)."""
        return len(self.successor_ids)

    @property
    def label(self):
        return f"{self.name} ({_('trước 01/07/2025')})"


@dataclasses.dataclass
class Credited:
    points: int
    rank: int | None  # the unit's own row's rank, None when it is not on the board
    board_size: int
    from_predecessors: int  # rows of units before 01/07/2025 added in (predecessors, old units below)
    from_below: int = 0  # rows of units in force below it added in (a province's communes)
    split: tuple = ()  # SplitShare of the predecessors that went only in part into the unit


@dataclasses.dataclass(frozen=True)
class _Row:
    points: int
    historic: bool
    split: bool
    key: str
    name: str


def _split_shares(rows, rollups):
    """{target id: (SplitShare, …)}: the units of `rows` ({unit id: _Row}) rolling up into each target
    that were split and went only in part into it (units.graph.went_in_part, the roll-ups' rule), with
    points. One query for their successor links, none when no row is of a split unit."""
    successors = successors_of([unit_id for unit_id, row in rows.items() if row.split and row.points])
    shares = {}
    for target, ids in rollups.items():
        found = tuple(SplitShare(unit_id, rows[unit_id].key, rows[unit_id].name, rows[unit_id].points,
                                 frozenset(successors[unit_id]))
                      for unit_id in sorted(ids.intersection(successors), key=lambda u: (rows[u].name, u))
                      if unit_id in rows and unit_id != target and went_in_part(successors[unit_id], ids))
        if found:
            shares[target] = found
    return shares


def credited_points(campaign, rollups):
    """{target unit id: Credited} for `rollups` = {target unit id: ids rolling up to it (itself
    included)}, on the campaign's overall board; targets without any row are absent. Two queries,
    and one more for the successors of split units when one of them has points."""
    wanted = set().union(*rollups.values()) if rollups else set()
    if not wanted:
        return {}
    board = LeaderboardRow.objects.filter(campaign=campaign, peer_group__isnull=True)
    rows, ranks = {}, {}
    for unit_id, points, rank, until, split, key, name in board.filter(unit_id__in=wanted).values_list(
            "unit_id", "points", "rank", "unit__valid_until", "unit__split", "unit__key", "unit__name"):
        rows[unit_id], ranks[unit_id] = _Row(points, until is not None, split, key, name), rank
    if not rows:
        return {}
    size = board.count()
    rollups = {target: set(ids) for target, ids in rollups.items()}
    shares = _split_shares(rows, rollups)
    result = {}
    for target, ids in rollups.items():
        found = [unit_id for unit_id in ids if unit_id in rows]
        if not found:
            continue
        others = [rows[u] for u in found if u != target]
        result[target] = Credited(points=sum(rows[u].points for u in found), rank=ranks.get(target),
                                  board_size=size, from_predecessors=sum(1 for r in others if r.historic),
                                  from_below=sum(1 for r in others if not r.historic),
                                  split=shares.get(target, ()))
    return result


def shared_points(units, rows):
    """{unit id: (SplitShare, …)} for `units` credited, as units.profile.with_achievements does, with
    the points of `rows` (LeaderboardRow, any campaigns: summed per unit) of the units merged into them
    (one step of succession, how the 2025 reorganisation was recorded): the predecessors among them that
    were split and went only in part into the unit. One query when none was split, three otherwise."""
    from units.models import AdministrativeUnit

    ids = [unit.pk for unit in units]
    if not ids:
        return {}
    through = AdministrativeUnit.successors.through
    rollups, split_ids = defaultdict(set), set()
    for from_id, to_id, split in through.objects.filter(to_administrativeunit_id__in=ids).values_list(
            "from_administrativeunit_id", "to_administrativeunit_id", "from_administrativeunit__split"):
        rollups[to_id].add(from_id)
        if split:
            split_ids.add(from_id)
    if not split_ids:
        return {}
    found = {unit_id: _Row(points or 0, until is not None, True, key, name)
             for unit_id, until, key, name, points in rows.filter(unit_id__in=split_ids).order_by().values_list(
                 "unit_id", "unit__valid_until", "unit__key", "unit__name").annotate(p=Sum("points"))}
    if not any(row.points for row in found.values()):
        return {}
    return _split_shares(found, {pk: rollups[pk] | {pk} for pk in ids})


def split_note(shares):
    """The flag printed next to credited points: "gồm điểm của Phường Cống Vị (trước 01/07/2025), chia
    cho 2 đơn vị kế thừa: điểm được tính cho mỗi đơn vị" ('' when nothing is shared)."""
    return "; ".join(_("gồm điểm của %(unit)s, chia cho %(n)s đơn vị kế thừa: điểm được tính cho mỗi đơn vị")
                     % {"unit": share.label, "n": format_number(share.shared_with)} for share in shares)


def credited_note(credited):
    """What a reader must know about a Credited figure, in one line ('' for the unit's own row alone):
    whose rows were added in, and each split predecessor shared with other successors."""
    notes = []
    if credited.from_predecessors:
        notes.append(ngettext("gồm điểm của %(n)s đơn vị trước 01/07/2025",
                              "gồm điểm của %(n)s đơn vị trước 01/07/2025", credited.from_predecessors) % {"n": format_number(credited.from_predecessors)})
    if credited.from_below:
        notes.append(ngettext("gồm điểm của %(n)s đơn vị trực thuộc", "gồm điểm của %(n)s đơn vị trực thuộc",
                              credited.from_below) % {"n": format_number(credited.from_below)})
    if credited.split:
        notes.append(split_note(credited.split))
    return "; ".join(notes)


def predecessor_points_filter(outer_ref):
    """Q for the rows of the units merged into `outer_ref` (one step of succession: how the 2025
    reorganisation was recorded for communes and provinces)."""
    return Q(unit__successors=outer_ref)
