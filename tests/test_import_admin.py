"""Admin upload end to end: post a file, the (eager) Celery task runs on commit, the job page shows
the counts, the error report downloads; refusals and permissions."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.roles import COMMUNE_OFFICERS, EDITORS
from rollout.models import ImportJob, ImportStatus, Observation
from tests.factories import make_member
from tests.import_files import csv_bytes, xlsx_bytes

HEADER = ["Mã đơn vị", "Chỉ tiêu", "Kỳ", "Giá trị"]


@pytest.fixture
def officer(site, commune, other_commune, client):
    user = make_member(COMMUNE_OFFICERS, commune, username="canbo")
    client.force_login(user)
    return user


def _post(client, name, data, valid_only="0"):
    return client.post(reverse("rollout_import"), {"file": SimpleUploadedFile(name, data), "valid_only": valid_only})


def _denied(response):
    """Wagtail's admin answers PermissionDenied with a redirect to the dashboard and a message."""
    return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def test_menu_and_form_are_shown_to_officers(client, officer):
    response = client.get(reverse("rollout_import"))
    assert response.status_code == 200
    assert "Chỉ ghi các dòng hợp lệ" in response.content.decode()
    assert reverse("rollout_import") in client.get(reverse("wagtailadmin_home")).content.decode()


def test_upload_runs_and_job_page_shows_counts(client, officer, django_capture_on_commit_callbacks):
    data = xlsx_bytes([HEADER, ["29950", "sipas", "2023", "98,6"], ["29950", "sipas", "2022", 98.4]])
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, "so-lieu.xlsx", data)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("rollout_import_job", args=[job.pk])
    assert (job.status, job.rows_total, job.rows_done, job.created_count, job.user) == (
        ImportStatus.DONE, 2, 2, 2, officer)
    assert Observation.objects.get(period_key="2022").value == Decimal("98.4")
    page = client.get(response["Location"]).content.decode()
    assert "2 / 2 dòng" in page and "Đã ghi: 2 số liệu mới, 0 cập nhật, 0 không đổi." in page
    assert 'http-equiv="refresh"' not in page  # finished: no more refreshing


def test_rejected_rows_atomic_and_error_report(client, officer, django_capture_on_commit_callbacks):
    data = csv_bytes([HEADER, ["29950", "sipas", "2023", "98,6"], ["29953", "sipas", "2023", "97"],
                      ["29950", "sipas", "Quý 9/2024", "1"]], "cp1258", ";")
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, "loi.csv", data)
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.DONE and not job.written
    assert not Observation.objects.exists()
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, "Mã đơn vị"), (4, "Kỳ")]
    page = client.get(reverse("rollout_import_job", args=[job.pk])).content.decode()
    assert "Không ghi số liệu nào" in page and "Quý 9/2024" in page
    report = client.get(reverse("rollout_import_errors", args=[job.pk]))
    text = report.content.decode("utf-8-sig").splitlines()
    assert text[0] == "Dòng;Cột;Giá trị;Lý do"
    assert text[1].startswith("3;Mã đơn vị;29953;Bạn không có quyền")
    assert text[2].startswith("4;Kỳ;Quý 9/2024;")


def test_valid_only_choice(client, officer, django_capture_on_commit_callbacks):
    data = csv_bytes([HEADER, ["29950", "sipas", "2023", "98,6"], ["29953", "sipas", "2023", "97"]])
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, "a.csv", data, valid_only="1")
    job = ImportJob.objects.get()
    assert job.written and job.created_count == 1 and len(job.errors) == 1
    assert list(Observation.objects.values_list("unit__key", flat=True)) == ["29950"]


def test_progress_page_refreshes_while_running(client, officer):
    job = ImportJob.objects.create(file=SimpleUploadedFile("a.csv", b"x"), original_name="a.csv", user=officer,
                                   rows_total=10, rows_done=4, status=ImportStatus.RUNNING)
    page = client.get(reverse("rollout_import_job", args=[job.pk])).content.decode()
    assert 'http-equiv="refresh"' in page and "4 / 10 dòng" in page


@pytest.mark.parametrize("name, data, message", [
    ("anh.png", b"\x89PNG....", "Chỉ nhận tệp bảng tính CSV hoặc XLSX"),
    ("cu.xls", b"\xd0\xcf\x11\xe0", "Excel cũ"),
])
def test_wrong_type_is_refused_in_the_form(client, officer, name, data, message):
    response = _post(client, name, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


def test_too_large_is_refused_in_the_form(client, officer, settings):
    settings.IMPORT_MAX_BYTES = 100
    response = _post(client, "lon.csv", b"Ma don vi,Ky\n" * 20)
    assert "Tệp quá lớn" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_not_a_spreadsheet_fails_the_job_with_a_message(client, officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, "gia.xlsx", b"day khong phai excel")
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED and "không phải tệp Excel" in job.message
    assert "không phải tệp Excel" in client.get(reverse("rollout_import_job", args=[job.pk])).content.decode()


def test_jobs_are_private_to_their_user(client, officer, site, commune, other_commune):
    job = ImportJob.objects.create(file=SimpleUploadedFile("a.csv", b"x"), original_name="a.csv", user=officer)
    other = make_member(COMMUNE_OFFICERS, other_commune, username="canbo2")
    client.force_login(other)
    for url in (reverse("rollout_import_job", args=[job.pk]), reverse("rollout_import_errors", args=[job.pk])):
        assert _denied(client.get(url))
    assert "a.csv" not in client.get(reverse("rollout_import")).content.decode()
    client.force_login(make_member(EDITORS))
    assert client.get(reverse("rollout_import_job", args=[job.pk])).status_code == 200


def test_user_without_unit_cannot_upload(client, site):
    from django.contrib.auth.models import Permission
    user = make_member(COMMUNE_OFFICERS)  # in the group, but no unit
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert _denied(client.get(reverse("rollout_import")))
    assert _denied(client.post(reverse("rollout_import"), {"file": SimpleUploadedFile("a.csv", b"a,b\n")}))
    assert not ImportJob.objects.exists()
