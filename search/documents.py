"""The Elasticsearch side: index settings (Vietnamese analysers), the initiative Document, and
the query builder. Everything here is built as elasticsearch-dsl objects whose `to_dict()` bodies
the tests assert, so this module is tested without a server."""

from django.conf import settings
from elasticsearch.dsl import Completion, Date, Document, Float, Index, Integer, Keyword, Search, Text
from elasticsearch.dsl.query import Bool, MultiMatch, Term

from .query import Sort
from .text import nfc

# Elasticsearch refuses `from + size` beyond index.max_result_window (10,000 by default).
MAX_RESULT_WINDOW = 10_000
# Completion inputs longer than this are cut by Elasticsearch (default 50: too short for Vietnamese titles).
SUGGEST_MAX_INPUT_LENGTH = 255


def alias_name():
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-initiatives"


def synonyms_set_name():
    """The synonyms set (Elasticsearch's synonyms API, 8.10+) that the search analyser reads. Editing a
    Synonym row updates the set, which reloads the search analysers without re-indexing."""
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-synonyms"


def synonym_rules(synonym_groups):
    """Synonym groups (lists of folded word tuples) -> Solr-format rules for the synonym filter:
    'tthc, thu tuc hanh chinh'. Folded in Python because the filter sees folded tokens."""
    rules = []
    for variants in synonym_groups:
        phrases = [" ".join(v) for v in variants if v]
        if len(phrases) > 1:
            rules.append(", ".join(phrases))
    return rules


def synonyms_set_body(rules):
    """Rules -> the `synonyms_set` of PUT _synonyms/<set>: one rule object each, with a stable id."""
    return [{"id": f"r{i}", "synonyms": rule} for i, rule in enumerate(rules, start=1)]


def analysis_settings(synonyms_set=None):
    """Analysers: `vi_folded` (index: standard tokens, lower case, đ→d, ASCII folding),
    `vi_folded_search` (the same plus query-time synonyms), `vi_exact` (diacritics kept, for the
    exact-match boost). No ICU plugin needed. The synonym filter reads a synonyms set and is
    `updateable` (search time only), so a change reloads the search analysers; the set must exist
    before the index is created (Elasticsearch 8.10+). Text is NFC-normalised before it is sent (see
    document_body and build_search): ASCII folding does not fold combining marks."""
    return {
        "char_filter": {"vi_dd": {"type": "mapping", "mappings": ["đ => d", "Đ => D"]}},
        "filter": {"vi_synonyms": {"type": "synonym_graph", "synonyms_set": synonyms_set or synonyms_set_name(),
                                   "updateable": True, "lenient": True}},
        "analyzer": {
            "vi_folded": {"type": "custom", "tokenizer": "standard", "char_filter": ["vi_dd"],
                          "filter": ["lowercase", "asciifolding"]},
            "vi_folded_search": {"type": "custom", "tokenizer": "standard", "char_filter": ["vi_dd"],
                                 "filter": ["lowercase", "asciifolding", "vi_synonyms"]},
            "vi_exact": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"]},
        },
    }


def _text(**kwargs):
    return Text(analyzer="vi_folded", search_analyzer="vi_folded_search",
                fields={"exact": Text(analyzer="vi_exact")}, **kwargs)


class InitiativeDocument(Document):
    title = _text()
    summary = _text()
    body = _text()
    units = _text()
    area_name = _text()
    tag_names = _text()
    url = Keyword(index=False)
    unit_name = Keyword(index=False)
    province_name = Keyword(index=False)
    area = Keyword()
    province = Keyword()
    level = Keyword()
    tags = Keyword()
    tag_labels = Keyword(index=False)
    status = Keyword()
    recognition_level = Keyword()
    campaigns = Keyword()
    adoption_count = Integer()
    final_score = Float()
    year = Integer()
    published_at = Date()
    start_date = Date()
    suggest = Completion(analyzer="vi_folded", search_analyzer="vi_folded", max_input_length=SUGGEST_MAX_INPUT_LENGTH)


def build_index(name, synonyms_set=None):
    index = Index(name)
    index.settings(number_of_shards=1, number_of_replicas=0, analysis=analysis_settings(synonyms_set))
    index.document(InitiativeDocument)
    return index


