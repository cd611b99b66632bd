"""Read-only JSON under /api/v1/rollout/ (django-ninja router, mounted at /api/v1/ in config/api.py).

GET /api/v1/rollout/metrics/                              — the indicator catalogue
GET /api/v1/rollout/initiatives/{id}/adoptions/           — who adopted a published initiative, lineage
GET /api/v1/rollout/initiatives/{id}/impact/              — per metric: adopters measured, median change…
GET /api/v1/rollout/units/{key}/observations/?metric=     — a unit's values (merged predecessors included)
GET /api/v1/adoptions/?initiative=&unit=&province=&status=&page=&page_size=      — open data, paginated
GET /api/v1/observations/?metric=&unit=&province=&initiative=&period_from=&period_to=&page=&page_size=

Writes are not exposed: they go through rollout.actions from the admin and the importer. Who entered a
value is not published.
"""

import datetime
from decimal import Decimal

from django.db.models import F
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from core.ids import Id
from core.api.pagination import PageParams, page_schema
from opendata import queries, registry
from opendata.registry import dataset_page
from units.models import AdministrativeUnit

from .impact_store import metric_impacts
from .models import Adoption, Metric, Observation

router = Router(tags=["rollout"])
ADOPTIONS = registry.get("adoptions")
OBSERVATIONS = registry.get("observations")


class MetricOut(Schema):
    code: str
    name_vi: str
    name_en: str
    unit: str
    direction: str
    min_value: Decimal | None
    max_value: Decimal | None
    decimals: int
    scale_labels: dict


class AdoptionOut(Schema):
    id: int
    unit_key: str
    unit_name: str
    status: str
    start_date: datetime.date | None
    responsible_office: str
    replicated_from_adoption_id: int | None
    replicated_from_unit_key: str | None


class ImpactOut(Schema):
    metric: str
    adopters: int
    measured: int
    improved: int
    share_improved: Decimal | None
    median_change: Decimal | None


class ObservationOut(Schema):
    unit_key: str
    metric: str
    period_key: str
    period_start: datetime.date
    period_end: datetime.date
    value: Decimal
    source: str
    adoption_id: int | None


def _live_initiative(initiative_id):
    from public.rules import public_initiatives

    return get_object_or_404(public_initiatives(), pk=initiative_id)


@router.get("/rollout/metrics/", response=list[MetricOut], summary="Danh mục chỉ tiêu",
            description="Các chỉ tiêu đo lường (mã, tên, đơn vị tính, chiều tốt, khoảng giá trị, số chữ số thập phân).")
def metrics(request):
    return Metric.objects.all()


@router.get("/rollout/initiatives/{initiative_id}/adoptions/", response=list[AdoptionOut],
            summary="Các đơn vị áp dụng một sáng kiến",
            description="Các đơn vị đã áp dụng một sáng kiến đã đăng, với nguồn học tập (cây nhân rộng). "
                        "Danh sách đầy đủ, có phân trang và bộ lọc: /api/v1/adoptions/.")
def adoptions(request, initiative_id: Id):
    page = _live_initiative(initiative_id)
    rows = Adoption.objects.filter(initiative=page).select_related("unit", "replicated_from_adoption__unit")
    return [AdoptionOut(
        id=a.pk, unit_key=a.unit.key, unit_name=a.unit.name, status=a.status, start_date=a.start_date,
        responsible_office=a.responsible_office, replicated_from_adoption_id=a.replicated_from_adoption_id,
        replicated_from_unit_key=a.replicated_from_adoption.unit.key if a.replicated_from_adoption_id else None,
    ) for a in rows.order_by(F("start_date").asc(nulls_last=True), "pk")]


@router.get("/rollout/initiatives/{initiative_id}/impact/", response=list[ImpactOut],
            summary="Tác động của một sáng kiến",
            description="Theo từng chỉ tiêu: số đơn vị áp dụng, số đơn vị có số liệu trước và sau, số đơn vị cải "
                        "thiện, tỷ lệ cải thiện và mức thay đổi trung vị.")
def impact(request, initiative_id: Id):
    page = _live_initiative(initiative_id)
    return [ImpactOut(metric=r.metric.code, adopters=r.adopters, measured=r.measured, improved=r.improved,
                      share_improved=r.share_improved, median_change=r.median_change)
            for r in metric_impacts(page)]


@router.get("/rollout/units/{key}/observations/", response=list[ObservationOut],
            summary="Số liệu của một đơn vị",
            description="Số liệu chỉ tiêu của một đơn vị, gồm cả đơn vị cũ đã sáp nhập vào (tối đa 5.000 dòng). "
                        "Danh sách đầy đủ, có phân trang và bộ lọc: /api/v1/observations/.")
def observations(request, key: str, metric: str = ""):
    unit = get_object_or_404(AdministrativeUnit, key=key)
    ids = AdministrativeUnit.objects.filter(pk__in=unit.rollup_ids(), level=unit.level).values("pk")
    rows = Observation.objects.filter(unit_id__in=ids).select_related("unit", "metric")
    if metric:
        rows = rows.filter(metric__code=metric)
    return [ObservationOut(unit_key=o.unit.key, metric=o.metric.code, period_key=o.period_key,
                           period_start=o.period_start, period_end=o.period_end, value=o.value, source=o.source,
                           adoption_id=o.adoption_id)
            for o in rows.order_by("metric__sort_order", "period_end", "period_start")[:5000]]


@router.get("/adoptions/", response=page_schema(ADOPTIONS.schema()), summary="Danh sách nhân rộng",
            description="Mọi lượt áp dụng sáng kiến đã công bố, theo sáng kiến rồi ngày bắt đầu. Lọc theo sáng kiến, "
                        "đơn vị hoặc tỉnh áp dụng (gồm đơn vị cũ đã sáp nhập), trạng thái. Tệp: "
                        "/du-lieu-mo/nhan-rong.csv "
                        "và .xlsx, cùng tham số.")
def list_adoptions(request, filters: Query[queries.AdoptionFilters], paging: Query[PageParams]):
    return dataset_page(request, ADOPTIONS, filters, paging)


@router.get("/observations/", response=page_schema(OBSERVATIONS.schema()), summary="Danh sách số liệu chỉ tiêu",
            description="Số liệu chỉ tiêu theo đơn vị và kỳ. Lọc theo chỉ tiêu, đơn vị, tỉnh, sáng kiến và khoảng kỳ "
                        "(period_from, period_to: mã kỳ như 2023-Q1 hoặc ngày). Tệp: /du-lieu-mo/so-lieu.csv và .xlsx "
                        "(bố cục của mẫu nhập số liệu), cùng tham số.")
def list_observations(request, filters: Query[queries.ObservationFilters], paging: Query[PageParams]):
    return dataset_page(request, OBSERVATIONS, filters, paging)
