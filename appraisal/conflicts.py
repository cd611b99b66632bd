"""Conflict of interest: the one rule every path asks (`is_conflicted`).

A member is conflicted on an initiative when they declared it, when they own the page, or when
their unit is related to the initiative's origin unit:
- the same unit, counting both eras: a historic commune, the current commune that succeeded it and
  the other communes merged into that one are one "lineage" (see `_lineage_ids`);
- the parent of a unit in that lineage (e.g. the district that supervised the commune), except a
  province: a provincial council is made of provincial officers, who oversee every unit of the
  province, so counting the province as "parent" would bar the whole council
  (setting APPRAISAL_CONFLICT_PROVINCE_PARENT = True restores the strict rule);
- a child of a unit in that lineage (a commune officer appraising their district's initiative).
Members are bound to units in force today, so the member's side counts across the reorganisation too:
the member's unit stands for the units of its level merged into it (`member_unit_ids`, the successor
links core.roles.acting_unit_ids follows). A member of Xã Long Khánh, formed from Long Khánh A and B of
the abolished Hồng Ngự district, is conflicted on Long Khánh A's initiatives (lineage) and on the
district's (a child of the district went into their unit), not on a neighbouring commune's.
"""

from django.conf import settings

from units.models import AdministrativeUnit, UnitLevel

from .models import ConflictDeclaration


def _lineage_ids(unit_id):
    """The unit and the same place across the 2025 reorganisation: its successors and predecessors
    of the same level, and the other units merged into the same successor (two communes merged into
    one are one commune now). Not transitive beyond that, and never across levels: a district's
    "successor" is the whole province, which is not the same place."""
    unit = AdministrativeUnit.objects.filter(pk=unit_id).values("level").first()
    if unit is None:
        return {unit_id}
    same_level = AdministrativeUnit.objects.filter(level=unit["level"])
    successors = set(same_level.filter(predecessors=unit_id).values_list("pk", flat=True))
    predecessors = set(same_level.filter(successors__in={unit_id} | successors).values_list("pk", flat=True))
    return {unit_id} | successors | predecessors


def conflict_unit_ids(unit_id):
    """Units whose members are conflicted on an initiative from `unit_id`."""
    lineage = _lineage_ids(unit_id)
    parents = AdministrativeUnit.objects.filter(children__in=lineage)
    if not getattr(settings, "APPRAISAL_CONFLICT_PROVINCE_PARENT", False):
        parents = parents.exclude(level=UnitLevel.PROVINCE)
    children = AdministrativeUnit.objects.filter(parent__in=lineage)
    return lineage | set(parents.values_list("pk", flat=True)) | set(children.values_list("pk", flat=True))


def member_unit_ids(unit):
    """The member's unit and the units of its level merged into it, at any depth (the successor links
    of `AdministrativeUnit.succession_ids`, the officers' rule). Same level only: an old district's
    successor is a whole province, so the districts "merged into" a province are not its members' units."""
    if unit is None:
        return set()
    return set(AdministrativeUnit.objects.filter(pk__in=unit.succession_ids(), level=unit.level)
               .values_list("pk", flat=True)) | {unit.pk}


def _cached_member_units(member, affiliation):
    # Cached on the user object for the request, keyed by the unit (one member, many initiatives).
    cached = getattr(member, "_appraisal_member_units", None)
    if cached is None or cached[0] != affiliation.unit_id:
        cached = (affiliation.unit_id, frozenset(member_unit_ids(affiliation.unit)))
        member._appraisal_member_units = cached
    return cached[1]


def _cached_conflict_units(initiative):
    # Cached on the instance: one lookup per initiative per request, however many members are checked.
    cached = getattr(initiative, "_appraisal_conflict_units", None)
    if cached is None:
        cached = conflict_unit_ids(initiative.origin_unit_id)
        initiative._appraisal_conflict_units = cached
    return cached


def automatic_conflict(member, initiative):
    if initiative.owner_id is not None and initiative.owner_id == member.pk:
        return True
    affiliation = getattr(member, "affiliation", None)  # RelatedObjectDoesNotExist is an AttributeError
    if affiliation is None:
        return False
    return not _cached_conflict_units(initiative).isdisjoint(_cached_member_units(member, affiliation))


def is_conflicted(member, initiative):
    """True when `member` must not be assigned to, score, or see scores and notes of `initiative`."""
    if member is None or not getattr(member, "is_authenticated", False):
        return True
    if ConflictDeclaration.objects.filter(member=member, initiative_id=initiative.pk).exists():
        return True
    return automatic_conflict(member, initiative)
