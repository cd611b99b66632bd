"""Leaderboards: computed from the ledger by the database, stored in LeaderboardRow, read by pages.

refresh_leaderboard is the only writer. It runs in a Celery task on events (debounced) and on the
beat schedule; page views and the API read LeaderboardRow only, so a page view never aggregates
the ledger (its query count does not grow with the ledger).
"""

import logging

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from units.models import AdministrativeUnit
from units.text import fold

from .models import Enrolment, LeaderboardRow, PeerGroup, PointEntry
from .models.leaderboard import Movement
from .ranking import period_of

logger = logging.getLogger("nhanrong.campaigns")

_LOCK_NAMESPACE = 7_301  # pg_advisory_xact_lock(namespace, campaign id): one refresh per campaign at a time
_STAGING = "nr_leaderboard_refresh"  # a temporary table, private to the connection


def _tables():
    quote = connection.ops.quote_name
    return {"board": quote(LeaderboardRow._meta.db_table), "ledger": quote(PointEntry._meta.db_table),
            "enrolment": quote(Enrolment._meta.db_table), "members": quote(PeerGroup.units.through._meta.db_table),
            "unit": quote(AdministrativeUnit._meta.db_table), "staging": quote(_STAGING),
            "links": quote(AdministrativeUnit.successors.through._meta.db_table),
            # Display order within a tie is by name then code in code-point order, as in
            # ranking.rank_standings (SQLite compares text that way by default).
            "binary": ' COLLATE "C"' if connection.vendor == "postgresql" else ""}


# The boards computed by the database in one statement: points per unit (SUM … GROUP BY, as in
# ledger.totals), every enrolled unit on the overall board (peer group NULL) and on each peer group
# it belongs to, ranked 1224 within each board (RANK() OVER), display position by points, name,
# code (ROW_NUMBER() OVER), and the comparison with the rows already stored: `previous_rank` is the
# rank at the end of the previous period, kept while the period lasts.
_COMPUTE = """
CREATE TEMPORARY TABLE {staging} AS
WITH points AS (
    SELECT unit_id, SUM(points) AS total FROM {ledger} WHERE campaign_id = %(campaign)s {as_of} GROUP BY unit_id
), boards AS (
    SELECT NULL AS peer_group_id, e.unit_id FROM {enrolment} e WHERE e.campaign_id = %(campaign)s
    UNION ALL
    SELECT m.peergroup_id, e.unit_id FROM {enrolment} e
    JOIN {members} m ON m.administrativeunit_id = e.unit_id WHERE e.campaign_id = %(campaign)s
), ranked AS (
    SELECT b.peer_group_id, b.unit_id, {current_province} AS province_id, u.level, COALESCE(p.total, 0) AS points,
           RANK() OVER (PARTITION BY b.peer_group_id ORDER BY COALESCE(p.total, 0) DESC) AS new_rank,
           ROW_NUMBER() OVER (PARTITION BY b.peer_group_id ORDER BY COALESCE(p.total, 0) DESC,
                              COALESCE(u.name, ''){binary}, COALESCE(u.code, ''){binary}, u.id) AS new_position
    FROM boards b JOIN {unit} u ON u.id = b.unit_id LEFT JOIN points p ON p.unit_id = b.unit_id
), compared AS (
    SELECT r.*, o.id AS old_id,
           CASE WHEN o.id IS NULL THEN NULL WHEN o.period <> %(period)s THEN o.rank ELSE o.previous_rank END
               AS new_previous
    FROM ranked r LEFT JOIN {board} o ON o.campaign_id = %(campaign)s AND o.unit_id = r.unit_id
        AND COALESCE(o.peer_group_id, 0) = COALESCE(r.peer_group_id, 0)
)
SELECT c.*, CASE WHEN new_previous IS NULL THEN %(new)s WHEN new_rank < new_previous THEN %(up)s
                 WHEN new_rank > new_previous THEN %(down)s ELSE %(same)s END AS new_movement
FROM compared c
"""
# A row's province is today's: for a unit that no longer exists, the province of its successor(s)
# (the smallest id when a split commune went to two provinces), so the board's province filter
# speaks today's 34 provinces while the rows stay those of the units that earned the points.
_CURRENT_PROVINCE = """CASE WHEN u.valid_until IS NULL THEN u.province_id ELSE COALESCE((
    SELECT MIN(s.province_id) FROM {links} t JOIN {unit} s ON s.id = t.to_administrativeunit_id
    WHERE t.from_administrativeunit_id = u.id AND s.valid_until IS NULL), u.province_id) END"""

