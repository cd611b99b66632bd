"""Search answered by Elasticsearch 8 (elasticsearch-dsl). Documents are built from SearchEntry
rows, so both backends index the same data. If Elasticsearch cannot answer, the database backend
does, the result says so (`fallback`), and a warning is logged: never an error page."""

import logging
import time

from django.conf import settings
from django.utils.html import escape
from django.utils.text import Truncator
from elastic_transport import TransportError
from elasticsearch import ApiError, Elasticsearch
from elasticsearch.helpers import BulkIndexError, bulk

from ..documents import alias_name, build_index, build_search, build_suggest, document_body, synonym_rules
from ..models import SearchEntry, SearchFacetValue
from ..query import load_synonym_groups
from .base import FACETS, SearchBackend, SearchHit, SearchResults, Suggestion
from .common import ordered_facet
from .database import DatabaseBackend

logger = logging.getLogger("nhanrong.search")

ES_ERRORS = (TransportError, ApiError, BulkIndexError, ConnectionError, TimeoutError)
CHUNK = 500


def client():
    # Short timeout, no transport retries: a dead cluster must fall back fast, not hang the page.
    return Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=getattr(settings, "ELASTICSEARCH_TIMEOUT", 3),
                         max_retries=0, retry_on_timeout=False)


def facet_labels():
    """Labels for the keys Elasticsearch aggregates on (slugs, keys), read from SearchEntry."""
    labels = {
        "area": dict(SearchEntry.objects.values_list("reform_area_slug", "reform_area_name").distinct()),
        "province": dict(SearchEntry.objects.values_list("province_key", "province_name").distinct()),
    }
    for facet in ("tag", "campaign"):
        labels[facet] = dict(SearchFacetValue.objects.filter(kind=facet).values_list("value", "label").distinct())
    return labels


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self, es=None):
        self._es = es

    @property
    def es(self):
        if self._es is None:
            self._es = client()
        return self._es

    # -- querying -------------------------------------------------------------------------
    def search(self, query):
        try:
            response = build_search(query).using(self.es).execute()
        except ES_ERRORS as exc:
            logger.warning("Elasticsearch unavailable (%s): answering from the database", exc.__class__.__name__)
            results = DatabaseBackend().search(query)
            results.fallback = True
            return results
        return self._results(query, response)

    def _results(self, query, response):
        labels = facet_labels()
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
        try:
            response = build_suggest(prefix, size=limit).using(self.es).execute()
        except ES_ERRORS as exc:
            logger.warning("Elasticsearch unavailable for suggestions (%s)", exc.__class__.__name__)
            return DatabaseBackend().suggest(prefix, limit)
        out = []
        for option in response.suggest.titles[0].options:
            title = option._source.title
            kind = "initiative" if option.text == title else "unit"
            out.append(Suggestion(text=option.text, kind=kind, url=option._source.url if kind == "initiative" else ""))
        return out

    # -- maintenance ----------------------------------------------------------------------
    def _entries(self, ids=None):
        qs = SearchEntry.objects.prefetch_related("facet_values").order_by("pk")
        return qs if ids is None else qs.filter(pk__in=list(ids))

    def _actions(self, entries, index):
        for entry in entries:
            yield {"_index": index, "_id": entry.pk, "_source": document_body(entry)}

    def ensure_alias(self):
        """First use: create an index behind the alias (later rebuilds swap it)."""
        alias = alias_name()
        if not self.es.indices.exists_alias(name=alias):
            name = f"{alias}-{int(time.time() * 1000)}"
            build_index(name, synonym_rules(load_synonym_groups())).create(using=self.es)
            self.es.indices.put_alias(index=name, name=alias)

    def push(self, indexed, removed):
        """Mirror SearchEntry rows (already refreshed) for these ids into Elasticsearch."""
        self.ensure_alias()
        alias = alias_name()
        actions = list(self._actions(self._entries(indexed), alias))
        actions += [{"_op_type": "delete", "_index": alias, "_id": pk} for pk in removed]
        if actions:
            bulk(self.es, actions, raise_on_error=False, raise_on_exception=True)

    def index(self, ids):
        indexed, removed = DatabaseBackend().index(ids)
        self.push(indexed, removed)
        return indexed, removed

    def delete(self, ids):
        DatabaseBackend().delete(ids)
        self.push([], list(ids))

    def rebuild(self, progress=None):
        """Build a fresh index from SearchEntry, then move the alias to it in one atomic call:
        searches keep hitting the old index until the new one is complete."""
        alias = alias_name()
        new = f"{alias}-{int(time.time() * 1000)}"
        build_index(new, synonym_rules(load_synonym_groups())).create(using=self.es)
        entries = self._entries()
        total = 0
        batch = []
        for entry in entries.iterator(chunk_size=CHUNK):
            batch.append(entry)
            if len(batch) >= CHUNK:
                bulk(self.es, self._actions(batch, new))
                total += len(batch)
                if progress:
                    progress(len(batch))
                batch = []
        if batch:
            bulk(self.es, self._actions(batch, new))
            total += len(batch)
            if progress:
                progress(len(batch))
        self.es.indices.refresh(index=new)
        old = list(self.es.indices.get_alias(name=alias).keys()) if self.es.indices.exists_alias(name=alias) else []
        if not old and self.es.indices.exists(index=alias):
            self.es.indices.delete(index=alias)  # a concrete index squatting the alias name
        actions = [{"remove": {"index": name, "alias": alias}} for name in old]
        actions.append({"add": {"index": new, "alias": alias}})
        self.es.indices.update_aliases(actions=actions)
        for name in old:
            self.es.indices.delete(index=name)
        logger.info("Elasticsearch rebuilt: %d documents in %s (alias %s)", total, new, alias)
        return total
