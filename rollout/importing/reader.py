"""Reading an uploaded spreadsheet into a plain table, whatever the office saved it as.

CSV in UTF-8 (with or without BOM), UTF-16 (with BOM) or Windows-1258, comma, semicolon or tab
separated; XLSX streamed (xlsx_stream.py, bounded memory). Everything else is refused with a Vietnamese message
before any row is looked at, and a file past a limit (rows, columns, cells: settings
IMPORT_MAX_*) is refused as soon as the limit is passed. Text is NFC-normalised: Windows-1258 writes Vietnamese with combining
tone marks ("a" + U+0301), which would otherwise never match the precomposed names in the database.
A text cell our own exports neutralised against formula injection ("'=…") is read as the text it was
(core.spreadsheets.restore), so an exported file imports back unchanged.
"""

import codecs
import csv
import datetime
import io
import unicodedata
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from core.spreadsheets import restore

from . import xlsx_stream

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
CSV_EXTENSIONS = {"csv", "txt", "tsv"}
XLSX_EXTENSIONS = {"xlsx", "xlsm"}
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls / .doc
_KNOWN_NOT_SPREADSHEETS = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"{\\rtf")


class FileRefused(ValueError):
    """The whole file is unusable; the message says why, in Vietnamese."""


@dataclass
class Table:
    header: list
    rows: list  # [(row number as the spreadsheet shows it, [cells])], blank rows left out
    file_type: str  # "csv" or "xlsx"
    encoding: str = ""
    delimiter: str = ""
    header_row: int = 1
    notes: list = field(default_factory=list)


