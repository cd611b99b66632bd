"""Reading spreadsheets: encodings, separators, XLSX, and refusing what is not a spreadsheet."""

import io
import zipfile
from decimal import Decimal

import pytest

from rollout.importing.reader import FileRefused, read_table
from tests.import_files import cp1258, csv_bytes, xlsx_bytes

ROWS = [["Mã đơn vị", "Chỉ tiêu", "Kỳ", "Giá trị", "Nguồn"],
        ["29950", "Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn", "Năm 2023", "98,52", "Báo cáo số 12/BC-UBND"],
        ["Xã Long Khánh A", "sipas", "2023", "98,6%", ""]]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "cp1258"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_encodings_and_separators(encoding, delimiter):
    table = read_table(csv_bytes(ROWS, encoding, delimiter), "so-lieu.csv")
    assert table.header == ROWS[0]
    assert table.rows == [(2, ROWS[1]), (3, ROWS[2])]
    assert table.delimiter == delimiter


def test_cp1258_combining_tone_marks_are_normalised():
    data = cp1258("Mã đơn vị;Kỳ\r\nXã Long Khánh A;Quý 1/2024\r\n")
    assert "\u0301".encode("cp1258") in data or "\u0303".encode("cp1258") in data  # really decomposed
    table = read_table(data, "a.csv")
    assert table.encoding == "cp1258"
    assert table.header == ["Mã đơn vị", "Kỳ"]  # precomposed again: matches names in the database
    assert table.rows[0][1][0] == "Xã Long Khánh A"


def test_row_numbers_count_blank_rows_and_quoted_cells():
    data = 'Mã đơn vị,Giá trị\n\n29950,"1.234,5"\n,\n29953,"98,9"\n'.encode()
    table = read_table(data, "a.csv")
    assert table.rows == [(3, ["29950", "1.234,5"]), (5, ["29953", "98,9"])]


def test_xlsx_values_and_percent_cells():
    data = xlsx_bytes([["Mã đơn vị", "Kỳ", "sipas"], [29950, 2023, 0.986], [None, None, None],
                       ["29953", "Quý 1/2024", 0.5]], percent_columns=[3])
    table = read_table(data, "bang.xlsx")
    assert table.file_type == "xlsx"
    assert table.header == ["Mã đơn vị", "Kỳ", "sipas"]
    assert [row for row, _cells in table.rows] == [2, 4]
    assert table.rows[0][1][2] == Decimal("98.6")


def test_xlsx_renamed_csv_is_still_read():
    data = xlsx_bytes([["Mã đơn vị", "Kỳ"], ["29950", "2023"]])
    assert read_table(data, "bang.csv").file_type == "xlsx"


def test_too_large_is_refused(settings):
    settings.IMPORT_MAX_BYTES = 1024
    with pytest.raises(FileRefused, match="quá lớn"):
        read_table(b"a,b\n" * 600, "lon.csv")


@pytest.mark.parametrize("name, data, message", [
    ("anh.png", b"\x89PNG\r\n\x1a\n....", "Chỉ nhận tệp bảng tính CSV hoặc XLSX"),
    ("bao-cao.docx", b"PK\x03\x04...", "Chỉ nhận tệp bảng tính CSV hoặc XLSX"),
    ("khong-duoi", b"a,b\n1,2\n", "Chỉ nhận tệp bảng tính CSV hoặc XLSX"),
    ("cu.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "Excel cũ"),
    ("doi-ten.csv", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "Excel cũ"),
    ("gia.xlsx", b"Ma don vi,Ky\n1,2\n", "không phải tệp Excel"),
    ("hong.xlsx", b"PK\x03\x04" + b"rac" * 50, "không phải tệp Excel"),
    ("ban-in.csv", b"%PDF-1.7\n...", "không phải là bảng tính"),
    ("nhi-phan.csv", bytes(range(256)) * 4, "không phải là bảng tính"),
    ("rong.csv", b"  \n\n", "rỗng"),
])
def test_not_a_spreadsheet_is_refused(name, data, message):
    with pytest.raises(FileRefused, match=message):
        read_table(data, name)


def test_zip_without_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "xin chào")
    with pytest.raises(FileRefused, match="không phải tệp Excel"):
        read_table(buffer.getvalue(), "a.xlsx")
