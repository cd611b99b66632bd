from celery import shared_task


@shared_task(name="public.rebuild_unit_summaries")
def rebuild_unit_summaries():
    """Nightly: the per-unit counts from the live tables (catches bulk writes and anything unsignalled)."""
    from .summary import rebuild

    return rebuild()
