"""The pieces of issue 13's item 5 in-process (the real worker kill is tests/test_import_worker_lost.py):
a job is claimed once, a stale one is re-queued, one that keeps dying is failed with a message the
officer reads on the job's page."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from core.roles import COMMUNE_OFFICERS
from rollout.importing import recovery
from rollout.models import ImportJob, ImportStatus, Observation
from tests.factories import make_member
from tests.import_files import csv_bytes

ROWS = [["Mã đơn vị", "Chỉ tiêu", "Kỳ", "Giá trị"], ["29950", "sipas", "2023", "98,6"]]


@pytest.fixture
def officer(site, commune, client):
    user = make_member(COMMUNE_OFFICERS, commune, username="canbo")
    client.force_login(user)
    return user


def _job(officer, **fields):
    return ImportJob.objects.create(user=officer, original_name="a.csv",
                                    file=ContentFile(csv_bytes(ROWS), name="a.csv"), **fields)


def _ago(seconds):
    return timezone.now() - datetime.timedelta(seconds=seconds)


def test_a_job_is_claimed_once_while_its_heartbeat_lives(officer):
    job = _job(officer)
    assert recovery.claim(job.pk)
    assert not recovery.claim(job.pk)  # a second delivery while the first run beats
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=_ago(recovery.stale_seconds() + 1))
    assert recovery.claim(job.pk)  # the first run died
    assert ImportJob.objects.get(pk=job.pk).attempts == 2
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.DONE)
    assert not recovery.claim(job.pk)


@pytest.fixture
def not_sqlite():
    from django.db import connection
    if connection.vendor == "sqlite":
        pytest.skip("no heartbeat, so no re-queue, on SQLite (rollout/importing/recovery.py)")


def test_stale_job_is_requeued_and_imports_each_row_once(officer, not_sqlite):
    job = _job(officer, status=ImportStatus.RUNNING, attempts=1, heartbeat_at=_ago(recovery.stale_seconds() + 5))
    fresh = _job(officer, status=ImportStatus.RUNNING, attempts=1, heartbeat_at=timezone.now())
    assert recovery.requeue_stale_imports() == ([job.pk], [])  # eager here: the re-queued run ran
    job.refresh_from_db()
    assert (job.status, job.attempts, job.created_count) == (ImportStatus.DONE, 2, 1)
    assert ImportJob.objects.get(pk=fresh.pk).status == ImportStatus.RUNNING  # alive: left alone
    assert Observation.objects.count() == 1


def test_job_that_keeps_dying_fails_with_a_message_on_its_page(officer, client, settings, not_sqlite):
    settings.IMPORT_MAX_ATTEMPTS = 2
    job = _job(officer, status=ImportStatus.RUNNING, attempts=2, heartbeat_at=_ago(recovery.stale_seconds() + 5))
    assert recovery.requeue_stale_imports() == ([], [job.pk])
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and job.finished_at
    page = client.get(reverse("rollout_import_job", args=[job.pk])).content.decode()
    assert "Tiến trình nhập bị dừng đột ngột" in page and "2 lần" in page
    assert not Observation.objects.exists()
