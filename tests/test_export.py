"""Exports: CSV for Vietnamese Excel, XLSX with numeric cells, selections, and export → import = no change."""

import io
from decimal import Decimal

import openpyxl
import pytest

from core.roles import EDITORS
from rollout.importing.importer import import_observations
from rollout.models import Adoption, Observation, ObservationRevision
from tests.factories import ProvinceFactory, UnitFactory, make_initiative, make_member
from tests.import_files import csv_bytes

HEADER = ["Mã đơn vị", "Chỉ tiêu", "Kỳ", "Giá trị", "Nguồn"]


@pytest.fixture
def data(site, commune, other_commune):
    editor = make_member(EDITORS)
    far = UnitFactory(code="40001", key="40001", name="Xã Xa Xôi", parent=ProvinceFactory(code="40", key="40"))
    rows = [HEADER, ["29950", "sipas", "2023", "98,6", "Khảo sát SIPAS 2023"],
            ["29950", "dossiers_received", "Quý 1/2024", "9.470", ""],
            ["29950", "processing_time", "6 tháng đầu năm 2024", "1,25", ""],
            ["29953", "sipas", "T3/2024", "97", ""],
            ["40001", "sipas", "2023", "80", ""]]
    result = import_observations(editor, csv_bytes(rows), "a.csv")
    assert result.ok, result.rejected
    return {"editor": editor, "far": far}


def _csv(client, query=""):
    response = client.get("/so-lieu/xuat.csv" + query)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_csv_is_utf8_bom_semicolon_with_vietnamese_numbers(client, data):
    body = _csv(client, "?don_vi=29950")
    assert body.startswith(b"\xef\xbb\xbf")
    lines = body.decode("utf-8-sig").splitlines()
    assert lines[0] == "Mã đơn vị;Tên đơn vị;Chỉ tiêu;Tên chỉ tiêu;Kỳ;Giá trị;Nguồn;Sáng kiến"
    assert "29950;Xã Long Khánh A;dossiers_received;Số hồ sơ tiếp nhận;Quý 1/2024;9.470;;" in lines
    assert any(line.endswith(";Năm 2023;98,6;Khảo sát SIPAS 2023;") for line in lines)
    assert any(";6 tháng đầu năm 2024;1,25;" in line for line in lines)
    assert len(lines) == 4  # 29950 only


def test_selections(client, data, province):
    assert len(_csv(client, "?tinh=87").decode("utf-8-sig").splitlines()) == 5
    assert len(_csv(client).decode("utf-8-sig").splitlines()) == 6
    assert len(_csv(client, "?don_vi=29953&don_vi=40001").decode("utf-8-sig").splitlines()) == 3
    assert len(_csv(client, "?don_vi=khong-co").decode("utf-8-sig").splitlines()) == 1


def test_initiative_selection_is_its_adopters(client, data, site, commune, other_commune):
    initiative = make_initiative(site["index"], data["far"], title="Một cửa số")
    Adoption.objects.create(initiative=initiative, unit=other_commune)
    lines = _csv(client, f"?sang_kien={initiative.pk}").decode("utf-8-sig").splitlines()
    assert sorted(line.split(";")[0] for line in lines[1:]) == ["29953", "40001"]


def test_xlsx_has_numeric_cells(client, data):
    response = client.get("/so-lieu/xuat.xlsx?don_vi=29950")
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][:6] == ("Mã đơn vị", "Tên đơn vị", "Chỉ tiêu", "Tên chỉ tiêu", "Kỳ", "Giá trị")
    values = {row[2]: row[5] for row in rows[1:]}
    assert values == {"sipas": 98.6, "dossiers_received": 9470, "processing_time": 1.25}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_changes_nothing(client, data, fmt):
    response = client.get(f"/so-lieu/xuat.{fmt}")
    body = b"".join(response.streaming_content)
    before = list(Observation.objects.order_by("pk").values_list("pk", "value", "source", "entered_at"))
    result = import_observations(data["editor"], body, f"xuat.{fmt}")
    assert result.ok, result.rejected
    assert (result.created, result.updated, result.unchanged) == (0, 0, 5)
    assert list(Observation.objects.order_by("pk").values_list("pk", "value", "source", "entered_at")) == before
    assert not ObservationRevision.objects.exists()
    assert Observation.objects.get(period_key="2024-Q1").value == Decimal("9470")
