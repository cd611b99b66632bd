"""Narrow invalidation of the public page cache (core/page_cache.py) for this app's writes: an
adoption or an observation names the cached pages that show it, by tag, and only those miss.

- observation(s) of units U: the pages of U, of every unit U rolls up to (its district and province,
  and for a pre-2025 unit its successors and theirs), the initiatives U adopted or originated (their
  figures and charts), the campaign pages (targets); not the index nor the search (they show no
  indicator);
- an adoption: the same for its unit, plus the initiative, the unit page of the initiative's origin
  (its "adopted elsewhere" list) and the listing pages (adopter counts).

A write over more than impact_store.LARGE_WRITE units (a national import) invalidates every page.
Receivers run on commit (the signals are sent then)."""

from core.page_cache import bump_generation, invalidate_tags

from .impact_store import LARGE_WRITE
from .models import Adoption
from .signals import adoption_changed, observation_recorded


def _rollup_ids(unit_ids):
    """{unit id: ids of the unit, its successors (at any depth) and every unit these roll up into}."""
    from units.models import AdministrativeUnit, current_successors_map

    units = list(AdministrativeUnit.objects.filter(pk__in=list(unit_ids)).only("pk", "parent_id", "province_id",
                                                                                  "valid_until"))
    successors = current_successors_map(units)
    groups = {u.pk: {u.pk: u, **{s.pk: s for s in successors.get(u.pk, [])}} for u in units}
    parents = {pk for group in groups.values() for u in group.values() for pk in (u.parent_id, u.province_id) if pk}
    grandparents = dict(AdministrativeUnit.objects.filter(pk__in=parents).exclude(parent=None)
                        .values_list("pk", "parent_id"))
    result = {}
    for pk, group in groups.items():
        ids = set(group)
        for unit in group.values():
            ids |= {p for p in (unit.parent_id, unit.province_id) if p}
        ids |= {grandparents[p] for p in list(ids) if p in grandparents}
        result[pk] = ids
    return result


def unit_tags(unit_ids):
    """"unit:<id>" of these units and of each unit their pages roll up into. The roll-up of a unit is
    kept in the cache per map version (load_units and units.actions void it): a write by a known unit
    then reads no unit table (issue 17: a write costs what it touches)."""
    from django.core.cache import cache

    from units.loader import MAP_VERSION_KEY

    version = cache.get(MAP_VERSION_KEY, 0)
    keys = {pk: f"units:rollup-ids:{version}:{pk}" for pk in set(unit_ids)}
    found = cache.get_many(list(keys.values()))
    ids = set().union(*found.values()) if found else set()
    missing = [pk for pk, key in keys.items() if key not in found]
    if missing:
        computed = _rollup_ids(missing)
        cache.set_many({keys[pk]: rolled for pk, rolled in computed.items()}, timeout=86_400)
        ids = ids.union(*computed.values()) if computed else ids
    return {f"unit:{pk}" for pk in ids}


def observations_recorded(sender=None, unit_ids=(), **kwargs):
    from initiatives.models import InitiativePage

    unit_ids = list(unit_ids)
    if len(unit_ids) > LARGE_WRITE:
        bump_generation()
        return
    initiatives = set(Adoption.objects.filter(unit_id__in=unit_ids).order_by().values_list("initiative_id", flat=True)
                      .union(InitiativePage.objects.filter(origin_unit_id__in=unit_ids).order_by()
                             .values_list("pk", flat=True)))
    invalidate_tags(unit_tags(unit_ids) | {f"initiative:{pk}" for pk in initiatives} | {"rollout"})


def adoption_recorded(sender=None, initiative_id=None, unit_id=None, **kwargs):
    from initiatives.models import InitiativePage

    origin = InitiativePage.objects.filter(pk=initiative_id).values_list("origin_unit_id", flat=True).first()
    invalidate_tags(unit_tags([pk for pk in (unit_id, origin) if pk])
                    | {f"initiative:{initiative_id}", "listing", "rollout"})


def connect():
    observation_recorded.connect(observations_recorded, dispatch_uid="rollout.page_invalidation.observations")
    adoption_changed.connect(adoption_recorded, dispatch_uid="rollout.page_invalidation.adoption")
