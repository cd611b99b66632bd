"""The field registry: one description of each open dataset and each of its fields.

The JSON API's response schemas (and so the OpenAPI document at /api/v1/schema/), the CSV/XLSX
downloads and the /du-lieu-mo/ page are all generated from these objects, so a field cannot be
renamed, described or typed differently in one place than in another.

A field has a stable machine key (the JSON name; never renamed), the Vietnamese column header the
downloads carry (a literal, not translated: files read by scripts keep the same header whatever the
reader's language), a type and a description (translated for the page and the API docs).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable

from django.utils.encoding import iri_to_uri
from django.utils.translation import gettext_lazy as _
from pydantic import Field, create_model

from ninja import Schema

PYTHON_TYPES = {
    "text": str, "integer": int, "decimal": Decimal, "number": float, "date": datetime.date,
    "datetime": datetime.datetime,
    "boolean": bool, "url": str, "list": list[str],
}

# How each type is written, shown on the data page (keys of PYTHON_TYPES).
TYPE_NOTES = {
    "text": _("văn bản"),
    "integer": _("số nguyên"),
    "decimal": _("số thập phân (JSON: chuỗi, dấu chấm thập phân, ví dụ \"98.50\"; CSV: dấu phẩy, ví dụ 98,5; "
                 "XLSX: ô số)"),
    "number": _("số thực (JSON: số; CSV: dấu phẩy thập phân; XLSX: ô số)"),
    "date": _("ngày (JSON: YYYY-MM-DD; CSV: dd/mm/yyyy; XLSX: ô ngày)"),
    "datetime": _("thời điểm"),
    "boolean": _("có/không"),
    "url": _("địa chỉ web"),
    "list": _("danh sách (CSV/XLSX: các giá trị cách nhau bởi dấu phẩy)"),
}


class Context:
    """What getters may need besides the row: the site's absolute base address."""

    def __init__(self, base_url=""):
        self.base_url = base_url.rstrip("/")
        self._site_roots = None

    def page_path(self, page):
        """The page's path on the site, like page.get_url() but with the site roots read once per
        response instead of once per row (a download may hold a million rows)."""
        if self._site_roots is None:
            from wagtail.models import Site

            self._site_roots = sorted(Site.get_site_root_paths(), key=lambda root: -len(root.root_path))
        for root in self._site_roots:
            if page.url_path.startswith(root.root_path):
                return iri_to_uri("/" + page.url_path[len(root.root_path):])
        return page.get_url()

    def absolute(self, path):
        if not path:
            return None
        return path if path.startswith(("http://", "https://")) else f"{self.base_url}{path}"


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # the Vietnamese column header of the downloads
    type: str
    description: Any  # gettext_lazy string
    get: Callable[[Any, Context], Any]
    export: bool = True  # False: in the JSON API only (the download keeps a fixed layout)

    @property
    def python_type(self):
        return PYTHON_TYPES[self.type]


@dataclass
class Dataset:
    slug: str  # machine name, e.g. "initiatives"
    file_name: str  # download file name without extension, e.g. "sang-kien"
    title: Any
    description: Any
    api_path: str
    columns: list[Column]
    notes: list = field(default_factory=list)
    # prepare(objects, context): values read once for a page (API) or a chunk (downloads) of rows
    prepare: Callable[[list, Any], None] | None = None
    _schema: Any = None

    @property
    def export_columns(self):
        return [c for c in self.columns if c.export]

    def row(self, obj, context):
        return {c.key: c.get(obj, context) for c in self.columns}

    def schema(self):
        """The ninja Schema of one item, built once from the columns (descriptions included)."""
        if self._schema is None:
            fields = {c.key: (c.python_type | None, Field(None, description=str(c.description)))
                      for c in self.columns}
            name = "".join(part.capitalize() for part in self.slug.split("_")) + "Item"
            self._schema = create_model(name, __base__=Schema, **fields)
        return self._schema


REGISTRY: dict[str, Dataset] = {}


def register(dataset):
    REGISTRY[dataset.slug] = dataset
    return dataset


def get(slug):
    from . import datasets  # noqa: F401  (fills the registry)

    return REGISTRY[slug]


def all_datasets():
    from . import datasets  # noqa: F401

    return list(REGISTRY.values())


def attr(path, default=None):
    """A getter reading a dotted attribute path ("origin_unit.province.key"); None on a missing link."""
    parts = path.split(".")

    def getter(obj, _context):
        for part in parts:
            obj = getattr(obj, part, None)
            if obj is None:
                return default
        return obj

    return getter


def display(field_name):
    """A getter returning the label of a choices field ("Đang vận hành")."""
    def getter(obj, _context):
        value = getattr(obj, field_name)
        return str(getattr(obj, f"get_{field_name}_display")()) if value else None

    return getter


def dataset_page(request, dataset, filters, params, *, default_size=50):
    """A page of an open dataset's selection for `filters` (datasets.SELECTIONS), each row as the
    registry describes it; a large selection's count is the kept one (opendata.counts)."""
    from core.api.pagination import page_of

    from . import counts
    from .datasets import SELECTIONS

    rows = SELECTIONS[dataset.slug][1](filters)
    context = Context(request.build_absolute_uri("/"))
    chosen = filters.model_dump(mode="json", exclude_none=True)
    return page_of(request, rows, params, default_size=default_size, row=lambda obj: dataset.row(obj, context),
                   count=lambda: counts.count_of(dataset.slug, chosen, rows),
                   prepare=(lambda objects: dataset.prepare(objects, context)) if dataset.prepare else None)
