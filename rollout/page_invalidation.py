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


def unit_tags(unit_ids):
    """"unit:<id>" of these units and of each unit their pages roll up into."""
    from units.models import AdministrativeUnit, current_successors_map

    units = list(AdministrativeUnit.objects.filter(pk__in=list(unit_ids)).only("pk", "parent_id", "province_id"))
    found = {u.pk: u for u in units}
    for successors in current_successors_map(units).values():
        found.update((u.pk, u) for u in successors)
    ids = set(found)
    for unit in found.values():
        ids |= {pk for pk in (unit.parent_id, unit.province_id) if pk}
    grandparents = AdministrativeUnit.objects.filter(pk__in=ids).exclude(parent=None).values_list("parent_id", flat=True)
    ids |= set(grandparents)
    return {f"unit:{pk}" for pk in ids}


def observations_recorded(sender=None, unit_ids=(), **kwargs):
    from initiatives.models import InitiativePage

    unit_ids = list(unit_ids)
    if len(unit_ids) > LARGE_WRITE:
        bump_generation()
        return
    initiatives = set(Adoption.objects.filter(unit_id__in=unit_ids).values_list("initiative_id", flat=True))
    initiatives |= set(InitiativePage.objects.filter(origin_unit_id__in=unit_ids).values_list("pk", flat=True))
    invalidate_tags(unit_tags(unit_ids) | {f"initiative:{pk}" for pk in initiatives} | {"rollout"})


def adoption_recorded(sender=None, initiative_id=None, unit_id=None, **kwargs):
    from initiatives.models import InitiativePage

    origin = InitiativePage.objects.filter(pk=initiative_id).values_list("origin_unit_id", flat=True).first()
    invalidate_tags(unit_tags([pk for pk in (unit_id, origin) if pk])
                    | {f"initiative:{initiative_id}", "listing", "rollout"})


def connect():
    observation_recorded.connect(observations_recorded, dispatch_uid="rollout.page_invalidation.observations")
    adoption_changed.connect(adoption_recorded, dispatch_uid="rollout.page_invalidation.adoption")
