"""The Celery task behind the admin upload. Takes the job id, re-fetches, and does nothing for a job
that already finished or that another live run holds (a redelivered message must not import twice,
although importing twice would change nothing anyway). A run killed with its worker is re-delivered
or re-queued: see recovery.py."""

import logging

from celery import shared_task
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from . import recovery

logger = logging.getLogger("nhanrong.rollout")


def progress_key(job_id):
    return f"rollout:import:{job_id}:progress"


@shared_task(name="rollout.run_import", acks_late=True, reject_on_worker_lost=True, bind=True)
def run_import(self, job_id):
    from ..models import ImportJob

    if not recovery.claim(job_id):
        logger.info("import %s: finished, missing or held by a live run; nothing to do", job_id)
        return
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    if self.request.is_eager:  # in the web process (no broker): no worker to lose, no beat to watch
        _run(job)
        return
    with recovery.Heartbeat(job.pk):
        _run(job)


@shared_task(name="rollout.requeue_stale_imports")
def requeue_stale_imports():
    """Beat, every minute: imports whose worker died are re-queued or failed with a message."""
    return recovery.requeue_stale_imports()


def _run(job):
    from ..models import ImportJob, ImportStatus
    from .importer import import_observations

    # The import writes in one transaction, so progress goes through the cache (shared by web and
    # workers), not through rows other connections could not see before the commit.
    def progress(done, total):
        cache.set(progress_key(job.pk), (done, total), 3600)

    try:
        with job.file.open("rb") as handle:
            data = handle.read()
        result = import_observations(job.user, data, job.original_name, valid_only=job.valid_only, progress=progress,
                                     official_source=job.official_source)
    except PermissionDenied as refusal:  # e.g. the user lost the right to import from an official source
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED, finished_at=timezone.now(),
                                                   message=str(refusal))
        cache.delete(progress_key(job.pk))
        return
    except Exception as error:  # record the failure on the job page, then let Celery log it
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED, finished_at=timezone.now(),
                                                   message=f"Lỗi hệ thống khi nhập: {error}")
        raise
    job.rows_total, job.rows_done = result.rows_total, result.rows_total
    job.created_count, job.updated_count, job.unchanged_count = result.created, result.updated, result.unchanged
    job.written, job.message = result.written, result.file_error
    job.errors = [{"row": r.row, "column": r.column, "value": r.value, "reason": r.reason} for r in result.rejected]
    job.status = ImportStatus.FAILED if result.file_error else ImportStatus.DONE
    job.finished_at = timezone.now()
    job.save()
    cache.delete(progress_key(job.pk))
