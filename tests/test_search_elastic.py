"""The Elasticsearch path without a server: the index settings, mappings, queries and suggestions
our code sends (their `to_dict()` bodies), how responses are read, and the alias switch."""

from unittest import mock

import pytest
from elasticsearch.dsl.response import Response

from search.backends import get_backend
from search.backends.database import DatabaseBackend
from search.backends.elastic import ElasticsearchBackend
from search.documents import (analysis_settings, build_index, build_search, build_suggest, document_body,
                              synonym_rules)
from search.models import SearchEntry
from search.query import SearchQuery, Sort, load_synonym_groups
from tests.search_corpus import corpus  # noqa: F401  (fixture)

TEXT_MAPPING = {"type": "text", "analyzer": "vi_folded", "search_analyzer": "vi_folded_search",
                "fields": {"exact": {"type": "text", "analyzer": "vi_exact"}}}


def test_backend_is_chosen_by_settings(settings):
    settings.ELASTICSEARCH_URL = ""
    assert isinstance(get_backend(), DatabaseBackend)
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    assert isinstance(get_backend(), ElasticsearchBackend)


def test_vietnamese_analysers():
    analysis = analysis_settings("nhanrong-synonyms")
    assert analysis["char_filter"] == {"vi_dd": {"type": "mapping", "mappings": ["đ => d", "Đ => D"]}}
    assert analysis["analyzer"]["vi_folded"] == {
        "type": "custom", "tokenizer": "standard", "char_filter": ["vi_dd"], "filter": ["lowercase", "asciifolding"]}
    # synonyms only at query time (editors can extend them without re-analysing documents on update)
    assert analysis["analyzer"]["vi_folded_search"]["filter"] == ["lowercase", "asciifolding", "vi_synonyms"]
    assert analysis["analyzer"]["vi_exact"] == {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"]}
    # the synonyms live in an updateable synonyms set: an edit reloads the search analysers
    assert analysis["filter"]["vi_synonyms"] == {"type": "synonym_graph", "synonyms_set": "nhanrong-synonyms",
                                                 "updateable": True, "lenient": True}


@pytest.mark.django_db
def test_synonym_rules_come_from_the_editable_table():
    rules = synonym_rules(load_synonym_groups())
    assert "tthc, thu tuc hanh chinh" in rules
    assert "tn tkq, tn va tkq, tiep nhan va tra ket qua" in rules
    assert "dvctt, dvc truc tuyen, dich vu cong truc tuyen" in rules
    assert "par index, chi so cai cach hanh chinh, chi so cchc" in rules


def test_index_mapping():
    body = build_index("nhanrong-initiatives-1", "s").to_dict()
    assert body["settings"]["number_of_shards"] == 1
    assert body["settings"]["analysis"] == analysis_settings("s")
    props = body["mappings"]["properties"]
    for name in ("title", "summary", "body", "units", "area_name", "tag_names"):
        assert props[name] == TEXT_MAPPING, name
    for name in ("area", "province", "level", "tags", "status", "recognition_level", "campaigns"):
        assert props[name] == {"type": "keyword"}, name
    assert props["url"] == {"type": "keyword", "index": False}
    assert props["adoption_count"] == {"type": "integer"} and props["final_score"] == {"type": "float"}
    assert props["published_at"] == {"type": "date"} and props["year"] == {"type": "integer"}
    # long Vietnamese titles are not cut at Elasticsearch's default 50 characters
    assert props["suggest"] == {"type": "completion", "analyzer": "vi_folded", "search_analyzer": "vi_folded",
                                "max_input_length": 255}


AGGS = {name: {"terms": {"field": field, "size": 50}} for name, field in [
    ("area", "area"), ("province", "province"), ("level", "level"), ("tag", "tags"), ("status", "status"),
    ("recognition", "recognition_level"), ("year", "year"), ("campaign", "campaigns")]}
HIGHLIGHT = {"fields": {"summary": {}, "body": {}}, "pre_tags": ["<mark>"], "post_tags": ["</mark>"],
             "encoder": "html", "fragment_size": 200, "number_of_fragments": 1}
NEWEST = {"published_at": {"order": "desc", "missing": "_last"}}


def test_query_body_with_diacritics_filters_and_page(settings):
    settings.ELASTICSEARCH_INDEX_PREFIX = "nhanrong"
    s = build_search(SearchQuery(text="Tân An", filters={"area": "chinh-phu-so", "year": 2024}, page=2))
    assert s._index == ["nhanrong-initiatives"]
    assert s.to_dict() == {
        "query": {"bool": {
            "must": [{"multi_match": {"query": "Tân An", "type": "cross_fields", "operator": "and",
                                      "fields": ["title^3", "summary^2", "body", "units", "area_name", "tag_names"]}}],
            "should": [
                {"multi_match": {"query": "Tân An", "type": "phrase", "fields": ["title^4", "summary^2", "body"],
                                 "boost": 2}},
                {"multi_match": {"query": "Tân An", "type": "phrase",
                                 "fields": ["title.exact^3", "summary.exact", "body.exact"], "boost": 1.5}}],
            "filter": [{"term": {"area": "chinh-phu-so"}}, {"term": {"year": 2024}}],
            "minimum_should_match": 0}},
        "aggs": AGGS, "sort": ["_score", NEWEST], "track_total_hits": True, "from": 10, "size": 10,
        "highlight": HIGHLIGHT,
    }


def test_query_without_diacritics_has_no_exact_boost():
    body = build_search(SearchQuery(text="khong dung tien mat")).to_dict()
    assert [c["multi_match"]["type"] for c in body["query"]["bool"]["should"]] == ["phrase"]
    assert body["from"] == 0


@pytest.mark.parametrize("sort, expected", [
    (Sort.NEWEST, [NEWEST]),
    (Sort.ADOPTED, [{"adoption_count": {"order": "desc"}}, "_score", NEWEST]),
    (Sort.SCORE, [{"final_score": {"order": "desc", "missing": "_last"}}, "_score", NEWEST]),
    (Sort.RELEVANCE, [NEWEST]),  # no text: nothing to score, newest first (as the database does)
])
def test_sort_bodies(sort, expected):
    body = build_search(SearchQuery(sort=sort)).to_dict()
    assert body["sort"] == expected
    assert "query" not in body  # no text: match everything, filters only


def test_suggest_body():
    assert build_suggest("ngày kh", size=5).to_dict() == {
        "_source": ["title", "url"], "size": 0,
        "suggest": {"titles": {"prefix": "ngày kh", "completion": {"field": "suggest", "size": 5,
                                                                   "skip_duplicates": True}}}}


@pytest.mark.django_db
def test_document_body_from_entry(corpus):
    entry = SearchEntry.objects.prefetch_related("facet_values").get(pk=corpus["cashless"].pk)
    body = document_body(entry)
    assert body["title"] == "Ngày không dùng tiền mặt" and body["url"] == corpus["cashless"].url
    assert body["area"] == "tai-chinh-cong" and body["province"] == "87" and body["level"] == "commune"
    assert body["tag_labels"] == ["thanh toán số"] and len(body["tags"]) == 1
    assert body["status"] == "recognised" and body["recognition_level"] == "province"
    assert body["final_score"] == 92.5 and body["year"] == 2023 and body["adoption_count"] == 0
    assert body["units"] == "Xã Long Khánh A, Tỉnh Đồng Tháp"
    assert body["suggest"] == {"input": ["Ngày không dùng tiền mặt", "Xã Long Khánh A", "Tỉnh Đồng Tháp"]}


@pytest.mark.django_db
def test_response_is_read_into_results(corpus):
    query = SearchQuery(text="tien mat")
    raw = {
        "took": 1, "timed_out": False,
        "hits": {"total": {"value": 1, "relation": "eq"}, "max_score": 3.2, "hits": [{
            "_index": "nhanrong-initiatives-1", "_id": str(corpus["cashless"].pk), "_score": 3.2,
            "_source": document_body(SearchEntry.objects.prefetch_related("facet_values").get(
                pk=corpus["cashless"].pk)),
            "highlight": {"summary": ["thanh toán không dùng <mark>tiền</mark> <mark>mặt</mark> &amp; QR"]}}]},
        "aggregations": {
            "area": {"buckets": [{"key": "tai-chinh-cong", "doc_count": 1}]},
            "province": {"buckets": [{"key": "87", "doc_count": 1}]},
            "level": {"buckets": [{"key": "commune", "doc_count": 1}]},
            "tag": {"buckets": []}, "status": {"buckets": [{"key": "recognised", "doc_count": 1}]},
            "recognition": {"buckets": [{"key": "province", "doc_count": 1}]},
            "year": {"buckets": [{"key": 2023, "doc_count": 1}]}, "campaign": {"buckets": []}},
    }
    results = ElasticsearchBackend(es=mock.Mock())._results(query, Response(build_search(query), raw))
    assert results.backend == "elasticsearch" and results.count == 1
    hit = results.results[0]
    assert hit.id == corpus["cashless"].pk and hit.title == "Ngày không dùng tiền mặt"
    assert hit.unit == "Xã Long Khánh A" and hit.province == "Tỉnh Đồng Tháp"
    assert hit.snippet.startswith("thanh toán không dùng <mark>tiền</mark>")
    assert [(f.value, f.label, f.count) for f in results.facets["area"]] == [
        ("tai-chinh-cong", "Cải cách tài chính công", 1)]
    assert results.facets["province"][0].label == "Tỉnh Đồng Tháp"
    assert results.facets["status"][0].label == "Được công nhận"
    assert results.facets["year"][0].value == "2023"

# The rebuild, the alias protocol and the pushes are tested through the real client against a fake
# cluster in tests/test_search_es_fake.py.
