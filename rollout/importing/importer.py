"""The `import_observations` action: read a spreadsheet, validate every row, write atomically.

The command, the admin upload (through a Celery task) and the tests all call this one function.
By default nothing is written unless every row is valid; `valid_only=True` writes the valid rows
and reports the rest. Each rejected value is named by its row number as the spreadsheet shows it
(the header is row 1), its column, the value and the reason, in Vietnamese.
"""

import gc
import logging
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formatting import format_number
from units.text import fold

from . import layout as L
from .lookups import Lookups, token
from .parsing import ParseError, parse_date, parse_number, parse_period, period_from_dates
from .reader import FileRefused, read_table
from .writer import Item, bulk_upsert
from ..actions import derived_value, period_errors

logger = logging.getLogger("nhanrong.rollout")
_PLACES = Decimal("0.0001")  # Observation.value has 4 decimal places
_LIMIT = Decimal("1e14")  # and 18 digits in all


@dataclass
class Rejection:
    row: int
    column: str
    value: str
    reason: str


@dataclass
class ImportResult:
    rows_total: int = 0  # data rows in the file (blank rows not counted)
    values_total: int = 0  # values found (a wide row holds several)
    valid: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    written: bool = False
    layout: str = ""
    file_error: str = ""
    rejected: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.file_error and not self.rejected


@dataclass
class _Entry:
    """One value to import: each field a (column label, raw cell) pair."""
    row: int
    position: int  # index of the row among the data rows, for progress
    unit: tuple
    metric: tuple
    period: tuple
    value: tuple
    source: tuple = ("", None)
    initiative: tuple = ("", None)
    end: tuple = ("", None)
    numerator: tuple = ("", None)
    denominator: tuple = ("", None)


