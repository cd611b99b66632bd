"""Initiative counts per administrative unit, with merged units rolled up to today's units.

An initiative keeps the unit that invented it (often a commune that no longer exists); counts shown
for today's map attribute it to that unit's successor(s). Each function runs a fixed number of
queries whatever the number of units: one aggregate over initiatives, one for the succession links.
"""

from collections import Counter

from django.db.models import Count

from .models import AdministrativeUnit
from .text import vn_sort_key


def live_initiatives():
    """Public initiatives (public/rules.py: live, not view-restricted, in a site)."""
    from public.rules import public_initiatives

    return public_initiatives()


def initiatives_of(unit, rollup_ids=None):
    """Public initiatives that originated in `unit` or any unit rolling up to it, newest first."""
    return (
        live_initiatives()
        .filter(origin_unit_id__in=unit.rollup_ids() if rollup_ids is None else rollup_ids)
        .select_related("origin_unit", "origin_unit__province", "reform_area")
        .order_by("-first_published_at", "-pk")
    )


def _successor_targets(origin_ids, target_ids):
    """{historic unit id: [ids among target_ids it went into]} in one query."""
    through = AdministrativeUnit.successors.through
    targets = {}
    for from_id, to_id in through.objects.filter(
        from_administrativeunit_id__in=origin_ids, to_administrativeunit_id__in=target_ids
    ).values_list("from_administrativeunit_id", "to_administrativeunit_id"):
        targets.setdefault(from_id, []).append(to_id)
    return targets


def child_counts(unit, rollup_ids=None):
    """Children of `unit` (communes of a province, districts of an old province, communes of a
    district), each annotated with `initiative_count`: live initiatives that originated in the child,
    below it, or in a unit merged into it. Sorted by name."""
    return children_and_total(unit, rollup_ids)[0]


def children_and_total(unit, rollup_ids=None):
    """(child_counts(unit), the number of live initiatives of `unit` and the units rolling up to it):
    the total comes with the same aggregate, so the unit page's initiative list needs no COUNT."""
    children = sorted(unit.children.order_by("key"), key=lambda u: vn_sort_key(u.short_name))
    child_ids = {c.pk for c in children}
    per_origin = (
        live_initiatives()
        .filter(origin_unit_id__in=unit.rollup_ids() if rollup_ids is None else rollup_ids)
        .values_list("origin_unit_id", "origin_unit__parent_id")
        .annotate(n=Count("pk"))
        .order_by()  # without it the pages' default ordering (path) joins the GROUP BY: one group per initiative
    )
    counts, unplaced, total = Counter(), {}, 0
    for origin_id, parent_id, n in per_origin:
        total += n
        if origin_id in child_ids:
            counts[origin_id] += n
        elif parent_id in child_ids:
            counts[parent_id] += n
        else:
            unplaced[origin_id] = n
    # A merged commune's initiatives count for each commune it went into (a split commune for several).
    for origin_id, targets in _successor_targets(list(unplaced), child_ids).items():
        for target in targets:
            counts[target] += unplaced[origin_id]
    for child in children:
        child.initiative_count = counts[child.pk]
    return children, total


def province_counts(provinces):
    """`provinces` (a list of current or historic provinces) annotated with `initiative_count`;
    a current province also counts initiatives of the old provinces merged into it."""
    from core.page_cache import cached_until_change

    # Initiatives per province change only when one is published, unpublished, moved or deleted, which
    # moves the public generation: kept until then (217 ms of counting at national scale on /don-vi/).
    per_province = Counter(cached_until_change("units:province-counts:v1", lambda: dict(
        live_initiatives().values_list("origin_unit__province_id").annotate(n=Count("pk")).order_by()), 300))
    ids = [p.pk for p in provinces]
    merged_into = _successor_targets(list(per_province), ids)
    counts = Counter({pk: n for pk, n in per_province.items() if pk in set(ids)})
    for old_id, targets in merged_into.items():
        for target in targets:
            counts[target] += per_province[old_id]
    for province in provinces:
        province.initiative_count = counts[province.pk]
    return provinces


def unit_path(unit):
    """[commune, district, province] of `unit`, from itself upwards."""
    return [unit, *unit.ancestors()]

