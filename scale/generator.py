"""A national-scale dataset on top of the real administrative units (`manage.py generate_scale`).

Deterministic for a seed: one random.Random(seed) drives every choice, in a fixed order, over units
and metrics read in a fixed order. Everything generated is marked so it can be removed again
(`clear()`): initiative slugs start with "gen-", adoptions, observations and ledger entries carry
the note/source "Dữ liệu sinh tự động", ledger event keys start with "gen:".
"""

import dataclasses
import logging
import random
import time
import zoneinfo

from django.conf import settings
from django.db import connection, transaction

from rollout.models import Adoption, AdoptionStatusChange, ImpactContribution, Observation, ObservationRevision
from units.models import AdministrativeUnit

from .pages import MARKER, SLUG_PREFIX, PageWriter, delete_generated_pages, generated_pages, make_page_rows, \
    reform_area_ids
from .rows import ADOPTION_NOTE, LEDGER_EVENT_PREFIX, ledger_available, metric_specs, write_adoptions, \
    write_ledger, write_observations, write_unit_histories
from .shapes import zipf_counts

logger = logging.getLogger("nhanrong.scale")

__all__ = ["MARKER", "SLUG_PREFIX", "NoUnits", "Scale", "clear", "generate"]


class NoUnits(Exception):
    pass


@dataclasses.dataclass
class Scale:
    initiatives: int = 100_000
    adoptions: int = 1_000_000
    observations: int = 5_000_000
    ledger: int = 1_000_000
    seed: int = 2025
    # Indicators every commune reports unit-wide over the 60 months (scale/rows.write_unit_histories);
    # 0 in the tests' small datasets, 1 from the command by default.
    unit_histories: int = 0


def _bar(total, desc, quiet):
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit=" dòng", disable=quiet, mininterval=1.0, leave=not quiet)


def _unit_ids():
    ids = list(AdministrativeUnit.objects.current().communes().order_by("key").values_list("pk", flat=True))
    if not ids:
        raise NoUnits("Chưa có đơn vị hành chính cấp xã hiện hành. Hãy chạy `manage.py load_units` trước.")
    return ids


def _timed(stats, name, rows, started, writer=None):
    seconds = time.perf_counter() - started
    stats[name] = {"rows": rows, "seconds": round(seconds, 2), "rows_per_s": round(rows / seconds) if seconds else None}
    if writer is not None and writer.seconds:
        # The database's share (COPY or INSERT), apart from generating the values in Python.
        stats[name]["write_method"] = "COPY" if writer.use_copy else "bulk_create"
        stats[name]["write_rows_per_s"] = round(writer.written / writer.seconds)
    logger.info("generate_scale %s: %s rows in %.1fs", name, rows, seconds)


