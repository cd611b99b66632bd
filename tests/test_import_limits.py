"""Issue 13, item 2: a small hostile spreadsheet must not exhaust memory.

The two files of the report are built here: an ~80 KB workbook whose <dimension> declares columns
up to XFD (16.384), and a 200.000-row file. Each is parsed in a fresh Python process (the way a
worker or the web process in eager mode would), whose own peak resident memory (getrusage) is
reported back (VmHWM): under 200 MB, and the file is either read correctly or refused with a Vietnamese
message naming the limit. Before the fix the first took 1,5 GB and the second 1,8 GB."""

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse

from rollout.importing.reader import FileRefused, read_table

HEADER = ["Mã đơn vị", "Chỉ tiêu", "Kỳ", "Giá trị", "Nguồn"]
PEAK_LIMIT_MB = 200
GROWTH_LIMIT_MB = 64
ROOT = Path(__file__).resolve().parent.parent

# The child is a bare Python with Django configured for the reader alone, so the figure is the
# parse's own; the growth over the process's size before the parse is what a worker or the web
# process (150-200 MB with every app loaded) would add.
CHILD = r"""
import json, os, sys
import django


def peak_mb():  # this process's own high-water mark (getrusage would count the forked parent's too)
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024

from django.conf import settings
settings.configure(USE_I18N=True, LANGUAGE_CODE="vi", INSTALLED_APPS=[])
django.setup()
from rollout.importing.reader import FileRefused, read_table
data = open(sys.argv[1], "rb").read()
before = peak_mb()
try:
    table = read_table(data, os.path.basename(sys.argv[1]))
    outcome = {"rows": len(table.rows), "width": max((len(c) for _n, c in table.rows), default=0),
               "header": table.header}
except FileRefused as refusal:
    outcome = {"refused": str(refusal)}
outcome["before_mb"] = before
outcome["peak_mb"] = peak_mb()
print(json.dumps(outcome))
"""


class _Strings:
    """The shared-strings table, as Excel writes text cells (each distinct text once)."""

    def __init__(self):
        self.index = {}

    def cell(self, ref, text):
        number = self.index.setdefault(str(text), len(self.index))
        return f'<c r="{ref}" t="s"><v>{number}</v></c>'

    def xml(self):
        items = "".join(f"<si><t>{text}</t></si>" for text in self.index)
        return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                f'count="{len(self.index)}" uniqueCount="{len(self.index)}">{items}</sst>')


def _cell(ref, text):
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _sheet_xml(rows, dimension):
    """The sheet's XML, written as a generator of chunks (the 200k-row file is ~20 MB of XML)."""
    yield ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           f'<dimension ref="{dimension}"/><sheetData>')
    for number, cells in rows:
        yield f'<row r="{number}">' + "".join(cells) + "</row>"
    yield "</sheetData></worksheet>"


