"""The import page's XLSX template round-trips: generated for the officer's unit, uploaded unchanged
it imports without error; filled in (values typed the Vietnamese way), its values are stored."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.roles import COMMUNE_OFFICERS
from rollout.importing.importer import import_observations
from rollout.models import ImportJob, ImportStatus, Metric, Observation
from tests.factories import UnitFactory, make_member

YEAR = timezone.localdate().year


@pytest.fixture
def officer(site, commune, client):
    user = make_member(COMMUNE_OFFICERS, commune, username="canbo_mau")
    client.force_login(user)
    return user


def _template(client):
    page = client.get(reverse("rollout_import")).content.decode()
    assert reverse("rollout_import_template") in page and "Tải tệp mẫu" in page
    response = client.get(reverse("rollout_import_template"))
    assert response.status_code == 200 and response["Content-Disposition"].endswith(f'-29950-{YEAR}.xlsx"')
    return response.content


def test_template_lists_unit_periods_metrics_and_a_guide(client, officer):
    workbook = openpyxl.load_workbook(io.BytesIO(_template(client)))
    data, guide = workbook.worksheets
    rows = list(data.iter_rows(values_only=True))
    metrics = list(Metric.objects.order_by("name_vi"))
    assert rows[0][:3] == ("Mã đơn vị", "Kỳ", "Ghi chú")
    assert rows[0][3:] == tuple(m.name_vi for m in metrics)
    assert data.cell(row=1, column=4).comment.text.startswith(f"Mã chỉ tiêu: {metrics[0].code}")
    assert [r[:3] for r in rows[1:]] == [("29950", f"Quý {q}/{YEAR}", "Xã Long Khánh A") for q in range(1, 5)]
    text = " ".join(str(c) for row in guide.iter_rows(values_only=True) for c in row if c)
    assert "96,5 ; 98,9% ; 9.470" in text and "Quý 1/2026" in text
    assert all(m.code in text and m.name_vi in text for m in metrics)


def test_unchanged_template_uploads_without_error(client, officer):
    response = client.post(reverse("rollout_import"), {"file": SimpleUploadedFile("mau.xlsx", _template(client)),
                                                       "valid_only": "0"})
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status != ImportStatus.FAILED, (job.message, job.errors)
    assert job.errors == [] and job.message == ""
    assert not Observation.objects.exists()


def test_filled_template_imports_its_values(client, officer, commune):
    workbook = openpyxl.load_workbook(io.BytesIO(_template(client)))
    sheet = workbook.worksheets[0]
    header = [c.value for c in sheet[1]]
    sipas = Metric.objects.get(code="sipas")
    column = header.index(sipas.name_vi) + 1
    sheet.cell(row=2, column=column, value="96,5")
    out = io.BytesIO()
    workbook.save(out)
    result = import_observations(officer, out.getvalue(), "mau.xlsx")
    assert not result.rejected and not result.file_error
    observation = Observation.objects.get(unit=commune, metric=sipas)
    assert (observation.period_key, observation.value) == (f"{YEAR}-Q1", Decimal("96.5"))


def test_historic_unit_sharing_its_code_gets_the_unambiguous_key(site, province):
    from rollout.importing.template import unit_cell

    old = UnitFactory(code="29980", key="h29980", name="Xã Long Khánh A", short_name="Long Khánh A",
                      valid_until=datetime.date(2025, 6, 30))
    UnitFactory(code="29980", key="29980", name="Xã Long Khánh", short_name="Long Khánh")
    assert unit_cell(old) == "h29980"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Mã đơn vị", "Kỳ", "Ghi chú", "sipas"])
    sheet.append([unit_cell(old), "Quý 1/2025", str(old), "97"])
    out = io.BytesIO()
    workbook.save(out)
    editor = make_member(COMMUNE_OFFICERS, old, username="canbo_cu")
    result = import_observations(editor, out.getvalue(), "cu.xlsx")
    assert not result.rejected, result.rejected
    assert Observation.objects.get().unit == old
