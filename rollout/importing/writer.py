"""Bulk upsert of validated observations: one value per (unit, metric, period, adoption).

New values are inserted, changed values updated with their old value kept as an
ObservationRevision, unchanged values left alone (so importing a file twice writes nothing and adds
no history). Existing rows are read once per chunk, never per row. The caller holds the transaction.

Speed: on PostgreSQL each chunk is a lookup of the stored rows joined with `unnest()` arrays, new
rows through COPY (ids drawn from the sequence first), changed rows by `update ... from unnest()`
and their revisions by one insert, with no model instances: Django's bulk_create spends most of its
time building and adapting 11 fields × 100.000 objects. Other databases use the ORM.

Like rollout.actions.bulk_upsert_observations (whose checks the importer has already made row by
row, with row numbers and columns), it sends `observation_recorded` on commit for what changed.
`official=True` (a file from an official source, rollout.verification): the rows written, and the
stored rows it confirms unchanged, are marked "nhập từ nguồn chính thức" and earn points at once.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from core.bulk import update_rows

from ..impact_signals import observations_written
from ..models import Observation, ObservationRevision, Verification
from ..signals import observation_recorded

CHUNK = 5000


@dataclass
class Item:
    unit_id: int
    metric_id: int
    adoption_id: int | None
    period: object  # rollout.periods.Period
    value: Decimal
    source: str = ""
    key: tuple = field(default=None, repr=False)  # (unit, metric, period key, adoption): given or computed once
    numerator: Decimal | None = None  # a rate given by its counts (value derived from them)
    denominator: Decimal | None = None

    def __post_init__(self):
        if self.key is None:
            self.key = (self.unit_id, self.metric_id, self.period.key, self.adoption_id)


@dataclass
class WriteCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    changed_ids: list = field(default_factory=list)


def bulk_upsert(items, user, progress=None, *, official=False):
    counts = WriteCounts()
    confirmed = []  # official: stored rows the file repeats unchanged, now backed by the official source
    unit_ids, metric_ids = set(), set()
    now = timezone.now()
    user_id = getattr(user, "pk", None)
    store = _PostgresStore(user_id, now) if connection.vendor == "postgresql" else _OrmStore(user_id, now)
    # A large file of new figures (the usual case: a new period) skips the per-chunk lookups.
    probe = len(items) <= CHUNK or connection.vendor != "postgresql" or _any_stored(items)
    for start in range(0, len(items), CHUNK):
        chunk = items[start:start + CHUNK]
        existing = _existing(chunk) if probe else {}
        new, changed = [], []  # changed: (pk, new value, new source, old value, old source, counts, old counts)
        for item in chunk:
            key = item.key
            current = existing.get(key)
            if current is None:
                new.append(item)
                existing[key] = (None, item.value, item.source, None, None)  # the validator forbids repeats
                continue
            pk, old_value, old_source, old_num, old_den = current
            source = item.source or old_source
            if (old_value == item.value and old_source == source and old_num == item.numerator
                    and old_den == item.denominator):
                counts.unchanged += 1
                if official and pk is not None:
                    confirmed.append(pk)
                    unit_ids.add(item.unit_id)
                    metric_ids.add(item.metric_id)
                continue
            if pk is None:
                continue
            changed.append((pk, item.value, source, old_value, old_source, (item.numerator, item.denominator),
                            (old_num, old_den)))
            existing[key] = (pk, item.value, source, item.numerator, item.denominator)
            unit_ids.add(item.unit_id)
            metric_ids.add(item.metric_id)
        counts.changed_ids += store.insert(new)
        store.update(changed)
        if changed and not official:  # a new value is the unit's own word again (rollout.verification)
            Observation.objects.filter(pk__in=[row[0] for row in changed]).reset_verification()
        counts.created += len(new)
        counts.updated += len(changed)
        unit_ids.update(item.unit_id for item in new)
        metric_ids.update(item.metric_id for item in new)
        if progress:
            progress(start + len(chunk))
        counts.changed_ids += [row[0] for row in changed]
    flipped = []  # stored rows the official file confirms, not official before
    if official:
        for start in range(0, len(counts.changed_ids), CHUNK):
            Observation.objects.filter(pk__in=counts.changed_ids[start:start + CHUNK]).update(
                verification=Verification.OFFICIAL)
        for start in range(0, len(confirmed), CHUNK):
            chunk = Observation.objects.filter(pk__in=confirmed[start:start + CHUNK]).exclude(
                verification=Verification.OFFICIAL)
            ids = list(chunk.values_list("pk", flat=True))
            Observation.objects.filter(pk__in=ids).update(verification=Verification.OFFICIAL)
            flipped += ids
    verified = len(flipped)
    if counts.changed_ids or flipped:
        ids, units, metrics = sorted(counts.changed_ids + flipped), sorted(unit_ids), sorted(metric_ids)
        observations_written(units, metrics)  # precomputed impact: follows now (or stale + refresh for > 500 units)
        transaction.on_commit(lambda: observation_recorded.send(
            sender=Observation, observation_ids=ids, unit_ids=units, metric_ids=metrics, actor_id=user_id,
            created=counts.created, updated=counts.updated, verified=verified))
    return counts


def _existing(chunk):
    """{(unit, metric, period key, adoption): (pk, value, source, numerator, denominator)} of the stored
    rows the chunk names."""
    if connection.vendor == "postgresql":
        return _existing_postgres(chunk)
    unit_ids = {item.unit_id for item in chunk}
    metric_ids = {item.metric_id for item in chunk}
    keys = {item.key[2] for item in chunk}
    rows = Observation.objects.filter(unit_id__in=unit_ids, metric_id__in=metric_ids, period_key__in=keys)
    return {(unit, metric, period, adoption): (pk, value, source, num, den)
            for pk, unit, metric, period, adoption, value, source, num, den in rows.values_list(
                "pk", "unit_id", "metric_id", "period_key", "adoption_id", "value", "source", "numerator",
                "denominator")}


_PERIOD_TEXT = {}


def _period_text(period):
    """(kind, key, start ISO, end ISO) of a period, computed once per distinct period."""
    text = _PERIOD_TEXT.get(period)
    if text is None:
        if len(_PERIOD_TEXT) > 10_000:
            _PERIOD_TEXT.clear()
        text = _PERIOD_TEXT[period] = (str(period.kind), period.key, period.start.isoformat(), period.end.isoformat())
    return text


def _array(values, quoted=False):
    """A PostgreSQL array literal (psycopg adapts long Python lists element by element, slowly)."""
    if quoted:
        values = ('"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values)
    return "{" + ",".join(map(str, values)) + "}"


def _any_stored(items):
    """Whether any stored row has a unit, a metric and a period key the file names (a superset of
    "some row of the file exists"): one query, answered from the (metric, period key) index."""
    table = connection.ops.quote_name(Observation._meta.db_table)
    units, metrics, periods = ({item.key[i] for item in items} for i in range(3))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {table} WHERE metric_id = ANY(%s::bigint[]) "
                       "AND period_key = ANY(%s::text[]) AND unit_id = ANY(%s::bigint[]))",
                       [_array(metrics), _array(periods, quoted=True), _array(units)])
        return cursor.fetchone()[0]


def _existing_postgres(chunk):
    """The same, as one index probe per distinct (unit, metric, period) of the chunk: a join with
    unnest() arrays on the (unit, metric, period end) index, rather than every stored row of every
    unit × metric × period the chunk names."""
    table = connection.ops.quote_name(Observation._meta.db_table)
    keys = {(item.unit_id, item.metric_id, _period_text(item.period)[3], item.key[2]) for item in chunk}
    if not keys:
        return {}
    units, metrics, ends, periods = zip(*keys)
    sql = (f"SELECT o.id, o.unit_id, o.metric_id, o.period_key, o.adoption_id, o.value, o.source, o.numerator, "
           "o.denominator FROM "
           "unnest(%s::bigint[], %s::bigint[], %s::date[], %s::text[]) AS k(u, m, e, p) "
           f"JOIN {table} o ON o.unit_id = k.u AND o.metric_id = k.m AND o.period_end = k.e AND o.period_key = k.p")
    with connection.cursor() as cursor:
        cursor.execute(sql, [_array(units), _array(metrics), _array(ends), _array(periods, quoted=True)])
        return {(unit, metric, period, adoption): (pk, value, source, num, den)
                for pk, unit, metric, period, adoption, value, source, num, den in cursor.fetchall()}


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value):
    """A value in COPY's text format."""
    if value is None:
        return "\\N"
    return str(value).translate(_COPY_ESCAPES)