def _xlsx(path, rows, dimension, strings=None):
    """A real workbook (openpyxl writes the package) whose first sheet and shared strings are ours."""
    base = io.BytesIO()
    openpyxl.Workbook().save(base)
    added = {  # the shared-strings part, declared as Excel declares it
        "[Content_Types].xml": ("</Types>", '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                                "vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/></Types>"),
        "xl/_rels/workbook.xml.rels": ("</Relationships>", '<Relationship Type="http://schemas.openxmlformats.org/'
                                       'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml" '
                                       'Id="rId99"/></Relationships>'),
    }
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with target.open("xl/worksheets/sheet1.xml", "w") as sheet:
                    for chunk in _sheet_xml(rows, dimension):
                        sheet.write(chunk.encode())
            elif info.filename in added:
                target.writestr(info, source.read(info.filename).decode().replace(*added[info.filename]))
            else:
                target.writestr(info, source.read(info.filename))
        target.writestr("xl/sharedStrings.xml", (strings or _Strings()).xml())
    return path


def _build(path, count, dimension, extra=None):
    strings = _Strings()
    return _xlsx(path, _data_rows(count, extra, strings), dimension, strings)


def _data_rows(count, extra=None, strings=None):
    cell = strings.cell if strings else _cell
    yield 1, [cell(f"{letter}1", text) for letter, text in zip("ABCDE", HEADER)]
    for number in range(2, count + 2):
        cells = [cell(f"A{number}", 29950 + number % 700), cell(f"B{number}", "sipas"),
                 f'<c r="C{number}"><v>{2020 + number % 5}</v></c>', f'<c r="D{number}"><v>{number % 997}.5</v></c>',
                 cell(f"E{number}", f"Báo cáo số {number % 300}/BC-UBND")]
        if extra and number == extra[0]:
            cells.append(extra[1])
        yield number, cells


def _bounded(outcome):
    assert outcome["peak_mb"] < PEAK_LIMIT_MB, outcome
    assert outcome["peak_mb"] - outcome["before_mb"] < GROWTH_LIMIT_MB, outcome


def _parse_in_child(path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run([sys.executable, "-c", CHILD, str(path)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    return {
        # ~80 KB: 3.500 real rows of 5 columns, the dimension claiming 16.384 columns.
        "declared": _build(folder / "khai-xfd.xlsx", 3_500, "A1:XFD3501"),
        # The same, and one value really in column XFD.
        "real_xfd": _build(folder / "o-xfd.xlsx", 3_500, "A1:XFD3501", (3000, _cell("XFD3000", "x"))),
        "200k": _build(folder / "200k.xlsx", 200_000, "A1:E200001"),
    }


def test_declared_dimension_is_ignored_and_memory_stays_bounded(hostile):
    size = hostile["declared"].stat().st_size
    assert 50_000 < size < 200_000, size  # the report's "small" file
    outcome = _parse_in_child(hostile["declared"])
    assert outcome.get("refused") is None
    assert outcome["rows"] == 3_500 and outcome["width"] == 5 and outcome["header"] == HEADER
    _bounded(outcome)


def test_value_in_column_xfd_is_refused_naming_the_limit(hostile):
    outcome = _parse_in_child(hostile["real_xfd"])
    assert "16.384" in outcome["refused"] and "200 cột" in outcome["refused"]
    assert "IMPORT_MAX_COLUMNS" in outcome["refused"]
    _bounded(outcome)


def test_200k_rows_are_refused_with_bounded_memory(hostile):
    assert hostile["200k"].stat().st_size < 8 * 1024 * 1024
    outcome = _parse_in_child(hostile["200k"])
    assert outcome["refused"].startswith("Tệp có hơn 100.000 dòng số liệu")
    assert "IMPORT_MAX_ROWS" in outcome["refused"]
    _bounded(outcome)


def test_200k_row_csv_is_refused_with_bounded_memory(tmp_path):
    path = tmp_path / "200k.csv"
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(";".join(HEADER) + "\r\n")
        for number in range(200_000):
            handle.write(f"{29950 + number % 700};sipas;{2020 + number % 5};{number % 997},5;BC {number}\r\n")
    outcome = _parse_in_child(path)
    assert outcome["refused"].startswith("Tệp có hơn 100.000 dòng số liệu")
    _bounded(outcome)


# ------------------------------------------------------------ each limit, small and in-process

def _small_xlsx(tmp_path, rows, dimension="A1:E3"):
    return _xlsx(tmp_path / "nho.xlsx", rows, dimension).read_bytes()


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_row_column_and_cell_limits(settings, tmp_path, kind):
    settings.IMPORT_MAX_ROWS, settings.IMPORT_MAX_COLUMNS, settings.IMPORT_MAX_CELLS = 3, 6, 1000

    def build(count, extra=None):
        if kind == "xlsx":
            return _small_xlsx(tmp_path, _data_rows(count, extra)), "a.xlsx"
        lines = [";".join(HEADER)] + [f"29950;sipas;2023;{n},5;BC" for n in range(count)]
        if extra:
            lines[1] += ";;x"  # a value in the 7th column
        return ("\r\n".join(lines) + "\r\n;;;;;;;;;;\r\n").encode(), "a.csv"

    assert len(read_table(*build(3)).rows) == 3  # at the limits: read; trailing separators ignored
    with pytest.raises(FileRefused, match="hơn 3 dòng số liệu"):
        read_table(*build(4))
    with pytest.raises(FileRefused, match="cột thứ 7, vượt giới hạn 6 cột"):
        read_table(*build(2, (2, _cell("G2", "x"))))
    settings.IMPORT_MAX_CELLS = 12
    with pytest.raises(FileRefused, match="hơn 12 ô dữ liệu"):
        read_table(*build(3))


def test_zip_parts_are_bounded_before_unpacking(settings, tmp_path):
    data = _small_xlsx(tmp_path, _data_rows(2))
    settings.IMPORT_XLSX_MAX_PART_BYTES = 100  # styles.xml is larger than this
    with pytest.raises(FileRefused, match="IMPORT_XLSX_MAX_PART_BYTES"):
        read_table(data, "a.xlsx")
    settings.IMPORT_XLSX_MAX_PART_BYTES, settings.IMPORT_XLSX_MAX_UNPACKED_BYTES = 10**6, 2000
    with pytest.raises(FileRefused, match="IMPORT_XLSX_MAX_UNPACKED_BYTES"):
        read_table(data, "a.xlsx")


def test_a_row_of_countless_empty_cells_is_refused(tmp_path):
    rows = [(1, [_cell("A1", "Mã đơn vị")]), (2, ["<c/>"] * 20_000)]
    with pytest.raises(FileRefused, match="cột thứ 16.385"):
        read_table(_small_xlsx(tmp_path, rows), "a.xlsx")


def test_refusal_is_shown_on_the_import_page_and_nothing_is_written(client, site, commune, settings, tmp_path,
                                                                   django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.roles import COMMUNE_OFFICERS
    from rollout.models import ImportJob, ImportStatus, Observation
    from tests.factories import make_member
    client.force_login(make_member(COMMUNE_OFFICERS, commune, username="canbo"))
    settings.IMPORT_MAX_ROWS = 3
    data = _small_xlsx(tmp_path, _data_rows(4))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("rollout_import"), {"file": SimpleUploadedFile("bon-dong.xlsx", data), "valid_only": "0"})
    assert response.status_code == 302, response.content.decode()[-3000:]
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED and "hơn 3 dòng số liệu" in job.message
    assert "hơn 3 dòng số liệu" in client.get(reverse("rollout_import_job", args=[job.pk])).content.decode()
    assert not Observation.objects.exists()
