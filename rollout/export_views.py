"""Public downloads of the indicators (CSV, XLSX). Thin: the selection and the files are built in
rollout.exporting."""

from functools import wraps

from django.http import FileResponse, JsonResponse, StreamingHttpResponse
from django.views.decorators.http import require_GET

from . import exporting


def _rows(request):
    return exporting.observations(**exporting.selection_from_query(request.GET))


def _refuse_bad_selection(view):
    @wraps(view)
    def wrapper(request):
        try:
            return view(request)
        except exporting.BadSelection as refusal:
            return JsonResponse({"detail": str(refusal)}, status=422, json_dumps_params={"ensure_ascii": False})
    return wrapper


@require_GET
@_refuse_bad_selection
def export_csv(request):
    response = StreamingHttpResponse(exporting.csv_chunks(_rows(request)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="so-lieu-chi-tieu.csv"'
    return response


@require_GET
@_refuse_bad_selection
def export_xlsx(request):
    return FileResponse(
        exporting.xlsx_file(_rows(request)), as_attachment=True, filename="so-lieu-chi-tieu.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _units_766(request):
    from .service_index_export import units_of

    return units_of(exporting.selection_from_query(request.GET))


@require_GET
@_refuse_bad_selection
def export_766_csv(request):
    from .service_index_export import csv_chunks

    response = StreamingHttpResponse(csv_chunks(_units_766(request)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="diem-chi-so-766.csv"'
    return response


@require_GET
@_refuse_bad_selection
def export_766_xlsx(request):
    from .service_index_export import xlsx_file

    return FileResponse(
        xlsx_file(_units_766(request)), as_attachment=True, filename="diem-chi-so-766.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