# Rows of units no longer enrolled (or no longer in the peer group) go.
_DELETE = """
DELETE FROM {board} WHERE campaign_id = %(campaign)s AND id NOT IN (
    SELECT old_id FROM {staging} WHERE old_id IS NOT NULL)
"""
# Stored rows are rewritten only where something changed (a refresh with no new points writes nothing).
_UPDATE = """
UPDATE {board} SET points = s.points, rank = s.new_rank, position = s.new_position,
    previous_rank = s.new_previous, movement = s.new_movement, period = %(period)s,
    province_id = s.province_id, level = s.level, updated_at = %(now)s
FROM {staging} s
WHERE {board}.id = s.old_id AND ({board}.points <> s.points OR {board}.rank <> s.new_rank
    OR {board}.position <> s.new_position OR {board}.period <> %(period)s
    OR COALESCE({board}.previous_rank, 0) <> COALESCE(s.new_previous, 0) OR {board}.movement <> s.new_movement
    OR COALESCE({board}.province_id, 0) <> COALESCE(s.province_id, 0) OR {board}.level <> s.level)
"""
# The units whose stored row this refresh adds, rewrites or removes (read before the writes): their
# pages, and those they roll up into, are the only cached pages it makes stale (CampaignChange).
_CHANGED_UNITS = """
SELECT s.unit_id FROM {staging} s LEFT JOIN {board} o ON o.id = s.old_id
WHERE s.old_id IS NULL OR o.points <> s.points OR o.rank <> s.new_rank OR o.position <> s.new_position
    OR o.period <> %(period)s OR COALESCE(o.previous_rank, 0) <> COALESCE(s.new_previous, 0)
    OR o.movement <> s.new_movement
UNION
SELECT unit_id FROM {board} WHERE campaign_id = %(campaign)s AND id NOT IN (
    SELECT old_id FROM {staging} WHERE old_id IS NOT NULL)
"""
_INSERT = """
INSERT INTO {board} (campaign_id, peer_group_id, unit_id, province_id, level, points, rank, position,
                     previous_rank, movement, period, updated_at)
SELECT %(campaign)s, peer_group_id, unit_id, province_id, level, points, new_rank, new_position,
       new_previous, new_movement, %(period)s, %(now)s
FROM {staging} WHERE old_id IS NULL
"""


