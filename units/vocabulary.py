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
