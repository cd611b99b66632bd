"""The per-unit tables the unit page's map is drawn from (public.UnitSpread, public.UnitLearning), so a
cold page never reads the adoptions of a province (Hà Nội: 39,493 of the initiatives it originated and
37,949 its units made, at national scale, 3.6 s of SQL).

- UnitSpread, per origin unit: the adoptions of its public initiatives per map grid cell of the adopter,
  adopter's province of today and status (with the sum of the positions: marks sit at the mean).
- UnitLearning, per adopting unit: its adoptions of public initiatives per source unit (the unit of
  the adoption it learnt from, else the initiative's origin: as tests/unit_map_reference.py counts).

Own rows only; the page adds the rows of the units it rolls up (public/unit_maps.py). Exact, by the
public rule (public/rules.py), and kept so as public/summary.py keeps UnitSummary:

- an adoption saved or deleted (model signals, in the writer's transaction): the spread of its
  initiative's origin and the learning of its unit (and, when an adoption is deleted or moves to
  another unit, of the units that learnt from it: their source becomes the origin);
- an adoption's status changed (`change_adoption_status` writes with update(): no model signal):
  `rollout.signals.adoption_changed`, on commit;
- an initiative saved (published, unpublished, its origin changed) or deleted: the old and new
  origin's spread and its adopters' learning;
- a view restriction, a page moved, the units reloaded (positions, provinces: `units.signals.
  map_changed`) and the bulk writers (the scale generator): `rebuild()`, also run nightly
  (`public.rebuild_unit_maps`, `manage.py rebuild_unit_maps`).

A recompute reads one origin's or one unit's adoptions by index (some hundreds at national scale).
`tests/test_unit_map_store.py` compares the tables with a live recompute after random writes.
"""

from django.db import transaction
from django.db.models import Count
from django.db.models.functions import Coalesce

from core.bulk import sync_rows
from initiatives.deleting import being_deleted

from .upkeep import active

SPREAD_KEY = ("origin_id", "cell_x", "cell_y", "province_id", "status")


# ---------------------------------------------------------------- live

def _spread_live(origin_ids=None):
    """{(origin id, cell x, cell y, province id, status): [adoptions, sum x, sum y, smallest unit id]},
    from one grouped query (the adopters' coordinates and provinces with them)."""
    import math

    from rollout.maps import CELL
    from units import geo
    from units.vocabulary import todays_province_id

    from .rules import public_adoptions

    adoptions = public_adoptions().order_by()
    if origin_ids is not None:
        adoptions = adoptions.filter(initiative__origin_unit_id__in=origin_ids)
    grouped = (adoptions.values_list("initiative__origin_unit_id", "unit_id", "unit__longitude", "unit__latitude",
                                     "unit__province_id", "unit__province__valid_until", "status")
               .annotate(n=Count("pk")))
    rows = {}
    for origin_id, unit_id, lon, lat, prov, prov_until, status, n in grouped.iterator(chunk_size=5000):
        x, y = geo.project(lon, lat) if lon is not None and lat is not None else (None, None)
        cell = (math.floor(x / CELL), math.floor(y / CELL)) if x is not None else (None, None)
        key = (origin_id, *cell, todays_province_id(prov, prov_until is not None), status)
        row = rows.setdefault(key, [0, 0.0, 0.0, unit_id])
        row[0] += n
        if x is not None:
            row[1] += x * n
            row[2] += y * n
        row[3] = min(row[3], unit_id)
    return rows


def _learning_live(unit_ids=None):
    """{(adopter id, source unit id): adoptions}."""
    from .rules import public_adoptions

    adoptions = public_adoptions().order_by()
    if unit_ids is not None:
        adoptions = adoptions.filter(unit_id__in=unit_ids)
    return {(unit_id, source): n for unit_id, source, n in (
        adoptions.annotate(source=Coalesce("replicated_from_adoption__unit_id", "initiative__origin_unit_id"))
        .values_list("unit_id", "source").annotate(n=Count("pk")))}


def _spread_objects(rows):
    from .models import UnitSpread

    return [UnitSpread(**dict(zip(SPREAD_KEY, key)), adoptions=n, sum_x=sx, sum_y=sy, unit_id_sample=sample)
            for key, (n, sx, sy, sample) in rows.items()]


