"""Shapes shared by the page and the API: facet titles, hit and facet dictionaries, links that
toggle a filter (so the page's filters work without JavaScript)."""

from urllib.parse import urlencode

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from initiatives.status import InitiativeStatus, RecognitionLevel

from .backends.base import FACETS

FACET_TITLES = {
    "area": _("Lĩnh vực cải cách"),
    "province": _("Tỉnh, thành phố"),
    "level": _("Cấp đơn vị"),
    "tag": _("Thẻ"),
    "status": _("Trạng thái"),
    "recognition": _("Cấp công nhận"),
    "year": _("Năm"),
    "campaign": _("Phong trào thi đua"),
}
PARAMS = ("q", *FACETS, "sort")


def status_label(value):
    return str(dict(InitiativeStatus.choices).get(value, value)) if value else ""


def recognition_label(value):
    return str(dict(RecognitionLevel.choices).get(value, value)) if value else ""


def localize_areas(results):
    """The index holds reform areas' Vietnamese names; in English, swap in ReformArea.name_en for the
    hits and the area facet (one query for the whole page, none in Vietnamese)."""
    if not (get_language() or "").startswith("en"):
        return
    from initiatives.models import ReformArea

    names = dict(ReformArea.objects.exclude(name_en="").values_list("slug", "name_en"))
    for hit in results.results:
        hit.area = names.get(hit.area_slug, hit.area)
    for value in results.facets.get("area", []):
        value.label = names.get(value.value, value.label)


def hit_dict(hit):
    return {
        "id": hit.id, "title": hit.title, "url": hit.url, "unit": hit.unit, "province": hit.province,
        "area": hit.area, "area_slug": hit.area_slug, "tags": hit.tags, "status": hit.status,
        "status_label": status_label(hit.status), "recognition_level": hit.recognition_level,
        "recognition_label": recognition_label(hit.recognition_level), "snippet": hit.snippet,
        "adoption_count": hit.adoption_count, "final_score": hit.final_score, "year": hit.year,
    }


def facets_dict(facets):
    return {name: [{"value": f.value, "label": f.label, "count": f.count} for f in values]
            for name, values in facets.items()}


def current_params(query):
    params = {"q": query.text, "sort": query.sort if query.sort != "relevance" else ""}
    params.update({k: str(v) for k, v in query.filters.items()})
    return {k: v for k, v in params.items() if v}


def href(params, **changes):
    merged = {**params, **changes}
    return "?" + urlencode({k: v for k, v in merged.items() if v not in (None, "")})


def facet_groups(query, facets):
    """[{name, title, selected, clear_href, values: [{value,label,count,selected,href}]}]"""
    params = current_params(query)
    groups = []
    for name in FACETS:
        values = facets.get(name, [])
        selected = str(query.filters.get(name, ""))
        if not values and not selected:
            continue
        groups.append({
            "name": name, "title": FACET_TITLES[name], "selected": selected,
            "clear_href": href(params, **{name: None}),
            "values": [{"value": f.value, "label": f.label, "count": f.count, "selected": f.value == selected,
                        "href": href(params, **{name: None if f.value == selected else f.value})}
                       for f in values],
        })
    return groups
