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


def _retry_or_report(task, exc, what, count):
    from .backends.es_client import describe_failure

    if task.request.is_eager:
        # No worker to retry later: the database entries are already true and
        # `manage.py search_index --rebuild` re-syncs Elasticsearch.
        logger.warning("Elasticsearch %s failed (%s); run search_index --rebuild later", what, describe_failure(exc))
        return {"failed": count, "error": describe_failure(exc)}
    logger.warning("Elasticsearch %s failed (%s); retry %d", what, describe_failure(exc), task.request.retries + 1)
    raise task.retry(exc=exc, countdown=backoff_seconds(task.request.retries))


@shared_task(bind=True, max_retries=6)
def push_to_elasticsearch(self, indexed, removed):
    """Mirror entries into Elasticsearch. Items the cluster refuses (mapping errors, 429s still refused
    after the bulk helper's backoff, writes refused by the alias) fail the task, which is retried."""
    from .backends.elastic import ES_ERRORS, ElasticsearchBackend

    try:
        ElasticsearchBackend().push(indexed, removed)
    except ES_ERRORS as exc:
        return _retry_or_report(self, exc, "indexing", len(indexed) + len(removed))
    return {"indexed": len(indexed), "removed": len(removed)}


@shared_task(bind=True, max_retries=6)
def sync_synonyms(self):
    """A Synonym row changed: update Elasticsearch's synonyms set and reload the search analysers (the
    database backend reads the table on every query already)."""
    if not elasticsearch_enabled():
        return {"skipped": True}
    from .backends.elastic import ES_ERRORS, ElasticsearchBackend

    try:
        rules = ElasticsearchBackend().sync_synonyms()
    except ES_ERRORS as exc:
        return _retry_or_report(self, exc, "synonym update", 1)
    return {"rules": len(rules)}
