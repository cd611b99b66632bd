"""Celery tasks of the rollout app (the spreadsheet import's task lives in rollout.importing.tasks).
They take ids, re-fetch and are idempotent: a retried or replayed refresh stores the same figures."""

from celery import shared_task
from django.db import OperationalError

from . import impact_store

RETRY = {"autoretry_for": (OperationalError,), "retry_backoff": True, "max_retries": 5}


@shared_task(name="rollout.refresh_initiative_impacts", **RETRY)
def refresh_initiative_impacts(initiative_ids):
    """A whole recompute of these initiatives (a stale row seen by a reader, a repair); releases the
    single-flight lock taken by impact_store.schedule_refresh."""
    try:
        return impact_store.refresh(initiative_ids)
    finally:
        impact_store.release(initiative_ids)


@shared_task(name="rollout.refresh_all_impacts", **RETRY)
def refresh_all_impacts():
    """Nightly safety net (beat), and the refresh after a national import: whatever a bulk path did
    without signals is right by morning."""
    return impact_store.refresh_all()
