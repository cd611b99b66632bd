"""Celery tasks of the home page."""

from celery import shared_task


@shared_task
def refresh_headline_figures():
    """Recompute the home page's headline figures after a change (home/figures.py: one at a time;
    readers meanwhile get the previous ones). Idempotent, takes nothing."""
    from .figures import refresh_headline_figures_now

    figures = refresh_headline_figures_now()
    return figures["initiatives"]
