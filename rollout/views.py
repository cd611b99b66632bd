"""What the public pages show about rollout: computed here, rendered by templates/rollout/*.html
(included from the initiative page and the unit page through {% load rollout_tags %}).

Queries are bounded: a handful per page plus two per metric for impact, whatever the number of
adopters or observations."""

import dataclasses
from collections import defaultdict
from itertools import groupby

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from initiatives.models import InitiativePage
from units.models import AdministrativeUnit

from .charts import line_chart_svg
from .impact import initiative_impact
from .models import ACTIVE_STATUSES, Adoption, AdoptionStatus, MetricUnit, Observation
from .periods import PeriodKind, period_label

MAX_CHARTS = 8
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
        return f"{self.metric.name_vi} — {self.unit.name}"

    @property
    def rows(self):
        return [{"label": period_label(o.period_key), "value": o.value, "source": o.source,
                 "rating": self.metric.label_for(o.value)} for o in self.observations]

    @property
    def svg(self):
        points = [(o.period_end, o.value, o.period.label, o.period.short_label) for o in self.observations]
        return line_chart_svg(points, self.marker_date, title=self.title, suffix=self.suffix,
                              marker_label=self.marker_label or _("Bắt đầu áp dụng"),
                              chart_id=f"chart-{self.unit.pk}-{self.metric.pk}-{self.kind}",
                              format_value=self._format)

    def _format(self, value):
        from .templatetags.rollout_tags import metric_value

        return metric_value(value, self.metric)


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


def series_from(observations, markers=None, limit=MAX_CHARTS):
    """Group observations (ordered by unit, metric, period_end) into one Series per unit and metric,
    keeping the preferred period kind. `markers` maps unit id -> (date, label)."""
    markers = markers or {}
    result = []
    for (unit_id, metric_id), group in groupby(observations, key=lambda o: (o.unit_id, o.metric_id)):
        group = list(group)
        kinds = {o.period_kind for o in group}
        kind = next(k for k in KIND_PREFERENCE if k in kinds)
        chosen = [o for o in group if o.period_kind == kind]
        date, label = markers.get(unit_id, (None, ""))
        result.append(Series(chosen[0].unit, chosen[0].metric, kind, chosen, date, label))
    # Series with more points first: they say most; then catalogue order.
    result.sort(key=lambda s: (-len(s.observations), s.metric.sort_order, s.unit.name))
    return result[:limit]


def _observations(unit_ids, adoption_ids=()):
    return list(
        Observation.objects.filter(unit_id__in=unit_ids)
        .filter(Q(adoption__isnull=True) | Q(adoption_id__in=list(adoption_ids)))
        .select_related("unit", "metric")
        .order_by("unit_id", "metric__sort_order", "metric_id", "period_end", "period_start")
    )


def initiative_rollout_context(page):
    adoptions = list(
        Adoption.objects.filter(initiative=page)
        .select_related("unit", "unit__province", "unit__parent", "replicated_from_adoption__unit")
        .order_by("unit__province__name", "unit__name")
    )
    by_province = []
    for province, items in groupby(adoptions, key=lambda a: a.unit.province):
        items = list(items)
        by_province.append({"province": province, "adoptions": items})
    active = [a for a in adoptions if a.status in ACTIVE_STATUSES]
    impacts = initiative_impact(page) if adoptions else []

    # Charts: adopters with a measured impact (their own series, marked at their start), then the
    # originating unit's own figures marked at the initiative's start.
    measured = {row.unit_id: row for result in impacts for row in result.rows}
    markers = {a.unit_id: (a.start_date, _("Bắt đầu áp dụng")) for a in adoptions if a.start_date}
    if page.start_date:
        markers[page.origin_unit_id] = (page.start_date, _("Bắt đầu sáng kiến"))
    chart_units = [page.origin_unit_id, *measured]
    charts = series_from(_observations(chart_units, [a.pk for a in adoptions]), markers)
    return {
        "page": page,
        "adoptions": adoptions,
        "adopter_count": len(adoptions),
        "active_count": len(active),
        "status_counts": [(AdoptionStatus(s).label, n) for s, n in _status_counts(adoptions)],
        "by_province": by_province,
        "lineage": lineage_tree(sorted(adoptions, key=lambda a: (a.start_date is None, a.start_date, a.pk))),
        "impacts": impacts,
        "charts": charts,
    }


def _status_counts(adoptions):
    counts = defaultdict(int)
    for adoption in adoptions:
        counts[adoption.status] += 1
    return [(s, counts[s]) for s in AdoptionStatus.values if counts[s]]


def unit_section_context(request, unit, rollup_ids):
    """The unit page's rollout section (registered with units.sections in RolloutConfig.ready)."""
    return unit_rollout_context(unit, rollup_ids)


def unit_rollout_context(unit, rollup_ids=None):
    """Adoptions made by the unit and by the units that roll up to it (its predecessors before the
    2025 merger; for a province or district, the units below), the initiatives it originated that
    others adopted, and its indicators over time."""
    ids = set(rollup_ids) if rollup_ids is not None else unit.rollup_ids()
    adoptions = list(
        Adoption.objects.filter(unit_id__in=ids, initiative__live=True)
        .select_related("initiative", "unit", "initiative__origin_unit", "replicated_from_adoption__unit")
        .order_by("-start_date", "initiative__title", "unit__name")
    )
    originated = list(
        InitiativePage.objects.live().filter(origin_unit_id__in=ids)
        .annotate(adopter_count=Count("adoptions", distinct=True),
                  active_count=Count("adoptions", filter=Q(adoptions__status__in=ACTIVE_STATUSES), distinct=True))
        .filter(adopter_count__gt=0).select_related("origin_unit").order_by("-adopter_count", "title")
    )
    # Indicators: the unit's own level only (a province page does not chart every commune).
    same_level = AdministrativeUnit.objects.filter(pk__in=ids, level=unit.level).values_list("pk", flat=True)
    markers = {}
    for adoption in sorted((a for a in adoptions if a.start_date), key=lambda a: a.start_date):
        markers[adoption.unit_id] = (adoption.start_date, _("Áp dụng “%(title)s”") % {"title": adoption.initiative.title})
    charts = series_from(_observations(list(same_level), [a.pk for a in adoptions]), markers)
    return {"unit": unit, "adoptions": adoptions, "originated": originated, "charts": charts,
            "rolled_up": len(ids) > 1}
