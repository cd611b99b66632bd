"""Adoptions, observations and ledger entries for the generated dataset, written in batches.

The two largest tables (observations, ledger) go through PostgreSQL COPY when the database is
PostgreSQL (several times faster than multi-row INSERT at millions of rows); adoptions use
bulk_create because later rows need their ids. On SQLite everything is bulk_create.
"""

import datetime
import time
from array import array

from django.apps import apps
from django.db import connections, router
from django.utils import timezone

from rollout.models import Adoption, AdoptionStatus, Metric, Observation, Period

from .pages import MARKER
from .shapes import MONTHS, metric_bounds, metric_value, month_index, random_day

ADOPTION_STATUS_WEIGHTS = [(AdoptionStatus.OPERATING, 60), (AdoptionStatus.PILOTING, 20),
                           (AdoptionStatus.PLANNED, 8), (AdoptionStatus.SUSPENDED, 7),
                           (AdoptionStatus.DISCONTINUED, 5)]
LEDGER_EVENT_PREFIX = "gen:"
# Adoptions of generated initiatives are recognised by the marker in their notes.
ADOPTION_NOTE = MARKER
_PERIODS = {(y, m): Period.month(y, m) for (y, m) in MONTHS}


def is_postgres(model):
    return connections[router.db_for_write(model)].vendor == "postgresql"


def _copy_text(value):
    """One value in COPY's text format (\\N for NULL; tabs, newlines and backslashes escaped)."""
    if value is None:
        return "\\N"
    if isinstance(value, str):
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            value = value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
        return value
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value)


class TableWriter:
    """Collects rows for one table and flushes them every `batch` rows: PostgreSQL COPY (text
    format, built here: psycopg's per-value adaptation in write_row costs more than the database's
    work) or bulk_create elsewhere. `columns` are attnames ("unit_id")."""

    def __init__(self, model, columns, batch=20_000, use_copy=None):
        self.model, self.columns, self.batch = model, columns, batch
        self.use_copy = is_postgres(model) if use_copy is None else use_copy
        self.rows, self.written, self.seconds = [], 0, 0.0
        self.db = router.db_for_write(model)
        self.skip_fk_triggers = self.use_copy and _is_superuser(self.db)

    def add(self, row):
        self.rows.append(row)
        if len(self.rows) >= self.batch:
            self.flush()

    def flush(self):
        if not self.rows:
            return
        started = time.perf_counter()
        if self.use_copy:
            meta, ops = self.model._meta, connections[self.db].ops
            names = ", ".join(ops.quote_name(meta.get_field(c).column) for c in self.columns)
            text = "".join("\t".join(map(_copy_text, row)) + "\n" for row in self.rows)
            with connections[self.db].cursor() as cursor:
                if self.skip_fk_triggers:
                    # Bulk-load mode for this transaction: the generator's ids are consistent by
                    # construction, so the per-row foreign-key triggers (most of COPY's cost) are skipped.
                    cursor.execute("SET LOCAL session_replication_role = replica")
                with cursor.cursor.copy(f"COPY {ops.quote_name(meta.db_table)} ({names}) FROM STDIN") as copy:
                    copy.write(text)
        else:
            self.model.objects.bulk_create(
                [self.model(**dict(zip(self.columns, row))) for row in self.rows], batch_size=2000)
        self.seconds += time.perf_counter() - started
        self.written += len(self.rows)
        self.rows = []


def _is_superuser(db):
    with connections[db].cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        row = cursor.fetchone()
    return bool(row and row[0])


def reserve_ids(model, count):
    """First id of a block of `count` ids for rows written by COPY (whose ids we need later).
    The table is locked against other writers until the transaction ends; the sequence is moved
    past the block."""
    table = model._meta.db_table
    with connection_for(model).cursor() as cursor:
        cursor.execute(f'LOCK TABLE "{table}" IN EXCLUSIVE MODE')
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')
        first = cursor.fetchone()[0] + 1
        cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, first + max(count, 1) - 1])
    return first


def connection_for(model):
    return connections[router.db_for_write(model)]


