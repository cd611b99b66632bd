"""Ranking, as pure functions (no database), so the rules are easy to read and to test.

Standard competition ranking ("1224"): units with equal points share a rank and the next rank
skips as many places as were shared (100, 80, 80, 50 -> 1, 2, 2, 4). Ties never change a rank;
only the *display order* within a tie is fixed, deterministically, by unit name then unit code,
so the same data always prints in the same order.
"""

from dataclasses import dataclass

from .models.leaderboard import Movement


@dataclass(frozen=True)
class Ranked:
    key: object
    points: int
    rank: int
    position: int


def rank_standings(standings):
    """`standings`: iterable of (key, points, name, code). Returns Ranked items in display order."""
    ordered = sorted(standings, key=lambda s: (-s[1], s[2] or "", s[3] or ""))
    ranked, previous_points, rank = [], None, 0
    for position, (key, points, _name, _code) in enumerate(ordered, start=1):
        if points != previous_points:
            rank = position
            previous_points = points
        ranked.append(Ranked(key=key, points=points, rank=rank, position=position))
    return ranked


def movement(rank, previous_rank):
    if previous_rank is None:
        return Movement.NEW
    if rank < previous_rank:
        return Movement.UP
    if rank > previous_rank:
        return Movement.DOWN
    return Movement.SAME


def period_of(day):
    """Movement is measured against the rank at the end of the previous month."""
    return f"{day.year:04d}-{day.month:02d}"
