"""Search answered by Elasticsearch 8 (elasticsearch-dsl). Documents are built from SearchEntry
rows, so both backends index the same data. If Elasticsearch cannot answer, the database backend
does, the result says so (`fallback`), and the failure is logged by kind (outage, configuration, or a
bug in our query): never an error page. A circuit breaker (es_client.breaker) remembers a failure for
a short time so that a hanging cluster costs one timeout, not one per search."""

from django.utils.html import escape
from django.utils.text import Truncator

from .. import facets as facet_map
from ..documents import build_search, build_suggest
from .base import FACETS, SearchBackend, SearchHit, SearchResults, Suggestion
from .common import ordered_facet
from .database import DatabaseBackend
from .es_client import ES_ERRORS, breaker, get_client, log_failure
from .es_maintenance import ElasticIndexer

__all__ = ["ES_ERRORS", "ElasticsearchBackend"]


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self, es=None, maintenance_es=None):
        self._es = es
        self._maintenance_es = maintenance_es

    @property
    def es(self):
        if self._es is None:
            self._es = get_client("search")
        return self._es

    @property
    def indexer(self):
        return ElasticIndexer(self._maintenance_es)

    # -- querying -------------------------------------------------------------------------
    def _ask(self, during, call):
        """Run `call()` against the cluster unless the breaker is open. Returns (response, None) or
        (None, exc-or-None) when the database must answer."""
        if not breaker.allow():
            return None, None
        try:
            response = call()
        except ES_ERRORS as exc:
            log_failure(exc, during)
            breaker.failure()
            return None, exc
        breaker.success()
        return response, None

    def search(self, query):
        domain = facet_map.facet_domain()
        response, _ = self._ask("search", lambda: build_search(
            query, facet_sizes=facet_map.facet_sizes(domain)).using(self.es).execute())
        if response is None:
            results = DatabaseBackend().search(query)
            results.fallback = True
            return results
        return self._results(query, response, domain)

    def _results(self, query, response, domain=None):
        labels = facet_map.facet_domain() if domain is None else domain
        facets = {}
        for facet in FACETS:
            buckets = getattr(response.aggregations, facet).buckets
            facets[facet] = ordered_facet(facet, ((str(b.key), labels.get(facet, {}).get(str(b.key), ""),
                                                   b.doc_count) for b in buckets))
        results = [self._hit(h) for h in response.hits]
        return SearchResults(results=results, count=response.hits.total.value, page=query.page,
                             page_size=query.page_size, facets=facets, backend=self.name)

    def _hit(self, hit):
        src = hit.to_dict()
        highlight = getattr(hit.meta, "highlight", None)
        snippet = ""
        if highlight is not None:
            for field_name in ("summary", "body"):
                fragments = getattr(highlight, field_name, None)
                if fragments:
                    snippet = fragments[0]
                    break
        if not snippet:
            snippet = escape(Truncator(src.get("summary", "")).words(40))
        return SearchHit(
            id=int(hit.meta.id), title=src.get("title", ""), url=src.get("url", ""), unit=src.get("unit_name", ""),
            province=src.get("province_name", ""), area=src.get("area_name", ""), area_slug=src.get("area") or "",
            tags=list(src.get("tag_labels", [])), status=src.get("status") or "",
            recognition_level=src.get("recognition_level") or "", snippet=snippet,
            adoption_count=src.get("adoption_count", 0), final_score=src.get("final_score"), year=src.get("year"),
            published_at=src.get("published_at"), score=float(hit.meta.score or 0))

    def suggest(self, prefix, limit=8):
        if not prefix.strip():
            return []
        response, _ = self._ask("suggestions", lambda: build_suggest(prefix, size=limit).using(self.es).execute())
        if response is None:
            return DatabaseBackend().suggest(prefix, limit)
        out = []
        for option in response.suggest.titles[0].options:
            title = option._source.title
            kind = "initiative" if option.text == title else "unit"
            out.append(Suggestion(text=option.text, kind=kind, url=option._source.url if kind == "initiative" else ""))
        return out

    # -- maintenance (es_maintenance.ElasticIndexer) -------------------------------------------
    def push(self, indexed, removed):
        return self.indexer.push(indexed, removed)

    def index(self, ids):
        indexed, removed = DatabaseBackend().index(ids)
        self.push(indexed, removed)
        return indexed, removed

    def delete(self, ids):
        DatabaseBackend().delete(ids)
        self.push([], list(ids))

    def rebuild(self, progress=None):
        return self.indexer.rebuild(progress=progress)

    def sync_synonyms(self):
        return self.indexer.sync_synonyms()
