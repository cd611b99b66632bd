"""Read-only JSON under /api/v1/initiatives/ (django-ninja router, mounted in config/api.py).

GET /api/v1/initiatives/?province=&unit=&area=&status=&recognition=&year=&page=&page_size=
GET /api/v1/initiatives/{id}/

Published initiatives only (opendata.queries.published_initiatives). The fields are those of the open
data registry (opendata/datasets.py), the same as the /du-lieu-mo/sang-kien.csv|xlsx downloads.
"""

from django.shortcuts import get_object_or_404
from ninja import Query, Router

from core.api.pagination import PageParams, page_schema
from core.ids import Id
from opendata import queries, registry
from opendata.registry import dataset_page

router = Router(tags=["initiatives"])
INITIATIVES = registry.get("initiatives")


@router.get("/", response=page_schema(INITIATIVES.schema()), summary="Danh sách sáng kiến, mô hình",
            description="Các sáng kiến đã công bố (không gồm bản nháp), mới đăng trước. Lọc theo tỉnh, đơn vị "
                        "(gồm đơn vị cũ đã sáp nhập), lĩnh vực, trạng thái, cấp công nhận, năm. Cũng có dạng tệp: "
                        "/du-lieu-mo/sang-kien.csv và .xlsx, cùng tham số.")
def list_initiatives(request, filters: Query[queries.InitiativeFilters], paging: Query[PageParams]):
    return dataset_page(request, INITIATIVES, filters, paging)


@router.get("/{initiative_id}/", response=INITIATIVES.schema(), summary="Một sáng kiến, mô hình",
            description="Một sáng kiến đã công bố; 404 nếu không có hoặc chưa công bố.")
def get_initiative(request, initiative_id: Id):
    page = get_object_or_404(queries.initiatives(queries.InitiativeFilters()), pk=initiative_id)
    return INITIATIVES.row(page, registry.Context(request.build_absolute_uri("/")))