def _learning_objects(rows):
    from .models import UnitLearning

    return [UnitLearning(adopter_id=adopter, source_id=source, adoptions=n) for (adopter, source), n in rows.items()]


# ---------------------------------------------------------------- upkeep

def recompute_spread(origin_ids):
    """Make the spread rows of `origin_ids` equal to the live counts."""
    from .models import UnitSpread

    origin_ids = {pk for pk in origin_ids if pk is not None}
    if not origin_ids:
        return
    with transaction.atomic(savepoint=False):
        sync_rows(UnitSpread.objects.filter(origin_id__in=origin_ids), _spread_objects(_spread_live(origin_ids)),
                  SPREAD_KEY, ("adoptions", "sum_x", "sum_y", "unit_id_sample"))


def recompute_learning(unit_ids):
    """Make the learning rows of `unit_ids` (as adopters) equal to the live counts."""
    from .models import UnitLearning

    unit_ids = {pk for pk in unit_ids if pk is not None}
    if not unit_ids:
        return
    with transaction.atomic(savepoint=False):
        sync_rows(UnitLearning.objects.filter(adopter_id__in=unit_ids), _learning_objects(_learning_live(unit_ids)),
                  ("adopter_id", "source_id"), ("adoptions",))


def rebuild_spread():
    from .models import UnitSpread

    rows = _spread_live()
    with transaction.atomic():
        UnitSpread.objects.all().delete()
        UnitSpread.objects.bulk_create(_spread_objects(rows), batch_size=5000)
    return len(rows)


def rebuild():
    """Every row of both tables from the live tables (nightly; after bulk writes). Returns the rows."""
    from .models import UnitLearning

    spread = rebuild_spread()
    rows = _learning_live()
    with transaction.atomic():
        UnitLearning.objects.all().delete()
        UnitLearning.objects.bulk_create(_learning_objects(rows), batch_size=5000)
    return spread + len(rows)


def stored():
    """(spread rows, learning rows) as stored, in the shapes of `_spread_live` and `_learning_live`
    (positions rounded: a sum may be added in another order)."""
    from .models import UnitLearning, UnitSpread

    spread = {tuple(row[:5]): [row[5], round(row[6], 6), round(row[7], 6), row[8]] for row in
              UnitSpread.objects.values_list(*SPREAD_KEY, "adoptions", "sum_x", "sum_y", "unit_id_sample")}
    learning = dict(((a, s), n) for a, s, n in UnitLearning.objects.values_list("adopter_id", "source_id", "adoptions"))
    return spread, learning


def live():
    """(spread rows, learning rows) from the live tables, rounded as `stored`."""
    spread = {key: [n, round(sx, 6), round(sy, 6), sample] for key, (n, sx, sy, sample) in _spread_live().items()}
    return spread, _learning_live()


# ---------------------------------------------------------------- receivers

def _origin_of(initiative_id, adoption=None):
    from initiatives.models import InitiativePage

    cached = adoption._state.fields_cache.get("initiative") if adoption is not None else None
    if cached is not None and cached.pk == initiative_id:
        return cached.origin_unit_id  # the writer's instance (record_adoption)
    return InitiativePage.objects.filter(pk=initiative_id).values_list("origin_unit_id", flat=True).first()


def _learners_of(adoption_id):
    """The units that learnt from this adoption (their source is its unit)."""
    from rollout.models import Adoption

    return set(Adoption.objects.filter(replicated_from_adoption_id=adoption_id).values_list("unit_id", flat=True))


def _adoption_pre_save(sender, instance=None, **kwargs):
    if not active() or not instance.pk:
        return
    instance._map_previous = type(instance).objects.filter(pk=instance.pk).values_list(
        "unit_id", "initiative_id").first()


def _adoption_saved(sender, instance=None, **kwargs):
    if not active():
        return
    previous_unit, previous_initiative = getattr(instance, "_map_previous", None) or (None, None)
    units = {instance.unit_id, previous_unit}
    if previous_unit is not None and previous_unit != instance.unit_id:
        units |= _learners_of(instance.pk)  # they learnt from another unit now
    origins = {_origin_of(instance.initiative_id, instance)}
    if previous_initiative not in (None, instance.initiative_id):
        origins.add(_origin_of(previous_initiative))
    recompute_spread(origins)
    recompute_learning(units)