def document_body(entry):
    """SearchEntry (with facet_values prefetched) -> document source dict. Every text is NFC: text typed
    or imported decomposed (NFD) would otherwise keep its combining marks through ASCII folding."""
    tags = [f for f in entry.facet_values.all() if f.kind == "tag"]
    campaigns = [f.value for f in entry.facet_values.all() if f.kind == "campaign"]
    return _nfc_strings({
        "title": entry.title, "summary": entry.summary, "body": entry.body_text, "units": entry.unit_names,
        "area_name": entry.reform_area_name, "tag_names": " ".join(t.label for t in tags),
        "url": entry.url, "unit_name": entry.unit_name, "province_name": entry.province_name,
        "area": entry.reform_area_slug or None, "province": entry.province_key or None,
        "level": entry.unit_level or None, "tags": [t.value for t in tags], "tag_labels": [t.label for t in tags],
        "status": entry.status or None, "recognition_level": entry.recognition_level or None,
        "campaigns": campaigns, "adoption_count": entry.adoption_count,
        "final_score": float(entry.final_score) if entry.final_score is not None else None,
        "year": entry.year, "published_at": entry.published_at.isoformat() if entry.published_at else None,
        "start_date": entry.start_date.isoformat() if entry.start_date else None,
        "suggest": {"input": [entry.title] + [n.strip() for n in entry.unit_names.split(",") if n.strip()]},
    })


def _nfc_strings(value):
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [_nfc_strings(v) for v in value]
    if isinstance(value, dict):
        return {k: _nfc_strings(v) for k, v in value.items()}
    return value


DEFAULT_FACET_SIZE = 50
FILTER_FIELDS = {"area": "area", "province": "province", "level": "level", "tag": "tags", "status": "status",
                 "recognition": "recognition_level", "year": "year", "campaign": "campaigns"}
HIGHLIGHT = {"pre_tags": ["<mark>"], "post_tags": ["</mark>"], "encoder": "html",
             "fragment_size": 200, "number_of_fragments": 1}


def build_search(query, index=None, facet_sizes=None):
    """SearchQuery -> elasticsearch-dsl Search. Boost order mirrors the database backend:
    phrase in title > phrase anywhere > exact diacritics > all words (cross fields).
    `facet_sizes`: terms per facet (each facet's whole domain, so both backends list the same values).
    Pages past Elasticsearch's result window ask for no hits (count and facets only)."""
    s = Search(index=index or alias_name()).extra(track_total_hits=True)
    text = nfc(query.text)
    if text:
        must = MultiMatch(query=text, type="cross_fields", operator="and",
                          fields=["title^3", "summary^2", "body", "units", "area_name", "tag_names"])
        should = [
            MultiMatch(query=text, type="phrase", fields=["title^4", "summary^2", "body"], boost=2),
        ]
        if query.wants_exact_boost:
            should.append(MultiMatch(query=text, type="phrase",
                                     fields=["title.exact^3", "summary.exact", "body.exact"], boost=1.5))
        s = s.query(Bool(must=[must], should=should))
    for facet, value in query.filters.items():
        s = s.filter(Term(**{FILTER_FIELDS[facet]: value}))
    for facet, field_name in FILTER_FIELDS.items():
        s.aggs.bucket(facet, "terms", field=field_name, size=(facet_sizes or {}).get(facet, DEFAULT_FACET_SIZE))
    newest = [{"published_at": {"order": "desc", "missing": "_last"}}]
    sorts = {
        Sort.RELEVANCE: (["_score"] if query.text else []) + newest,
        Sort.NEWEST: newest,
        Sort.ADOPTED: [{"adoption_count": {"order": "desc"}}, "_score"] + newest,
        Sort.SCORE: [{"final_score": {"order": "desc", "missing": "_last"}}, "_score"] + newest,
    }
    s = s.sort(*sorts[query.sort])
    s = s.highlight_options(**HIGHLIGHT).highlight("summary", "body")
    start = min(query.offset, MAX_RESULT_WINDOW)
    return s[start:min(query.offset + query.page_size, MAX_RESULT_WINDOW)]


def build_suggest(prefix, size=8, index=None):
    """Completion only: `size: 0` so no ordinary hits are fetched beside the suggestions."""
    s = Search(index=index or alias_name()).source(["title", "url"]).extra(size=0)
    return s.suggest("titles", nfc(prefix), completion={"field": "suggest", "size": size, "skip_duplicates": True})
