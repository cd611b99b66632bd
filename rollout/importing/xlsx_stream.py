"""Streaming the first sheet of an XLSX, with bounded memory whatever the file declares.

openpyxl's read-only worksheet trusts the sheet's declared <dimension> and pads every row up to its
last column: an 81 KB file declaring columns up to XFD (16.384) made the web process hold gigabytes.
Here the sheet's XML is walked element by element (openpyxl parses each cell, nothing else of
openpyxl's row machinery is used), the declared dimension is never read, each finished row is
dropped from the tree, and the file is refused as soon as it passes a limit (rows, columns, cells,
the unpacked size of the package's parts). Limits are settings (docs/security.md):

- IMPORT_MAX_ROWS (100.000 data rows), IMPORT_MAX_COLUMNS (200), IMPORT_MAX_CELLS (2.000.000
  non-empty cells) apply to CSV too (reader.py);
- IMPORT_XLSX_MAX_PART_BYTES (8 MB): any part other than a worksheet unpacked (shared strings,
  styles, workbook; these are loaded whole by openpyxl);
- IMPORT_XLSX_MAX_UNPACKED_BYTES (256 MB): all parts unpacked together (a zip bomb; the sheet
  itself is streamed, this bounds the time).

This module reads openpyxl 3.1 internals (WorkSheetParser.parse_cell, the read-only sheet's source
and shared strings); requirements.txt pins openpyxl, and tests/test_import_limits.py covers it.
"""

import zipfile

from django.conf import settings
from django.utils.translation import gettext as _

DEFAULTS = {
    "IMPORT_MAX_ROWS": 100_000,
    "IMPORT_MAX_COLUMNS": 200,
    "IMPORT_MAX_CELLS": 2_000_000,
    "IMPORT_XLSX_MAX_PART_BYTES": 8 * 1024 * 1024,
    "IMPORT_XLSX_MAX_UNPACKED_BYTES": 256 * 1024 * 1024,
}
_EXCEL_MAX_COLUMNS = 16_384  # XFD: no valid sheet row holds more <c> elements
_MAX_ELEMENTS_IN_CELL = 10_000  # rich-text runs of one cell
_MAX_ELEMENTS_OUTSIDE_DATA = 200_000  # <cols>, <sheetViews>… before the data


def limit(name):
    return int(getattr(settings, name, DEFAULTS[name]))


def number(value):
    return f"{value:,}".replace(",", ".")


class LimitExceeded(ValueError):
    """Carries the Vietnamese refusal; reader.py turns it into FileRefused."""


def too_many_rows():
    return LimitExceeded(_("Tệp có hơn %(max)s dòng số liệu, vượt giới hạn mỗi lần nhập (IMPORT_MAX_ROWS). "
                           "Hãy chia thành nhiều tệp nhỏ hơn; không có dòng nào được ghi.")
                         % {"max": number(limit("IMPORT_MAX_ROWS"))})


def too_many_columns(column):
    return LimitExceeded(_("Tệp có dữ liệu ở cột thứ %(column)s, vượt giới hạn %(max)s cột (IMPORT_MAX_COLUMNS). "
                           "Hãy xoá các cột thừa; không có dòng nào được ghi.")
                         % {"column": number(column), "max": number(limit("IMPORT_MAX_COLUMNS"))})


def too_many_cells():
    return LimitExceeded(_("Tệp có hơn %(max)s ô dữ liệu, vượt giới hạn mỗi lần nhập (IMPORT_MAX_CELLS). "
                           "Hãy chia thành nhiều tệp nhỏ hơn; không có dòng nào được ghi.")
                         % {"max": number(limit("IMPORT_MAX_CELLS"))})


