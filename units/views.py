"""Public pages of administrative units: browse/search (/don-vi/) and one unit (/don-vi/<key>/)."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import F
from django.shortcuts import get_object_or_404, render

from . import profile
from .models import AdministrativeUnit, UnitLevel, current_successors_map
from core.paging import page_of
from .sections import sections_for
from .stats import children_and_total, initiatives_of, province_counts, unit_path

INITIATIVES_PER_PAGE = 12
RESULTS_PER_PAGE = 50


def _page(request, items, per_page):
    paginator = Paginator(items, per_page)
    try:
        return paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


def unit_list(request):
    q = request.GET.get("q", "").strip()[:100]
    results = None
    if q:
        results = _page(
            request,
            AdministrativeUnit.objects.search(q).select_related("parent", "province")
            # today's units first, then provinces before districts before communes
            .order_by(F("valid_until").asc(nulls_first=True), "level", "short_name", "key"),
            RESULTS_PER_PAGE,
        )
    provinces = province_counts(list(AdministrativeUnit.objects.provinces().order_by("short_name", "key")))
    return render(request, "units/unit_list.html", {
        "q": q,
        "results": results,
        "current_provinces": [p for p in provinces if not p.is_historic],
        "historic_provinces": [p for p in provinces if p.is_historic],
    })


def unit_detail(request, key):
    unit = get_object_or_404(
        AdministrativeUnit.objects.select_related("parent", "parent__parent", "province"), key=key)
    successors = list(unit.successors.select_related("province").order_by("key"))
    predecessors = list(unit.predecessors.select_related("parent", "province").order_by("level", "short_name"))
    rollup_ids = unit.rollup_ids()
    # A province or district counts its initiatives with its children's: the list then needs no COUNT.
    children, initiative_count = children_and_total(unit, rollup_ids) if unit.level != UnitLevel.COMMUNE else ([], None)
    communes = profile.area_communes(unit)
    commune_count = communes.count() if communes is not None else 0
    context = {
        "unit": unit,
        "path": unit_path(unit),
        "successors": successors,
        "predecessors": predecessors,
        # only worth showing when the direct successors are themselves historic (chains of mergers)
        "current_successors": [u for u in current_successors_map([unit])[unit.pk] if u not in successors]
        if unit.is_historic else [],
        "initiatives": page_of(request, initiatives_of(unit, rollup_ids), INITIATIVES_PER_PAGE, "page",
                               count=initiative_count),
        "children": children,
        "unit_sections": sections_for(request, unit, rollup_ids),
        # Provinces and districts: their communes ranked and compared (paginated, sortable).
        "commune_count": commune_count,
        "ranking": profile.ranking(request, communes, commune_count) if commune_count else None,
        "comparison": profile.comparison(request, communes, commune_count) if commune_count else None,
        "area_charts": profile.area_indicators(unit, rollup_ids),
        "standings": profile.campaign_standings(unit),
        "awards": profile.confirmed_awards(request, rollup_ids),
        # Replication suggestions only make sense for a commune that exists today.
        "suggest_replication": unit.level == UnitLevel.COMMUNE and not unit.is_historic,
    }
    return render(request, "units/unit_detail.html", context)
