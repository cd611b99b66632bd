"""The showcase (/mo-hinh-tieu-bieu/): recognised models, filterable by reform area, in two orders.

- "Nhân rộng nhiều nhất": the number of units that have started applying the model (adoptions of
  started adoptions, rollout.models.STARTED_STATUSES, as on every public page), most first.
- "Hiệu quả cao nhất": for one indicator the visitor picks (default: on-time dossier rate), the mean
  improvement across the model's adopters between the baseline (the last period before the unit
  started) and the latest period of the same kind since, signed so that positive is better (a
  waiting time going down is an improvement): the impact as rollout.impact.impact_by_initiative
  defines it. Only adopters with both values count; models with none are left out.

Everything is computed by the database: adoption count, mean improvement and the number of adopters
measured are correlated subqueries on the paginated initiative query, so a page costs the same
number of queries whatever the number of models, adoptions or observations.
"""

from decimal import Decimal

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery
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


def _started_adoptions():
    """Adoptions of the outer initiative (OuterRef("pk")) that have started."""
    from rollout.models import Adoption

    return Adoption.objects.started().filter(initiative=OuterRef("pk"))


def adoption_count():
    """Correlated count of the initiative's started adoptions (0 when none)."""
    count = _started_adoptions().order_by().values("initiative").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(count, output_field=IntegerField()), 0)


def impact_annotations(metric):
    """{"impact": mean improvement, "measured": adopters with a baseline and a later value} of the
    outer initiative for `metric`, as correlated subqueries (see module docstring)."""
    from rollout.impact import _DECIMAL, impact_by_initiative

    rows = impact_by_initiative(metric, _started_adoptions())  # the one definition of impact
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


def showcase(request):
    models = public_initiatives().filter(status=InitiativeStatus.RECOGNISED)
    areas = list(ReformArea.objects.annotate(
        model_count=Count("initiatives", filter=Q(initiatives__in=models.values("pk")))).order_by("sort_order", "name"))
    area = next((a for a in areas if a.slug == request.GET.get("linh-vuc")), None)
    order = request.GET.get("xep-theo")
    order = order if order in dict(ORDERS) else MOST_REPLICATED
    metrics = metric_choices()
    metric = _chosen_metric(request, metrics)

    items = models.select_related("origin_unit", "origin_unit__province", "reform_area").annotate(
        adoption_count=adoption_count(), recognised_date=recognised_on())
    if area is not None:
        items = items.filter(reform_area=area)
    unmeasured = None
    if metric is not None:
        items = items.annotate(**impact_annotations(metric))
    if order == HIGHEST_IMPACT:
        if metric is None:
            items = items.none()
        else:
            total = items.count()
            items = items.filter(impact__isnull=False).order_by(F("impact").desc(), "-measured", "-adoption_count", "title", "pk")
    else:
        items = items.order_by("-adoption_count", "title", "pk")
    page = page_of(request, items, PER_PAGE, "trang")
    if order == HIGHEST_IMPACT and metric is not None:
        unmeasured = total - page.paginator.count
    for a in areas:
        a.query = query_with(request, **{"linh-vuc": a.slug, "trang": None})
    for item in page.object_list:
        item.impact_text = improvement_text(getattr(item, "impact", None), metric) if metric else ""

    return render(request, "initiatives/showcase.html", {
        "page_obj": page,
        "areas": [a for a in areas if a.model_count],
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
