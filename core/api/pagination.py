"""One pagination for every list of the API: ?page=&page_size=, answered with
{count, page, page_size, num_pages, next, previous, items}. `next`/`previous` are absolute links that
keep the filters. page_size is capped at settings.API_MAX_PAGE_SIZE (default 500): a larger request
gets the cap, not an error. A page past the end is empty (count still says how many rows match).

Queries per page are fixed: one COUNT (or, for an open dataset at national scale, the count kept by
opendata.counts, `count_estimated` / `count_updated_at` saying what it is), one SELECT of the page
(plus the dataset's prefetches). The page reads one row more than it shows, so `next` never depends
on the count."""

import datetime
import math

from django.conf import settings
from pydantic import create_model

from ninja import Field, Schema

from core.ids import MAX_ID

DEFAULT_MAX_PAGE_SIZE = 500


class PageParams(Schema):
    page: int = Field(1, ge=1, le=MAX_ID, description="Số trang, bắt đầu từ 1")
    page_size: int | None = Field(None, ge=1, le=MAX_ID, description="Số dòng mỗi trang (mặc định tuỳ danh sách; tối đa "
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
            count=(int, Field(..., description="Số dòng khớp bộ lọc (mọi trang). Với danh sách rất lớn: số đếm "
                                               "gần nhất (xem count_updated_at) hoặc ước tính (count_estimated)")),
            count_estimated=(bool, Field(False, description="true: count là ước tính của cơ sở dữ liệu, số "
                                                            "đếm chính xác đang được tính")),
            count_updated_at=(datetime.datetime | None, Field(None, description="Thời điểm đếm, khi count là "
                                                                                "số đếm đã lưu (danh sách rất lớn)")),
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


def page_of(request, rows, params, *, default_size=50, row=None, count=None, prepare=None):
    """The requested page of the queryset `rows`; `row(obj)` turns each object into its item (else the
    objects are returned for the response schema to read). `count()` may give (count, estimated,
    updated_at epoch) instead of an exact COUNT; `prepare(objects)` completes a page's objects in one
    go (values read for the whole page, not row by row)."""
    size = min(params.page_size or default_size, max_page_size())
    offset = (params.page - 1) * size
    # Past every table's ids, nothing can be there; the database is not asked (an OFFSET that large
    # would overflow its integer).
    objects = list(rows[offset:offset + size + 1]) if offset < MAX_ID else []
    more = len(objects) > size
    objects = objects[:size]
    total, estimated, updated_at = count() if count else (rows.count(), False, None)
    total = max(total, offset + len(objects) + more)  # an estimate never says fewer rows than were read
    num_pages = max(1, math.ceil(total / size))
    if prepare and objects:
        prepare(objects)
    return {
        "count": total, "count_estimated": estimated,
        "count_updated_at": (datetime.datetime.fromtimestamp(updated_at, tz=datetime.timezone.utc)
                             if updated_at else None),
        "page": params.page, "page_size": size, "num_pages": num_pages,
        "next": _link(request, params.page + 1) if more else None,
        "previous": _link(request, min(params.page - 1, num_pages)) if params.page > 1 else None,
        "items": [row(obj) for obj in objects] if row else objects,
    }
