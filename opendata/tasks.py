from celery import shared_task


@shared_task(name="opendata.count_rows")
def count_rows(slug, params):
    """Count the rows of one open dataset's selection exactly and keep the count (opendata.counts).
    Takes the dataset's slug and its filters (JSON); idempotent: a second run stores the same count."""
    from . import counts
    from .datasets import SELECTIONS

    schema, select = SELECTIONS[slug]
    try:
        counts.store_count(slug, params, select(schema.model_validate(params)).count())
    finally:
        counts.release(slug, params)
