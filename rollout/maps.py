"""What the maps of replication show, computed here and drawn by units.geo:

- an initiative's map: its origin and every adopting unit, coloured by adoption status, marks that
  would overlap aggregated into one (its size and title say how many), and a timeline: one small map
  per year with the units that had started by the end of it, coloured by their status then (from the
  adoption's status history). A unit that no longer exists (merged on 1/7/2025) is placed at its own
  coordinates and its successor is named.
- the national picture (home page, showcase): adoptions per province of today, shaded. A unit of the
  old era counts for the province that took it over (every old province went whole into one new one).
- a unit's map: where its initiatives were adopted, and the units it learnt from.

Each map comes with its data as a table (templates/rollout/includes/*map*.html). Queries are a fixed
handful per map whatever the number of adopters (values rows, no model instances), and the SVG stays
small: marks closer than a few kilometres on screen become one.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.formatting import format_number
from units import geo
from units.models import AdministrativeUnit
from units.vocabulary import todays_province_id

from .models import Adoption, AdoptionStatus, AdoptionStatusChange

CELL = 10  # viewBox units (the map is 600 wide, ~25 km): marks closer than this are aggregated
FRAME_CELL = 20  # coarser for the small multiples
MAX_FRAMES = 8  # the timeline shows at most this many years (earlier ones are folded into the first)
# A unit page lists at most this many of the models the unit adopted (a province's communes adopted
# some 38,000 at national scale: listed whole, the page was 7 MB and never cached), names at most
# SOURCE_TITLES of them in a source's tooltip, and draws a line from at most MAX_SOURCE_LINES sources
# (those it learnt most from).
LEARNT_LIMIT = 50
SOURCE_TITLES = 3
MAX_SOURCE_LINES = 200
STATUS_ORDER = list(AdoptionStatus.values)
MAP_TTL = 600  # seconds a computed map may be reused; every public change invalidates it sooner
# Short class names (static/css/map.css): thousands of marks on a page.
STATUS_CLASS = {"planned": "pl", "piloting": "pi", "operating": "op", "suspended": "su", "discontinued": "di"}


def status_css(status):
    return STATUS_CLASS.get(status, "pl")


def _current_provinces():
    return {pk: (key, name) for pk, key, name in AdministrativeUnit.objects.current().provinces()
            .values_list("pk", "key", "name")}


def _successor_names(unit_ids):
    """{historic unit id: "Xã A, Xã B"}: the units in force today that took each over (one step, how
    the 2025 reorganisation was recorded; a split commune names all its successors)."""
    names = defaultdict(list)
    through = AdministrativeUnit.successors.through
    for from_id, name in (through.objects.filter(from_administrativeunit_id__in=unit_ids)
                          .order_by("to_administrativeunit__name").values_list(
                              "from_administrativeunit_id", "to_administrativeunit__name")):
        names[from_id].append(name)
    return {pk: ", ".join(v) for pk, v in names.items()}


@dataclass
class Adopter:
    adoption_id: int
    status: str
    start: datetime.date | None
    unit_name: str
    unit_key: str
    x: float | None
    y: float | None
    province_id: int | None  # today's province
    historic: bool
    successor: str = ""

    @property
    def label(self):
        if self.historic:
            if self.successor:
                return _("%(unit)s (trước 01/07/2025; nay thuộc %(successor)s)") % {
                    "unit": self.unit_name, "successor": self.successor}
            return _("%(unit)s (trước 01/07/2025)") % {"unit": self.unit_name}
        return self.unit_name


def adopters_of(initiative):
    """Every adoption of the initiative as an Adopter (three queries)."""
    rows = list(Adoption.objects.filter(initiative=initiative).order_by("start_date", "pk").values_list(
        "pk", "status", "start_date", "unit_id", "unit__name", "unit__key", "unit__longitude", "unit__latitude",
        "unit__valid_until", "unit__province_id", "unit__province__valid_until"))
    historic_ids = [r[3] for r in rows if r[8] is not None]
    successor_names = _successor_names(historic_ids) if historic_ids else {}
    adopters = []
    for pk, status, start, unit_id, name, key, lon, lat, until, prov, prov_until in rows:
        x, y = geo.project(lon, lat) if lon is not None and lat is not None else (None, None)
        adopters.append(Adopter(pk, status, start, name, key, x, y,
                                todays_province_id(prov, prov_until is not None), until is not None,
                                successor_names.get(unit_id, "")))
    return adopters


def _labels():
    """{status: label} in the active language, looked up once per map (not once per mark)."""
    return {s: AdoptionStatus(s).label for s in STATUS_ORDER}


def status_summary(counter, labels=None):
    """'10 đang vận hành, 2 thí điểm' in the statuses' order."""
    labels = labels or _labels()
    return ", ".join(f"{format_number(counter[s])} {labels[s].lower()}" for s in STATUS_ORDER if counter.get(s))


