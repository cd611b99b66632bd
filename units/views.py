"""Public pages of administrative units: browse/search (/don-vi/) and one unit (/don-vi/<key>/)."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import F
from django.shortcuts import get_object_or_404, render

from core.fragments import Deferred, cached_value
from core.page_cache import tag_page
from core.paging import page_of

from . import profile
from .models import AdministrativeUnit, UnitLevel, current_successors_map
from .sections import sections_for
from .text import vn_sort_key
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
    provinces = province_counts(sorted(AdministrativeUnit.objects.provinces().order_by("key"),
                                       key=lambda u: vn_sort_key(u.short_name)))
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
    # The parts below are cached fragments (core/fragments.py): what only they read is Deferred, computed
    # on a miss; the roll-up ids then too (four queries for a province).
    rollup_ids = Deferred(unit.rollup_ids)
    # The public page cache invalidates this page on a write of this unit or one that rolls up to it
    # (rollout/page_invalidation.py), and on campaign changes (its awards and standings).
    tag_page(request, f"unit:{unit.pk}", "campaigns")
    # A province or district counts its initiatives with its children's: the list then needs no COUNT.
    # Both change only with a page event (published, unpublished, moved) or the units map: the
    # fragment cache's generation.
    if unit.level != UnitLevel.COMMUNE:
        children, initiative_count = cached_value("unit-children", [unit.pk], (),
                                                  lambda: children_and_total(unit, rollup_ids()))
    else:
        children, initiative_count = [], None
    communes = profile.area_communes(unit)
    commune_count = communes.count() if communes is not None else 0
    initiatives = Deferred(lambda: page_of(request, initiatives_of(unit, rollup_ids()), INITIATIVES_PER_PAGE, "page",
                                           count=initiative_count))
    adoptions_tag, unit_tag = f"adoptions:unit:{unit.pk}", f"unit:{unit.pk}"
    province_adoptions = f"adoptions:unit:{unit.province_id or unit.pk}"
    context = {
        "unit": unit,
        "path": unit_path(unit),
        "successors": successors,
        "predecessors": predecessors,
        # only worth showing when the direct successors are themselves historic (chains of mergers)
        "current_successors": [u for u in current_successors_map([unit])[unit.pk] if u not in successors]
        if unit.is_historic else [],
        "initiatives": initiatives,
        "initiative_total": initiative_count if initiative_count is not None else initiatives().paginator.count,
        "children": children,
        "unit_sections": sections_for(request, unit, rollup_ids),
        # Provinces and districts: their communes ranked and compared (paginated, sortable).
        "commune_count": commune_count,
        "ranking": Deferred(lambda: profile.ranking(request, communes, commune_count)) if commune_count else None,
        "comparison": Deferred(lambda: profile.comparison(request, communes, commune_count)) if commune_count else None,
        "area_charts": Deferred(lambda: profile.area_indicators(unit, rollup_ids())),
        "standings": Deferred(lambda: profile.campaign_standings(unit)),
        "awards": Deferred(lambda: profile.confirmed_awards(request, rollup_ids())),
        # Replication suggestions only make sense for a commune that exists today.
        "suggest_replication": unit.level == UnitLevel.COMMUNE and not unit.is_historic,
        # What re-renders each fragment (besides the generation): see core/fragments.py.
        "fragment_tags": {
            "ranking": [adoptions_tag, "campaigns"],  # counts of adoptions and recognised initiatives, points
            "figures": [unit_tag],  # indicators of the unit and the units rolling up to it
            "campaigns": ["campaigns"],  # standings and awards
            # badge measures: the unit's adoptions and indicators, the firsts in its province
            "badges": ["campaigns", unit_tag, province_adoptions],
        },
    }
    return render(request, "units/unit_detail.html", context)
