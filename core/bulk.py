"""Update many rows by primary key in one statement (issue 17: a write costs what it touches).

Django's `bulk_update` writes `SET f = CASE WHEN pk = 1 THEN … WHEN pk = 2 THEN … END` for each field:
every updated row evaluates every branch, so updating n rows costs n² comparisons per field. A unit
that adopted 300 initiatives records one value and the precomputed impact of those 300 initiatives is
rewritten: at national scale that statement was most of the write's time.

`update_rows` writes the same rows as

- PostgreSQL: `UPDATE t SET f = v.f … FROM (VALUES (pk, f…), …) AS v WHERE t.pk = v.pk`, one statement
  per batch, linear in n (each value cast to its column's type: literals from the client-side binding
  arrive untyped);
- other backends (SQLite): one prepared `UPDATE … WHERE pk = ?` run with executemany, which SQLite
  runs at memory speed inside the caller's transaction.

No signals are sent and no `auto_now` field is touched, as with `bulk_update`.

`sync_rows` makes a set of stored rows equal to freshly computed ones, writing only the difference
(the precomputed impact contributions, the unit maps' tables).
"""

from django.db import connections, router

BATCH = 1000


def _db_value(field, obj, connection):
    return field.get_db_prep_save(getattr(obj, field.attname), connection)


def update_rows(model, objs, fields, *, batch_size=BATCH, using=None):
    """Write `fields` (names) of `objs` (saved instances of `model`) by primary key. Returns the number
    of rows given."""
    objs = list(objs)
    if not objs:
        return 0
    using = using or router.db_for_write(model)
    connection = connections[using]
    meta = model._meta
    pk = meta.pk
    columns = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            names = ", ".join(quote(f.column) for f in [pk, *columns])
            assignments = ", ".join(f"{quote(f.column)} = v.{quote(f.column)}::{f.db_type(connection)}"
                                    for f in columns)
            row = "(" + ", ".join(["%s"] * (len(columns) + 1)) + ")"
            for start in range(0, len(objs), batch_size):
                batch = objs[start:start + batch_size]
                params = []
                for obj in batch:
                    params.append(_db_value(pk, obj, connection))
                    params.extend(_db_value(f, obj, connection) for f in columns)
                cursor.execute(
                    f"UPDATE {table} AS t SET {assignments} FROM (VALUES {', '.join([row] * len(batch))}) "
                    f"AS v ({names}) WHERE t.{quote(pk.column)} = v.{quote(pk.column)}::{pk.db_type(connection)}",
                    params)
        else:
            assignments = ", ".join(f"{quote(f.column)} = %s" for f in columns)
            cursor.executemany(f"UPDATE {table} SET {assignments} WHERE {quote(pk.column)} = %s",
                               [[*(_db_value(f, obj, connection) for f in columns), _db_value(pk, obj, connection)]
                                for obj in objs])
    return len(objs)


def sync_rows(stored, fresh, key_fields, value_fields):
    """Make the rows of `stored` (a queryset) what `fresh` (unsaved instances of its model) says, by
    `key_fields`, writing only the difference: delete the stored rows whose key is gone (and any
    duplicate of a key, left by two concurrent writers of a table without a unique key), update those
    whose `value_fields` differ, insert the new ones. A write that changes 1 of 300 rows writes 1.
    Returns (removed, created, updated) instances. No signals are sent (as with bulk_create)."""
    def key(obj):
        return tuple(getattr(obj, name) for name in key_fields)

    old, duplicates = {}, []
    for obj in stored:
        if key(obj) in old:
            duplicates.append(obj)
        else:
            old[key(obj)] = obj
    new = {key(obj): obj for obj in fresh}
    removed = [obj for k, obj in old.items() if k not in new]
    created = [obj for k, obj in new.items() if k not in old]
    updated = []
    for k, obj in new.items():
        kept = old.get(k)
        if kept is not None and any(getattr(kept, name) != getattr(obj, name) for name in value_fields):
            for name in value_fields:
                setattr(kept, name, getattr(obj, name))
            updated.append(kept)
    model = stored.model
    gone = [obj.pk for obj in removed + duplicates]
    if gone:
        model.objects.filter(pk__in=gone)._raw_delete(stored.db)
    if updated:
        update_rows(model, updated, value_fields, using=stored.db)
    if created:
        model.objects.using(stored.db).bulk_create(created, batch_size=BATCH)
    return removed, created, updated
