"""The 766 scores as CSV and XLSX (one row per unit, period, group and component, then the group's and
the total's rows), computed by rollout.service_index from the stored figures. Same conventions as
rollout.exporting: UTF-8 with a BOM and ";" for Vietnamese Excel, numbers the Vietnamese way in the
CSV, real numbers in the XLSX, text neutralised against formulas (core.spreadsheets)."""

import csv
import tempfile

from django.utils.translation import gettext as _

from core.formatting import format_number
from core.spreadsheets import Echo, Formatted, XlsxSheet, csv_row
from units.models import AdministrativeUnit

from .service_index import load_catalogue, scores_for

HEADER = ["Mã đơn vị", "Tên đơn vị", "Kỳ", "Nhóm chỉ số", "Chỉ số thành phần", "Giá trị (%)", "Tử số", "Mẫu số",
          "Ngưỡng đạt điểm tối đa (%)", "Điểm đạt", "Điểm tối đa", "Ghi chú"]
MAX_UNITS = 200  # one file: a selection, never the whole map


def units_of(selection):
    """The units of an exporting.selection_from_query selection (the named units and the province),
    today's provinces when nothing is named; none when the selection named nothing that exists."""
    if selection.get("empty"):
        return []
    units = list(selection.get("units") or [])
    if selection.get("province") is not None:
        units.append(selection["province"])
    if not units and not selection.get("initiative"):
        units = list(AdministrativeUnit.objects.current().provinces().order_by("name"))
    return list(dict.fromkeys(units))[:MAX_UNITS]


def rows(units):
    """Cell lists, unit by unit, latest period first."""
    catalogue = load_catalogue()
    scores = scores_for(units, catalogue=catalogue)
    for unit in units:
        for period in scores.get(unit.pk, []):
            head = [unit.key, unit.name, period.period.label_vi]
            for group in period.groups:
                for c in group.components:
                    figure = c.figure
                    note = [] if c.indicator.points_confirmed else [_("điểm: cấu hình, không tìm thấy trong văn bản gốc")]
                    if figure is None:
                        note.append(_("chưa có số liệu"))
                    elif figure.note:
                        note.append(figure.note)
                    if not c.indicator.max_points:
                        note.append(_("không chấm điểm"))
                    value = figure.value if figure is not None else None
                    yield head + [group.group.name_vi, f"{c.indicator.number} {c.indicator.official_name}", value,
                                  figure.numerator if figure is not None else None,
                                  figure.denominator if figure is not None else None,
                                  c.indicator.full_points_at, c.earned.points, c.indicator.max_points, "; ".join(note)]
                yield head + [group.group.name_vi, _("Cộng nhóm"), None, None, None, None, group.result.points,
                              group.result.max_points,
                              "" if group.result.complete else _("chưa đủ chỉ số thành phần")]
            yield head + [_("Tổng điểm"), "", None, None, None, None, period.result.points, period.result.max_points,
                          "" if period.result.complete else _("chưa đủ chỉ số thành phần")]


NUMBER_COLUMNS = (5, 6, 7, 8, 9, 10)


def _rounded(value):
    from decimal import ROUND_HALF_UP, Decimal

    return None if value is None else Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def csv_chunks(units):
    writer = csv.writer(Echo(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff" + writer.writerow(HEADER)
    for cells in rows(units):
        for i in NUMBER_COLUMNS:
            cells[i] = Formatted(format_number(_rounded(cells[i])))
        yield writer.writerow(csv_row(cells))


def xlsx_file(units):
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = XlsxSheet(workbook, _("Điểm QĐ 766"), HEADER)
    for cells in rows(units):
        for i in NUMBER_COLUMNS:
            value = _rounded(cells[i])
            cells[i] = None if value is None else float(value)
        sheet.append(cells)
    sheet.finish()
    handle = tempfile.TemporaryFile()
    workbook.save(handle)
    handle.seek(0)
    return handle


__all__ = ["HEADER", "csv_chunks", "rows", "units_of", "xlsx_file"]
