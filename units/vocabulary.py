"""One vocabulary for public filters: today's 34 provinces (and 3,321 communes). An old unit's key
or name ("Phú Yên", "h54") finds the unit(s) in force today that took it over, so a filter by a
place name written before 1 July 2025 still answers, on today's map."""

from django.db.models import Q

from .models import AdministrativeUnit, current_successors_map
from .text import fold


def current_provinces():
    return AdministrativeUnit.objects.current().provinces().order_by("short_name", "key")


def resolve_current_provinces(text):
    """Today's province(s) meant by `text`: a key or code, a full or short name, with or without
    diacritics, of a current or a former province ("Phú Yên" → Tỉnh Đắk Lắk). [] when none."""
    text = (text or "").strip()[:120]
    if not text:
        return []
    # Every filtered search and board asks this (two queries): kept per text and map version
    # (units/loader.map_changed: load_units and units.actions void it).
    import hashlib

    from django.core.cache import cache

    from .loader import MAP_VERSION_KEY

    key = f"units:current-provinces:{cache.get(MAP_VERSION_KEY, 0)}:{hashlib.sha256(text.encode()).hexdigest()[:32]}"
    found = cache.get(key)
    if found is None:
        found = _resolve_current_provinces(text)
        cache.set(key, found, 3600)
    return found


def _resolve_current_provinces(text):
    provinces = AdministrativeUnit.objects.provinces()
    folded = fold(text)
    short = [p for p in provinces.filter(Q(key=text) | Q(code=text) | Q(name_folded=folded))]
    if not short:
        short = [p for p in provinces if fold(p.short_name) == folded]
    found = {}
    for successors in current_successors_map(short).values():
        for unit in successors:
            found[unit.pk] = unit
    return sorted(found.values(), key=lambda u: u.key)


def resolve_current_province(text):
    """The one current province `text` names, or None."""
    found = resolve_current_provinces(text)
    return found[0] if len(found) == 1 else None


def _province_successors():
    """{old province id: today's province} — 63 rows read once per process and map version."""
    from django.core.cache import cache

    from .loader import MAP_VERSION_KEY

    version = cache.get(MAP_VERSION_KEY, 0)
    cached = _PROVINCES.get("map")
    if cached is not None and cached[0] == version:
        return cached[1]
    through = AdministrativeUnit.successors.through
    found = {}
    for link in through.objects.filter(from_administrativeunit__level="province",
                                       to_administrativeunit__valid_until__isnull=True).select_related(
            "to_administrativeunit"):
        found.setdefault(link.from_administrativeunit_id, link.to_administrativeunit)
    _PROVINCES["map"] = (version, found)
    return found


_PROVINCES = {}


def todays_province(unit):
    """The province in force today of `unit` (its own for a current unit; for an old one, the new
    province its old province went into); None for a province itself."""
    if unit is None or unit.province_id is None or unit.province_id == unit.pk:
        return None
    if unit.valid_until is None:
        return unit.province
    return _province_successors().get(unit.province_id)


def todays_province_id(province_id, is_historic):
    """The id of today's province for rows filed under the province `province_id` (`is_historic`: that
    province no longer exists; then the one that took it over). None when unknown. No query once the
    map is read (see _province_successors): for counting distinct provinces over many rows."""
    if province_id is None:
        return None
    if not is_historic:
        return province_id
    successor = _province_successors().get(province_id)
    return successor.pk if successor is not None else None


def todays_province_of(unit):
    """Like todays_province, but a province is its own (a current one) or its successor's (an old
    one): the province a filter by today's map files `unit` under."""
    if unit is None:
        return None
    if unit.level == "province":
        return unit if unit.valid_until is None else _province_successors().get(unit.pk)
    return todays_province(unit)


def former_province_names(province):
    """The names of the old provinces merged into today's `province` (itself included when it kept
    its name), for search text: "Phú Yên" then finds Đắk Lắk's initiatives."""
    if province is None:
        return []
    from .models import AdministrativeUnit

    old_ids = [old_id for old_id, new in _province_successors().items() if new.pk == province.pk]
    return list(AdministrativeUnit.objects.filter(pk__in=old_ids).order_by("name").values_list("name", flat=True))
