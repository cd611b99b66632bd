"""Open-data downloads (/du-lieu-mo/<dataset>.csv|xlsx) and the data page: the API's filters, published
rows only, UTF-8 BOM CSV read by Excel, real numbers and dates in XLSX, headers from the one field
registry (the same the API schema and /du-lieu-mo/ describe)."""

import csv
import datetime
import io

import openpyxl
import pytest

from opendata import exports, registry
from rollout import exporting
from tests.open_data_world import assert_nothing_private, world  # noqa: F401

FILES = {d.slug: d.file_name for d in registry.all_datasets()}


def read_csv(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.streaming  # written row by row, never held whole
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    text = raw.decode("utf-8-sig")
    assert_nothing_private(text)
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def read_xlsx(response):
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    content = b"".join(response.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert_nothing_private(repr(rows))
    return rows


def as_dicts(rows):
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def test_initiatives_csv_vietnamese_formatting_and_filters(client, world):
    response = client.get("/du-lieu-mo/sang-kien.csv")
    assert 'filename="sang-kien.csv"' in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == [c.header for c in registry.get("initiatives").columns]
    items = {r["Tên sáng kiến"]: r for r in as_dicts(rows)}
    assert set(items) == {"Một cửa thân thiện", "Ngày thứ Năm không hẹn"}
    recognised = items["Ngày thứ Năm không hẹn"]
    assert recognised["Điểm thẩm định"] == "81,25" and recognised["Ngày quyết định"] == "20/12/2024"
    assert recognised["Trạng thái"] == "Được công nhận" and recognised["Thẻ"] == "một cửa"
    assert items["Một cửa thân thiện"]["Điểm thẩm định"] == ""  # undecided: no score
    filtered = as_dicts(read_csv(client.get("/du-lieu-mo/sang-kien.csv", {"unit": "29950", "year": "2023"})))
    assert [r["Tên sáng kiến"] for r in filtered] == ["Một cửa thân thiện"]


def test_initiatives_xlsx_numbers_and_dates_are_real_cells(client, world):
    rows = read_xlsx(client.get("/du-lieu-mo/sang-kien.xlsx", {"status": "recognised"}))
    assert rows[0] == [c.header for c in registry.get("initiatives").columns]
    [item] = as_dicts(rows)
    assert item["Điểm thẩm định"] == 81.25 and isinstance(item["Điểm thẩm định"], float)
    assert item["Mã sáng kiến"] == world["recognised"].pk and item["Số đơn vị nhân rộng"] == 1
    assert item["Ngày quyết định"] == datetime.datetime(2024, 12, 20)


def test_labels_stay_vietnamese_for_english_visitors(client, world):
    client.cookies["django_language"] = "en"
    item = as_dicts(read_csv(client.get("/du-lieu-mo/sang-kien.csv", {"status": "recognised"})))[0]
    assert item["Trạng thái"] == "Được công nhận"


def test_observations_download_is_the_importer_layout(client, world):
    """Same code path as /so-lieu/xuat.csv (rollout.exporting): the registry's download columns are
    the importer's header, so a file can be corrected and imported back."""
    assert [c.header for c in registry.get("observations").export_columns] == exporting.HEADER
    rows = read_csv(client.get("/du-lieu-mo/so-lieu.csv", {"unit": "29953", "period_from": "2022"}))
    assert rows[0] == exporting.HEADER
    assert [(r["Kỳ"], r["Giá trị"]) for r in as_dicts(rows)] == [("Năm 2022", "98,4"), ("Năm 2023", "98,65")]
    sheet = read_xlsx(client.get("/du-lieu-mo/so-lieu.xlsx", {"metric": "sipas"}))
    values = sorted(r["Giá trị"] for r in as_dicts(sheet))
    assert values == [96, 97.5, 98.4, 98.65]  # the unpublished initiatives' values are not there


@pytest.mark.parametrize("slug", ["initiatives", "units", "adoptions", "observations", "leaderboards", "awards"])
def test_every_dataset_downloads_in_both_formats(client, world, slug):
    dataset = registry.get(slug)
    headers = [c.header for c in dataset.export_columns]
    csv_rows = read_csv(client.get(f"/du-lieu-mo/{dataset.file_name}.csv"))
    xlsx_rows = read_xlsx(client.get(f"/du-lieu-mo/{dataset.file_name}.xlsx"))
    assert csv_rows[0] == headers and xlsx_rows[0] == headers
    assert len(csv_rows) == len(xlsx_rows) > 1


def test_downloads_take_the_api_filters(client, world):
    def count(file_name, **params):
        return len(read_csv(client.get(f"/du-lieu-mo/{file_name}.csv", params))) - 1

    assert count("nhan-rong", initiative=world["submitted"].pk) == 2
    assert count("nhan-rong", unit="29960") == 1
    assert count("bang-xep-hang", campaign="thi-dua-mo") == 3 and count("bang-xep-hang", campaign="khac") == 0
    assert count("khen-thuong", unit="29953") == 1 and count("khen-thuong", year=2023) == 0  # to a draft
    assert count("don-vi", level="commune") == 3
    leaderboard = as_dicts(read_csv(client.get("/du-lieu-mo/bang-xep-hang.csv")))
    assert [(r["Hạng"], r["Mã đơn vị"], r["Điểm"]) for r in leaderboard] == [
        ("1", "29953", "50"), ("2", "29950", "30"), ("3", "29960", "10")]


def test_bad_filters_get_a_vietnamese_400_and_unknown_files_404(client, world):
    response = client.get("/du-lieu-mo/so-lieu.csv", {"period_to": "năm ngoái"})
    assert response.status_code == 400
    assert "Kỳ không hợp lệ" in response.json()["detail"] and response.json()["errors"][0]["field"] == "period_to"
    assert client.get("/du-lieu-mo/sang-kien.csv", {"year": "abc"}).status_code == 400
    assert client.get("/du-lieu-mo/khong-co.csv").status_code == 404
    assert client.post("/du-lieu-mo/sang-kien.csv").status_code == 405


def test_rows_stream_in_chunks(client, world, monkeypatch):
    """With a chunk of one row, every row (and its prefetched tags) still arrives once."""
    monkeypatch.setattr(exports, "CHUNK_SIZE", 1)
    items = as_dicts(read_csv(client.get("/du-lieu-mo/sang-kien.csv")))
    assert sorted(r["Thẻ"] for r in items) == ["", "một cửa"]


def test_xlsx_stops_at_the_worksheet_row_limit(client, world, monkeypatch):
    monkeypatch.setattr(exports, "XLSX_MAX_ROWS", 1)
    assert len(read_xlsx(client.get("/du-lieu-mo/sang-kien.xlsx"))) == 2  # header + the limit
    assert len(read_csv(client.get("/du-lieu-mo/sang-kien.csv"))) == 3  # the CSV has every row


def test_data_page_documents_every_dataset_and_field(client, world, settings):
    settings.OPEN_DATA_LICENCE = {"name": "Giấy phép thử XYZ", "url": "https://example.org/licence"}
    settings.API_ANON_RATE = "120/m"
    html = client.get("/du-lieu-mo/").content.decode()
    assert "120 yêu cầu mỗi phút cho mỗi địa chỉ IP" in html
    assert "Giấy phép thử XYZ" in html and "AGPL-3.0-or-later" in html
    assert 'href="/api/v1/docs/"' in html and 'href="/du-lieu-mo/truong-du-lieu.json"' in html
    for dataset in registry.all_datasets():
        assert str(dataset.title) in html
        assert f'href="/du-lieu-mo/{dataset.file_name}.csv"' in html
        assert f'href="/du-lieu-mo/{dataset.file_name}.xlsx"' in html
        for column in dataset.columns:
            assert f"<code>{column.key}</code>" in html and str(column.description) in html
            if column.export:
                assert column.header in html
    assert 'href="/du-lieu-mo/"' in html  # the footer link of base.html


def test_field_registry_json_maps_headers_to_keys(client, world):
    data = client.get("/du-lieu-mo/truong-du-lieu.json").json()
    assert data["licence"]["name"] == "CC BY 4.0"
    described = {d["slug"]: d for d in data["datasets"]}
    assert set(described) == set(FILES)
    fields = {f["key"]: f for f in described["initiatives"]["fields"]}
    assert fields["final_score"]["header"] == "Điểm thẩm định" and fields["final_score"]["type"] == "decimal"
    assert described["observations"]["csv"] == "/du-lieu-mo/so-lieu.csv"
    assert {f["key"]: f["header"] for f in described["observations"]["fields"]}["period_key"] is None  # API only
