from celery import shared_task


@shared_task(name="public.rebuild_unit_summaries")
def rebuild_unit_summaries():
    """Nightly: the per-unit counts from the live tables (catches bulk writes and anything unsignalled)."""
    from .summary import rebuild

    return rebuild()


@shared_task(name="public.rebuild_unit_maps")
def rebuild_unit_maps():
    """Nightly: the unit map's per-unit tables (public/unit_map_store.py) from the live tables."""
    from .unit_map_store import rebuild

    return rebuild()
