"""In-process measurements, each against its reference in the same run: leaderboard refresh vs
the raw SQL aggregate, observation import vs COPY, database search latency, queries per page."""

import csv
import io
import random
import statistics
import time

from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from .load import percentile
from .targets import SEARCH_QUERIES


class Rollback(Exception):
    pass


def _median_time(fn, repeats):
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def leaderboard(campaign, repeats=3):
    from campaigns.leaderboard import refresh_leaderboard

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT unit_id, SUM(points) AS total, RANK() OVER (ORDER BY SUM(points) DESC) "
                "FROM campaigns_pointentry WHERE campaign_id = %s GROUP BY unit_id", [campaign.pk])
            return cursor.fetchall()

    raw()  # warm the cache for both
    refresh_leaderboard(campaign)
    # Interleaved (refresh, raw, refresh, raw…) so that both see the same moments of a noisy machine.
    refreshes, references = [], []
    for _ in range(repeats):
        refreshes.append(_median_time(lambda: refresh_leaderboard(campaign), 1))
        references.append(_median_time(raw, 1))
    refresh, reference = statistics.median(refreshes), statistics.median(references)
    entries = campaign.point_entries.count()
    return {"campaign": campaign.slug, "ledger_entries": entries, "refresh_ms": round(refresh * 1000, 1),
            "raw_aggregate_ms": round(reference * 1000, 1), "ratio": round(refresh / reference, 2)}


def _import_rows(count, seed=7):
    """`count` unit-level monthly values for 2019 (before the generated years), as
    (unit id, unit code, metric id, metric code, Period, value)."""
    from rollout.models import Metric, Period
    from units.models import AdministrativeUnit

    rng = random.Random(seed)
    units = list(AdministrativeUnit.objects.current().communes().order_by("key").values_list("pk", "code"))
    metrics = list(Metric.objects.filter(unit="percent").order_by("code").values_list("pk", "code"))
    rows = []
    for unit_id, code in units:
        for metric_id, metric_code in metrics:
            for month in range(1, 13):
                rows.append((unit_id, code, metric_id, metric_code, Period.month(2019, month),
                             round(rng.uniform(60, 100), 1)))
                if len(rows) == count:
                    return rows
    return rows


def observation_import(count):
    """The importer on a `count`-row CSV vs COPY of the same rows; both rolled back."""
    from rollout.importing.importer import import_observations

    rows = _import_rows(count)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Mã đơn vị", "Chỉ tiêu", "Kỳ", "Giá trị", "Nguồn"])
    for _uid, code, _mid, metric_code, period, value in rows:
        writer.writerow([code, metric_code, period.key, str(value).replace(".", ","), "Báo cáo đo hiệu năng"])
    data = buffer.getvalue().encode("utf-8")

    result = {}
    _vacuum("rollout_observation")
    try:
        with transaction.atomic():
            started = time.perf_counter()
            outcome = import_observations(None, data, "bench.csv")
            seconds = time.perf_counter() - started
            result.update(rows=len(rows), import_s=round(seconds, 2), import_rows_per_s=round(len(rows) / seconds),
                          created=outcome.created, updated=outcome.updated, rejected=len(outcome.rejected),
                          first_rejections=[f"{r.row} {r.column}: {r.reason}" for r in outcome.rejected[:3]])
            raise Rollback
    except Rollback:
        pass

    lines = "".join(
        f"{uid}\t{mid}\tmonth\t{p.key}\t{p.start.isoformat()}\t{p.end.isoformat()}\t{v}\tBáo cáo đo hiệu năng\t"
        f"2020-01-10T09:00:00+07:00\n" for uid, _c, mid, _m, p, v in rows)
    try:
        with transaction.atomic():
            started = time.perf_counter()
            with connection.cursor() as cursor, cursor.cursor.copy(
                    "COPY rollout_observation (unit_id, metric_id, period_kind, period_key, period_start, period_end, "
                    "value, source, entered_at) FROM STDIN") as copy:
                copy.write(lines)
            seconds = time.perf_counter() - started
            raise Rollback
    except Rollback:
        pass
    result.update(copy_s=round(seconds, 2), copy_rows_per_s=round(len(rows) / seconds))
    _vacuum("rollout_observation")
    result["ratio_to_copy"] = round(result["import_rows_per_s"] / result["copy_rows_per_s"], 3)
    return result


def _vacuum(table):
    """Both measurements are rolled back, leaving 2 × `count` dead rows whose index entries the next
    run's lookups would wade through until autovacuum passes: clear them before and after, so each
    run starts from the same table."""
    with connection.cursor() as cursor:
        cursor.execute(f'VACUUM "{table}"')
        # Flush what the earlier measurements dirtied, so that a checkpoint does not land in the middle
        # of the import (the full default-scale run measured 14,557 rows/s while the same import alone
        # measured 33,065–40,654: the difference was time waiting on PostgreSQL). Needs a superuser or
        # pg_checkpoint (PostgreSQL 15); skipped otherwise.
        try:
            cursor.execute("CHECKPOINT")  # (autocommit: a refusal leaves the connection usable)
        except DatabaseError:
            pass


def search(repeats=5):
    """Database backend: diacritic-free queries with facets, each alone and with filters."""
    from django.http import QueryDict

    from search.backends.database import DatabaseBackend
    from search.query import parse_params
    from units.models import AdministrativeUnit

    backend = DatabaseBackend()
    province = AdministrativeUnit.objects.current().provinces().order_by("key").first()
    params = []
    for text in SEARCH_QUERIES:
        params.append(f"q={text.replace(' ', '+')}")
        params.append(f"q={text.replace(' ', '+')}&province={province.key}&status=recognised")
    times, hits = [], []
    for _ in range(repeats):
        for query in params:
            started = time.perf_counter()
            results = backend.search(parse_params(QueryDict(query)))
            times.append(time.perf_counter() - started)
            hits.append(results.count)
    return {"queries": len(times), "median_hits": statistics.median(hits), "p50_ms": round(1000 * statistics.median(times), 1),
            "p95_ms": round(1000 * percentile(times, 95), 1), "max_ms": round(1000 * max(times), 1)}


def queries_per_page(targets):
    """SQL queries each page runs to render (page cache off; after one request to a cheap page has
    warmed the per-process caches: site root, content types)."""
    from django.test import override_settings

    client, counts = Client(HTTP_HOST="127.0.0.1"), {}
    with override_settings(PUBLIC_PAGE_CACHE_SECONDS=0):
        client.get(targets.get("home", "/"))
        for name, path in targets.items():
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(path)
            counts[name] = {"status": response.status_code, "queries": len(ctx.captured_queries)}
    return counts
