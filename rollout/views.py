"""What the public pages show about rollout: computed here, rendered by templates/rollout/*.html
(included from the initiative page and the unit page through {% load rollout_tags %}).

Queries are bounded: a handful per page plus two per metric for impact, whatever the number of
adopters or observations."""

import dataclasses
from collections import defaultdict
from itertools import groupby

from django.db.models import Count, F, OuterRef, Q, Subquery, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils.translation import gettext as _

from units.models import AdministrativeUnit
from core.paging import page_of, query_with

from .charts import MAX_CHARTS, line_chart_svg
from .impact_store import metric_impacts, stored_impact
from .models import ACTIVE_STATUSES, Adoption, AdoptionStatus, MetricUnit, Observation
from .periods import PeriodKind, period_label

ADOPTERS_PER_PAGE = 25  # initiative page: adopting units listed per page
ADOPTIONS_PER_PAGE = 20  # unit page: models the unit took up, per page
ORIGINATED_LIMIT = 10  # unit page: its initiatives most adopted elsewhere
LINEAGE_LIMIT = 200  # the "who learnt from whom" tree is drawn up to this many adopters
# Preferred kind when a unit reports a metric for several kinds of period (one line per chart:
# adding a year to a quarter would mislead).
KIND_PREFERENCE = [PeriodKind.YEAR, PeriodKind.HALF, PeriodKind.QUARTER, PeriodKind.MONTH, PeriodKind.YEAR_TO_DATE]


@dataclasses.dataclass
class LineageNode:
    adoption: Adoption
    children: list


@dataclasses.dataclass
class Series:
    """One chart: a unit's metric over periods of one kind, with its table alternative."""

    unit: AdministrativeUnit
    metric: object
    kind: str
    observations: list
    marker_date: object = None
    marker_label: str = ""

    @property
    def suffix(self):
        return "%" if self.metric.unit == MetricUnit.PERCENT else ""

    @property
    def title(self):
        return f"{self.metric.display_name} — {self.unit.name}"

    @property
    def rows(self):
        return [{"label": period_label(o.period_key), "value": o.value, "source": o.source,
                 "rating": self.metric.label_for(o.value)} for o in self.observations]

    @property
    def svg(self):
        # Every period on one time axis, each at its middle (a year in July, a quarter mid-quarter),
        # one line per kind of period; a figure that could not be added up is in the table only.
        points = [(_middle(o), o.value, o.period.label, o.period.short_label, str(PeriodKind(o.period_kind).label))
                  for o in self.observations if o.value is not None]
        return line_chart_svg(points, self.marker_date, title=self.title, suffix=self.suffix,
                              marker_label=self.marker_label or _("Bắt đầu áp dụng"),
                              chart_id=f"chart-{self.unit.pk}-{self.metric.pk}-{self.kind}",
                              format_value=self._format, lower_is_better=not self.metric.higher_is_better)

    def _format(self, value):
        from .templatetags.rollout_tags import metric_value

        return metric_value(value, self.metric)


def _middle(observation):
    start = getattr(observation, "period_start", None) or observation.period_end
    return start + (observation.period_end - start) / 2


def lineage_tree(adoptions):
    """Nested LineageNode list: adopters who learnt from the initiative itself at the top, each with
    those who learnt from them (in start order)."""
    children = defaultdict(list)
    ids = {a.pk for a in adoptions}
    for adoption in adoptions:
        parent = adoption.replicated_from_adoption_id
        children[parent if parent in ids else None].append(adoption)

    def build(parent_id, seen):
        nodes = []
        for adoption in children.get(parent_id, []):
            if adoption.pk not in seen:  # lineage is a tree by construction; stay safe on bad data
                nodes.append(LineageNode(adoption, build(adoption.pk, seen | {adoption.pk})))
        return nodes

    return build(None, frozenset())


def one_per_period(observations):
    """One point per period, in order: the unit-wide value, else the value measuring the adoption
    with the smallest id (a unit that runs several models may report the same indicator for each;
    a chart with several points at one date would zigzag)."""
    best = {}
    for o in observations:
        rank = (o.adoption_id is not None, o.adoption_id or 0)
        if o.period_key not in best or rank < best[o.period_key][0]:
            best[o.period_key] = (rank, o)
    return sorted((o for _rank, o in best.values()), key=lambda o: (o.period_end, o.period_start, o.pk))


def series_from(observations, markers=None, limit=MAX_CHARTS):
    """Group observations (ordered by unit, metric, period_end) into one Series per unit and metric,
    keeping the preferred period kind. `markers` maps unit id -> (date, label)."""
    markers = markers or {}
    result = []
    for (unit_id, metric_id), group in groupby(observations, key=lambda o: (o.unit_id, o.metric_id)):
        group = list(group)
        kinds = {o.period_kind for o in group}
        kind = next(k for k in KIND_PREFERENCE if k in kinds) if len(kinds) == 1 else "mixed"
        chosen = one_per_period(group)  # every period reported, whatever its kind
        date, label = markers.get(unit_id, (None, ""))
        result.append(Series(chosen[0].unit, chosen[0].metric, kind, chosen, date, label))
    # Series with more points first: they say most; then catalogue order.
    result.sort(key=lambda s: (-len(s.observations), s.metric.sort_order, s.unit.name))
    return result[:limit]


