"""Read-only JSON under /api/v1/rollout/ (django-ninja router, mounted at /api/v1/ in config/api.py).

GET /api/v1/rollout/metrics/                              — the indicator catalogue
GET /api/v1/rollout/initiatives/{id}/adoptions/           — who adopted a published initiative, lineage
GET /api/v1/rollout/initiatives/{id}/impact/              — per metric: adopters measured, median change…
GET /api/v1/rollout/units/{key}/observations/?metric=     — a unit's values (merged predecessors included)

Writes are not exposed: they go through rollout.actions from the admin and the importer. Who entered a
value is not published.
"""

import datetime
from decimal import Decimal

from django.db.models import F
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from initiatives.models import InitiativePage
from units.models import AdministrativeUnit

from .impact import initiative_impact
from .models import Adoption, Metric, Observation

router = Router(tags=["rollout"])


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
    return get_object_or_404(InitiativePage.objects.live(), pk=initiative_id)


@router.get("/rollout/metrics/", response=list[MetricOut])
def metrics(request):
    return Metric.objects.all()


@router.get("/rollout/initiatives/{initiative_id}/adoptions/", response=list[AdoptionOut])
def adoptions(request, initiative_id: int):
    page = _live_initiative(initiative_id)
    rows = Adoption.objects.filter(initiative=page).select_related("unit", "replicated_from_adoption__unit")
    return [AdoptionOut(
        id=a.pk, unit_key=a.unit.key, unit_name=a.unit.name, status=a.status, start_date=a.start_date,
        responsible_office=a.responsible_office, replicated_from_adoption_id=a.replicated_from_adoption_id,
        replicated_from_unit_key=a.replicated_from_adoption.unit.key if a.replicated_from_adoption_id else None,
    ) for a in rows.order_by(F("start_date").asc(nulls_last=True), "pk")]


@router.get("/rollout/initiatives/{initiative_id}/impact/", response=list[ImpactOut])
def impact(request, initiative_id: int):
    page = _live_initiative(initiative_id)
    return [ImpactOut(metric=r.metric.code, adopters=r.adopters, measured=r.measured, improved=r.improved,
                      share_improved=r.share_improved, median_change=r.median_change)
            for r in initiative_impact(page)]


@router.get("/rollout/units/{key}/observations/", response=list[ObservationOut])
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
