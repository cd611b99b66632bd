"""The Elasticsearch side: index settings (Vietnamese analysers), the initiative Document, and
the query builder. Everything here is built as elasticsearch-dsl objects whose `to_dict()` bodies
the tests assert, so this module is tested without a server."""

from django.conf import settings
from elasticsearch.dsl import Completion, Date, Document, Float, Index, Integer, Keyword, Search, Text
from elasticsearch.dsl.query import Bool, MultiMatch, Term

from .query import Sort


def alias_name():
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-initiatives"


def synonym_rules(synonym_groups):
    """Synonym groups (lists of folded word tuples) -> Solr-format rules for the synonym filter:
    'tthc, thu tuc hanh chinh'. Folded in Python because the filter sees folded tokens."""
    rules = []
    for variants in synonym_groups:
        phrases = [" ".join(v) for v in variants if v]
        if len(phrases) > 1:
            rules.append(", ".join(phrases))
    return rules


def analysis_settings(rules):
    """Analysers: `vi_folded` (index: standard tokens, lower case, đ→d, ASCII folding),
    `vi_folded_search` (the same plus query-time synonyms), `vi_exact` (diacritics kept, for the
    exact-match boost). No ICU plugin needed, so any Elasticsearch 8 works."""
    return {
        "char_filter": {"vi_dd": {"type": "mapping", "mappings": ["đ => d", "Đ => D"]}},
        "filter": {"vi_synonyms": {"type": "synonym_graph", "synonyms": rules or ["cchc, cai cach hanh chinh"],
                                   "lenient": True}},
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
    suggest = Completion(analyzer="vi_folded", search_analyzer="vi_folded")


def build_index(name, rules):
    index = Index(name)
    index.settings(number_of_shards=1, number_of_replicas=0, analysis=analysis_settings(rules))
    index.document(InitiativeDocument)
    return index


def document_body(entry):
    """SearchEntry (with facet_values prefetched) -> document source dict."""
    tags = [f for f in entry.facet_values.all() if f.kind == "tag"]
    campaigns = [f.value for f in entry.facet_values.all() if f.kind == "campaign"]
    return {
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
    }


FILTER_FIELDS = {"area": "area", "province": "province", "level": "level", "tag": "tags", "status": "status",
                 "recognition": "recognition_level", "year": "year", "campaign": "campaigns"}
HIGHLIGHT = {"pre_tags": ["<mark>"], "post_tags": ["</mark>"], "encoder": "html",
             "fragment_size": 200, "number_of_fragments": 1}


def build_search(query, index=None):
    """SearchQuery -> elasticsearch-dsl Search. Boost order mirrors the database backend:
    phrase in title > phrase anywhere > exact diacritics > all words (cross fields)."""
    s = Search(index=index or alias_name()).extra(track_total_hits=True)
    if query.text:
        must = MultiMatch(query=query.text, type="cross_fields", operator="and",
                          fields=["title^3", "summary^2", "body", "units", "area_name", "tag_names"])
        should = [
            MultiMatch(query=query.text, type="phrase", fields=["title^4", "summary^2", "body"], boost=2),
        ]
        if query.wants_exact_boost:
            should.append(MultiMatch(query=query.text, type="phrase",
                                     fields=["title.exact^3", "summary.exact", "body.exact"], boost=1.5))
        s = s.query(Bool(must=[must], should=should))
    for facet, value in query.filters.items():
        s = s.filter(Term(**{FILTER_FIELDS[facet]: value}))
    for facet, field_name in FILTER_FIELDS.items():
        s.aggs.bucket(facet, "terms", field=field_name, size=50)
    newest = [{"published_at": {"order": "desc", "missing": "_last"}}]
    sorts = {
        Sort.RELEVANCE: (["_score"] if query.text else []) + newest,
        Sort.NEWEST: newest,
        Sort.ADOPTED: [{"adoption_count": {"order": "desc"}}, "_score"] + newest,
        Sort.SCORE: [{"final_score": {"order": "desc", "missing": "_last"}}, "_score"] + newest,
    }
    s = s.sort(*sorts[query.sort])
    s = s.highlight_options(**HIGHLIGHT).highlight("summary", "body")
    return s[query.offset:query.offset + query.page_size]


def build_suggest(prefix, size=8, index=None):
    s = Search(index=index or alias_name()).source(["title", "url"])
    return s.suggest("titles", prefix, completion={"field": "suggest", "size": size, "skip_duplicates": True})