def _adoption_pre_delete(sender, instance=None, **kwargs):
    if not active() or instance.initiative_id in being_deleted():
        return
    # Those that learnt from it now learn from the origin (replicated_from_adoption: SET_NULL).
    instance._map_learners = _learners_of(instance.pk)


def _adoption_deleted(sender, instance=None, **kwargs):
    if not active() or instance.initiative_id in being_deleted():
        return  # an initiative's deletion: recomputed once when it is gone
    recompute_spread({_origin_of(instance.initiative_id)})
    recompute_learning({instance.unit_id, *getattr(instance, "_map_learners", ())})


def _status_changed(sender, initiative_id=None, from_status="", to_status="", created=False, **kwargs):
    """`change_adoption_status` (a queryset update, on commit): the spread counts statuses."""
    if not active() or created or not from_status or not to_status or from_status == to_status:
        return
    recompute_spread({_origin_of(initiative_id)})


# The fields of a page that decide what the tables count (a draft saved, save_revision(), writes others).
_COUNTED_FIELDS = {"live", "origin_unit", "origin_unit_id", "url_path", "path"}


def _initiative_pre_save(sender, instance=None, update_fields=None, **kwargs):
    if not active() or not instance.pk or (update_fields is not None and not _COUNTED_FIELDS & set(update_fields)):
        return
    instance._map_previous_origin = (type(instance).objects.filter(pk=instance.pk)
                                     .values_list("origin_unit_id", flat=True).first())


def _adopters(initiative_id):
    from rollout.models import Adoption

    return set(Adoption.objects.filter(initiative_id=initiative_id).values_list("unit_id", flat=True))


def _initiative_saved(sender, instance=None, update_fields=None, **kwargs):
    if not active() or (update_fields is not None and not _COUNTED_FIELDS & set(update_fields)):
        return
    recompute_spread({instance.origin_unit_id, getattr(instance, "_map_previous_origin", None)})
    recompute_learning(_adopters(instance.pk))


# An initiative being deleted (initiatives.deleting): its adoptions go with it, and its rows are
# recomputed once afterwards rather than once per adoption.
def _initiative_pre_delete(sender, instance=None, **kwargs):
    if not active():
        return
    instance._map_adopters = _adopters(instance.pk)


def _initiative_deleted(sender, instance=None, **kwargs):
    if not active():
        return
    recompute_spread({instance.origin_unit_id})
    recompute_learning(getattr(instance, "_map_adopters", ()))


def _everything(sender=None, **kwargs):
    if not active():
        return
    rebuild()


def _units_changed(sender=None, **kwargs):
    """Positions and provinces of units changed (load_units, a unit edited): the spread's cells."""
    if not active():
        return
    transaction.on_commit(rebuild_spread)


def connect():
    from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
    from wagtail.models import PageViewRestriction
    from wagtail.signals import post_page_move

    from initiatives.models import InitiativePage
    from rollout.models import Adoption
    from rollout.signals import adoption_changed
    from units.signals import map_changed

    uid = "public.unit_map_store."
    pre_save.connect(_adoption_pre_save, sender=Adoption, dispatch_uid=uid + "adoption_pre_save")
    post_save.connect(_adoption_saved, sender=Adoption, dispatch_uid=uid + "adoption_saved")
    pre_delete.connect(_adoption_pre_delete, sender=Adoption, dispatch_uid=uid + "adoption_pre_delete")
    post_delete.connect(_adoption_deleted, sender=Adoption, dispatch_uid=uid + "adoption_deleted")
    adoption_changed.connect(_status_changed, dispatch_uid=uid + "adoption_status")
    pre_save.connect(_initiative_pre_save, sender=InitiativePage, dispatch_uid=uid + "initiative_pre_save")
    post_save.connect(_initiative_saved, sender=InitiativePage, dispatch_uid=uid + "initiative_saved")
    pre_delete.connect(_initiative_pre_delete, sender=InitiativePage, dispatch_uid=uid + "initiative_pre_delete")
    post_delete.connect(_initiative_deleted, sender=InitiativePage, dispatch_uid=uid + "initiative_deleted")
    post_save.connect(_everything, sender=PageViewRestriction, dispatch_uid=uid + "restriction_saved")
    post_delete.connect(_everything, sender=PageViewRestriction, dispatch_uid=uid + "restriction_deleted")
    post_page_move.connect(_everything, dispatch_uid=uid + "moved")
    map_changed.connect(_units_changed, dispatch_uid=uid + "units")
