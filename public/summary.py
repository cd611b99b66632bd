"""Per-unit counts the public pages show (public.UnitSummary): the public initiatives a unit
originated and how many are recognised, its started adoptions (lượt nhân rộng) and all its public
adoptions (planned included: the unit page lists them). Own rows only; a page adds the rows of the
units it rolls up (`totals`), so a province's figure costs a read of ≤ 700 small rows instead of an
aggregate over its share of every initiative and adoption.

Exact, by the same public rule as the live counts (public/rules.py), and kept so by the writes:

- an adoption saved or deleted (the actions, the admin, the demo loader: model signals, in the
  writer's transaction): its unit's adoption counts, one upsert statement (`recompute_adoptions`);
  its status moved along (written by queryset.update(), no model signal): the same, on commit
  (`rollout.signals.adoption_changed`);
- an initiative saved (published, unpublished, edited: its origin may change) or deleted, or its status
  changed (the lifecycle actions write the row directly and send `status_changed`): the old and new
  origin's initiative counts and its adopters' adoption counts;
- anything that changes what is public for many pages at once (a view restriction, a page moved) and
  the bulk writers (the scale generator): `rebuild()`, also run nightly (`public.rebuild_unit_summaries`,
  and `manage.py rebuild_unit_summaries`).

`tests/test_unit_summary.py` compares the table with a live recompute after random sequences of writes.
"""

from django.db import transaction
from django.db.models import Count, Q

from .upkeep import active

FIELDS = ("initiatives", "recognised", "adoptions_started", "adoptions_public")


def _live(unit_ids=None):
    """{unit id: {field: n}} computed from the live tables (for `unit_ids`, or every unit)."""
    from initiatives.status import InitiativeStatus
    from rollout.models import STARTED_STATUSES

    from .rules import public_adoptions, public_initiatives

    rows = {}
    initiatives = public_initiatives().order_by()
    adoptions = public_adoptions().order_by()
    if unit_ids is not None:
        initiatives = initiatives.filter(origin_unit_id__in=unit_ids)
        adoptions = adoptions.filter(unit_id__in=unit_ids)
    for unit_id, n, recognised in initiatives.values_list("origin_unit_id").annotate(
            n=Count("pk"), r=Count("pk", filter=Q(status=InitiativeStatus.RECOGNISED))):
        rows.setdefault(unit_id, dict.fromkeys(FIELDS, 0)).update(initiatives=n, recognised=recognised)
    for unit_id, n, started in adoptions.values_list("unit_id").annotate(
            n=Count("pk"), s=Count("pk", filter=Q(status__in=STARTED_STATUSES))):
        rows.setdefault(unit_id, dict.fromkeys(FIELDS, 0)).update(adoptions_public=n, adoptions_started=started)
    return rows


def recompute(unit_ids):
    """Make the rows of `unit_ids` equal to the live counts (rows with nothing to count removed)."""
    from .models import UnitSummary

    unit_ids = {pk for pk in unit_ids if pk is not None}
    if not unit_ids:
        return
    live = _live(unit_ids)
    with transaction.atomic():
        UnitSummary.objects.filter(unit_id__in=unit_ids - set(live)).delete()
        if live:
            UnitSummary.objects.bulk_create([UnitSummary(unit_id=pk, **values) for pk, values in live.items()],
                                            update_conflicts=True, unique_fields=["unit"], update_fields=list(FIELDS))


def rebuild():
    """Every row from the live tables (nightly; after bulk writes). Returns the number of rows."""
    from .models import UnitSummary

    live = _live()
    with transaction.atomic():
        UnitSummary.objects.all().delete()
        UnitSummary.objects.bulk_create([UnitSummary(unit_id=pk, **values) for pk, values in live.items()],
                                        batch_size=2000)
    return len(live)


def totals(unit_ids):
    """{field: sum over `unit_ids`} (one query)."""
    from django.db.models import Sum

    from .models import UnitSummary

    found = UnitSummary.objects.filter(unit_id__in=unit_ids).aggregate(**{f: Sum(f) for f in FIELDS})
    return {f: found[f] or 0 for f in FIELDS}


def stored(unit_ids=None):
    """{unit id: {field: n}} as stored (the tests compare it with `_live`)."""
    from .models import UnitSummary

    rows = UnitSummary.objects.all() if unit_ids is None else UnitSummary.objects.filter(unit_id__in=unit_ids)
    return {row["unit_id"]: {f: row[f] for f in FIELDS} for row in rows.values("unit_id", *FIELDS)
            if any(row[f] for f in FIELDS)}  # an adoption's upkeep may leave a row of zeros


# ---------------------------------------------------------------- receivers