def refresh_leaderboard(campaign, today=None, as_of=None):
    """Recompute every board of `campaign` (overall, and one per peer group with enrolled members)
    in the database: one statement aggregates the ledger, ranks and compares with the stored rows
    into a temporary table, then the stored rows are deleted, updated (only where changed) and
    inserted from it. `previous_rank` is the rank held at the end of the previous month (period),
    so movement reads "since last period" however often the board refreshes. `as_of` limits to
    events up to a date (used to build history, e.g. in the demo). Returns the number of rows."""
    today = today or timezone.localdate()
    tables = _tables()
    params = {"campaign": campaign.pk, "period": period_of(today), "now": timezone.now(), "as_of": as_of,
              "new": Movement.NEW.value, "up": Movement.UP.value, "down": Movement.DOWN.value,
              "same": Movement.SAME.value}
    compute = _COMPUTE.format(**tables, current_province=_CURRENT_PROVINCE.format(**tables), as_of="AND event_date <= %(as_of)s" if as_of is not None else "")
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_LOCK_NAMESPACE, campaign.pk])
        cursor.execute(f"DROP TABLE IF EXISTS {tables['staging']}")  # (DDL is transactional: a failed
        cursor.execute(compute, params)                               # refresh leaves no table behind)
        count = cursor.rowcount  # PostgreSQL reports the rows CREATE TABLE AS wrote; SQLite does not
        cursor.execute(_CHANGED_UNITS.format(**tables), params)
        changed_units = sorted({row[0] for row in cursor.fetchall()})
        cursor.execute(_DELETE.format(**tables), params)
        cursor.execute(_UPDATE.format(**tables), params)
        cursor.execute(_INSERT.format(**tables), params)
        if count is None or count < 0:
            cursor.execute(f"SELECT COUNT(*) FROM {tables['staging']}")
            count = cursor.fetchone()[0]
        cursor.execute(f"DROP TABLE {tables['staging']}")
    if as_of is None:
        transaction.on_commit(lambda: cache.set(_computed_key(campaign.pk), params["now"], timeout=None))
    if changed_units:
        transaction.on_commit(lambda: announce_change(campaign.pk, changed_units))
    logger.info("leaderboard %s refreshed: %s rows, %s units changed", campaign.pk, count, len(changed_units))
    return count


class CampaignChange:
    """What a campaign change touched, sent as the `instance` of the public change (core/changes.py):
    the page cache then invalidates only `page_tags` (the campaign's pages and the pages of the units
    whose standing changed, with the units they roll up into), not every unit page (issue 17)."""

    def __init__(self, campaign_id, unit_ids):
        self.campaign_id, self.unit_ids = campaign_id, list(unit_ids)

    @property
    def page_tags(self):
        from rollout.impact_store import LARGE_WRITE
        from rollout.page_invalidation import unit_tags

        tags = {f"campaign:{self.campaign_id}"}
        if len(self.unit_ids) > LARGE_WRITE:  # a month rolling over, a rebuild: every unit page
            return tags | {"campaigns"}
        return tags | unit_tags(self.unit_ids)


def announce_change(campaign_id, unit_ids):
    from core.changes import CAMPAIGN, announce

    announce(CAMPAIGN, instance=CampaignChange(campaign_id, unit_ids), sender=LeaderboardRow)


def _computed_key(campaign_id):
    return f"campaigns:leaderboard-computed:{campaign_id}"


def computed_at(campaign_ids):
    """{campaign_id: when its boards were last computed} (for "cập nhật lúc …"; unknown ones absent)."""
    found = cache.get_many([_computed_key(pk) for pk in campaign_ids])
    return {pk: found[_computed_key(pk)] for pk in campaign_ids if _computed_key(pk) in found}


def first_rows(rows, limit):
    """The first `limit` rows of `rows` (a board_rows queryset) with their units, in two cheap
    queries: the ids in board order (the index on campaign, peer group, position), then those rows.
    In one query PostgreSQL joins every unit of the country to the board before it sorts (15 ms
    against 6 at 1/10 scale; issue 12)."""
    ids = list(rows.values_list("pk", flat=True)[:limit])
    if not ids:
        return []
    return list(LeaderboardRow.objects.filter(pk__in=ids).select_related("unit", "province").order_by("position"))


def board_rows(campaign, *, peer_group=None, province=None, level=None, query=None):
    """The stored rows of one board, filtered; a fixed number of queries whatever the ledger size."""
    rows = (LeaderboardRow.objects.filter(campaign=campaign, peer_group=peer_group)
            .select_related("unit", "province").order_by("position"))
    if province:
        # Today's province, also when named the old way ("Phú Yên", "h54"): rows store today's province.
        from units.vocabulary import resolve_current_provinces

        rows = rows.filter(province__in=[p.pk for p in resolve_current_provinces(province)])
    if level:
        rows = rows.filter(level=level)
    if query:
        rows = rows.filter(unit__name_folded__contains=fold(query))
    return rows
