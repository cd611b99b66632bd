"""How many rows a page of an open dataset says match (the API's `count`), at national scale.

An exact COUNT over the public rule costs seconds there (5 million indicator values: 4,5 s; 100.000
initiatives: 0,9 s), the same answer for every visitor of every page. So (issue 17, "estimated counts
where an exact count is not needed"; a reader never waits on an aggregate):

- a selection the planner expects to be small (under `OPEN_DATA_EXACT_COUNT_BELOW`, 20.000 rows) is
  counted exactly in the request, as before (the filtered lists people read: a commune, a campaign);
- a larger one is counted once in the background (`opendata.tasks.count_rows`, one task per dataset
  and filters at a time: a cache lock, not a thundering herd) and that count is served, with the time
  it was made (`count_updated_at`), for `OPEN_DATA_COUNT_SECONDS` (600); then the last count is still
  served while one task recounts. Until the first count exists the planner's estimate is given,
  marked `count_estimated: true`.

`next` never depends on the count: a page reads one row more than it shows.
On SQLite (the embedded default, small data) every count is exact and immediate.
"""

import hashlib
import json
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connections

EXACT_COUNT_BELOW = 20_000
COUNT_SECONDS = 600
KEY_PREFIX = "opendata-count:"


def exact_below():
    return int(getattr(settings, "OPEN_DATA_EXACT_COUNT_BELOW", EXACT_COUNT_BELOW))


def count_seconds():
    return int(getattr(settings, "OPEN_DATA_COUNT_SECONDS", COUNT_SECONDS))


def planner_estimate(rows):
    """PostgreSQL's estimate of the number of rows of `rows` (EXPLAIN, no execution); None elsewhere."""
    connection = connections[rows.db]
    if connection.vendor != "postgresql":
        return None
    try:
        sql, params = rows.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # a filter that matches nothing (an unknown unit key)
        return 0
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def _key(slug, params):
    text = json.dumps([slug, sorted(params.items())], ensure_ascii=False, default=str)
    return KEY_PREFIX + hashlib.sha256(text.encode()).hexdigest()[:32]


def store_count(slug, params, count):
    """Keep the exact count of one selection (called by the task); kept well beyond its freshness so a
    stale count can be served while the next one is made."""
    cache.set(_key(slug, params), {"count": count, "at": time.time()}, timeout=count_seconds() * 24)


def count_of(slug, params, rows):
    """(count, estimated, updated_at epoch or None) for the selection `rows` of dataset `slug`
    chosen by the filter `params` (a dict of the validated filters)."""
    key = _key(slug, params)
    kept = cache.get(key)  # only a large selection has one
    if kept is not None and time.time() - kept["at"] <= count_seconds():
        return kept["count"], False, kept["at"]
    estimate = planner_estimate(rows)
    if estimate is None or estimate < exact_below():
        return rows.count(), False, None
    _schedule(slug, params, key)
    kept = cache.get(key) or kept  # an eager task (no worker) has counted already
    if kept is None:
        return estimate, True, None
    return kept["count"], False, kept["at"]


def _schedule(slug, params, key):
    from .tasks import count_rows

    if cache.add(key + ":lock", 1, timeout=max(60, count_seconds())):
        count_rows.delay(slug, params)


def release(slug, params):
    cache.delete(_key(slug, params) + ":lock")