def _main_status(statuses):
    """The status most units of a mark have (ties: the order of AdoptionStatus)."""
    best, best_n = None, -1
    for s in STATUS_ORDER:
        n = statuses.get(s, 0)
        if n > best_n:
            best, best_n = s, n
    return best


def marks_for(adopters, cell=CELL, status_of=None, with_titles=True, labels=None):
    """Aggregated marks: one per grid cell, coloured by the status most of its units have, sized by
    how many it stands for (data-count), titled with the unit or the count per status."""
    labels = labels or _labels()
    points = [(a.x, a.y, a) for a in adopters if a.x is not None]
    marks = []
    for cx, cy, members in geo.aggregate(points, cell):
        statuses = Counter(status_of(a) for a in members) if status_of else Counter(a.status for a in members)
        main = _main_status(statuses)
        if not with_titles:
            title = ""
        elif len(members) == 1:
            title = f"{members[0].label} — {labels[main]}"
        else:
            title = ngettext("%(n)s đơn vị: %(statuses)s", "%(n)s đơn vị: %(statuses)s", len(members)) % {
                "n": format_number(len(members)), "statuses": status_summary(statuses, labels)}
        marks.append(geo.Mark(cx, cy, len(members), f"m {status_css(main)}", title,
                              {"count": len(members)} if with_titles else {}))
    return marks


def origin_mark(unit, title):
    if unit is None or unit.longitude is None or unit.latitude is None:
        return None
    x, y = geo.project(unit.longitude, unit.latitude)
    return geo.Mark(x, y, 1, "map-origin", title, {"origin": unit.key}, radius=6)


def status_at(changes, year_end, fallback):
    """The status in force at `year_end` from [(effective_date, to_status)] in recording order."""
    current = None
    for effective, status in sorted(changes, key=lambda c: c[0]):
        if effective <= year_end:
            current = status
    return current or fallback


def timeline_years(starts, today=None, limit=MAX_FRAMES):
    """The years the timeline shows: from the first start to the last one (or this year when later
    starts are none), at most `limit` (the most recent); [] when no start date is known."""
    years = sorted({d.year for d in starts if d})
    if not years:
        return []
    first, last = years[0], years[-1]
    span = list(range(first, last + 1))
    return span[-limit:]


@dataclass
class ProvinceRow:
    key: str
    name: str
    statuses: Counter = field(default_factory=Counter)

    @property
    def total(self):
        return sum(self.statuses.values())

    def count(self, status):
        return self.statuses.get(status, 0)


def province_table(adopters, provinces):
    rows = {}
    unknown = Counter()
    for a in adopters:
        if a.province_id in provinces:
            key, name = provinces[a.province_id]
            rows.setdefault(key, ProvinceRow(key, name)).statuses[a.status] += 1
        else:
            unknown[a.status] += 1
    ordered = sorted(rows.values(), key=lambda r: (-r.total, r.name))
    return ordered, unknown