def generate(scale, quiet=False, search_index=True):
    """Build the dataset; returns {table: {rows, seconds, rows_per_s}}."""
    rng = random.Random(scale.seed)
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    unit_ids = _unit_ids()
    units = {u.pk: u for u in AdministrativeUnit.objects.filter(pk__in=unit_ids).only("pk", "name")}
    areas = reform_area_ids()
    stats = {}

    started = time.perf_counter()
    writer = PageWriter()
    # Numbers continue after the highest generated slug (zero-padded, so the text order is numeric).
    last_slug = (generated_pages().filter(slug__regex=r"^gen-[0-9]{6}$").order_by("-slug")
                 .values_list("slug", flat=True).first())
    first = int(last_slug[len(SLUG_PREFIX):]) + 1 if last_slug else 0
    pages = []  # (page id, origin unit id, publication date)
    with _bar(scale.initiatives, "Sáng kiến", quiet) as bar, transaction.atomic():
        for start in range(0, scale.initiatives, 1000):
            rows = [make_page_rows(rng, first + n, units[rng.choice(unit_ids)], areas, tz)
                    for n in range(start, min(scale.initiatives, start + 1000))]
            ids = writer.write(rows)
            pages.extend((pk, row["unit_id"], row["published"].date()) for pk, row in zip(ids, rows))
            bar.update(len(rows))
        writer.finish()
    _timed(stats, "initiatives", len(pages), started)

    started = time.perf_counter()
    cap = max(0, len(unit_ids) - 1)  # never the originating unit itself
    counts = zipf_counts(len(pages), min(scale.adoptions, len(pages) * cap), cap, rng)
    with _bar(sum(counts), "Nhân rộng", quiet) as bar, transaction.atomic():
        adoptions = write_adoptions(rng, pages, counts, unit_ids, tz, progress=bar)
    _timed(stats, "adoptions", len(adoptions[0]), started)

    started = time.perf_counter()
    with _bar(scale.observations, "Số liệu", quiet) as bar, transaction.atomic():
        writer = write_observations(rng, adoptions, scale.observations, metric_specs(), tz, progress=bar)
    _timed(stats, "observations", writer.written, started, writer)

    if scale.unit_histories:
        started = time.perf_counter()
        with _bar(len(unit_ids) * 60 * scale.unit_histories, "Số liệu toàn đơn vị", quiet) as bar, \
                transaction.atomic():
            writer = write_unit_histories(rng, unit_ids, scale.unit_histories, metric_specs(), tz, progress=bar)
        _timed(stats, "unit_histories", writer.written, started, writer)

    if scale.ledger and ledger_available():
        started = time.perf_counter()
        with _bar(scale.ledger, "Sổ điểm", quiet) as bar, transaction.atomic():
            campaign, writer = write_ledger(rng, scale.ledger, unit_ids, progress=bar)
        _timed(stats, "ledger", writer.written, started, writer)
        stats["ledger"]["campaign_id"] = campaign.pk
        # Pages read precomputed ranks: build them once, as the Celery task would.
        from campaigns.leaderboard import refresh_leaderboard

        started = time.perf_counter()
        _timed(stats, "leaderboard", refresh_leaderboard(campaign), started)
    elif scale.ledger:
        stats["ledger"] = {"rows": 0, "skipped": "campaigns.PointEntry chưa có"}

    _analyze()  # the precomputes below join the new rows: without statistics the planner picks nested
    # loops over a million adoptions (the unit maps' rebuild ran for over 16 minutes at default scale)
    # The initiative pages and the replication suggestions read precomputed impact: one set-wise pass,
    # as the nightly Celery job would (bulk rows send no signals).
    from rollout.impact_store import refresh_all

    started = time.perf_counter()
    _timed(stats, "impact", refresh_all(), started)
    # The unit pages read per-unit counts (public/summary.py): rebuilt once, as the nightly job would.
    from public.summary import rebuild

    started = time.perf_counter()
    _timed(stats, "unit_summaries", rebuild(), started)
    # The unit maps read per-unit tables (public/unit_map_store.py): likewise.
    from public.unit_map_store import rebuild as rebuild_unit_maps

    started = time.perf_counter()
    _timed(stats, "unit_maps", rebuild_unit_maps(), started)

    if search_index:
        stats["search"] = _index_search([p[0] for p in pages], quiet)
    _analyze()  # fresh planner statistics for the benchmark
    return stats


def _analyze():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _index_search(ids, quiet):
    try:
        from search.indexing import refresh_entries
    except ImportError:
        return {"skipped": "search.indexing chưa có"}
    started = time.perf_counter()
    with _bar(len(ids), "Chỉ mục tìm kiếm", quiet) as bar:
        for start in range(0, len(ids), 2000):
            refresh_entries(ids[start:start + 2000])
            bar.update(min(2000, len(ids) - start))
    seconds = time.perf_counter() - started
    return {"rows": len(ids), "seconds": round(seconds, 2), "rows_per_s": round(len(ids) / seconds) if seconds else None}


def clear(quiet=False):
    """Remove everything generate() made. Returns {table: rows removed}."""
    from public import unit_map_store
    from public.upkeep import suspended

    removed = {}
    with suspended():  # every public table's row-by-row upkeep
        removed = _clear(quiet)
    from public.summary import rebuild

    rebuild()  # bulk and raw deletes: the per-unit counts once, from what is left
    unit_map_store.rebuild()  # and the unit maps' tables
    return removed


def _clear(quiet):
    removed = {}
    with transaction.atomic():
        generated_adoptions = Adoption.objects.filter(notes=ADOPTION_NOTE)
        observations = Observation.objects.filter(source=MARKER)
        ObservationRevision.objects.filter(observation__in=observations)._raw_delete(connection.alias)
        # _raw_delete: one DELETE statement; the ORM's collector would load millions of rows first.
        removed["observations"] = observations._raw_delete(connection.alias)
        Observation.objects.filter(adoption__in=generated_adoptions)._raw_delete(connection.alias)
        ImpactContribution.objects.filter(adoption__in=generated_adoptions)._raw_delete(connection.alias)
        AdoptionStatusChange.objects.filter(adoption__in=generated_adoptions)._raw_delete(connection.alias)
        Adoption.objects.filter(replicated_from_adoption__in=generated_adoptions).update(replicated_from_adoption=None)
        removed["adoptions"] = generated_adoptions._raw_delete(connection.alias)
        if ledger_available():
            from campaigns.models import PointEntry

            removed["ledger"] = PointEntry.objects.filter(event_key__startswith=LEDGER_EVENT_PREFIX,
                                                          note=MARKER)._raw_delete(connection.alias)
    with _bar(generated_pages().count(), "Xoá sáng kiến", quiet) as bar, transaction.atomic():
        removed["initiatives"] = delete_generated_pages(progress=bar.update)
    return removed
