"""Celery tasks that keep the search index true. They take ids, re-read the database, and are
idempotent (running one twice gives the same index), so retries and replays are safe."""

import logging

from celery import shared_task
from django.db import DatabaseError

from .backends import elasticsearch_enabled
from .indexing import refresh_entries

logger = logging.getLogger("nhanrong.search")


def backoff_seconds(retries):
    """10 s, 20 s, 40 s … capped at 10 minutes."""
    return min(600, 10 * 2 ** retries)


@shared_task(bind=True, autoretry_for=(DatabaseError,), retry_backoff=10, retry_backoff_max=600, max_retries=5)
def index_initiatives(self, ids):
    """Rebuild the SearchEntry rows of `ids` (removing non-live ones), then mirror to Elasticsearch."""
    indexed, removed = refresh_entries(ids)
    if elasticsearch_enabled():
        push_to_elasticsearch.delay(indexed, removed)
    return {"indexed": len(indexed), "removed": len(removed)}


@shared_task(bind=True, max_retries=6)
def push_to_elasticsearch(self, indexed, removed):
    from .backends.elastic import ES_ERRORS, ElasticsearchBackend

    try:
        ElasticsearchBackend().push(indexed, removed)
    except ES_ERRORS as exc:
        if self.request.is_eager:
            # No worker to retry later: the database entries are already true and
            # `manage.py search_index --rebuild` re-syncs Elasticsearch.
            logger.warning("Elasticsearch indexing failed (%s); run search_index --rebuild later", exc)
            return {"indexed": 0, "failed": len(indexed) + len(removed)}
        logger.warning("Elasticsearch indexing failed (%s); retry %d", exc, self.request.retries + 1)
        raise self.retry(exc=exc, countdown=backoff_seconds(self.request.retries))
    return {"indexed": len(indexed), "removed": len(removed)}
