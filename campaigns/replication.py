"""Replication push: recognised models a unit has not adopted yet, most worth its attention first.

Ranking (documented, deterministic): adopters in the unit's former district first (closest
peers), then adopters in its province, then the share of the model's measured unit × indicator pairs
that improved (rollout.impact_store; not "impact", which rollout.impact.impact_by_initiative defines per
indicator), then all adopters nationwide, then the oldest model first (id). That share and nationwide reach
are read from rollout's precomputed table (rollout.impact_store, refreshed by Celery on every adoption
and observation), so a page view never reads the whole adoption table: the adoptions of the unit's
own province and former district, grouped, and the best of the rest by the precomputed rank's index.
"""

from django.core.cache import cache
from django.db.models import Case, Count, Exists, OuterRef, Q, Value, When

from initiatives.status import InitiativeStatus
from units.models import UnitLevel

from .rules import rollout_models

REGION_TTL = 24 * 3600
SUGGESTIONS_TTL = 600  # seconds; any public change invalidates them sooner


def district_ids(unit):
    """The unit's district, or for a post-2025 commune the districts its predecessors belonged to."""
    ids = set()
    if unit.parent_id and unit.parent.level == UnitLevel.DISTRICT:
        ids.add(unit.parent_id)
    for predecessor in unit.predecessors.select_related("parent"):
        if predecessor.parent_id and predecessor.parent.level == UnitLevel.DISTRICT:
            ids.add(predecessor.parent_id)
    return ids


def sort_key(item):
    """Pure: the ranking of a suggestion (see module docstring)."""
    return (-item["district_adopters"], -item["province_adopters"], -(item["share_improved"] or 0),
            -item["adopters"], item["pk"])


def region_units(unit, districts):
    """({unit ids in the unit's former district(s)}, {unit ids in its province}): today's units and the
    historic ones, whose adoptions count for the neighbourhood. One query, cached for a day: the map
    of units changes only when `load_units` runs (which bumps the map's version)."""
    from units.loader import MAP_VERSION_KEY

    version = cache.get(MAP_VERSION_KEY, 0)
    key = f"replication:region:v1:{version}:{unit.pk}:{unit.province_id}:{','.join(map(str, sorted(districts)))}"
    found = cache.get(key)
    if found is None:
        found = _region_units(unit, districts)
        cache.set(key, found, REGION_TTL)
    return found


def _region_units(unit, districts):
    from units.models import AdministrativeUnit

    in_district = Q(parent_id__in=districts) | Q(predecessors__parent_id__in=districts)
    rows = (AdministrativeUnit.objects.filter(in_district | Q(province_id=unit.province_id))
            .annotate(near=Case(When(in_district, then=Value(True)), default=Value(False)))
            .values_list("pk", "near", "province_id").distinct())
    district_ids, province_ids = set(), set()
    for pk, near, province_id in rows:
        if near:
            district_ids.add(pk)
        if province_id == unit.province_id:
            province_ids.add(pk)
    return district_ids, province_ids


def _with_impact(rows):
    """The share improved (None when nothing is measured) and nationwide reach from the precomputed rows (read
    through: rollout.impact_store computes what is missing or stale)."""
    from rollout.impact_store import stored_impacts

    stored = stored_impacts([row["pk"] for row in rows])
    for row in rows:
        found = stored.get(row["pk"])
        row["adopters"] = found.adopters if found else 0
        row["share_improved"] = found.score if found and found.measured else None


