"""Points of today's units: a unit's own leaderboard row plus the rows of the units that roll up to
it (the communes merged into it on 1 July 2025, at any depth). The campaign's own leaderboard keeps
its historic rows as they were earned; unit pages, the province ranking, the comparison and the
API credit them to the successor through this module. Points are counts: they add up
(rollout.aggregation's rule for counts); ranks never add up, so a successor that is not on the
board itself has points but no rank of its own.
"""

import dataclasses

from django.db.models import Count, Q

from .models import LeaderboardRow


@dataclasses.dataclass
class Credited:
    points: int
    rank: int | None  # the unit's own row's rank, None when it is not on the board
    board_size: int
    from_predecessors: int  # rows of other units (predecessors, units below) added in


def credited_points(campaign, rollups):
    """{target unit id: Credited} for `rollups` = {target unit id: ids rolling up to it (itself
    included)}, on the campaign's overall board; targets without any row are absent. Two queries."""
    wanted = set().union(*rollups.values()) if rollups else set()
    if not wanted:
        return {}
    board = LeaderboardRow.objects.filter(campaign=campaign, peer_group__isnull=True)
    rows = {unit_id: (points, rank) for unit_id, points, rank in
            board.filter(unit_id__in=wanted).values_list("unit_id", "points", "rank")}
    if not rows:
        return {}
    size = board.count()
    result = {}
    for target, ids in rollups.items():
        found = [unit_id for unit_id in ids if unit_id in rows]
        if not found:
            continue
        own = rows.get(target)
        result[target] = Credited(points=sum(rows[u][0] for u in found), rank=own[1] if own else None,
                                  board_size=size, from_predecessors=len([u for u in found if u != target]))
    return result


def predecessor_points_filter(outer_ref):
    """Q for the rows of the units merged into `outer_ref` (one step of succession: how the 2025
    reorganisation was recorded for communes and provinces)."""
    return Q(unit__successors=outer_ref)
