"""The showcase (/mo-hinh-tieu-bieu/): recognised models, filterable by reform area, in two orders.

- "Nhân rộng nhiều nhất": the number of units that have started applying the model (adoptions of
  started adoptions, rollout.models.STARTED_STATUSES, as on every public page), most first.
- "Hiệu quả cao nhất": for one indicator the visitor picks (default: on-time dossier rate), the mean
  improvement across the model's adopters between the baseline (the last period before the unit
  started) and the latest period of the same kind since, signed so that positive is better (a
  waiting time going down is an improvement): the impact as rollout.impact.impact_by_initiative
  defines it. Only adopters with both values count; models with none are left out.

Everything is computed by the database, and a page costs the same number of queries whatever the number
of models, adoptions or observations: the adopters are the count the writes keep per initiative
(rollout.InitiativeImpact.adopters), so the default order reads one row per model; the impact of the
page's models is one grouped query on them; only "Hiệu quả cao nhất" ranks every model by its impact
(correlated subqueries on the paginated query). The areas' counts and the map are kept until the next
public change.
"""

from decimal import Decimal

from django.db.models import Avg, Count, Exists, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.formatting import format_number
from core.paging import page_of, query_with
from initiatives.models import ReformArea
from initiatives.queries import recognised_on
from initiatives.status import InitiativeStatus

from .rules import public_initiatives

PER_PAGE = 12
DEFAULT_METRIC = "dossiers_on_time_pct"
MOST_REPLICATED, HIGHEST_IMPACT = "nhan-rong", "hieu-qua"
ORDERS = [(MOST_REPLICATED, gettext_lazy("Nhân rộng nhiều nhất")), (HIGHEST_IMPACT, gettext_lazy("Hiệu quả cao nhất"))]


def stored_impacts(metric):
    """The started adopters' stored contributions on `metric` (rollout.ImpactContribution, kept by the
    writes: per adoption, the baseline before its start and the latest value of the same kind since,
    and the signed improvement, exactly as rollout.impact.impact_by_initiative derives them live)."""
    from rollout.models import STARTED_STATUSES, ImpactContribution

    return ImpactContribution.objects.filter(metric=metric, adoption__status__in=STARTED_STATUSES)


def _impact_rows(metric, initiatives):
    """Per initiative of `initiatives` (ids, or OuterRef("pk")), its mean improvement and how many
    adopters were measured, from the stored contributions."""
    lookup = "initiative_id" if isinstance(initiatives, OuterRef) else "initiative_id__in"
    return (stored_impacts(metric).filter(**{lookup: initiatives}).order_by().values("initiative_id")
            .annotate(impact=Avg("improvement"), measured=Count("pk")))


def impact_annotations(metric):
    """{"impact": mean improvement, "measured": adopters with a baseline and a later value} of the
    outer initiative for `metric`, as correlated subqueries on the stored contributions (one index
    range per initiative, not a recomputation over its thousands of adopters)."""
    from rollout.impact import _DECIMAL

    rows = _impact_rows(metric, OuterRef("pk"))
    return {
        "impact": Subquery(rows.values("impact")[:1], output_field=_DECIMAL),
        "measured": Coalesce(Subquery(rows.values("measured")[:1], output_field=IntegerField()), 0),
    }


def improvement_text(value, metric):
    """"+2,35 điểm %" / "−4 phút": a signed improvement in the metric's unit (a change of a
    percentage is in percentage points)."""
    if value is None:
        return ""
    value = Decimal(value).quantize(Decimal("0.01"))
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    number = sign + format_number(abs(value))
    if metric.unit == "percent":
        return _("%(n)s điểm %%") % {"n": number}
    if metric.unit in ("count", "rank", "grade"):
        return number
    return f"{number} {metric.get_unit_display()}"


def metric_choices():
    """Indicators that have at least one observation (one query), in catalogue order."""
    from rollout.models import Metric, Observation

    return list(Metric.objects.filter(Exists(Observation.objects.filter(metric=OuterRef("pk")))))


def _chosen_metric(request, metrics):
    by_code = {m.code: m for m in metrics}
    code = request.GET.get("chi-tieu", "")
    return by_code.get(code) or by_code.get(DEFAULT_METRIC) or (metrics[0] if metrics else None)


