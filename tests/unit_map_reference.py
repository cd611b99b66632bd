"""The unit map computed from the live tables (every adoption read): the reference that the stored
unit map (public/unit_maps.py, drawn from the per-unit tables the writes keep) is compared with in
tests/test_unit_map_store.py. Not used by any page."""

from collections import Counter

from django.db.models import Count
from django.db.models.functions import Coalesce

from rollout.maps import (Adopter, LEARNT_LIMIT, _current_provinces, draw_unit_map, first_learnt, marks_for,
                          province_table)
from rollout.models import Adoption
from units import geo
from units.vocabulary import todays_province_id


def unit_map(unit, rollup_ids, initiatives):
    """Where the unit's initiatives were adopted (marks by status) and the units it learnt from
    (marks with a line to the unit). `initiatives`: the public initiatives to count (a queryset).

    The unit page draws the same map from the per-unit tables (public/unit_maps.py), with `draw_unit_map`."""
    originated = initiatives.filter(origin_unit_id__in=rollup_ids)
    adopters = []
    rows = list(Adoption.objects.filter(initiative__in=originated.values("pk")).order_by("pk").values_list(
        "pk", "status", "start_date", "unit__name", "unit__key", "unit__longitude", "unit__latitude",
        "unit__valid_until", "unit__province_id", "unit__province__valid_until"))
    for pk, status, start, name, key, lon, lat, until, prov, prov_until in rows:
        x, y = geo.project(lon, lat) if lon is not None and lat is not None else (None, None)
        adopters.append(Adopter(pk, status, start, name, key, x, y,
                                todays_province_id(prov, prov_until is not None), until is not None))
    # What it adopted, from whom: another adopter's unit, else the initiative's origin. The list is the
    # first LEARNT_LIMIT (by title); the sources are counted in the database, whatever their number.
    adopted = Adoption.objects.filter(unit_id__in=rollup_ids, initiative__in=initiatives.values("pk"))
    learnt = first_learnt(adopted)
    learnt_total = len(learnt) if len(learnt) <= LEARNT_LIMIT else adopted.count()
    if not adopters and not learnt:
        return None
    per_source = Counter(dict(
        adopted.annotate(source=Coalesce("replicated_from_adoption__unit_id", "initiative__origin_unit_id"))
        .order_by().values("source").annotate(n=Count("pk")).values_list("source", "n")))
    return draw_unit_map(unit, marks_for(adopters), Counter(a.status for a in adopters),
                         province_table(adopters, _current_provinces())[0], learnt, learnt_total, per_source)
