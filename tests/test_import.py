"""Importing observations: layouts, validation with row numbers, atomicity, idempotence, permissions."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from core.roles import COMMUNE_OFFICERS, EDITORS
from rollout.importing.importer import import_observations
from rollout.models import Adoption, Metric, Observation, ObservationRevision
from tests.factories import UnitFactory, make_initiative, make_member
from tests.import_files import csv_bytes, xlsx_bytes

HEADER = ["Mã đơn vị", "Chỉ tiêu", "Kỳ", "Giá trị", "Nguồn"]


@pytest.fixture
def editor(site):
    return make_member(EDITORS)


def values(unit=None):
    rows = Observation.objects.select_related("metric")
    if unit is not None:
        rows = rows.filter(unit=unit)
    return {(o.unit.key, o.metric.code, o.period_key): o.value for o in rows}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1258"])
@pytest.mark.parametrize("delimiter", [",", ";"])
def test_long_layout_each_encoding(editor, commune, encoding, delimiter):
    rows = [HEADER,
            ["29950", "Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn", "Năm 2023", "98,52%", "Báo cáo 12/BC-UBND"],
            ["Xã Long Khánh A", "sipas", "2023", "98,6", ""],
            ["29950", "dossiers_received", "6 tháng đầu năm 2024", "9.470", ""],
            ["29950", "Số hồ sơ giải quyết trước hạn và đúng hạn", "T3/2024", "1.234,5", ""],
            ["29950", "processing_time", "Quý 1/2024", "1,5", ""]]
    result = import_observations(editor, csv_bytes(rows, encoding, delimiter), "so-lieu.csv")
    assert result.ok and result.written, result.rejected
    assert values() == {
        ("29950", "dossiers_on_time_pct", "2023"): Decimal("98.52"),
        ("29950", "sipas", "2023"): Decimal("98.6"),
        ("29950", "dossiers_received", "2024-H1"): Decimal("9470"),
        ("29950", "dossiers_on_time", "2024-M03"): Decimal("1234.5"),
        ("29950", "processing_time", "2024-Q1"): Decimal("1.5"),
    }
    observation = Observation.objects.get(metric__code="dossiers_on_time_pct")
    assert observation.source == "Báo cáo 12/BC-UBND"
    assert observation.entered_by == editor
    assert (observation.period_start, observation.period_end) == (datetime.date(2023, 1, 1), datetime.date(2023, 12, 31))


def test_wide_layout_xlsx_with_english_headers(editor, commune, other_commune):
    rows = [["unit", "period", "SIPAS", "Tỷ lệ hồ sơ trực tuyến toàn trình và một phần (%)", "Ghi chú"],
            [29950, 2023, 0.986, 0.5, "đã rà soát"],
            ["Xã Phú Thuận A", "Quý 2/2024", 0.9, None, ""]]
    result = import_observations(editor, xlsx_bytes(rows, percent_columns=[3, 4]), "bang.xlsx")
    assert result.ok, result.rejected
    assert result.layout == "wide"
    assert (result.rows_total, result.values_total, result.created) == (2, 3, 3)
    assert values() == {("29950", "sipas", "2023"): Decimal("98.6"),
                        ("29950", "online_dossiers_pct", "2023"): Decimal("50"),
                        ("29953", "sipas", "2024-Q2"): Decimal("90")}


def test_rejected_rows_name_row_column_value_and_reason(editor, commune):
    rows = [HEADER,
            ["29950", "sipas", "2023", "98,6", ""],
            ["99999", "sipas", "2023", "98,6", ""],
            ["29950", "chi tiêu lạ", "2023", "5", ""],
            ["29950", "sipas", "Quý 5/2024", "5", ""],
            ["29950", "sipas", "2022", "120", ""],
            ["29950", "sipas", "2021", "nhiều", ""],
            ["29950", "SIPAS", "Năm 2023", "98,6", ""]]
    result = import_observations(editor, csv_bytes(rows), "loi.csv")
    assert not result.written
    assert Observation.objects.count() == 0  # atomic by default
    found = [(r.row, r.column, r.value) for r in result.rejected]
    assert found == [(3, "Mã đơn vị", "99999"), (4, "Chỉ tiêu", "chi tiêu lạ"), (5, "Kỳ", "Quý 5/2024"),
                     (6, "Giá trị", "120"), (7, "Giá trị", "nhiều"), (8, "Giá trị", "98,6")]
    reasons = [r.reason for r in result.rejected]
    assert "Không tìm thấy đơn vị" in reasons[0]
    assert "không có chỉ tiêu" in reasons[1].lower()
    assert "không tồn tại" in reasons[2]
    assert "ngoài khoảng" in reasons[3] and "từ 0 đến 100" in reasons[3]
    assert "không phải là số" in reasons[4]
    assert "Trùng với dòng 2" in reasons[5]


def test_valid_only_writes_valid_rows_and_reports_the_rest(editor, commune):
    rows = [HEADER, ["29950", "sipas", "2023", "98,6", ""], ["29950", "sipas", "2022", "abc", ""]]
    result = import_observations(editor, csv_bytes(rows), "a.csv", valid_only=True)
    assert result.written and result.created == 1
    assert [(r.row, r.column) for r in result.rejected] == [(3, "Giá trị")]
    assert values() == {("29950", "sipas", "2023"): Decimal("98.6")}


def test_same_file_twice_changes_nothing_and_changed_value_keeps_history(editor, commune):
    data = csv_bytes([HEADER, ["29950", "sipas", "2023", "98,6", "Khảo sát 2023"],
                      ["29950", "sipas", "2022", "98,4", ""]])
    first = import_observations(editor, data, "a.csv")
    second = import_observations(editor, data, "a.csv")
    assert (first.created, second.created, second.updated, second.unchanged) == (2, 0, 0, 2)
    assert ObservationRevision.objects.count() == 0
    changed = csv_bytes([HEADER, ["29950", "sipas", "2023", "98,7", ""]])
    third = import_observations(editor, changed, "b.csv")
    assert third.updated == 1
    revision = ObservationRevision.objects.get()
    assert (revision.old_value, revision.new_value, revision.old_source) == (Decimal("98.6"), Decimal("98.7"),
                                                                             "Khảo sát 2023")
    assert Observation.objects.get(period_key="2023").source == "Khảo sát 2023"  # a blank source keeps it


def test_officer_cannot_import_another_units_rows(site, commune, other_commune):
    officer = make_member(COMMUNE_OFFICERS, commune)
    rows = [HEADER, ["29950", "sipas", "2023", "98,6", ""], ["29953", "sipas", "2023", "97", ""]]
    result = import_observations(officer, csv_bytes(rows), "a.csv", valid_only=True)
    assert [(r.row, r.column, r.value) for r in result.rejected] == [(3, "Mã đơn vị", "29953")]
    assert "không có quyền" in result.rejected[0].reason
    assert values() == {("29950", "sipas", "2023"): Decimal("98.6")}


def test_successor_officer_may_import_historic_predecessor(site, province, commune):
    old = UnitFactory(code="29950", key="h29950", name="Xã Long Khánh A", parent=province,
                      valid_until=datetime.date(2025, 6, 30))
    old.successors.add(commune)
    officer = make_member(COMMUNE_OFFICERS, commune)
    result = import_observations(officer, csv_bytes([HEADER, ["h29950", "sipas", "2023", "90", ""],
                                                      ["29950", "sipas", "2023", "91", ""]]), "a.csv")
    assert result.ok, result.rejected
    assert values() == {("h29950", "sipas", "2023"): Decimal("90"), ("29950", "sipas", "2023"): Decimal("91")}


def test_unit_by_code_prefers_current_and_ambiguous_names_list_candidates(editor, province, commune):
    UnitFactory(code="29950", key="h29950", name="Xã Long Khánh A", parent=province,
                valid_until=datetime.date(2025, 6, 30))
    UnitFactory(code="30001", key="30001", name="Xã Tân Lập", parent=province)
    UnitFactory(code="30002", key="30002", name="Xã Tân Lập", parent=province)
    rows = [HEADER, ["29950", "sipas", "2023", "1", ""], ["xa tan lap", "sipas", "2023", "2", ""]]
    result = import_observations(editor, csv_bytes(rows), "a.csv", valid_only=True)
    assert values() == {("29950", "sipas", "2023"): Decimal("1")}
    assert result.rejected[0].row == 3
    assert "30001" in result.rejected[0].reason and "30002" in result.rejected[0].reason


def test_initiative_column_links_the_adoption(editor, site, commune, other_commune):
    initiative = make_initiative(site["index"], commune, title="Ngày không dùng tiền mặt")
    adoption = Adoption.objects.create(initiative=initiative, unit=other_commune)
    header = HEADER + ["Sáng kiến"]
    rows = [header, ["29953", "cashless_payment_pct", "2024", "40", "", "Ngày không dùng tiền mặt"],
            ["29950", "cashless_payment_pct", "2024", "40", "", "Ngày không dùng tiền mặt"]]
    result = import_observations(editor, csv_bytes(rows), "a.csv", valid_only=True)
    assert Observation.objects.get().adoption == adoption
    assert [(r.row, r.column) for r in result.rejected] == [(3, "Sáng kiến")]


def test_grade_by_name_and_date_range_columns(editor, commune):
    rows = [["Mã đơn vị", "Chỉ tiêu", "Từ ngày", "Đến ngày", "Giá trị"],
            ["29950", "Xếp loại Chỉ số cải cách hành chính", "01/01/2023", "31/12/2023", "Tốt"]]
    result = import_observations(editor, csv_bytes(rows), "a.csv")
    assert result.ok, result.rejected
    assert values() == {("29950", "par_index_rating", "2023"): Decimal("4")}


def test_missing_columns_refuse_the_file(editor, commune):
    result = import_observations(editor, csv_bytes([["Chỉ tiêu", "Giá trị"], ["sipas", "1"]]), "a.csv")
    assert "Thiếu cột đơn vị" in result.file_error


def test_lookups_are_bulk(editor, commune, other_commune, django_assert_max_num_queries):
    rows = [HEADER] + [[code, metric, f"T{month}/2024", str(month), ""]
                       for code in ("29950", "29953") for metric in ("sipas", "dossiers_received")
                       for month in range(1, 13)]
    with django_assert_max_num_queries(16):  # + the adoption count that decides a large write (impact_store.LARGE_ADOPTIONS)
        result = import_observations(editor, csv_bytes(rows), "a.csv")
    assert result.created == 48


def test_command_exit_codes(tmp_path, commune):
    good = tmp_path / "tot.csv"
    good.write_bytes(csv_bytes([HEADER, ["29950", "sipas", "2023", "98,6", ""]], "utf-8-sig"))
    call_command("import_observations", str(good))
    assert values() == {("29950", "sipas", "2023"): Decimal("98.6")}
    bad = tmp_path / "loi.csv"
    bad.write_bytes(csv_bytes([HEADER, ["29950", "sipas", "2022", "98,4", ""], ["1", "sipas", "x", "1", ""]]))
    with pytest.raises(CommandError) as error:
        call_command("import_observations", str(bad))
    assert error.value.returncode == 1
    assert Observation.objects.count() == 1
    with pytest.raises(CommandError):
        call_command("import_observations", str(bad), "--valid-only")
    assert Observation.objects.count() == 2
    wrong = tmp_path / "anh.png"
    wrong.write_bytes(b"\x89PNG")
    with pytest.raises(CommandError, match="CSV hoặc XLSX"):
        call_command("import_observations", str(wrong))


def test_command_with_user_applies_permissions(tmp_path, site, commune, other_commune):
    make_member(COMMUNE_OFFICERS, commune, username="canbo")
    path = tmp_path / "a.csv"
    path.write_bytes(csv_bytes([HEADER, ["29953", "sipas", "2023", "1", ""]]))
    with pytest.raises(CommandError):
        call_command("import_observations", str(path), "--user", "canbo")
    assert not Observation.objects.exists()
    assert Metric.objects.filter(code="sipas").exists()


DATA = __import__("pathlib").Path(__file__).parent / "data" / "import"


def test_committed_sample_files(editor, commune, other_commune):
    """Sample files as offices send them: a Windows-1258 ';' CSV with STT and name columns, and a wide XLSX."""
    result = import_observations(editor, (DATA / "mau-doc-cp1258.csv").read_bytes(), "mau-doc-cp1258.csv")
    assert result.ok, result.rejected
    assert values(commune) == {
        ("29950", "dossiers_received", "2023"): Decimal("9470"),
        ("29950", "dossiers_on_time", "2023"): Decimal("9315"),
        ("29950", "dossiers_on_time_pct", "2023"): Decimal("98.52"),
        ("29950", "sipas", "2024-Q1"): Decimal("98.6"),
        ("29950", "cashless_payment_pct", "2024-H1"): Decimal("45.5"),
    }
    result = import_observations(editor, (DATA / "mau-ngang.xlsx").read_bytes(), "mau-ngang.xlsx")
    assert result.ok and result.layout == "wide", result.rejected
    assert values(other_commune) == {("29953", "waiting_time", "2024-M03"): Decimal("12"),
                                     ("29953", "dossiers_received", "2024-Q1"): Decimal("1800"),
                                     ("29953", "dossiers_on_time_pct", "2024-Q1"): Decimal("98.1")}


def test_changes_are_announced_once_on_commit(editor, commune, django_capture_on_commit_callbacks):
    from rollout.signals import observation_recorded

    calls = []

    def receiver(**kwargs):
        calls.append(kwargs)

    observation_recorded.connect(receiver)
    try:
        data = csv_bytes([HEADER, ["29950", "sipas", "2023", "98,6", ""], ["29950", "sipas", "2022", "98,4", ""]])
        with django_capture_on_commit_callbacks(execute=True):
            import_observations(editor, data, "a.csv")
        with django_capture_on_commit_callbacks(execute=True):
            import_observations(editor, data, "a.csv")  # unchanged: nothing to announce
    finally:
        observation_recorded.disconnect(receiver)
    assert len(calls) == 1
    assert sorted(calls[0]["observation_ids"]) == sorted(Observation.objects.values_list("pk", flat=True))
    assert (calls[0]["created"], calls[0]["updated"], calls[0]["unit_ids"]) == (2, 0, [commune.pk])


def test_large_file_written_in_chunks_then_reimported_unchanged(commune):
    """More rows than one write chunk: the first import creates them all (on PostgreSQL through COPY,
    with a source holding a tab and a backslash), the same file again changes nothing,
    and one edited value is the only update (with its revision)."""
    from rollout.importing.writer import CHUNK

    # Past periods only (future ones are refused): 36 years × 12 months × 12 metrics.
    metrics = ["sipas", "dossiers_on_time_pct", "online_dossiers_pct", "cashless_payment_pct",
               "dossiers_resolved_pct", "dossiers_received", "dossiers_on_time", "dossiers_pending",
               "dossiers_overdue", "waiting_time", "processing_time", "par_index"]
    months = [(year, month) for year in range(1990, 2026) for month in range(1, 13)]
    rows = [HEADER] + [["29950", code, f"T{month}/{year}", f"{80 + (year + month) % 20},5", "Sổ\ttheo dõi \\ 2"]
                       for year, month in months for code in metrics][:CHUNK + 7]
    data = csv_bytes(rows, "utf-8", ",")
    first = import_observations(None, data, "lon.csv")
    assert first.ok and (first.created, first.updated, first.unchanged) == (CHUNK + 7, 0, 0), first.rejected[:3]
    assert Observation.objects.filter(unit=commune).count() == CHUNK + 7
    stored = Observation.objects.get(unit=commune, metric__code="sipas", period_key="1990-M01")
    assert (stored.value, stored.source) == (Decimal("91.5"), "Sổ\ttheo dõi \\ 2")

    again = import_observations(None, data, "lon.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, CHUNK + 7)

    rows[-1][3] = "12,25"
    edited = import_observations(None, csv_bytes(rows, "utf-8", ","), "lon.csv")
    assert (edited.created, edited.updated, edited.unchanged) == (0, 1, CHUNK + 6)
    assert ObservationRevision.objects.count() == 1
