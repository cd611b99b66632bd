"""The unit page's map (/don-vi/<key>/) from the per-unit tables the writes keep (public/unit_map_store.py):
the same section tests/unit_map_reference.py computes from the live tables (the tests compare them), but
the adopters' marks, legend and province table come from UnitSpread and the sources from UnitLearning,
summed over the units the page rolls up. Only the first LEARNT_LIMIT learnt models (by title) are read
from the adoptions, a LIMITed query. Queries: a fixed handful whatever the number of adoptions."""

from collections import Counter, defaultdict

from django.db.models import Min, Sum
from django.utils.translation import ngettext

from core.formatting import format_number
from rollout import maps
from units import geo
from units.models import AdministrativeUnit


def _spread(rollup_ids):
    """[(cell x, cell y, province id, status, adoptions, sum x, sum y, a unit)] summed over `rollup_ids`."""
    from .models import UnitSpread

    return list(UnitSpread.objects.filter(origin_id__in=rollup_ids).order_by()
                .values_list("cell_x", "cell_y", "province_id", "status")
                .annotate(n=Sum("adoptions"), sx=Sum("sum_x"), sy=Sum("sum_y"), sample=Min("unit_id_sample")))


def _per_source(rollup_ids):
    from .models import UnitLearning

    return Counter(dict(UnitLearning.objects.filter(adopter_id__in=rollup_ids).order_by()
                        .values_list("source_id").annotate(n=Sum("adoptions")).values_list("source_id", "n")))


def adopter_marks(rows, labels=None):
    """The adopters' marks (as rollout.maps.marks_for draws them, one per grid cell) from spread rows."""
    labels = labels or maps._labels()
    cells = defaultdict(lambda: [Counter(), 0.0, 0.0, None])
    for cx, cy, _province, status, n, sx, sy, sample in rows:
        if cx is None or not n:
            continue
        cell = cells[(cx, cy)]
        cell[0][status] += n
        cell[1] += sx
        cell[2] += sy
        cell[3] = sample if cell[3] is None else min(cell[3], sample)
    single = [cell[3] for cell in cells.values() if sum(cell[0].values()) == 1]
    names = {pk: (name, key, until is not None) for pk, name, key, until in AdministrativeUnit.objects.filter(
        pk__in=single).values_list("pk", "name", "key", "valid_until")} if single else {}
    marks = []
    for key in sorted(cells):
        statuses, sx, sy, sample = cells[key]
        count = sum(statuses.values())
        main = maps._main_status(statuses)
        if count == 1:
            name, unit_key, historic = names.get(sample, ("", "", False))
            label = maps.Adopter(0, main, None, name, unit_key, None, None, None, historic).label
            title = f"{label} — {labels[main]}"
        else:
            title = ngettext("%(n)s đơn vị: %(statuses)s", "%(n)s đơn vị: %(statuses)s", count) % {
                "n": format_number(count), "statuses": maps.status_summary(statuses, labels)}
        marks.append(geo.Mark(sx / count, sy / count, count, f"m {maps.status_css(main)}", title, {"count": count}))
    return marks


def province_rows(rows):
    """rollout.maps.province_table's rows (adoptions per province of today and status) from spread rows."""
    provinces = maps._current_provinces()
    table = {}
    for _cx, _cy, province_id, status, n, _sx, _sy, _sample in rows:
        if province_id in provinces and n:
            key, name = provinces[province_id]
            table.setdefault(key, maps.ProvinceRow(key, name)).statuses[status] += n
    return sorted(table.values(), key=lambda r: (-r.total, r.name))


def unit_map(unit, rollup_ids):
    """The unit page's map section (rollout.maps.draw_unit_map), None when there is nothing to place."""
    from rollout.models import Adoption

    from .rules import public_initiatives

    rows = _spread(rollup_ids)
    per_source = _per_source(rollup_ids)
    learnt_total = sum(per_source.values())
    status_totals = Counter()
    for _cx, _cy, _province, status, n, _sx, _sy, _sample in rows:
        status_totals[status] += n
    status_totals = +status_totals
    if not status_totals and not learnt_total:
        return None
    learnt = []
    if learnt_total:
        learnt = maps.first_learnt(Adoption.objects.filter(
            unit_id__in=rollup_ids, initiative__in=public_initiatives().values("pk")))
    return maps.draw_unit_map(unit, adopter_marks(rows), status_totals, province_rows(rows), learnt,
                              learnt_total, +per_source)