def _of_level(unit_ids, level):
    """The units of `level` among `unit_ids`, as a subquery: the database then starts from those few
    units (a province page: the province and the old provinces merged into it) and reads their rows by
    index, where a list of every unit below a province made it scan the table."""
    return AdministrativeUnit.objects.filter(pk__in=unit_ids, level=level).values("pk")


def _observations(unit_ids, measuring=Q(), level=None):
    """The units' own observations and those measuring the adoptions `measuring` selects (only units
    of `level` when given)."""
    return list(
        Observation.objects.filter(unit_id__in=_of_level(unit_ids, level) if level else unit_ids)
        .filter(Q(adoption__isnull=True) | (Q(adoption__isnull=False) & measuring))
        .select_related("unit", "metric")
        .order_by("unit_id", "metric__sort_order", "metric_id", "period_end", "period_start")
    )


def initiative_rollout_context(page, request=None):
    """The initiative page's rollout section. Bounded whatever the number of adopters: counts per
    status and per province are aggregates, the adopters a page of ?trang= (optionally one province,
    ?tinh=), the learning tree only up to LINEAGE_LIMIT adopters, charts for at most MAX_CHARTS units."""
    all_adoptions = Adoption.objects.filter(initiative=page)
    status_counts = dict(all_adoptions.order_by().values_list("status").annotate(n=Count("pk")))
    adopter_count = sum(status_counts.values())
    # Per province on today's map (issue 18: one vocabulary): an old unit counts under the province
    # that took its old one over (rollout.maps.adoptions_by_province, as the map); ?tinh= takes
    # today's key, or an old province's key or name, which means its successor.
    from units.vocabulary import resolve_current_province

    from .maps import adoptions_by_province

    counts = adoptions_by_province(all_adoptions) if adopter_count else {}
    names = dict(AdministrativeUnit.objects.filter(key__in=counts).values_list("key", "name")) if counts else {}
    by_province = sorted(({"key": key, "name": names.get(key, key), "n": n} for key, n in counts.items()),
                         key=lambda row: (row["name"], row["key"]))
    unplaced = adopter_count - sum(counts.values())
    if unplaced:
        by_province.append({"key": "", "name": "", "n": unplaced})
    wanted = request.GET.get("tinh", "").strip()[:120] if request is not None else ""
    province = resolve_current_province(wanted) if wanted else None
    province_key = province.key if province is not None and province.key in counts else ""
    listed = all_adoptions.select_related("unit", "unit__province", "unit__parent", "replicated_from_adoption__unit")
    if province_key:  # its adopters, and those of the old provinces merged into it
        listed = listed.filter(unit__province_id__in=province.succession_ids())
    adoptions = page_of(request, listed.order_by("unit__province__name", "unit__name", "pk"), ADOPTERS_PER_PAGE, "trang")
    for row in by_province:
        row["query"] = query_with(request, tinh=row["key"] or None, trang=None)
        row["selected"] = bool(row["key"]) and row["key"] == province_key
    lineage = None
    if adopter_count <= LINEAGE_LIMIT:
        lineage = lineage_tree(list(all_adoptions.select_related("unit").order_by(
            F("start_date").asc(nulls_last=True), "pk")))
    stored = stored_impact(page) if adopter_count else None  # precomputed (rollout.impact_store)
    impacts = metric_impacts(page, stored) if stored is not None else []

    # Charts: adopters with a measured impact (their own series, marked at their start), then the
    # originating unit's own figures marked at the initiative's start.
    measured = list(dict.fromkeys(unit_id for result in impacts for unit_id in result.chart_unit_ids))[:MAX_CHARTS]
    chart_units = [page.origin_unit_id, *measured]
    markers = {unit_id: (start, _("Bắt đầu áp dụng")) for unit_id, start in all_adoptions.filter(
        unit_id__in=chart_units, start_date__isnull=False).order_by("start_date").values_list("unit_id", "start_date")}
    if page.start_date:
        markers[page.origin_unit_id] = (page.start_date, _("Bắt đầu sáng kiến"))
    charts = series_from(_observations(chart_units, Q(adoption__initiative=page)), markers)
    return {
        "page": page,
        "adoptions": adoptions,
        "adopter_count": adopter_count,
        "active_count": sum(status_counts.get(s, 0) for s in ACTIVE_STATUSES),
        "status_counts": [(AdoptionStatus(s).label, status_counts[s]) for s in AdoptionStatus.values if status_counts.get(s)],
        "by_province": by_province,
        "province_key": province_key,
        "all_provinces_query": query_with(request, tinh=None, trang=None),
        "lineage": lineage,
        "lineage_limit": LINEAGE_LIMIT,
        "impacts": impacts,
        # When the figures were computed: shown as "cập nhật lúc …" (a stale row is shown as stored
        # while its one background refresh runs).
        "impact_computed_at": stored.computed_at if stored is not None else None,
        "impact_stale": bool(stored is not None and stored.stale),
        "charts": charts,
    }