def import_observations(user, data, name, *, valid_only=False, progress=None, official_source=""):
    """Import the spreadsheet `data` (bytes) named `name` for `user` (None = server operator).
    `progress(done_rows, total_rows)` is called as rows are validated and written.

    `official_source` (its name, e.g. "Cổng Dịch vụ công quốc gia") marks the file as coming from an
    official source: its figures are "nhập từ nguồn chính thức" and earn points at once; only those
    rollout.verification.may_import_official allows may say so (PermissionDenied otherwise, nothing
    read), a province officer for the units of their province, and rows without a "Nguồn" get its name.

    The cyclic garbage collector is paused meanwhile: a 100.000-row file allocates a few hundred
    thousand small objects, none of them cyclic, and would otherwise trigger full collections over
    them again and again (about a tenth of the import's time)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        return _import(user, data, name, valid_only=valid_only, progress=progress,
                       official_source=(official_source or "").strip())
    finally:
        if paused:
            gc.enable()


def _import(user, data, name, *, valid_only, progress, official_source):
    from ..verification import may_import_official, official_refusal

    if official_source and not may_import_official(user):
        raise PermissionDenied(official_refusal())
    result = ImportResult()
    try:
        table = read_table(data, name)
        layout = L.detect_layout(table.header)
    except FileRefused as refusal:
        result.file_error = str(refusal)
        logger.info("import %s refused: %s", name, refusal)
        return result
    result.layout, result.rows_total = layout.kind, len(table.rows)
    entries = list(_entries(table, layout))
    result.values_total = len(entries)
    initiatives = {token(raw) for raw in {e.initiative[1] for e in entries}}
    lookups = Lookups(user, {token(raw) for raw in {e.unit[1] for e in entries}}, initiatives - {""},
                      official=bool(official_source))
    kept = _validate(entries, lookups, result, progress, len(table.rows))
    items, positions = [item for _position, item in kept], [position for position, _item in kept]
    if official_source:
        for item in items:
            item.source = item.source or official_source[:400]
    result.valid = len(items)
    if result.rejected and not valid_only:
        logger.info("import %s by %s: %d rejected, nothing written", name, getattr(user, "pk", None),
                    len(result.rejected))
        return result
    total = len(table.rows)
    with transaction.atomic():
        counts = bulk_upsert(items, user, progress=(
            lambda done: progress(positions[done - 1] + 1 if done else 0, total)) if progress else None,
            official=bool(official_source))
    result.created, result.updated, result.unchanged = counts.created, counts.updated, counts.unchanged
    result.written = True
    if progress:
        progress(total, total)
    logger.info("import %s by %s: %d created, %d updated, %d unchanged, %d rejected", name,
                getattr(user, "pk", None), counts.created, counts.updated, counts.unchanged, len(result.rejected))
    return result


_NO_CELL = ("", None)


def _entries(table, layout):
    cols = layout.columns
    period_role, end_role = (L.PERIOD, None) if L.PERIOD in cols else (L.START, L.END)
    roles = (L.UNIT, L.SOURCE, L.INITIATIVE, period_role, end_role, L.METRIC, L.VALUE, L.NUMERATOR, L.DENOMINATOR)
    width = max([*cols.values(), *(index for index, _header in layout.metric_columns), 0]) + 1
    # A missing column reads the extra cell appended to every row (index -1, always None), labelled "".
    places = [(layout.label(cols[role]), cols[role]) if cols.get(role) is not None else ("", -1)
              for role in roles]
    (ul, ui), (sl, si), (il, ii), (pl, pi), (el, ei), (ml, mi), (vl, vi), (nl, ni), (dl, di) = places
    long = layout.kind == "long"
    for position, (row, cells) in enumerate(table.rows):
        cells = [*cells, *([None] * (max(width - len(cells), 0) + 1))]
        common = {"row": row, "position": position, "unit": (ul, cells[ui]), "source": (sl, cells[si]),
                  "initiative": (il, cells[ii]), "period": (pl, cells[pi]), "end": (el, cells[ei])}
        if long:
            yield _Entry(metric=(ml, cells[mi]), value=(vl or nl, cells[vi]), numerator=(nl, cells[ni]),
                         denominator=(dl, cells[di]), **common)
            continue
        for index, header in layout.metric_columns:
            raw = cells[index]
            if raw is None or str(raw).strip() == "":
                continue  # a wide sheet leaves blank the metrics a unit did not report
            yield _Entry(metric=(header, header), value=(header, raw), **common)


def _validate(entries, lookups, result, progress, total):
    """[(row position, Item)] for the valid rows; a Rejection for every problem of every invalid one.
    Pure Python over dictionaries the Lookups loaded once; a cell text already read for a metric is
    not parsed again (a file repeats the same few hundred values)."""
    seen, items, invalid_rows, candidates, reported = {}, [], set(), [], set()
    today = timezone.localdate()
    values = {}  # (metric id, raw cell) -> (value, error)

    def reject(entry, cell, reason):
        key = (entry.row, cell[0], reason)
        if key not in reported:  # a wide row's unit error would otherwise repeat once per metric
            reported.add(key)
            result.rejected.append(Rejection(entry.row, cell[0], _shown(cell[1]), reason))
        invalid_rows.add(entry.row)

    for number, entry in enumerate(entries):
        errors = []
        unit, error = lookups.resolve_unit(entry.unit[1])
        if error:
            errors.append((entry.unit, error))
        elif not lookups.may_write(unit):
            errors.append((entry.unit, _(
                "Nguồn chính thức: bạn chỉ được nhập số liệu chính thức của các đơn vị thuộc tỉnh mình, không "
                "gồm số liệu của chính tỉnh (%(unit)s).") % {"unit": unit.name} if lookups.official else _(
                "Bạn không có quyền nhập số liệu cho %(unit)s.") % {"unit": unit.name}))
        metric, error = lookups.resolve_metric(entry.metric[1])
        if error:
            errors.append((entry.metric, error))
        period = _period(entry, errors)
        if period is not None:
            errors.extend((entry.period, reason) for reason in period_errors(period, unit, today))
        value = numerator = denominator = None
        if metric and (_blank(entry.numerator[1]) and _blank(entry.denominator[1])):
            raw = entry.value[1]
            key = (metric.id, raw) if isinstance(raw, str) else None
            outcome = values.get(key) if key else None
            if outcome is None:
                outcome = _value(raw, metric)
                if key:
                    values[key] = outcome
            value, error = outcome
            if error:
                errors.append((entry.value, error))
        elif metric:
            value, numerator, denominator, error = _counts(entry, metric)
            if error:
                errors.append(error)
        source = token(entry.source[1])
        if len(source) > 400:
            errors.append((entry.source, _("Nguồn dài quá 400 ký tự.")))
        initiative_id = None
        if token(entry.initiative[1]):
            initiative_id, error = lookups.resolve_initiative(entry.initiative[1])
            if error:
                errors.append((entry.initiative, error))
        for cell, reason in errors:
            reject(entry, cell, reason)
        if errors:
            continue
        candidates.append((entry, unit, metric, period, (value, numerator, denominator), source, initiative_id))
        if progress and number % 5000 == 0:
            progress(entry.position, total)

    lookups.load_adoptions({(c[6], c[1].id) for c in candidates if c[6]})
    period_keys = {}
    for entry, unit, metric, period, value, source, initiative_id in candidates:
        adoption_id = None
        if initiative_id:
            adoption_id = lookups.adoption_id(initiative_id, unit.id)
            if adoption_id is None:
                reject(entry, entry.initiative, _("%(unit)s chưa được ghi nhận là đơn vị áp dụng sáng kiến này.")
                       % {"unit": unit.name})
                continue
        period_key = period_keys.get(period)
        if period_key is None:
            period_key = period_keys[period] = period.key
        key = (unit.id, metric.id, period_key, adoption_id)
        if key in seen:
            reject(entry, entry.value, _("Trùng với dòng %(row)s (cùng đơn vị, chỉ tiêu và kỳ).") % {"row": seen[key]})
            continue
        seen[key] = entry.row
        value, numerator, denominator = value
        items.append((entry, Item(unit.id, metric.id, adoption_id, period, value, source, key=key,
                                  numerator=numerator, denominator=denominator)))
    # Atomic per spreadsheet row: a wide row with one bad value does not half-import.
    result.rejected.sort(key=lambda rejection: rejection.row)
    return [(entry.position, item) for entry, item in items if entry.row not in invalid_rows]


def _period(entry, errors):
    try:
        if entry.end[0]:  # "Từ ngày" / "Đến ngày" columns instead of "Kỳ"
            start, end = parse_date(entry.period[1]), parse_date(entry.end[1])
            if not start or not end:
                raise ParseError(_("Thiếu ngày bắt đầu hoặc kết thúc của kỳ."))
            return period_from_dates(start, end)
        return parse_period(entry.period[1])
    except ParseError as error:
        errors.append((entry.period, str(error)))
        return None


def _value(raw, metric):
    """(Decimal, None) for a valid value of `metric`, else (None, Vietnamese reason)."""
    try:
        value = parse_number(raw)
    except ParseError as error:
        value = _grade(metric, raw)
        if value is None:
            return None, str(error)
    if value is None:
        return None, _("Thiếu giá trị.")
    value = value.quantize(_PLACES, rounding=ROUND_HALF_UP)
    if abs(value) >= _LIMIT or not metric.in_range(value):
        bounds = _("từ %(low)s đến %(high)s") % {
            "low": format_number(metric.min_value) if metric.min_value is not None else "…",
            "high": format_number(metric.max_value) if metric.max_value is not None else "…"}
        return None, (_("Giá trị %(value)s nằm ngoài khoảng cho phép của chỉ tiêu “%(metric)s” (%(bounds)s).")
                      % {"value": format_number(value), "metric": metric.name_vi, "bounds": bounds})
    return value, None


def _blank(raw):
    return raw is None or str(raw).strip() == ""


def _counts(entry, metric):
    """(value, numerator, denominator, None) for a rate given by its counts (the value, when also
    given, is checked against them), else (None, None, None, (cell, Vietnamese reason))."""
    parsed = {}
    for name in ("numerator", "denominator", "value"):
        cell = getattr(entry, name)
        try:
            parsed[name] = parse_number(cell[1])
        except ParseError as error:
            return None, None, None, (cell, str(error))
    value, numerator, denominator, errors = derived_value(metric, parsed["value"], parsed["numerator"],
                                                          parsed["denominator"])
    if errors:
        return None, None, None, (entry.numerator if entry.numerator[0] else entry.value, errors[0])
    if not metric.in_range(value):
        return None, None, None, (entry.value, _("Giá trị %(value)s nằm ngoài khoảng cho phép của chỉ tiêu “%(metric)s”.")
                                  % {"value": format_number(value), "metric": metric.name_vi})
    return value, numerator.quantize(_PLACES), denominator.quantize(_PLACES), None


def _grade(metric, raw):
    """A rating written as its name ("Tốt") for a metric with named levels."""
    wanted = fold(str(raw or ""))
    for level, label in (metric.scale_labels or {}).items():
        if fold(label) == wanted:
            return Decimal(level)
    return None


def _shown(raw):
    if raw is None:
        return ""
    if isinstance(raw, Decimal):
        return format_number(raw)
    if isinstance(raw, float):
        return format_number(repr(raw))
    return str(raw)
