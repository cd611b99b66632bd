"""`get_backend()`: Elasticsearch when settings.ELASTICSEARCH_URL is set, the database otherwise."""

from django.conf import settings

from .base import SearchBackend, SearchResults  # noqa: F401


def elasticsearch_enabled():
    return bool(getattr(settings, "ELASTICSEARCH_URL", ""))


def get_backend():
    if elasticsearch_enabled():
        from .elastic import ElasticsearchBackend

        return ElasticsearchBackend()
    from .database import DatabaseBackend

    return DatabaseBackend()