def write_adoptions(rng, pages, counts, unit_ids, tz, progress=None):
    """Adoptions: page i is taken up by counts[i] distinct units (never its own), each after the
    initiative was published. Returns parallel arrays (adoption id, unit id, start month index)
    for the observations."""
    ids, units, months = array("q"), array("q"), array("h")
    columns = ["id", "initiative_id", "unit_id", "replicated_from_initiative_id", "status", "start_date", "notes",
               "responsible_office", "created_at", "updated_at"]
    writer = TableWriter(Adoption, columns, batch=20_000)
    next_id = reserve_ids(Adoption, sum(counts)) if writer.use_copy else None
    statuses, weights = zip(*ADOPTION_STATUS_WEIGHTS)
    now = timezone.now()
    for (page_id, origin_id, published), count in zip(pages, counts):
        if not count:
            continue
        chosen = rng.sample(unit_ids, min(count + 1, len(unit_ids)))
        chosen = [u for u in chosen if u != origin_id][:count]
        for unit_id in chosen:
            start = random_day(rng, start=published)
            writer.add((next_id, page_id, unit_id, page_id, rng.choices(statuses, weights)[0], start, ADOPTION_NOTE,
                        "Bộ phận Một cửa", now, now))
            if next_id is not None:
                ids.append(next_id)
                next_id += 1
            units.append(unit_id)
            months.append(month_index(start))
        if progress is not None:
            progress.update(len(chosen))
    writer.flush()
    if next_id is None:  # bulk_create: ids in insertion order
        ids.extend(Adoption.objects.filter(notes=ADOPTION_NOTE).order_by("-pk").values_list("pk", flat=True)[:len(units)])
        ids = array("q", reversed(ids))
    return ids, units, months


def metric_specs():
    return [(m.pk, *metric_bounds(m.unit, m.min_value, m.max_value), m.decimals, m.higher_is_better)
            for m in Metric.objects.order_by("sort_order", "code")]


def _month_table(tz):
    """Per month index: (kind, key, start, end, [entry times 1..20 days after the end])."""
    table = []
    for year, month in MONTHS:
        period = Period.month(year, month)
        entered = [datetime.datetime.combine(period.end + datetime.timedelta(days=d), datetime.time(9), tz)
                   for d in range(1, 21)]
        table.append((period.kind.value, period.key, period.start, period.end, entered))
    return table


OBSERVATION_COLUMNS = ["unit_id", "metric_id", "adoption_id", "period_kind", "period_key", "period_start",
                       "period_end", "value", "source", "entered_at"]