class _OrmStore:
    def __init__(self, user_id, now):
        self.user_id, self.now = user_id, now

    def insert(self, items):
        objects = []
        for item in items:
            observation = Observation(unit_id=item.unit_id, metric_id=item.metric_id, adoption_id=item.adoption_id,
                                      value=item.value, numerator=item.numerator, denominator=item.denominator,
                                      source=item.source, entered_by_id=self.user_id, entered_at=self.now)
            observation.set_period(item.period)
            objects.append(observation)
        Observation.objects.bulk_create(objects, batch_size=1000)
        return [observation.pk for observation in objects if observation.pk]

    def update(self, changed):
        objects = [Observation(pk=pk, value=value, numerator=num, denominator=den, source=source,
                               entered_by_id=self.user_id, entered_at=self.now)
                   for pk, value, source, _old, _old_source, (num, den), _old_counts in changed]
        update_rows(Observation, objects, ["value", "numerator", "denominator", "source", "entered_by", "entered_at"])
        ObservationRevision.objects.bulk_create(
            [ObservationRevision(observation_id=pk, old_value=old, new_value=value, old_source=old_source,
                                 old_numerator=old_num, old_denominator=old_den, changed_by_id=self.user_id)
             for pk, value, _source, old, old_source, _counts, (old_num, old_den) in changed], batch_size=1000)


