"""A unit named in a text field, the way people name it: the official code ("29980") or the name
with or without diacritics and with or without the unit type ("Xã Long Khánh A", "long khanh a").
Codes repeat across the 1 July 2025 boundary (a merged commune often kept an old code): the unit in
force wins, and "(trước 01/07/2025)" after the code or name asks for the older one. The internal
key ("h29980") is still understood, never asked for."""

import re

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from .choosers import _type_prefixes, describe
from .models import AdministrativeUnit
from .text import fold

_HISTORIC = re.compile(r"\(?\s*truoc\s+(?:ngay\s+)?(?:01/07/)?2025\s*\)?")
_CODE = re.compile(r"^h?(\d{2,5})(?:\s+(.*))?$")  # "29980" or "29980 Xã Long Khánh A"


def find_units(text, queryset=None):
    """Every unit `text` may mean (best match first), from `queryset` (default: every unit)."""
    units = (queryset if queryset is not None else AdministrativeUnit.objects.all()).select_related(
        "province", "parent")
    folded = fold(text)
    historic = bool(_HISTORIC.search(folded))
    folded = " ".join(_HISTORIC.sub(" ", folded).split())
    if not folded:
        return []
    exact_key = list(units.filter(key__iexact=folded))
    if exact_key and folded.startswith("h"):
        return exact_key
    code = _CODE.match(folded)
    if code:
        found = list(units.filter(code=code.group(1)))
        if code.group(2) and len(found) > 1:
            named = [u for u in found if u.name_folded == code.group(2) or u.name_folded.endswith(" " + code.group(2))]
            found = named or found
    else:
        names = [folded] + [f"{prefix} {folded}" for prefix in _type_prefixes()]
        found = list(units.filter(Q(name_folded__in=names)))
    if historic:
        found = [u for u in found if u.is_historic]
    elif any(not u.is_historic for u in found):
        found = [u for u in found if not u.is_historic]
    return sorted(found, key=lambda u: (u.is_historic, u.level != "commune", u.name, u.key))


def resolve_unit(text, field_label, queryset=None):
    """The one unit `text` names, or a ValidationError in Vietnamese naming the field."""
    found = find_units(text, queryset)
    if not found:
        raise ValidationError(_("%(field)s: không tìm thấy đơn vị “%(text)s”. Hãy nhập mã đơn vị chính thức "
                                "(ví dụ 29980) hoặc tên đơn vị (ví dụ Xã Long Khánh).")
                              % {"field": field_label, "text": text.strip()})
    if len(found) > 1:
        listed = "; ".join(describe(u) for u in found[:5])
        raise ValidationError(_("%(field)s: “%(text)s” có thể là nhiều đơn vị (%(units)s). Hãy nhập mã đơn vị, "
                                "hoặc tên kèm “(trước 01/07/2025)” cho đơn vị cũ.")
                              % {"field": field_label, "text": text.strip(), "units": listed})
    return found[0]