def _adoption_count(adoptions):
    """A correlated count of `adoptions` (filtered on OuterRef), 0 when there are none."""
    return Coalesce(Subquery(adoptions.order_by().values("initiative").annotate(n=Count("pk")).values("n")), 0)


def _most_adopted(unit_ids):
    """Up to ORIGINATED_LIMIT + 1 live initiatives originated in `unit_ids` that others adopted, most
    adopted first, with adopter_count and active_count. Each initiative's adoptions are counted by
    index (a correlated count): joining every initiative of a province to all its adoptions and
    grouping made the database read the whole adoption table and the whole page table."""
    adoptions = Adoption.objects.filter(initiative=OuterRef("pk"))
    from public.rules import public_initiatives

    top = (public_initiatives().filter(origin_unit_id__in=unit_ids)
           .annotate(adopter_count=_adoption_count(adoptions),
                     active_count=_adoption_count(adoptions.filter(status__in=ACTIVE_STATUSES)))
           .order_by("-adopter_count", "title")[:ORIGINATED_LIMIT + 1])
    # Most adopted first, so dropping the unadopted afterwards keeps the same list (a filter in SQL
    # would count every initiative's adoptions a second time).
    return [page for page in top if page.adopter_count]


def unit_map_section_context(request, unit, rollup_ids):
    """The unit page's map, None when there is nothing to place: drawn from the per-unit tables the
    writes keep (public/unit_maps.py)."""
    from public.unit_maps import unit_map

    return unit_map(unit, rollup_ids)


def unit_section_context(request, unit, rollup_ids):
    """The unit page's rollout section (registered with units.sections in RolloutConfig.ready)."""
    return unit_rollout_context(unit, rollup_ids, request=request)


def unit_rollout_context(unit, rollup_ids=None, request=None):
    """Adoptions made by the unit and by the units that roll up to it (its predecessors before the
    2025 merger; for a province or district, the units below) — a page of ?trang= —, the initiatives
    it originated that others adopted most, and its indicators over time. Five queries whatever the
    number of adoptions."""
    from public.rules import public_adoptions
    from public.summary import totals

    ids = set(rollup_ids) if rollup_ids is not None else unit.rollup_ids()
    # The total from the per-unit counts kept by the writes (public/summary.py): counting the rows of a
    # province (30,000 adoptions at national scale) cost 147 ms.
    adoptions = page_of(
        request,
        public_adoptions().filter(unit_id__in=ids)
        .select_related("initiative", "unit", "initiative__origin_unit", "replicated_from_adoption__unit")
        .order_by(F("start_date").desc(nulls_last=True), "initiative__title", "unit__name", "pk"),
        ADOPTIONS_PER_PAGE, "trang", count=totals(ids)["adoptions_public"])
    originated = _most_adopted(ids)
    # Indicators: the unit's own level only (a province page does not chart every commune).
    # Each charted unit's latest adoption marks its chart (one row per unit, chosen by the database).
    latest = (public_adoptions().filter(unit_id__in=_of_level(ids, unit.level), start_date__isnull=False)
              .annotate(recency=Window(RowNumber(), partition_by=[F("unit_id")],
                                       order_by=[F("start_date").desc(), F("pk").desc()]))
              .filter(recency=1).select_related("initiative"))
    markers = {a.unit_id: (a.start_date, _("Áp dụng “%(title)s”") % {"title": a.initiative.title}) for a in latest}
    charts = unit_charts(unit, markers)
    return {"unit": unit, "adoptions": adoptions, "originated": originated[:ORIGINATED_LIMIT],
            "more_originated": len(originated) > ORIGINATED_LIMIT, "charts": charts, "rolled_up": len(ids) > 1}


def unit_charts(unit, markers=None, limit=MAX_CHARTS):
    """The unit's indicators over time: its own figures and, for periods it did not report itself,
    those of the units merged into it, added up by the roll-up rule (rollout.rollups; a rate from its
    counts, never an average). Values measuring one adoption appear for a metric the unit reports
    no unit-wide figure for. Bounded: the succession graph, one query of figures, one of adoptions'."""
    from .rollups import figures_for

    markers = markers or {}
    by_metric = figures_for([unit], succession_only=True).get(unit.pk, {})
    date, label = markers.get(unit.pk, (None, ""))
    charts = []
    for figures in by_metric.values():
        for figure in figures:
            if not figure.own:
                figure.source = "; ".join(t for t in (figure.source, figure.note) if t)
        kinds = {f.period_kind for f in figures}
        kind = next(iter(kinds)) if len(kinds) == 1 else "mixed"
        charts.append(Series(unit, figures[0].metric, kind, figures, date, label))
    measured = [o for o in _observations([unit.pk], Q(adoption__initiative__live=True)) if o.adoption_id
                and o.metric_id not in by_metric]
    charts += series_from(measured, markers, limit=limit)
    charts.sort(key=lambda s: (-len(s.observations), s.metric.sort_order, s.unit.name))
    return charts[:limit]
