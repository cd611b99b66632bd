"""Leaderboard exports for the council: CSV (Vietnamese number style, UTF-8 with BOM for Excel) and XLSX."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from core.formatting import format_number

from .models import Movement


def _header():
    return [_("Hạng"), _("Mã đơn vị"), _("Tên đơn vị"), _("Tỉnh/Thành phố"), _("Điểm"), _("Hạng kỳ trước"),
            _("Biến động")]


def _values(row):
    return [row.rank, row.unit.code, row.unit.name, row.province.name if row.province else "", row.points,
            row.previous_rank, str(Movement(row.movement).label)]


def leaderboard_csv(rows):
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";")  # ';' because the decimal comma is taken
    writer.writerow(_header())
    for row in rows:
        values = _values(row)
        values[0], values[4] = format_number(values[0]), format_number(values[4])
        values[5] = format_number(values[5]) if values[5] is not None else ""
        writer.writerow(values)
    return out.getvalue().encode("utf-8")


def leaderboard_xlsx(rows, title):
    book = Workbook()
    sheet = book.active
    sheet.title = _("Bảng xếp hạng")[:31]
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(_header())
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(_values(row))  # numbers stay numbers; Excel shows them in the reader's locale
    for column, width in zip("ABCDEFG", (8, 12, 40, 28, 10, 14, 14)):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
