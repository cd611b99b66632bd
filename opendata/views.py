"""/du-lieu-mo/: the data page, the downloads of each dataset and the field registry as JSON."""

from django.conf import settings
from django.http import FileResponse, Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from pydantic import ValidationError

from . import exports, registry
from .datasets import SELECTIONS
from .registry import TYPE_NOTES, Context
from core.api.throttling import check_download

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DEFAULT_LICENCE = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/deed.vi"}


def licence():
    return getattr(settings, "OPEN_DATA_LICENCE", None) or DEFAULT_LICENCE


def _by_file_name(file_name):
    for dataset in registry.all_datasets():
        if dataset.file_name == file_name:
            return dataset
    raise Http404


def _bad_filters(error):
    problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or '?'}: {e['msg']}" for e in error.errors())
    return JsonResponse({"detail": _("Tham số lọc không hợp lệ: %(errors)s") % {"errors": problems},
                         "errors": [{"field": ".".join(str(p) for p in e["loc"]), "message": e["msg"]}
                                    for e in error.errors()]},
                        status=400, json_dumps_params={"ensure_ascii": False})


@require_GET
def download(request, file_name, fmt):
    """The rows of one dataset as CSV or XLSX, with the API's filters (?province=87&year=2024…)."""
    dataset = _by_file_name(file_name)
    limited = check_download(request)
    if limited:
        return limited
    schema, select = SELECTIONS[dataset.slug]
    try:
        filters = schema.model_validate({k: v for k, v in request.GET.items() if v != ""})
    except ValidationError as error:
        return _bad_filters(error)
    rows = select(filters)
    context = Context(request.build_absolute_uri("/"))
    if fmt == "csv":
        response = StreamingHttpResponse(exports.csv_chunks(dataset, rows, context),
                                         content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{dataset.file_name}.csv"'
        return response
    return FileResponse(exports.xlsx_file(dataset, rows, context), as_attachment=True,
                        filename=f"{dataset.file_name}.xlsx", content_type=XLSX)


def _describe(dataset):
    return {
        "slug": dataset.slug, "title": str(dataset.title), "description": str(dataset.description),
        "api": dataset.api_path,
        "csv": f"/du-lieu-mo/{dataset.file_name}.csv", "xlsx": f"/du-lieu-mo/{dataset.file_name}.xlsx",
        # the schemas hold the Vietnamese help texts (marked with gettext_noop): translate them here
        "filters": [{"name": name, "description": _(field.description) if field.description else ""}
                    for name, field in SELECTIONS[dataset.slug][0].model_fields.items()],
        "fields": [{"key": c.key, "header": c.header if c.export else None, "type": c.type,
                    "description": str(c.description)} for c in dataset.columns],
    }


@require_GET
def fields_json(request):
    """The registry, machine-readable: which key each download header stands for."""
    return JsonResponse({"licence": licence(), "datasets": [_describe(d) for d in registry.all_datasets()]},
                        json_dumps_params={"ensure_ascii": False, "indent": 1})


def rate_text(rate):
    """"120/m" -> "120 yêu cầu mỗi phút" (the setting's own text if it does not parse)."""
    count, _slash, period = rate.partition("/")
    units = {"s": _("giây"), "sec": _("giây"), "m": _("phút"), "min": _("phút"), "h": _("giờ"), "hour": _("giờ"),
             "d": _("ngày"), "day": _("ngày")}
    if not count.isdigit() or period not in units:
        return rate
    return _("%(count)s yêu cầu mỗi %(period)s") % {"count": count, "period": units[period]}


@require_GET
def data_page(request):
    datasets = [_describe(d) for d in registry.all_datasets()]
    used = sorted({f["type"] for d in datasets for f in d["fields"]})
    return render(request, "opendata/data_page.html", {
        "datasets": datasets, "licence": licence(), "types": [(t, TYPE_NOTES[t]) for t in used],
        "max_page_size": getattr(settings, "API_MAX_PAGE_SIZE", 500),
        "anon_rate": rate_text(getattr(settings, "API_ANON_RATE", None) or "120/m"),
    })