def recompute_adoptions(unit_id):
    """The adoption counts of one unit from the live table, in one statement (an upsert reading the
    unit's public adoptions by index): what an adoption's write adds to the writer's transaction."""
    from django.db import connection

    from rollout.models import STARTED_STATUSES

    from .models import UnitSummary
    from .rules import public_adoptions

    sub, params = public_adoptions().filter(unit_id=unit_id).order_by().values("status").query.sql_with_params()
    table, quote = UnitSummary._meta.db_table, connection.ops.quote_name
    started = ", ".join(["%s"] * len(STARTED_STATUSES))
    sql = (f"INSERT INTO {quote(table)} (unit_id, initiatives, recognised, adoptions_started, adoptions_public) "
           f"SELECT %s, 0, 0, COALESCE(SUM(CASE WHEN s.status IN ({started}) THEN 1 ELSE 0 END), 0), COUNT(*) "
           f"FROM ({sub}) s WHERE 1 = 1 "  # the WHERE: SQLite's parser needs it before ON CONFLICT
           f"ON CONFLICT (unit_id) DO UPDATE SET adoptions_started = excluded.adoptions_started, "
           f"adoptions_public = excluded.adoptions_public")
    with connection.cursor() as cursor:
        cursor.execute(sql, [unit_id, *STARTED_STATUSES, *params])


def _adoption_saved(sender, instance=None, **kwargs):
    if not active():
        return
    recompute_adoptions(instance.unit_id)


def _adoption_status_changed(sender, unit_id=None, from_status="", to_status="", created=False, **kwargs):
    """A status change is written by queryset.update() (rollout.actions.change_adoption_status: no
    post_save); its signal comes on commit, and the unit's started count follows then (one upsert).
    Creations and deletions were counted by the model signals already."""
    if not active() or created or not to_status or from_status == to_status or unit_id is None:
        return
    recompute_adoptions(unit_id)


def _initiative_pre_save(sender, instance=None, **kwargs):
    if not active():
        return
    if instance.pk:
        instance._summary_previous_origin = (type(instance).objects.filter(pk=instance.pk)
                                             .values_list("origin_unit_id", flat=True).first())


def _initiative_changed(initiative_id, *extra_units):
    from initiatives.models import InitiativePage
    from rollout.models import Adoption

    origin = InitiativePage.objects.filter(pk=initiative_id).values_list("origin_unit_id", flat=True).first()
    adopters = set(Adoption.objects.filter(initiative_id=initiative_id).values_list("unit_id", flat=True))
    recompute({origin, *extra_units} | adopters)


def _initiative_saved(sender, instance=None, **kwargs):
    if not active():
        return
    _initiative_changed(instance.pk, instance.origin_unit_id, getattr(instance, "_summary_previous_origin", None))


def _initiative_pre_delete(sender, instance=None, **kwargs):
    if not active():
        return
    from rollout.models import Adoption

    instance._summary_units = {instance.origin_unit_id, *Adoption.objects.filter(initiative_id=instance.pk)
                               .values_list("unit_id", flat=True)}


def _initiative_deleted(sender, instance=None, **kwargs):
    if not active():
        return
    recompute(getattr(instance, "_summary_units", {instance.origin_unit_id}))


def _status_changed(sender, initiative_id=None, **kwargs):
    if not active():
        return
    _initiative_changed(initiative_id)


def _everything(sender=None, **kwargs):
    if not active():
        return
    rebuild()


def connect():
    from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
    from wagtail.models import PageViewRestriction
    from wagtail.signals import post_page_move

    from initiatives.models import InitiativePage
    from initiatives.signals import status_changed
    from rollout.models import Adoption
    from rollout.signals import adoption_changed

    uid = "public.summary."
    post_save.connect(_adoption_saved, sender=Adoption, dispatch_uid=uid + "adoption_saved")
    post_delete.connect(_adoption_saved, sender=Adoption, dispatch_uid=uid + "adoption_deleted")
    adoption_changed.connect(_adoption_status_changed, dispatch_uid=uid + "adoption_status")
    pre_save.connect(_initiative_pre_save, sender=InitiativePage, dispatch_uid=uid + "initiative_pre_save")
    post_save.connect(_initiative_saved, sender=InitiativePage, dispatch_uid=uid + "initiative_saved")
    pre_delete.connect(_initiative_pre_delete, sender=InitiativePage, dispatch_uid=uid + "initiative_pre_delete")
    post_delete.connect(_initiative_deleted, sender=InitiativePage, dispatch_uid=uid + "initiative_deleted")
    status_changed.connect(_status_changed, dispatch_uid=uid + "status")
    post_save.connect(_everything, sender=PageViewRestriction, dispatch_uid=uid + "restriction_saved")
    post_delete.connect(_everything, sender=PageViewRestriction, dispatch_uid=uid + "restriction_deleted")
    post_page_move.connect(_everything, dispatch_uid=uid + "moved")