def max_bytes():
    return int(getattr(settings, "IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def check_upload(name, size):
    """Refuse by name and size alone (cheap, before reading); returns the file type."""
    limit = max_bytes()
    if size is not None and size > limit:
        raise FileRefused(_("Tệp quá lớn (%(size)s MB). Dung lượng tối đa là %(max)s MB; hãy chia nhỏ tệp.")
                          % {"size": _megabytes(size), "max": _megabytes(limit)})
    extension = (name or "").rsplit(".", 1)[-1].lower() if "." in (name or "") else ""
    if extension == "xls":
        raise FileRefused(_("Tệp Excel cũ (.xls) không được hỗ trợ. Hãy mở tệp và lưu lại dạng .xlsx hoặc CSV."))
    if extension in XLSX_EXTENSIONS:
        return "xlsx"
    if extension in CSV_EXTENSIONS:
        return "csv"
    raise FileRefused(_("Chỉ nhận tệp bảng tính CSV hoặc XLSX (tệp “%(name)s” không đúng loại).")
                      % {"name": name or "?"})


def read_table(data: bytes, name: str) -> Table:
    """The table in `data` (the uploaded file's bytes). Raises FileRefused."""
    file_type = check_upload(name, len(data))
    if not data.strip():
        raise FileRefused(_("Tệp rỗng, không có dòng nào."))
    if data.startswith(_OLE_MAGIC):
        raise FileRefused(_("Tệp Excel cũ (.xls) không được hỗ trợ. Hãy mở tệp và lưu lại dạng .xlsx hoặc CSV."))
    if data.startswith(_KNOWN_NOT_SPREADSHEETS):
        raise FileRefused(_("Tệp “%(name)s” không phải là bảng tính.") % {"name": name})
    # Trust the content over the name: an .xlsx renamed .csv is still read correctly.
    if data.startswith(_ZIP_MAGIC):
        table = _read_xlsx(data, name)
    elif file_type == "xlsx":
        raise FileRefused(_("Tệp “%(name)s” không phải tệp Excel .xlsx hợp lệ.") % {"name": name})
    else:
        table = _read_csv(data, name)
    if not table.header:
        raise FileRefused(_("Không tìm thấy dòng tiêu đề trong tệp."))
    return table


def _megabytes(size):
    return f"{size / (1024 * 1024):.1f}".replace(".", ",").replace(",0", "")


# ---------------------------------------------------------------- CSV

def decode(data: bytes):
    """(text, encoding name). BOMs first, then strict UTF-8, then Windows-1258."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig"
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise FileRefused(_("Tệp UTF-16 bị hỏng, không đọc được.")) from None
    if b"\x00" in data[:4096]:
        # UTF-16 without a BOM, or a binary file: refuse rather than guess.
        raise FileRefused(_("Tệp không phải là bảng tính dạng văn bản (CSV) đọc được."))
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1258"), "cp1258"
    except UnicodeDecodeError:
        raise FileRefused(_("Không nhận ra bảng mã của tệp. Hãy lưu lại dạng CSV UTF-8.")) from None


def sniff_delimiter(first_line: str):
    """The separator the header line uses most (headers hold no numbers, so "98,9" cannot mislead)."""
    counts = {}
    for delimiter in (";", ",", "\t"):
        inside, count = False, 0
        for ch in first_line:
            if ch == '"':
                inside = not inside
            elif ch == delimiter and not inside:
                count += 1
        counts[delimiter] = count
    best = max(counts, key=lambda key: counts[key])
    return best if counts[best] else ","


def _lines(text):
    """The lines of `text`, line endings kept, one at a time (a StringIO would hold a second copy of
    the file, four bytes a character)."""
    if "\n" not in text and "\r" in text:  # old Mac line endings: rare, and small files
        yield from io.StringIO(text, newline="")
        return
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        if end < 0:
            yield text[start:]
            return
        yield text[start:end + 1]
        start = end + 1


def _read_csv(data, name):
    text, encoding = decode(data)
    text = unicodedata.normalize("NFC", text)
    if any(ch in text[:4096] for ch in "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f"):
        raise FileRefused(_("Tệp “%(name)s” không phải là bảng tính.") % {"name": name})
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = sniff_delimiter(first_line)
    reader = csv.reader(_lines(text), delimiter=delimiter)
    header, rows, header_row, cells_seen = None, [], 0, 0
    same = {}  # one object per distinct text: units, metrics and periods repeat on every row
    max_rows, max_columns = xlsx_stream.limit("IMPORT_MAX_ROWS"), xlsx_stream.limit("IMPORT_MAX_COLUMNS")
    max_cells = xlsx_stream.limit("IMPORT_MAX_CELLS")
    try:
        for number, record in enumerate(reader, start=1):
            cells = [same.setdefault(text, text) for text in (restore(cell.strip()) for cell in record)]
            if not any(cells):
                continue
            if len(cells) > max_columns:  # the empty separators a spreadsheet program leaves do not count
                used = max(index for index, cell in enumerate(cells, start=1) if cell)
                if used > max_columns:
                    raise xlsx_stream.too_many_columns(used)
            cells_seen += sum(1 for cell in cells if cell)
            if cells_seen > max_cells:
                raise xlsx_stream.too_many_cells()
            if header is None:
                header, header_row = cells, number
            else:
                if len(rows) >= max_rows:
                    raise xlsx_stream.too_many_rows()
                rows.append((number, cells))
    except csv.Error as error:
        raise FileRefused(_("Tệp CSV bị lỗi định dạng: %(error)s") % {"error": error}) from None
    except xlsx_stream.LimitExceeded as refusal:
        raise FileRefused(str(refusal)) from None
    return Table(header=_trim(header or []), rows=rows, file_type="csv", encoding=encoding,
                 delimiter=delimiter, header_row=header_row)


# ---------------------------------------------------------------- XLSX

def _read_xlsx(data, name):
    import openpyxl  # heavy; only when an XLSX arrives
    from openpyxl.cell.read_only import ReadOnlyCell
    from openpyxl.utils.exceptions import InvalidFileException

    invalid = _("Tệp “%(name)s” không phải tệp Excel .xlsx hợp lệ.") % {"name": name}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xlsx_stream.check_package(archive)
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except xlsx_stream.LimitExceeded as refusal:
        raise FileRefused(str(refusal)) from None
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise FileRefused(invalid) from None
    max_rows = xlsx_stream.limit("IMPORT_MAX_ROWS")
    try:
        sheet = workbook.worksheets[0]
        header, rows, header_row = None, [], 0
        same = {}  # one object per distinct text (inline strings are not shared by the file)
        for number, found in xlsx_stream.iter_rows(workbook, sheet):
            cells = [None] * max(found)
            for column, cell in found.items():
                value = cell["value"]
                if isinstance(value, str):
                    value = restore(unicodedata.normalize("NFC", value).strip())
                else:  # the number format is looked up only for numbers (percent cells)
                    value = _xlsx_value(ReadOnlyCell(sheet, **cell))
                cells[column - 1] = same.setdefault(value, value) if isinstance(value, str) else value
            if not any(cell not in (None, "") for cell in cells):
                continue
            if header is None:
                header, header_row = [str(cell or "").strip() for cell in cells], number
            else:
                if len(rows) >= max_rows:
                    raise xlsx_stream.too_many_rows()
                rows.append((number, cells))
    except xlsx_stream.LimitExceeded as refusal:
        raise FileRefused(str(refusal)) from None
    except (KeyError, IndexError, ValueError, SyntaxError, zipfile.BadZipFile):  # broken XML or shared strings
        raise FileRefused(invalid) from None
    finally:
        workbook.close()
    return Table(header=_trim(header or []), rows=rows, file_type="xlsx", header_row=header_row)


def _xlsx_value(cell):
    value = cell.value
    if value is None:
        return None
    if isinstance(value, str):
        return restore(unicodedata.normalize("NFC", value).strip())
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # A cell shown as "98,9%" holds 0.989: we store percentages in percent.
        if "%" in (getattr(cell, "number_format", "") or ""):
            return Decimal(repr(value)) * 100
        return value
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value
    return str(value)


def _trim(header):
    while header and not str(header[-1] or "").strip():
        header.pop()
    return header
