"""CSV and XLSX files of the open datasets, written the way rollout.exporting writes observations
(and, for observations, by rollout.exporting itself):

- CSV: UTF-8 with a BOM (Excel then reads Vietnamese correctly), ";" between fields (Excel with
  Vietnamese regional settings uses "," as the decimal mark), CRLF line ends, numbers the Vietnamese
  way (98,5 ; 9.470), dates dd/mm/yyyy, lists joined with ", ".
- XLSX: real number and date cells, one header row, frozen and filtered; openpyxl's write-only mode
  (rows are not kept).
- Text is neutralised against formula injection in both (core.spreadsheets): a title or an office
  starting with "=", "+", "-", "@", a tab or a carriage return gets a leading apostrophe, and XLSX text
  cells are string cells. Identifiers and years are written as plain digits ("2024", never "2.024");
  times in the site's time zone.

The header row holds the Vietnamese headers of the field registry; /du-lieu-mo/ and
/du-lieu-mo/truong-du-lieu.json map each header to its stable key. Rows stream from
`.iterator(chunk_size=…)`, so memory stays flat for any number of rows; headers and labels are
always Vietnamese, whatever the visitor's language.
"""

import csv
import datetime
import logging
import tempfile
from decimal import Decimal

from django.utils import timezone, translation

from core.formatting import format_number
from core.spreadsheets import Echo, Formatted, XlsxSheet, csv_row, neutralise

CHUNK_SIZE = 2000
logger = logging.getLogger("nhanrong.opendata")


def is_code(column):
    """Identifiers and years are codes, not quantities: written "2024" and "12345", never "2.024"."""
    return column.type == "integer" and (column.key in ("id", "year") or column.key.endswith("_id"))


def _local(value):
    """A date-time in the site's time zone (stored in UTC), without its zone for the spreadsheet."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None)


def _csv_cell(value, column=None):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, int) and column is not None and is_code(column):
        return Formatted(str(value))
    if isinstance(value, (int, float, Decimal)):
        return Formatted(format_number(value))
    if isinstance(value, datetime.datetime):
        return Formatted(_local(value).strftime("%d/%m/%Y %H:%M"))
    if isinstance(value, datetime.date):
        return Formatted(value.strftime("%d/%m/%Y"))
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def _xlsx_cell(value):
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, datetime.datetime):
        return _local(value)
    return value


XLSX_MAX_ROWS = 1_048_575  # a worksheet holds 1,048,576 rows, the header included


def _chunks(rows):
    """The rows in chunks of CHUNK_SIZE (each completed at once by the dataset's `prepare`)."""
    chunk = []
    for obj in rows.iterator(chunk_size=CHUNK_SIZE):
        chunk.append(obj)
        if len(chunk) == CHUNK_SIZE:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _rows(dataset, rows, context, limit=None):
    columns = dataset.export_columns
    number = 0
    for chunk in _chunks(rows):
        if dataset.prepare:
            dataset.prepare(chunk, context)
        for obj in chunk:
            number += 1
            if limit is not None and number > limit:
                logger.warning("%s.xlsx cut at %s rows (the XLSX limit); the CSV has them all", dataset.file_name,
                               limit)
                return
            yield [column.get(obj, context) for column in columns]


def csv_chunks(dataset, rows, context):
    """The CSV file as a stream of strings (BOM first)."""
    if dataset.slug == "observations":
        from rollout import exporting

        with translation.override("vi"):
            yield from exporting.csv_chunks(rows)
        return
    writer = csv.writer(Echo(), delimiter=";", lineterminator="\r\n")
    columns = dataset.export_columns
    with translation.override("vi"):
        yield "\ufeff" + writer.writerow([neutralise(c.header) for c in columns])
        for values in _rows(dataset, rows, context):
            yield writer.writerow(csv_row([_csv_cell(v, c) for v, c in zip(values, columns)]))


def xlsx_file(dataset, rows, context):
    """A temporary file holding the workbook: one sheet, the header row, then the rows."""
    if dataset.slug == "observations":
        from rollout import exporting

        with translation.override("vi"):
            return exporting.xlsx_file(rows)
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    with translation.override("vi"):
        sheet = XlsxSheet(workbook, str(dataset.title), [c.header for c in dataset.export_columns])
        for values in _rows(dataset, rows, context, limit=XLSX_MAX_ROWS):
            sheet.append([_xlsx_cell(v) for v in values])
        sheet.finish()
    handle = tempfile.TemporaryFile()
    workbook.save(handle)
    handle.seek(0)
    return handle