def stored_adopters():
    """The started adopters kept per initiative by the writes (rollout.InitiativeImpact.adopters: the
    distinct units that started it, which is the number of started adoptions, one per unit): the
    "most replicated" order reads one indexed row per model instead of counting adoptions of every
    recognised model on each render (4,7 s at national scale). Every initiative has its row
    (rollout.impact_signals.on_initiative_created), so the join is inner and the order is the row
    index's (initiative_impact_reach): a page reads its models in that order and stops."""
    return F("impact_summary__adopters")


def _page_impacts(items, metric):
    """{initiative id: (impact, measured)} for the models of one page: one grouped query."""
    rows = _impact_rows(metric, [item.pk for item in items])
    return {row["initiative_id"]: (row["impact"], row["measured"]) for row in rows}


def _areas(models):
    from core.page_cache import cached_until_change

    def compute():
        return list(ReformArea.objects.annotate(model_count=Count(
            "initiatives", filter=Q(initiatives__in=models.values("pk")))).order_by("sort_order", "name"))

    # The same for every visitor: kept until the next public change (a publication, a status change).
    return cached_until_change("showcase:areas:v1", compute, 300)


def _kept_count(items, area, metric=None):
    """How many models the list of an area holds (with an impact on `metric`, if given), the same for
    every visitor: kept until the next public change (the count reads the public rule over every
    initiative)."""
    from core.page_cache import cached_until_change

    key = f"showcase:count:v2:{area.pk if area else '-'}:{metric.pk if metric else '-'}"
    return cached_until_change(key, items.count, 300)


def showcase(request):
    models = public_initiatives().filter(status=InitiativeStatus.RECOGNISED)
    areas = _areas(models)
    area = next((a for a in areas if a.slug == request.GET.get("linh-vuc")), None)
    order = request.GET.get("xep-theo")
    order = order if order in dict(ORDERS) else MOST_REPLICATED
    metrics = metric_choices()
    metric = _chosen_metric(request, metrics)

    items = models.filter(impact_summary__isnull=False).select_related(
        "origin_unit", "origin_unit__province", "reform_area").annotate(
        adoption_count=stored_adopters(), recognised_date=recognised_on())
    if area is not None:
        items = items.filter(reform_area=area)
    unmeasured = None
    if order == HIGHEST_IMPACT:
        if metric is None:
            items = items.none()
        else:
            total = _kept_count(items, area)
            items = items.annotate(**impact_annotations(metric)).filter(impact__isnull=False).order_by(
                F("impact").desc(), "-measured", "-adoption_count", "title", "pk")
    else:
        items = items.order_by("-adoption_count", "title", "pk")
    # The order is decided on narrow rows (ids and the sort keys: an in-memory sort), then the page's
    # twelve models are read whole; sorting the whole rows of 70.000 models spilled to disk (210 ms).
    page = page_of(request, items.values_list("pk", flat=True), PER_PAGE, "trang",
                   count=_kept_count(items, area, metric if order == HIGHEST_IMPACT else None))
    chosen = list(page.object_list)
    found = {item.pk: item for item in items.order_by().filter(pk__in=chosen)}
    page.object_list = [found[pk] for pk in chosen if pk in found]
    if order == HIGHEST_IMPACT and metric is not None:
        unmeasured = total - page.paginator.count
    elif metric is not None and page.object_list:  # the impact of the page's twelve models only
        impacts = _page_impacts(page.object_list, metric)
        for item in page.object_list:
            item.impact, item.measured = impacts.get(item.pk, (None, 0))
    areas = [a for a in areas if a.model_count]
    for a in areas:
        a.query = query_with(request, **{"linh-vuc": a.slug, "trang": None})
    for item in page.object_list:
        item.impact_text = improvement_text(getattr(item, "impact", None), metric) if metric else ""

    return render(request, "initiatives/showcase.html", {
        "page_obj": page,
        "areas": areas,
        "area": area,
        "orders": [{"key": key, "label": label, "active": key == order,
                    "query": query_with(request, **{"xep-theo": key, "trang": None})} for key, label in ORDERS],
        "order": order,
        "all_areas_query": query_with(request, **{"linh-vuc": None, "trang": None}),
        "metrics": metrics,
        "metric": metric,
        "unmeasured": unmeasured,
        "first_rank": page.start_index(),
    })