def initiative_map(page):
    """Everything the initiative page's map section needs (see the module docstring)."""
    adopters = adopters_of(page)
    provinces = _current_provinces()
    origin = page.origin_unit
    origin_title = _("Đơn vị khởi xướng: %(unit)s") % {"unit": origin.name}
    labels = _labels()
    marks = marks_for(adopters, labels=labels)
    om = origin_mark(origin, origin_title)
    map_id = f"map-initiative-{page.pk}"
    svg = geo.render_map(
        map_id=map_id,
        title=_("Bản đồ nhân rộng: %(title)s") % {"title": page.title},
        description=ngettext("Đơn vị khởi xướng và %(n)s đơn vị áp dụng, tô màu theo trạng thái.",
                             "Đơn vị khởi xướng và %(n)s đơn vị áp dụng, tô màu theo trạng thái.",
                             len(adopters)) % {"n": format_number(len(adopters))},
        marks=[*marks, *([om] if om else [])])

    # Timeline: status at the end of each year, from the status history (one query).
    changes = defaultdict(list)
    for adoption_id, effective, status in AdoptionStatusChange.objects.filter(
            adoption__initiative=page).order_by("created_at", "pk").values_list("adoption_id", "effective_date", "to_status"):
        changes[adoption_id].append((effective, status))
    years = timeline_years([a.start for a in adopters])
    dated = sorted((a for a in adopters if a.start), key=lambda a: a.start)
    first_year = dated[0].start.year if dated else None
    frames = []
    for i, year in enumerate(years):
        end = datetime.date(year, 12, 31)
        started = [a for a in dated if a.start <= end]
        status_then = {a.adoption_id: status_at(changes[a.adoption_id], end, a.status)
                       for a in started if a.adoption_id in changes}
        frame_marks = marks_for(started, FRAME_CELL, lambda a: status_then.get(a.adoption_id, a.status),
                                with_titles=False, labels=labels)
        label = (_("Đến hết năm %(year)s") if i == 0 and year > first_year else _("Năm %(year)s")) % {"year": year}
        counts = Counter(status_then.get(a.adoption_id, a.status) for a in started)
        frames.append({
            "year": year, "label": label, "total": len(started),
            "new": sum(1 for a in started if a.start.year == year), "summary": status_summary(counts, labels),
            "svg": geo.render_map(
                map_id=f"{map_id}-{year}", css_class="vn-map-small", base_ref=f"{map_id}-base",
                title=ngettext("%(label)s: %(n)s đơn vị đã áp dụng", "%(label)s: %(n)s đơn vị đã áp dụng",
                               len(started)) % {"label": label, "n": format_number(len(started))},
                marks=[*frame_marks, *([geo.Mark(om.x, om.y, 1, "map-origin", "", {}, radius=5)] if om else [])]),
        })
    table, unknown = province_table(adopters, provinces)
    status_totals = Counter(a.status for a in adopters)
    return {
        "map_id": map_id,
        "svg": svg,
        "adopter_count": len(adopters),
        "placed": sum(1 for a in adopters if a.x is not None),
        "legend": [(status_css(s), labels[s], status_totals.get(s, 0)) for s in STATUS_ORDER],
        "statuses": [(s, labels[s]) for s in STATUS_ORDER],
        "province_rows": table,
        "unknown_province": sum(unknown.values()),
        "status_totals": [status_totals.get(s, 0) for s in STATUS_ORDER],
        "frames": frames,
        "undated": sum(1 for a in adopters if not a.start),
        "historic": [a for a in adopters if a.historic][:50],
        "historic_count": sum(1 for a in adopters if a.historic),
        "origin": origin,
    }


# ---------------------------------------------------------------- national picture

def adoptions_by_province(adoptions):
    """{today's province key: number of adoptions in `adoptions`} counted by the database: units of
    today by their province, units of the old era by the province that took their old one over."""
    provinces = _current_provinces()
    counts = Counter()
    for prov, until, n in (adoptions.order_by().values_list("unit__province_id", "unit__province__valid_until")
                           .annotate(n=Count("pk"))):
        today = todays_province_id(prov, until is not None)
        if today in provinces:
            counts[provinces[today][0]] += n
    return dict(counts)


def national_map(adoptions, *, map_id="map-national", title=None):
    """The shaded map of adoptions per province with its legend and table rows."""
    counts = adoptions_by_province(adoptions)
    provinces = {key: name for key, name in _current_provinces().values()}
    thresholds = geo.shade_thresholds(counts.values())
    shading = {key: geo.shade_class(n, thresholds) for key, n in counts.items()}
    titles = {key: ngettext("%(name)s: %(n)s lượt nhân rộng", "%(name)s: %(n)s lượt nhân rộng", counts.get(key, 0))
              % {"name": name, "n": format_number(counts.get(key, 0))} for key, name in provinces.items()}
    total = sum(counts.values())
    svg = geo.render_map(
        map_id=map_id, title=title or _("Lượt nhân rộng theo tỉnh, thành phố"),
        description=_("Bản đồ 34 tỉnh, thành phố, tô đậm theo số lượt nhân rộng; số liệu ở bảng bên dưới."),
        shading=shading, titles=titles)
    rows = sorted(((name, counts.get(key, 0), key) for key, name in provinces.items()),
                  key=lambda r: (-r[1], r[0]))
    return {"map_id": map_id, "svg": svg, "legend": geo.legend_rows(thresholds), "rows": rows, "total": total}


# ---------------------------------------------------------------- a unit's map

