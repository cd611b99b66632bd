"""A crashed worker loses no import (issue 13, item 5).

Three pieces, each against one failure:
- the task is acknowledged late and rejected (so re-delivered) when its worker process dies
  (CELERY_TASK_ACKS_LATE, CELERY_TASK_REJECT_ON_WORKER_LOST), and a message whose whole worker
  vanished comes back after the broker's visibility timeout, sized to the longest job
  (IMPORT_JOB_MAX_SECONDS);
- a run claims its job (`claim`) and keeps a heartbeat on it (`Heartbeat`), so a second delivery
  of the same job while the first still runs does nothing;
- a beat task (`requeue_stale_imports`) finds running jobs whose heartbeat stopped for
  IMPORT_HEARTBEAT_STALE_SECONDS, re-queues each (up to IMPORT_MAX_ATTEMPTS runs in all), or fails it
  with a message the officer reads on the job's page.

On SQLite (the embedded default, where imports run eagerly in the web process and nothing here is
needed) no heartbeat is written and beat re-queues nothing: a second writer would make the import's
own transaction fail with "database is locked". A redelivered message still claims a job whose
heartbeat (the claim's) is older than IMPORT_HEARTBEAT_STALE_SECONDS.

A re-run writes each row once: the import writes in one transaction (a killed run wrote nothing) and
upserts by (unit, metric, period).
"""

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

logger = logging.getLogger("nhanrong.rollout")


def heartbeat_seconds():
    return float(getattr(settings, "IMPORT_HEARTBEAT_SECONDS", 10))


def stale_seconds():
    return float(getattr(settings, "IMPORT_HEARTBEAT_STALE_SECONDS", 300))


def max_attempts():
    return int(getattr(settings, "IMPORT_MAX_ATTEMPTS", 3))


def _stale_before():
    return timezone.now() - timezone.timedelta(seconds=stale_seconds())


def claim(job_id):
    """Mark the job running for this run, unless it is finished or another run's heartbeat is alive.
    One UPDATE, so two deliveries of the same job cannot both claim it. True when claimed."""
    from ..models import ImportJob, ImportStatus

    now = timezone.now()
    free = Q(status=ImportStatus.PENDING) | Q(status=ImportStatus.RUNNING) & (
        Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=_stale_before()))
    return bool(ImportJob.objects.filter(free, pk=job_id).update(
        status=ImportStatus.RUNNING, heartbeat_at=now, attempts=F("attempts") + 1))


class Heartbeat:
    """While the `with` block runs, a thread writes the job's heartbeat every IMPORT_HEARTBEAT_SECONDS
    (from its own database connection: the import's transaction does not hide it)."""

    def __init__(self, job_id):
        self.job_id, self._stop = job_id, threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"import-heartbeat-{job_id}", daemon=True)

    def __enter__(self):
        if connection.vendor != "sqlite":
            self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=heartbeat_seconds() + 5)
        return False

    def _beat(self):
        from ..models import ImportJob, ImportStatus

        try:
            while not self._stop.wait(heartbeat_seconds()):
                try:
                    ImportJob.objects.filter(pk=self.job_id, status=ImportStatus.RUNNING).update(
                        heartbeat_at=timezone.now())
                except Exception:  # a locked SQLite file, a dropped connection: try again next beat
                    logger.warning("import %s: heartbeat not written", self.job_id, exc_info=True)
                    close_old_connections()
        finally:
            connection.close()


def stopped_message():
    return _("Tiến trình nhập bị dừng đột ngột (máy xử lý ngừng hoạt động) %(count)s lần nên đã dừng hẳn. "
             "Không có dòng nào được ghi; hãy tải tệp lên lại hoặc báo quản trị viên.") % {"count": max_attempts()}


def requeue_stale_imports():
    """The beat task's body: re-queue, or fail with a message, each running job whose heartbeat
    stopped. Returns (re-queued ids, failed ids)."""
    from ..models import ImportJob, ImportStatus
    from .tasks import run_import

    if connection.vendor == "sqlite":  # no heartbeat there (see the module's docstring)
        return [], []
    stale = ImportJob.objects.filter(Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=_stale_before()),
                                     status=ImportStatus.RUNNING)
    requeued, failed = [], []
    for job in stale.only("pk", "attempts", "heartbeat_at"):
        still = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.RUNNING, heartbeat_at=job.heartbeat_at)
        if job.attempts >= max_attempts():
            if still.update(status=ImportStatus.FAILED, finished_at=timezone.now(), message=stopped_message()):
                failed.append(job.pk)
                logger.error("import %s: worker lost %s times, failed", job.pk, job.attempts)
        elif still.update(status=ImportStatus.PENDING, heartbeat_at=None):
            requeued.append(job.pk)
            logger.warning("import %s: heartbeat stopped, re-queued (run %s)", job.pk, job.attempts + 1)
            run_import.delay(job.pk)
    return requeued, failed
