"""Replication push: recognised models a unit has not adopted yet, most worth its attention first.

Ranking (documented, deterministic): adopters in the unit's former district first (closest
peers), then adopters in its province, then the model's impact (rollout.impact, when present),
then all adopters, then title. Counted by the database in one query.
"""

from django.db.models import Count, Q

from initiatives.models import InitiativePage
from initiatives.status import InitiativeStatus
from units.models import UnitLevel

from .rules import rollout_models


def district_ids(unit):
    """The unit's district, or for a post-2025 commune the districts its predecessors belonged to."""
    ids = set()
    if unit.parent_id and unit.parent.level == UnitLevel.DISTRICT:
        ids.add(unit.parent_id)
    for predecessor in unit.predecessors.select_related("parent"):
        if predecessor.parent_id and predecessor.parent.level == UnitLevel.DISTRICT:
            ids.add(predecessor.parent_id)
    return ids


def impact_of(initiative_ids):
    """{initiative_id: impact score} from rollout.impact if it offers one; {} otherwise."""
    try:
        from rollout import impact
    except ImportError:
        return {}
    scorer = getattr(impact, "impact_scores", None)
    return scorer(initiative_ids) if callable(scorer) else {}


def sort_key(item):
    """Pure: the ranking of a suggestion (see module docstring)."""
    return (-item["district_adopters"], -item["province_adopters"], -(item["impact"] or 0),
            -item["adopters"], item["title"])


def suggestions_for_unit(unit, limit=5, exclude_initiative=None):
    rollout = rollout_models()
    if unit is None or rollout is None:
        return []
    active = [s for s in rollout.AdoptionStatus.values if s != rollout.AdoptionStatus.PLANNED]
    districts = district_ids(unit)
    started = Q(adoptions__status__in=active)
    near_district = started & (Q(adoptions__unit__parent_id__in=districts)
                               | Q(adoptions__unit__predecessors__parent_id__in=districts))
    candidates = (InitiativePage.objects.live().filter(status=InitiativeStatus.RECOGNISED)
                  .exclude(origin_unit=unit).exclude(adoptions__unit=unit)
                  .select_related("origin_unit")
                  .annotate(adopters=Count("adoptions__unit", filter=started, distinct=True),
                            province_adopters=Count("adoptions__unit", distinct=True,
                                                    filter=started & Q(adoptions__unit__province_id=unit.province_id)),
                            district_adopters=Count("adoptions__unit", filter=near_district, distinct=True)))
    if exclude_initiative is not None:
        candidates = candidates.exclude(pk=exclude_initiative)
    candidates = list(candidates)
    impacts = impact_of([page.pk for page in candidates])
    items = [{"page": page, "title": page.title, "adopters": page.adopters,
              "province_adopters": page.province_adopters, "district_adopters": page.district_adopters,
              "impact": impacts.get(page.pk)} for page in candidates]
    return sorted(items, key=sort_key)[:limit]


def adoption_nearby(initiative, unit):
    """For an initiative page seen by a unit's officer: has the unit adopted it, and how many of its
    neighbours have."""
    rollout = rollout_models()
    if unit is None or rollout is None:
        return None
    adoptions = rollout.Adoption.objects.filter(initiative=initiative).exclude(status=rollout.AdoptionStatus.PLANNED)
    return {
        "unit": unit,
        "adopted": rollout.Adoption.objects.filter(initiative=initiative, unit=unit).exists(),
        "province_adopters": adoptions.filter(unit__province_id=unit.province_id).values("unit").distinct().count(),
    }
