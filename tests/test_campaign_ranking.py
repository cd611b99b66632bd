"""Pure functions of campaigns: ranking, movement, streaks, targets, replication order."""

import datetime
from decimal import Decimal

from campaigns.badges import longest_streak
from campaigns.ranking import movement, period_of, rank_standings
from campaigns.replication import sort_key
from campaigns.rules import reported_on_time, target_met


def test_standard_competition_ranking_1224_with_deterministic_display_order():
    ranked = rank_standings([
        ("c", 80, "Xã Cát", "003"), ("a", 100, "Xã An", "001"), ("b", 80, "Xã Bình", "002"),
        ("d", 50, "Xã Đông", "004"), ("e", 80, "Xã Bình", "001"),
    ])
    assert [(r.key, r.rank, r.position) for r in ranked] == [
        ("a", 1, 1), ("e", 2, 2), ("b", 2, 3), ("c", 2, 4), ("d", 5, 5)]


def test_ranking_is_independent_of_input_order():
    rows = [(i, p, f"Xã {n}", f"{i:03d}") for i, (p, n) in enumerate([(10, "B"), (10, "A"), (0, "C"), (30, "D")])]
    first = rank_standings(rows)
    assert first == rank_standings(list(reversed(rows)))
    assert [(r.points, r.rank) for r in first] == [(30, 1), (10, 2), (10, 2), (0, 4)]


def test_everyone_tied_shares_rank_one():
    assert {r.rank for r in rank_standings([(1, 0, "A", "1"), (2, 0, "B", "2")])} == {1}


def test_movement():
    assert movement(3, None) == "new"
    assert movement(2, 5) == "up"
    assert movement(5, 2) == "down"
    assert movement(4, 4) == "same"
    assert period_of(datetime.date(2026, 3, 9)) == "2026-03"


def test_longest_streak_across_a_year_boundary_and_gaps():
    months = {(2023, 11), (2023, 12), (2024, 1), (2024, 2), (2024, 5), (2024, 6)}
    assert longest_streak(months) == (4, (2024, 2))
    assert longest_streak(set()) == (0, None)


def test_target_direction_and_on_time():
    assert target_met(Decimal("98"), Decimal("98"), True)
    assert not target_met(Decimal("97.9"), Decimal("98"), True)
    assert target_met(Decimal("10"), Decimal("15"), False)  # waiting time: lower is better
    end = datetime.date(2024, 3, 31)
    assert reported_on_time(datetime.date(2024, 4, 10), end, 10)
    assert not reported_on_time(datetime.date(2024, 4, 11), end, 10)


def test_replication_order_prefers_neighbours_then_province_then_impact():
    items = [
        {"pk": 1, "title": "B", "district_adopters": 0, "province_adopters": 5, "share_improved": None, "adopters": 9},
        {"pk": 2, "title": "A", "district_adopters": 1, "province_adopters": 1, "share_improved": None, "adopters": 1},
        {"pk": 3, "title": "C", "district_adopters": 0, "province_adopters": 5, "share_improved": Decimal("3"), "adopters": 5},
        {"pk": 5, "title": "E", "district_adopters": 0, "province_adopters": 0, "share_improved": None, "adopters": 2},
        {"pk": 4, "title": "D", "district_adopters": 0, "province_adopters": 0, "share_improved": None, "adopters": 2},
    ]
    # Full ties: the older model (smaller id) first, whatever the titles.
    assert [i["title"] for i in sorted(items, key=sort_key)] == ["A", "C", "B", "D", "E"]