def check_package(archive: zipfile.ZipFile):
    """Refuse by the parts' unpacked sizes, before openpyxl unpacks any (zipfile never returns more
    than the declared size, so the declared size is a real bound)."""
    part_limit, total_limit, total = limit("IMPORT_XLSX_MAX_PART_BYTES"), limit("IMPORT_XLSX_MAX_UNPACKED_BYTES"), 0
    for info in archive.infolist():
        total += info.file_size
        is_sheet = info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
        if not is_sheet and info.file_size > part_limit:
            raise LimitExceeded(_("Phần “%(part)s” của tệp Excel giải nén ra %(size)s MB, vượt giới hạn %(max)s MB "
                                  "(IMPORT_XLSX_MAX_PART_BYTES). Hãy lưu lại tệp dạng CSV.")
                                % {"part": info.filename, "size": info.file_size // (1024 * 1024) or "<1",
                                   "max": part_limit // (1024 * 1024)})
    if total > total_limit:
        raise LimitExceeded(_("Tệp Excel giải nén ra hơn %(max)s MB (IMPORT_XLSX_MAX_UNPACKED_BYTES). "
                              "Hãy chia thành nhiều tệp nhỏ hơn.") % {"max": total_limit // (1024 * 1024)})


def iter_rows(workbook, sheet):
    """(row number, {column: openpyxl cell dict}) for each row of `sheet` holding a value, streaming.
    Raises LimitExceeded past IMPORT_MAX_COLUMNS or IMPORT_MAX_CELLS (rows are counted by the caller,
    which alone knows which rows are blank)."""
    from openpyxl.worksheet._reader import CELL_TAG, ROW_TAG, WorkSheetParser
    from openpyxl.xml.constants import SHEET_MAIN_NS
    from openpyxl.xml.functions import iterparse  # defusedxml's when installed

    data_tag = "{%s}sheetData" % SHEET_MAIN_NS
    max_columns, max_cells = limit("IMPORT_MAX_COLUMNS"), limit("IMPORT_MAX_CELLS")
    cells_seen = outside = 0
    with sheet._get_source() as source:
        parser = WorkSheetParser(source, sheet._shared_strings, data_only=True, epoch=workbook.epoch,
                                 date_formats=workbook._date_formats, timedelta_formats=workbook._timedelta_formats)
        data = None
        row_cells, elements_in_row, in_cell = {}, 0, 0
        for event, element in iterparse(source, events=("start", "end")):
            tag = element.tag
            if data is None:
                if event == "start" and tag == data_tag:
                    data = element
                elif event == "end":
                    outside += 1
                    if outside > _MAX_ELEMENTS_OUTSIDE_DATA:
                        raise LimitExceeded(_("Tệp Excel có cấu trúc bất thường, không đọc được."))
                    element.clear()
                continue
            if event == "start":
                if tag == ROW_TAG:
                    parser.row_counter = _row_number(element.get("r"), parser.row_counter)
                    parser.col_counter, row_cells, elements_in_row = 0, {}, 0
                elif tag == CELL_TAG:
                    in_cell, elements_in_row = 1, elements_in_row + 1
                    if elements_in_row > _EXCEL_MAX_COLUMNS:
                        raise too_many_columns(elements_in_row)
                elif in_cell:
                    in_cell += 1
                    if in_cell > _MAX_ELEMENTS_IN_CELL:
                        raise LimitExceeded(_("Một ô của tệp Excel có cấu trúc bất thường, không đọc được."))
                continue
            if tag == CELL_TAG:
                cell = parser.parse_cell(element)
                element.clear()
                in_cell = 0
                if cell["value"] is None or cell["value"] == "":
                    continue
                if cell["column"] > max_columns:
                    raise too_many_columns(cell["column"])
                cells_seen += 1
                if cells_seen > max_cells:
                    raise too_many_cells()
                row_cells[cell["column"]] = cell
            elif tag == ROW_TAG:
                data.clear()  # the finished row (and its cleared cells) leave the tree
                if row_cells:
                    yield parser.row_counter, row_cells
                row_cells = {}
            elif tag == data_tag:
                break  # what follows the data (merged cells, validations…) is never needed


def _row_number(raw, previous):
    if raw is None:
        return previous + 1
    try:
        value = int(raw)
    except ValueError:
        raise LimitExceeded(_("Tệp Excel có số dòng không hợp lệ (“%(value)s”).") % {"value": raw[:20]}) from None
    if not 0 < value <= 1_048_576:
        raise LimitExceeded(_("Tệp Excel có số dòng không hợp lệ (“%(value)s”).") % {"value": raw[:20]})
    return value