def _column(model, name):
    return connection.ops.quote_name(model._meta.get_field(name).column)


class _PostgresStore(_OrmStore):
    def insert(self, items):
        """New rows through COPY (the fastest way into PostgreSQL), with ids drawn from the table's
        sequence first (one query), so the caller still learns which rows it created."""
        if not items:
            return []
        table = Observation._meta.db_table
        columns = ", ".join(_column(Observation, name) for name in (
            "id", "unit", "metric", "adoption", "period_kind", "period_key", "period_start", "period_end", "value",
            "numerator", "denominator", "source", "entered_by", "entered_at"))
        tail = f"\t{_copy_text(self.user_id)}\t{self.now.isoformat()}\n"
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                           [table, len(items)])
            ids = [row[0] for row in cursor.fetchall()]
            periods = {}
            for item in items:
                if item.period not in periods:
                    periods[item.period] = "\t".join(_period_text(item.period))
            sources = {source: _copy_text(source) for source in {item.source for item in items}}
            lines = [f"{pk}\t{i.unit_id}\t{i.metric_id}\t{_copy_text(i.adoption_id)}\t{periods[i.period]}\t"
                     f"{i.value}\t{_copy_text(i.numerator)}\t{_copy_text(i.denominator)}\t{sources[i.source]}{tail}"
                     for pk, i in zip(ids, items)]
            with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({columns}) FROM STDIN") as copy:
                copy.write("".join(lines))
        return ids

    def update(self, changed):
        if not changed:
            return
        table = connection.ops.quote_name(Observation._meta.db_table)
        revisions = connection.ops.quote_name(ObservationRevision._meta.db_table)
        pks, values, sources, olds, old_sources, counts, old_counts = (list(column) for column in zip(*changed))
        nums, dens = [c[0] for c in counts], [c[1] for c in counts]
        old_nums, old_dens = [c[0] for c in old_counts], [c[1] for c in old_counts]
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET {_column(Observation, 'value')} = x.v, {_column(Observation, 'source')} = x.s, "
                f"{_column(Observation, 'numerator')} = x.nu, {_column(Observation, 'denominator')} = x.de, "
                f"{_column(Observation, 'entered_by')} = %s, {_column(Observation, 'entered_at')} = %s "
                f"FROM unnest(%s::bigint[], %s::numeric[], %s::text[], %s::numeric[], %s::numeric[]) "
                f"AS x(id, v, s, nu, de) WHERE {table}.id = x.id",
                [self.user_id, self.now, pks, values, sources, nums, dens])
            columns = ", ".join(_column(ObservationRevision, name) for name in (
                "observation", "old_value", "new_value", "old_source", "old_numerator", "old_denominator",
                "changed_by", "changed_at"))
            cursor.execute(
                f"INSERT INTO {revisions} ({columns}) SELECT i, o, n, s, onu, ode, %s, %s FROM unnest("
                "%s::bigint[], %s::numeric[], %s::numeric[], %s::text[], %s::numeric[], %s::numeric[]) "
                "AS x(i, o, n, s, onu, ode)",
                [self.user_id, self.now, pks, olds, values, old_sources, old_nums, old_dens])
