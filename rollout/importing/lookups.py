"""Resolving what a spreadsheet names (units, metrics, initiatives, adoptions) in a few bulk queries.

Built once per file from every token it contains, so validating 100.000 rows costs a handful of
queries, not one per row. Each `resolve_*` returns (object, None) or (None, Vietnamese reason).
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from initiatives.models import InitiativePage
from core.roles import can_act_for_unit
from units.models import AdministrativeUnit
from units.text import fold

from ..models import Adoption, Metric


def token(raw):
    """A cell as lookup text: XLSX gives codes as numbers (29950 or 29950.0)."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return str(raw).strip()


def _code_variants(text):
    """Spreadsheets drop leading zeros ("1" for province "01", "4" for commune "00004")."""
    if text.isdigit() and len(text) < 5:
        return {text, text.zfill(2), text.zfill(3), text.zfill(5)}
    return {text}


_ALL_UNITS_ABOVE = 500  # distinct unit cells in a file above which every unit is read, not an IN list


class Lookups:
    def __init__(self, user, unit_tokens, initiative_tokens, *, official=False):
        self.user = user
        self.official = official
        self._metrics = self._load_metrics()
        self._units_by_key, self._units_by_code, self._units_by_name = self._load_units(unit_tokens)
        self._initiatives = self._load_initiatives(initiative_tokens)
        self._adoptions = {}
        self._permitted = {}
        self._unit_memo, self._metric_memo = {}, {}  # a file names the same few units and metrics on every row

    # ------------------------------------------------------------ loading (one query each)

    @staticmethod
    def _load_metrics():
        index = {}
        metrics = list(Metric.objects.all())
        for metric in metrics:
            for name in (metric.code, metric.name_vi, metric.name_en):
                if name:
                    index.setdefault(fold(name), metric)
        for metric in metrics:  # a former name never shadows a current one
            for name in metric.former_names or ():
                if name:
                    index.setdefault(fold(name), metric)
        return index

    @staticmethod
    def _load_units(tokens):
        codes = set()
        for text in tokens:
            codes |= _code_variants(text)
        keys = codes | {f"h{code}" for code in codes}
        names = {fold(text) for text in tokens}
        by_key, by_code, by_name = {}, {}, {}
        units = AdministrativeUnit.objects.only("pk", "code", "key", "name", "name_folded", "valid_until")
        if len(tokens) <= _ALL_UNITS_ABOVE:  # a big file names most units: read the table (≈14.000 rows)
            units = units.filter(Q(key__in=keys) | Q(code__in=codes) | Q(name_folded__in=names))
        for unit in units:
            by_key[unit.key.lower()] = unit
            by_code.setdefault(unit.code, []).append(unit)
            by_name.setdefault(unit.name_folded, []).append(unit)
        return by_key, by_code, by_name

    @staticmethod
    def _load_initiatives(tokens):
        if not tokens:
            return {}
        ids = {int(text) for text in tokens if text.isdigit()}
        index = {}
        # Titles are matched folded, so every initiative's (id, slug, title) is read once; a few thousand rows.
        for pk, slug, title in InitiativePage.objects.values_list("pk", "slug", "title"):
            index.setdefault(fold(title), []).append(pk)
            index.setdefault(f"slug:{slug}", []).append(pk)
            if pk in ids:
                index.setdefault(f"id:{pk}", []).append(pk)
        return index

    def load_adoptions(self, pairs):
        """Adoption ids for the (initiative id, unit id) pairs the valid rows name; one query."""
        initiative_ids = {initiative for initiative, _unit in pairs}
        unit_ids = {unit for _initiative, unit in pairs}
        if not initiative_ids:
            return
        rows = Adoption.objects.filter(initiative_id__in=initiative_ids, unit_id__in=unit_ids)
        self._adoptions = {(i, u): pk for pk, i, u in rows.values_list("pk", "initiative_id", "unit_id")}

    # ------------------------------------------------------------ resolving

    def resolve_unit(self, raw):
        key = raw if isinstance(raw, str) else token(raw)  # the cell as read: no strip() per row
        found = self._unit_memo.get(key)
        if found is None:
            found = self._unit_memo[key] = self._resolve_unit(token(raw))
        return found

    def _resolve_unit(self, text):
        if not text:
            return None, _("Thiếu đơn vị.")
        lowered = text.lower()
        if lowered in self._units_by_key:  # the stable key: "29950" (current) or "h29950" (historic)
            return self._units_by_key[lowered], None
        for code in sorted(_code_variants(text), key=lambda c: c != text):
            found = self._units_by_code.get(code)
            if found:
                return self._pick(found, text)
        found = self._units_by_name.get(fold(text))
        if found:
            return self._pick(found, text)
        return None, _("Không tìm thấy đơn vị “%(value)s” (theo mã hoặc tên đầy đủ).") % {"value": text}

    @staticmethod
    def _pick(candidates, text):
        """One match, or the single current unit among several (a code kept across the 2025 merger)."""
        if len(candidates) == 1:
            return candidates[0], None
        current = [unit for unit in candidates if unit.valid_until is None]
        if len(current) == 1:
            return current[0], None
        listing = "; ".join(f"{unit.name} (mã {unit.key})" for unit in sorted(candidates, key=lambda u: u.key))
        return None, _("Có nhiều đơn vị tên “%(value)s”: %(listing)s. Hãy ghi mã đơn vị.") % {
            "value": text, "listing": listing}

    def may_write(self, unit):
        """The user may write a unit's figures; a historic unit's also through its successor's officers."""
        if self.user is None:  # a server operator running the command without --user
            return True
        if unit.pk not in self._permitted:  # the one rule (core.roles): own unit and units merged into it
            if self.official:  # from an official source: the units the user stands above (rollout.verification)
                from ..verification import may_write_official

                self._permitted[unit.pk] = may_write_official(self.user, unit)
            else:
                self._permitted[unit.pk] = can_act_for_unit(self.user, unit.pk)
        return self._permitted[unit.pk]

    def resolve_metric(self, raw):
        key = raw if isinstance(raw, str) else token(raw)  # the cell as read: no strip() per row
        found = self._metric_memo.get(key)
        if found is None:
            found = self._metric_memo[key] = self._resolve_metric(token(raw))
        return found

    def _resolve_metric(self, text):
        if not text:
            return None, _("Thiếu chỉ tiêu.")
        metric = self._metrics.get(fold(text))
        if metric is None:
            from .layout import header_key
            metric = self._metrics.get(header_key(text))  # "Tỷ lệ … (%)" as a wide-layout header
        if metric is None:
            return None, _("Không có chỉ tiêu “%(value)s” trong danh mục (ghi mã hoặc tên chỉ tiêu).") % {
                "value": text}
        return metric, None

    def resolve_initiative(self, raw):
        text = token(raw)
        candidates = (self._initiatives.get(f"id:{text}") or self._initiatives.get(f"slug:{text}")
                      or self._initiatives.get(fold(text)) or [])
        if len(candidates) == 1:
            return candidates[0], None
        if candidates:
            return None, _("Có nhiều sáng kiến tên “%(value)s”; hãy ghi mã số (ID) của sáng kiến.") % {"value": text}
        return None, _("Không tìm thấy sáng kiến “%(value)s”.") % {"value": text}

    def adoption_id(self, initiative_id, unit_id):
        return self._adoptions.get((initiative_id, unit_id))
