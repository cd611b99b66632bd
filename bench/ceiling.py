"""The practical ceiling: a bare Django view that runs one primary-key query and renders a small
template, served by the same gunicorn, middleware and database as the real pages. Only routed
when settings.BENCH_CEILING_VIEW is true (bench/settings.py)."""

from django.http import Http404, HttpResponse
from django.template import engines
from django.urls import path

from units.models import AdministrativeUnit

TEMPLATE = engines["django"].from_string(
    "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>{{ unit.name }}</title></head>"
    "<body><h1>{{ unit.name }}</h1><p>{{ unit.code }} · {{ unit.get_level_display }}</p></body></html>")


def ceiling(request, pk):
    unit = AdministrativeUnit.objects.filter(pk=pk).first()
    if unit is None:
        raise Http404
    return HttpResponse(TEMPLATE.render({"unit": unit}, request))


urlpatterns = [path("<int:pk>/", ceiling, name="bench_ceiling")]