def suggestions_for_unit(unit, limit=5, exclude_initiative=None):
    """The ranked suggestions, each {"page", "title", "district_adopters", "province_adopters",
    "share_improved", "adopters"}. Which ones is cached per unit until the next public change (the page
    cache's generation, bumped by every adoption, observation, status change or publication)."""
    if unit is None or rollout_models() is None:
        return []
    from core.page_cache import cached_until_change

    rows = cached_until_change(f"replication:suggestions:v2:{unit.pk}:{exclude_initiative}:{limit}",
                               lambda: _ranked_rows(unit, limit, exclude_initiative), SUGGESTIONS_TTL)
    from public.rules import public_initiatives

    # Only public initiatives are suggested (public/rules.py): a page restricted or unpublished since
    # the ranking was cached is dropped here.
    pages = public_initiatives().select_related("origin_unit").in_bulk([row["pk"] for row in rows])
    return [{**row, "page": pages[row["pk"]], "title": pages[row["pk"]].title} for row in rows if row["pk"] in pages]


def _ranked_rows(unit, limit, exclude_initiative):
    rollout = rollout_models()
    from rollout.models import InitiativeImpact

    from public.rules import public_initiatives

    active = list(rollout.STARTED_STATUSES)
    district_units, province_units = region_units(unit, district_ids(unit))
    candidates = (public_initiatives().filter(status=InitiativeStatus.RECOGNISED)
                  .exclude(origin_unit=unit).exclude(adoptions__unit=unit))
    if exclude_initiative is not None:
        candidates = candidates.exclude(pk=exclude_initiative)
    neighbours = sorted(district_units | province_units)
    # Models started near the unit: its neighbours' adoptions only (the adoption table's unit index).
    nearby = list(candidates.filter(adoptions__status__in=active, adoptions__unit_id__in=neighbours)
                  .values("pk").annotate(
                      district_adopters=Count("adoptions__unit", distinct=True,
                                              filter=Q(adoptions__unit_id__in=sorted(district_units))),
                      province_adopters=Count("adoptions__unit", distinct=True,
                                              filter=Q(adoptions__unit_id__in=sorted(province_units))))
                  .order_by())
    # The best of the rest, none adopted nearby: walking the precomputed rank's index, each entry
    # checked by primary-key and index probes (so the cost does not grow with the catalogue). The
    # candidates' conditions are repeated here from the impact row's side on purpose: written as
    # `initiative__in=candidates`, PostgreSQL materialised every candidate first (100 ms at 1/10 scale).
    adopted = rollout.Adoption.objects.filter(initiative=OuterRef("initiative"))
    ranked = (InitiativeImpact.objects
              .filter(initiative__live=True, initiative__status=InitiativeStatus.RECOGNISED)
              .exclude(initiative__origin_unit=unit)
              .exclude(Exists(adopted.filter(unit=unit)))
              .exclude(Exists(adopted.filter(status__in=active, unit_id__in=neighbours))))
    if exclude_initiative is not None:
        ranked = ranked.exclude(initiative_id=exclude_initiative)
    rest = [{"pk": pk, "district_adopters": 0, "province_adopters": 0} for pk in
            ranked.order_by("-score", "-adopters", "initiative_id").values_list("initiative_id", flat=True)[:limit]]
    # Neighbours first; among equals, impact and reach decide: computed for the nearby ones in Python
    # (a few hundred at most, the adoptions of one province).
    near = sorted(nearby, key=lambda row: (-row["district_adopters"], -row["province_adopters"]))
    cut = near[limit - 1] if len(near) >= limit else None
    if cut is not None:  # keep every row tied with the limit-th on the neighbour counts
        near = [row for row in near if (row["district_adopters"], row["province_adopters"])
                >= (cut["district_adopters"], cut["province_adopters"])]
    rows = near + rest
    _with_impact(rows)
    return sorted(rows, key=sort_key)[:limit]


def adoption_nearby(initiative, unit):
    """For an initiative page seen by a unit's officer: has the unit adopted it, and how many of its
    neighbours have."""
    rollout = rollout_models()
    if unit is None or rollout is None:
        return None
    adoptions = rollout.Adoption.objects.started().filter(initiative=initiative)
    return {
        "unit": unit,
        "adopted": rollout.Adoption.objects.filter(initiative=initiative, unit=unit).exists(),
        "province_adopters": adoptions.filter(unit__province_id=unit.province_id).values("unit").distinct().count(),
    }
