"""Read-only JSON under /api/v1/ for this app (django-ninja router, mounted in config/api.py).

GET /api/v1/units/?level=&province=&era=current|historic&q=&page=  — paginated list
GET /api/v1/units/{key}/                                            — one unit with parent and successors
"""

import datetime
from enum import Enum

from django.db.models import F
from django.shortcuts import get_object_or_404
from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from .models import AdministrativeUnit, UnitLevel

router = Router(tags=["units"])


class Era(str, Enum):
    CURRENT = "current"
    HISTORIC = "historic"


class UnitRef(Schema):
    key: str
    code: str
    name: str
    level: str
    is_historic: bool


class UnitOut(UnitRef):
    short_name: str
    unit_type: str
    province_key: str | None
    parent_key: str | None
    valid_from: datetime.date | None
    valid_until: datetime.date | None
    latitude: float | None
    longitude: float | None

    @staticmethod
    def resolve_province_key(obj):
        return obj.province.key if obj.province_id else None

    @staticmethod
    def resolve_parent_key(obj):
        return obj.parent.key if obj.parent_id else None


class UnitDetailOut(UnitOut):
    parent: UnitRef | None
    province: UnitRef | None
    successors: list[UnitRef]
    predecessors: list[UnitRef]
    current_successors: list[UnitRef]

    @staticmethod
    def resolve_successors(obj):
        return list(obj.successors.order_by("key"))

    @staticmethod
    def resolve_predecessors(obj):
        return list(obj.predecessors.order_by("key"))

    @staticmethod
    def resolve_current_successors(obj):
        return obj.current_successors()


class UnitFilters(FilterSchema):
    level: UnitLevel | None = Field(None, description="province | district | commune")
    province: str | None = Field(None, description="Khoá tỉnh (key), ví dụ 87 hoặc h87")
    era: Era | None = Field(None, description="current: đơn vị hiện hành; historic: trước 01/07/2025")
    q: str | None = Field(None, max_length=100, description="Tên, có dấu hoặc không dấu")


@router.get("/", response=list[UnitOut], summary="Danh sách đơn vị hành chính")
@paginate(PageNumberPagination, page_size=100)
def list_units(request, filters: Query[UnitFilters]):
    units = AdministrativeUnit.objects.select_related("parent", "province")
    if filters.level:
        units = units.filter(level=filters.level)
    if filters.province:
        units = units.filter(province__key=filters.province)
    if filters.era == Era.CURRENT:
        units = units.current()
    elif filters.era == Era.HISTORIC:
        units = units.historic()
    if filters.q and filters.q.strip():
        units = units.search(filters.q)
    return units.order_by(F("valid_until").asc(nulls_first=True), "level", "key")


@router.get("/{key}/", response=UnitDetailOut, summary="Một đơn vị hành chính")
def get_unit(request, key: str):
    unit = get_object_or_404(AdministrativeUnit.objects.select_related("parent", "province"), key=key)
    return unit
