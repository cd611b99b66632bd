"""Leaderboards: computed from the ledger by the database, stored in LeaderboardRow, read by pages.

refresh_leaderboard is the only writer. It runs in a Celery task on events (debounced) and on the
beat schedule; page views and the API read LeaderboardRow only, so a page view never aggregates
the ledger (its query count does not grow with the ledger).
"""

import logging

from django.db import transaction
from django.utils import timezone

from units.text import fold

from .ledger import totals
from .models import Enrolment, LeaderboardRow, PeerGroup
from .ranking import movement, period_of, rank_standings

logger = logging.getLogger("nhanrong.campaigns")


def refresh_leaderboard(campaign, today=None, as_of=None):
    """Recompute every board of `campaign` (overall, and one per peer group with enrolled members).
    `previous_rank` is the rank held at the end of the previous month (period), so movement reads
    "since last period" however often the board refreshes. `as_of` limits to events up to a date
    (used to build history, e.g. in the demo)."""
    today = today or timezone.localdate()
    period = period_of(today)
    points = totals(campaign, as_of=as_of)
    units = list(Enrolment.objects.filter(campaign=campaign).values_list(
        "unit_id", "unit__name", "unit__code", "unit__province_id", "unit__level"))
    info = {u[0]: u for u in units}
    boards = {None: [u[0] for u in units]}
    memberships = PeerGroup.units.through.objects.filter(administrativeunit_id__in=info).values_list(
        "peergroup_id", "administrativeunit_id")
    for group_id, unit_id in memberships:
        boards.setdefault(group_id, []).append(unit_id)

    with transaction.atomic():
        old = {(row.peer_group_id, row.unit_id): row for row in
               LeaderboardRow.objects.select_for_update().filter(campaign=campaign).only(
                   "peer_group_id", "unit_id", "rank", "previous_rank", "period")}
        rows = []
        for group_id, members in boards.items():
            standings = [(uid, points.get(uid, 0), info[uid][1], info[uid][2]) for uid in members]
            for item in rank_standings(standings):
                before = old.get((group_id, item.key))
                if before is None:
                    previous = None
                elif before.period != period:
                    previous = before.rank  # a new period starts: last period's final rank
                else:
                    previous = before.previous_rank
                rows.append(LeaderboardRow(
                    campaign=campaign, peer_group_id=group_id, unit_id=item.key, province_id=info[item.key][3],
                    level=info[item.key][4], points=item.points, rank=item.rank, position=item.position,
                    previous_rank=previous, movement=movement(item.rank, previous), period=period))
        LeaderboardRow.objects.filter(campaign=campaign).delete()
        LeaderboardRow.objects.bulk_create(rows, batch_size=500)
    logger.info("leaderboard %s refreshed: %s rows", campaign.pk, len(rows))
    return len(rows)


def board_rows(campaign, *, peer_group=None, province=None, level=None, query=None):
    """The stored rows of one board, filtered; a fixed number of queries whatever the ledger size."""
    rows = (LeaderboardRow.objects.filter(campaign=campaign, peer_group=peer_group)
            .select_related("unit", "province").order_by("position"))
    if province:
        rows = rows.filter(province__key=province)
    if level:
        rows = rows.filter(level=level)
    if query:
        rows = rows.filter(unit__name_folded__contains=fold(query))
    return rows