def _learnt_models(titles, n):
    """A source's tooltip: the first SOURCE_TITLES titles listed, and how many more were learnt there."""
    named = titles[:SOURCE_TITLES]
    if n <= len(named):
        return "; ".join(named)
    if not named:
        return ngettext("%(n)s mô hình", "%(n)s mô hình", n) % {"n": format_number(n)}
    more = n - len(named)
    return ngettext("%(titles)s và %(n)s mô hình khác", "%(titles)s và %(n)s mô hình khác", more) % {
        "titles": "; ".join(named), "n": format_number(more)}


def first_learnt(adopted):
    """What the unit adopted, from whom: the first LEARNT_LIMIT + 1 of `adopted` (its adoptions of public
    initiatives) by title, each (title, status, source adoption's unit name, its key, origin's name, its
    key, source adoption's unit id, origin's id). One LIMITed query."""
    return list(adopted.order_by("initiative__title", "pk").values_list(
        "initiative__title", "status", "replicated_from_adoption__unit__name",
        "replicated_from_adoption__unit__key", "initiative__origin_unit__name",
        "initiative__origin_unit__key", "replicated_from_adoption__unit_id", "initiative__origin_unit_id")
        [:LEARNT_LIMIT + 1])


def draw_unit_map(unit, adopter_marks, status_totals, province_rows, learnt, learnt_total, per_source):
    """The unit map's section from what it counts: the adopters' marks, their number per status and per
    province (ProvinceRow list), the first learnt rows (`first_learnt`) and their total, and
    {source unit id: models learnt from it}. Queries: the sources' places."""
    learnt = learnt[:LEARNT_LIMIT]
    here = origin_mark(unit, _("%(unit)s (đơn vị này)") % {"unit": unit.name})
    titles_of = defaultdict(list)  # source unit id: titles among the listed rows
    for row in learnt:
        titles_of[row[6] or row[7]].append(row[0])
    places = AdministrativeUnit.objects.only("pk", "name", "key", "longitude", "latitude").in_bulk(
        [pk for pk in per_source if pk is not None])
    points = []  # (x, y, (place, models learnt from it)), the sources it learnt most from first
    for source_id, n in sorted(per_source.items(), key=lambda item: (-item[1], item[0] or 0)):
        place = places.get(source_id)
        if place is not None and place.longitude is not None and place.latitude is not None:
            points.append((*geo.project(place.longitude, place.latitude), (place, n)))
    lines = [f'<line class="map-link" x1="{x:.1f}" y1="{y:.1f}" x2="{here.x:.1f}" y2="{here.y:.1f}"/>'
             for x, y, _source in points[:MAX_SOURCE_LINES]] if here else []
    source_marks = []  # one per grid cell, as the adopters' marks (3,250 sources for a province)
    for cx, cy, members in geo.aggregate(points, CELL):
        if len(members) == 1:
            place, n = members[0]
            source_marks.append(geo.Mark(cx, cy, 1, "map-source", _("%(unit)s — nơi học tập: %(models)s") % {
                "unit": place.name, "models": _learnt_models(titles_of.get(place.pk, []), n)},
                {"source": place.key}, radius=4.5))
            continue
        n = sum(m[1] for m in members)
        source_marks.append(geo.Mark(cx, cy, len(members), "map-source", ngettext(
            "%(places)s nơi học tập gần nhau: %(models)s", "%(places)s nơi học tập gần nhau: %(models)s",
            len(members)) % {"places": format_number(len(members)),
                             "models": ngettext("%(n)s mô hình", "%(n)s mô hình", n) % {"n": format_number(n)}},
            {"count": len(members)}, radius=4.5))
    svg = geo.render_map(
        map_id=f"map-unit-{unit.pk}",
        title=_("Bản đồ nhân rộng của %(unit)s") % {"unit": unit.name},
        description=_("Nơi đã áp dụng sáng kiến của đơn vị (tô màu theo trạng thái) và nơi đơn vị đã học tập."),
        marks=[*adopter_marks, *source_marks, *([here] if here else [])],
        underlay=f'<g class="map-links">{"".join(lines)}</g>' if lines else "")
    return {
        "svg": svg,
        "adopter_count": sum(status_totals.values()),
        "legend": [(status_css(s), AdoptionStatus(s).label, status_totals.get(s, 0)) for s in STATUS_ORDER],
        "learnt": [{"title": r[0], "status": AdoptionStatus(r[1]).label, "source": r[2] or r[4],
                    "source_key": r[3] or r[5]} for r in learnt],
        "learnt_total": learnt_total,
        "learnt_more": learnt_total - len(learnt),
        "provinces": province_rows,
    }
