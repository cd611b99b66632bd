"""Read-only JSON under /api/v1/units/ (django-ninja router, mounted in config/api.py).

GET /api/v1/units/?level=&province=&era=current|historic&q=&page=&page_size=  — paginated list
GET /api/v1/units/{key}/                                                    — one unit with parent and successors

The list's fields are those of the open data registry (opendata/datasets.py), the same as the
/du-lieu-mo/don-vi.csv|xlsx downloads.
"""

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from core.api.pagination import PageParams, page_schema
from opendata import queries, registry
from opendata.registry import dataset_page

from .models import AdministrativeUnit

router = Router(tags=["units"])
UNITS = registry.get("units")
UnitOut = UNITS.schema()


class UnitRef(Schema):
    key: str
    code: str
    name: str
    level: str
    is_historic: bool


class UnitDetailOut(UnitOut):
    parent: UnitRef | None
    province: UnitRef | None
    successors: list[UnitRef]
    predecessors: list[UnitRef]
    current_successors: list[UnitRef]


@router.get("/", response=page_schema(UnitOut), summary="Danh sách đơn vị hành chính",
            description="Tỉnh, huyện, xã trước và sau 01/07/2025: đơn vị hiện hành trước, rồi theo cấp và khoá. "
                        "Mặc định 100 dòng một trang.")
def list_units(request, filters: Query[queries.UnitFilters], paging: Query[PageParams]):
    return dataset_page(request, UNITS, filters, paging, default_size=100)


@router.get("/{key}/", response=UnitDetailOut, summary="Một đơn vị hành chính",
            description="Một đơn vị theo khoá (key), với đơn vị cấp trên, tỉnh, đơn vị kế thừa và đơn vị tiền thân.")
def get_unit(request, key: str):
    unit = get_object_or_404(AdministrativeUnit.objects.select_related("parent", "province"), key=key)
    return {
        **UNITS.row(unit, registry.Context(request.build_absolute_uri("/"))),
        "parent": unit.parent, "province": unit.province,
        "successors": list(unit.successors.order_by("key")),
        "predecessors": list(unit.predecessors.order_by("key")),
        "current_successors": unit.current_successors(),
    }
