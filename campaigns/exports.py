"""Leaderboard exports for the council: CSV (Vietnamese number style, UTF-8 with BOM for Excel) and XLSX."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.formatting import format_number
from core.spreadsheets import Formatted, XlsxSheet, csv_row

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
        values[0], values[4] = Formatted(format_number(values[0])), Formatted(format_number(values[4]))
        values[5] = Formatted(format_number(values[5])) if values[5] is not None else ""
        writer.writerow(csv_row(values))  # names neutralised against formula injection
    return out.getvalue().encode("utf-8")


def leaderboard_xlsx(rows, title):
    book = Workbook(write_only=True)
    sheet = XlsxSheet(book, _("Bảng xếp hạng"), _header(), widths=(8, 12, 40, 28, 10, 14, 14), title_row=title)
    for row in rows:
        sheet.append(_values(row))  # numbers stay numbers; Excel shows them in the reader's locale
    sheet.finish()
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