def write_observations(rng, adoptions, total, specs, tz, progress=None):
    """`total` monthly observations spread evenly over the adoptions: each reports one metric
    month by month from its start, more metrics when its months run out (late adopters carry the
    rest over to the next adoption). Returns the writer (rows written, seconds spent writing)."""
    ids, units, months = adoptions
    writer = TableWriter(Observation, OBSERVATION_COLUMNS, batch=50_000)
    n = len(ids)
    if not n or not specs:
        return writer
    month_table = _month_table(tz)
    base, extra = divmod(total, n)
    carry, written = 0, 0
    uniform, randint = rng.uniform, rng.randint
    for i in range(n):
        want = base + (1 if i < extra else 0) + carry
        first = months[i]
        slots = 60 - first
        metrics = rng.sample(specs, min(len(specs), max(1, -(-want // slots))))
        made = 0
        for metric_id, low, high, decimals, better in metrics:
            for offset in range(min(slots, want - made)):
                kind, key, start, end, entered = month_table[first + offset]
                value = metric_value(low, high, decimals, better, offset / max(1, slots - 1), uniform)
                writer.add((units[i], metric_id, ids[i], kind, key, start, end, value, MARKER, entered[randint(0, 19)]))
                made += 1
            if made >= want:
                break
        carry = want - made
        written += made
        if progress is not None and (i % 1000 == 999 or i == n - 1):
            progress.update(written - progress.n)
    writer.flush()
    return writer


UNIT_HISTORY_METRICS = ("dossiers_on_time_pct", "sipas", "online_dossiers_pct", "waiting_time", "par_index")


def write_unit_histories(rng, unit_ids, count, specs, tz, progress=None):
    """Every commune's own monthly values (no adoption) of `count` indicators over the 60 months, as a
    commune reports them before and after it adopts anything: each adoption then has a baseline and
    a latest value, so the precomputed impact (rollout.ImpactContribution) holds what it would at
    national scale. (Values measuring one adoption from its start, write_observations, never give a
    baseline: a dataset of those alone has no measured impact at all.) A unit that already reports an
    indicator unit-wide (the demo) is left as it is. Returns the writer."""
    writer = TableWriter(Observation, OBSERVATION_COLUMNS, batch=50_000)
    codes = dict(Metric.objects.filter(code__in=UNIT_HISTORY_METRICS).values_list("pk", "code"))
    chosen = sorted((spec for spec in specs if spec[0] in codes),
                    key=lambda spec: UNIT_HISTORY_METRICS.index(codes[spec[0]]))[:count]
    if not chosen:
        return writer
    taken = set(Observation.objects.filter(adoption__isnull=True, unit_id__in=unit_ids,
                                           metric_id__in=[spec[0] for spec in chosen])
                .values_list("unit_id", "metric_id").distinct())
    month_table = _month_table(tz)
    uniform, randint = rng.uniform, rng.randint
    for n, unit_id in enumerate(unit_ids):
        for metric_id, low, high, decimals, better in chosen:
            if (unit_id, metric_id) in taken:
                continue
            for offset, (kind, key, start, end, entered) in enumerate(month_table):
                value = metric_value(low, high, decimals, better, offset / (len(month_table) - 1), uniform)
                writer.add((unit_id, metric_id, None, kind, key, start, end, value, MARKER, entered[randint(0, 19)]))
        if progress is not None and (n % 500 == 499 or n == len(unit_ids) - 1):
            progress.update(writer.written + len(writer.rows) - progress.n)
    writer.flush()
    return writer


def ledger_available():
    try:
        apps.get_model("campaigns", "PointEntry")
        return True
    except LookupError:
        return False


def national_campaign(unit_ids):
    """The generated national campaign (created once, all given units enrolled)."""
    from campaigns.models import CampaignIndexPage, CampaignPage, CampaignPhase, Enrolment

    campaign = CampaignPage.objects.filter(slug="gen-thi-dua-toan-quoc").first()
    if campaign is None:
        parent = CampaignIndexPage.objects.first()
        if parent is None:
            from home.models import HomePage

            parent = HomePage.objects.first().add_child(instance=CampaignIndexPage(
                title="Phong trào thi đua", slug="thi-dua"))
        campaign = parent.add_child(instance=CampaignPage(
            title="Thi đua cải cách hành chính toàn quốc 2021–2025 (dữ liệu sinh)", slug="gen-thi-dua-toan-quoc",
            theme="Nhân rộng sáng kiến cải cách hành chính", intro=MARKER, leaderboard_size=50))
        CampaignPhase.objects.create(page=campaign, kind="implementation", starts_on=datetime.date(2021, 1, 1),
                                     ends_on=datetime.date(2025, 12, 31))
    enrolled = set(Enrolment.objects.filter(campaign=campaign).values_list("unit_id", flat=True))
    Enrolment.objects.bulk_create([Enrolment(campaign=campaign, unit_id=u) for u in unit_ids if u not in enrolled],
                                  batch_size=2000)
    return campaign


def write_ledger(rng, total, unit_ids, progress=None):
    """`total` point entries in the national campaign, Zipf-ish over units (busy communes earn
    more), each with its own event key "gen:<n>"."""
    from campaigns.models import PointEntry, PointRule

    campaign = national_campaign(unit_ids)
    rules = list(PointRule.objects.order_by("sort_order", "code").values_list("pk", "points")) or [(None, 10)]
    start = PointEntry.objects.filter(campaign=campaign, event_key__startswith=LEDGER_EVENT_PREFIX).count()
    weights = [1.0 / (k ** 0.7) for k in range(1, len(unit_ids) + 1)]
    order = list(unit_ids)
    rng.shuffle(order)
    columns = ["campaign_id", "unit_id", "rule_id", "points", "event_key", "event_date", "note", "created_at"]
    writer = TableWriter(PointEntry, columns, batch=20_000)
    now = timezone.now()
    step = 10_000
    for first in range(0, total, step):
        size = min(step, total - first)
        for n, unit_id in enumerate(rng.choices(order, weights, k=size), start=start + first):
            rule_id, points = rng.choice(rules)
            writer.add((campaign.pk, unit_id, rule_id, points, f"{LEDGER_EVENT_PREFIX}{n}", random_day(rng),
                        MARKER, now))
        if progress:
            progress.update(size)
    writer.flush()
    return campaign, writer

