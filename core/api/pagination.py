"""One pagination for every list of the API: ?page=&page_size=, answered with
{count, page, page_size, num_pages, next, previous, items}. `next`/`previous` are absolute links that
keep the filters. page_size is capped at settings.API_MAX_PAGE_SIZE (default 500): a larger request
gets the cap, not an error. A page past the end is empty (count still says how many rows match).

Queries per page are fixed: one COUNT, one SELECT of the page (plus the dataset's prefetches)."""

import math

from django.conf import settings
from pydantic import create_model

from ninja import Field, Schema

DEFAULT_MAX_PAGE_SIZE = 500


class PageParams(Schema):
    page: int = Field(1, ge=1, description="Số trang, bắt đầu từ 1")
    page_size: int | None = Field(None, ge=1, description="Số dòng mỗi trang (mặc định tuỳ danh sách; tối đa "
                                                          "API_MAX_PAGE_SIZE, mặc định 500)")


def max_page_size():
    return int(getattr(settings, "API_MAX_PAGE_SIZE", DEFAULT_MAX_PAGE_SIZE))


_PAGE_SCHEMAS = {}


def page_schema(item_schema, name=None):
    """The response schema of a page of `item_schema` (one class per item schema)."""
    name = name or f"{item_schema.__name__}Page"
    if name not in _PAGE_SCHEMAS:
        _PAGE_SCHEMAS[name] = create_model(
            name, __base__=Schema,
            count=(int, Field(..., description="Số dòng khớp bộ lọc (mọi trang)")),
            page=(int, Field(..., description="Trang hiện tại")),
            page_size=(int, Field(..., description="Số dòng mỗi trang")),
            num_pages=(int, Field(..., description="Số trang")),
            next=(str | None, Field(None, description="Địa chỉ trang sau (trống nếu là trang cuối)")),
            previous=(str | None, Field(None, description="Địa chỉ trang trước (trống nếu là trang đầu)")),
            items=(list[item_schema], Field(..., description="Các dòng của trang")),
        )
    return _PAGE_SCHEMAS[name]


def _link(request, page):
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def page_of(request, rows, params, *, default_size=50, row=None):
    """The requested page of the queryset `rows`; `row(obj)` turns each object into its item (else the
    objects are returned for the response schema to read)."""
    size = min(params.page_size or default_size, max_page_size())
    count = rows.count()
    num_pages = max(1, math.ceil(count / size))
    offset = (params.page - 1) * size
    objects = list(rows[offset:offset + size]) if offset < count else []
    return {
        "count": count, "page": params.page, "page_size": size, "num_pages": num_pages,
        "next": _link(request, params.page + 1) if params.page < num_pages else None,
        "previous": _link(request, min(params.page - 1, num_pages)) if params.page > 1 else None,
        "items": [row(obj) for obj in objects] if row else objects,
    }
