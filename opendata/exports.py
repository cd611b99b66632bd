"""CSV and XLSX files of the open datasets, written the way rollout.exporting writes observations
(and, for observations, by rollout.exporting itself):

- CSV: UTF-8 with a BOM (Excel then reads Vietnamese correctly), ";" between fields (Excel with
  Vietnamese regional settings uses "," as the decimal mark), CRLF line ends, numbers the Vietnamese
  way (98,5 ; 9.470), dates dd/mm/yyyy, lists joined with ", ".
- XLSX: real number and date cells, one header row; openpyxl's write-only mode (rows are not kept).

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

from django.utils import translation

from core.formatting import format_number

CHUNK_SIZE = 2000
logger = logging.getLogger("nhanrong.opendata")


class _Echo:
    def write(self, value):
        return value


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, (int, float, Decimal)):
        return format_number(value)
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def _xlsx_cell(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return value


XLSX_MAX_ROWS = 1_048_575  # a worksheet holds 1,048,576 rows, the header included


def _rows(dataset, rows, context, limit=None):
    columns = dataset.export_columns
    for number, obj in enumerate(rows.iterator(chunk_size=CHUNK_SIZE), start=1):
        if limit is not None and number > limit:
            logger.warning("%s.xlsx cut at %s rows (the XLSX limit); the CSV has them all", dataset.file_name, limit)
            return
        yield [column.get(obj, context) for column in columns]


def csv_chunks(dataset, rows, context):
    """The CSV file as a stream of strings (BOM first)."""
    if dataset.slug == "observations":
        from rollout import exporting

        with translation.override("vi"):
            yield from exporting.csv_chunks(rows)
        return
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
    with translation.override("vi"):
        yield "\ufeff" + writer.writerow([c.header for c in dataset.export_columns])
        for values in _rows(dataset, rows, context):
            yield writer.writerow([_csv_cell(v) for v in values])


def xlsx_file(dataset, rows, context):
    """A temporary file holding the workbook: one sheet, the header row, then the rows."""
    if dataset.slug == "observations":
        from rollout import exporting

        with translation.override("vi"):
            return exporting.xlsx_file(rows)
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    with translation.override("vi"):
        sheet = workbook.create_sheet(str(dataset.title)[:31])
        sheet.append([c.header for c in dataset.export_columns])
        for values in _rows(dataset, rows, context, limit=XLSX_MAX_ROWS):
            sheet.append([_xlsx_cell(v) for v in values])
    handle = tempfile.TemporaryFile()
    workbook.save(handle)
    handle.seek(0)
    return handle
