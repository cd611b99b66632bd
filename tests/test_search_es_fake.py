"""The Elasticsearch backend driven through the real `elasticsearch` client against an in-process fake of
ES 8's HTTP API (tests/fake_elasticsearch.py): what a real cluster would do that query-shape tests
cannot show — refused bulk items, 429s, a refused query, a hung cluster, a secured cluster, the alias
protocol during rebuilds. The fake proves requests and error handling, not analysis or scoring."""

import io
import logging
import threading
import time
import unicodedata
from unittest import mock

import pytest
from django.core.management import call_command

from search import facets
from search.backends import get_backend
from search.backends import es_maintenance
from search.backends.elastic import ElasticsearchBackend
from search.backends.es_client import BulkFailure, breaker, get_client, reset_clients
from search.backends.es_maintenance import ElasticIndexer
from search.documents import alias_name, synonyms_set_name
from search.indexing import refresh_entries
from search.models import ElasticRebuild, QueuedIndexUpdate, Synonym
from search.query import SearchQuery
from tests.fake_elasticsearch import FakeElasticsearch, SilentListener, encoded_api_key
from tests.search_corpus import corpus  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def _configure(settings, url, **extra):
    settings.ELASTICSEARCH_URL = url
    settings.ELASTICSEARCH_INDEX_PREFIX = "nrtest"
    settings.ELASTICSEARCH_TIMEOUT = 2
    settings.ELASTICSEARCH_MAINTENANCE_TIMEOUT = 5
    settings.ELASTICSEARCH_MAINTENANCE_RETRIES = 1
    settings.ELASTICSEARCH_BREAKER_SECONDS = 30
    settings.ELASTICSEARCH_API_KEY = settings.ELASTICSEARCH_CA_CERTS = settings.ELASTICSEARCH_SSL_FINGERPRINT = ""
    for key, value in extra.items():
        setattr(settings, key, value)
    reset_clients()
    facets.forget()


@pytest.fixture
def fake(corpus, settings, monkeypatch):
    """A fake cluster, configured, with the corpus rebuilt into it (the corpus is indexed in the
    database first, with Elasticsearch off)."""
    monkeypatch.setattr(es_maintenance, "BULK_INITIAL_BACKOFF", 0.01)
    server = FakeElasticsearch()
    _configure(settings, server.start())
    ElasticsearchBackend().rebuild()
    yield server
    server.stop()
    reset_clients()


def _titles(results):
    return [h.title for h in results.results]


def _search(text="", **kwargs):
    return get_backend().search(SearchQuery(text=text, **kwargs))


# -- 1. synonyms ---------------------------------------------------------------------------------
def test_index_reads_an_updateable_synonyms_set(fake):
    (index,) = fake.alias_targets(alias_name())
    flt = fake.indices[index]["body"]["settings"]["analysis"]["filter"]["vi_synonyms"]
    assert flt == {"type": "synonym_graph", "synonyms_set": synonyms_set_name(), "updateable": True, "lenient": True}
    rules = [r["synonyms"] for r in fake.synonym_sets[synonyms_set_name()]]
    assert "tthc, thu tuc hanh chinh" in rules


def test_synonym_edit_reaches_elasticsearch_on_commit(fake, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        Synonym.objects.create(terms="MCLT\nmột cửa liên thông")
    rules = [r["synonyms"] for r in fake.synonym_sets[synonyms_set_name()]]
    assert "mclt, mot cua lien thong" in rules
    assert f"/{alias_name()}/_reload_search_analyzers" in fake.paths("POST")


def test_empty_synonym_table_invents_no_rule(fake, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        Synonym.objects.all().delete()
    assert fake.synonym_sets[synonyms_set_name()] == []


# -- 2. bulk errors ------------------------------------------------------------------------------
def test_429_items_are_retried_until_written(fake, corpus):
    fake.fail_bulk_items(429, "es_rejected_execution_exception", 2)
    bulks_before = len([p for p in fake.paths("PUT") + fake.paths("POST") if p.endswith("_bulk")])
    ElasticIndexer().push([corpus["cashless"].pk, corpus["delivery"].pk], [])
    bulks = len([p for p in fake.paths("PUT") + fake.paths("POST") if p.endswith("_bulk")]) - bulks_before
    assert bulks == 2  # the first was refused item by item, the retry went through
    assert str(corpus["delivery"].pk) in fake.docs(alias_name())


def test_refused_items_fail_the_push_and_are_counted(fake, corpus, caplog):
    fake.fail_bulk_items(400, "mapper_parsing_exception", 1)
    with caplog.at_level(logging.ERROR, logger="nhanrong.search"), pytest.raises(BulkFailure) as failure:
        ElasticIndexer().push([corpus["cashless"].pk, corpus["delivery"].pk], [])
    assert len(failure.value.errors) == 1 and "mapper_parsing_exception" in str(failure.value)
    assert "1 written" in caplog.text


def test_a_delete_of_a_missing_document_is_not_a_failure(fake):
    assert ElasticIndexer().push([], [987654]) == 1


def test_writes_refused_by_an_alias_on_two_indices_are_failures(fake, corpus):
    (index,) = fake.alias_targets(alias_name())
    fake.indices["nrtest-initiatives-stray"] = {"body": {}, "docs": {}}
    fake.aliases[alias_name()].add("nrtest-initiatives-stray")
    with pytest.raises(BulkFailure, match="no write index"):
        ElasticIndexer().push([corpus["cashless"].pk], [])


def test_the_indexing_task_is_retried_when_items_fail(fake, corpus):
    from search.tasks import push_to_elasticsearch

    fake.fail_bulk_items(400, "mapper_parsing_exception", 1)

    class Retried(Exception):
        pass

    push_to_elasticsearch.push_request(id="t1", is_eager=False, retries=0)
    try:
        with mock.patch.object(push_to_elasticsearch, "retry", side_effect=Retried) as retry, \
                pytest.raises(Retried):
            push_to_elasticsearch.run([corpus["cashless"].pk], [])
    finally:
        push_to_elasticsearch.pop_request()
    assert isinstance(retry.call_args.kwargs["exc"], BulkFailure)


# -- 3. decomposed Vietnamese ----------------------------------------------------------------------
def test_decomposed_text_is_sent_composed(fake, corpus):
    page = corpus["cashless"]
    page.title = unicodedata.normalize("NFD", "Ngày không dùng tiền mặt (NFD)")
    page.save_revision().publish()
    refresh_entries([page.pk])
    ElasticIndexer().push([page.pk], [])
    doc = fake.docs(alias_name())[str(page.pk)]
    assert doc["title"] == unicodedata.normalize("NFC", page.title) and doc["title"] != page.title
    _search(unicodedata.normalize("NFD", "tiền mặt"))
    (_, _, _, raw) = [r for r in fake.requests if r[1].endswith("/_search")][-1]
    sent = raw.decode("utf-8")
    assert "tiền mặt" in __import__("json").loads(sent)["query"]["bool"]["must"][0]["multi_match"]["query"]


def test_database_backend_matches_decomposed_queries(corpus, settings):
    settings.ELASTICSEARCH_URL = ""
    found = _titles(_search(unicodedata.normalize("NFD", "không dùng tiền mặt")))
    assert found[0] == "Ngày không dùng tiền mặt"


# -- 4. teardown by name ---------------------------------------------------------------------------
def test_wildcard_delete_is_refused_and_named_delete_works(fake):
    from tests.test_backends import delete_indices_named

    es = get_client("maintenance")
    with pytest.raises(Exception, match="Wildcard"):
        es.indices.delete(index="nrtest-*")
    delete_indices_named(es, "nrtest")
    assert not [n for n in fake.indices if n.startswith("nrtest")]


# -- 5. a secured cluster ----------------------------------------------------------------------------
@pytest.fixture
def secured(corpus, settings, tmp_path):
    import trustme

    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    key = encoded_api_key("nhanrong", "s3cret")
    server = FakeElasticsearch(api_key=key, tls=cert)
    url = server.start()
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    yield {"server": server, "url": url, "key": key, "ca": str(ca_file), "cert": cert}
    server.stop()
    reset_clients()


def _check_services():
    out = io.StringIO()
    try:
        call_command("check_services", stdout=out)
    except SystemExit:
        pass
    return out.getvalue()


def test_secured_cluster_with_ca_and_api_key(secured, settings):
    _configure(settings, secured["url"], ELASTICSEARCH_CA_CERTS=secured["ca"], ELASTICSEARCH_API_KEY=secured["key"])
    ElasticsearchBackend().rebuild()
    results = _search("tien mat")
    assert results.backend == "elasticsearch" and not results.fallback
    assert "8.19.3" in _check_services()


def test_secured_cluster_with_a_fingerprint(secured, settings):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    pem = secured["cert"].cert_chain_pems[0].bytes()
    fingerprint = x509.load_pem_x509_certificate(pem).fingerprint(hashes.SHA256()).hex(":")
    _configure(settings, secured["url"], ELASTICSEARCH_SSL_FINGERPRINT=fingerprint,
               ELASTICSEARCH_API_KEY=secured["key"])
    assert get_client("maintenance").info()["version"]["number"] == "8.19.3"


def test_check_services_says_why_a_secured_cluster_does_not_answer(secured, settings):
    _configure(settings, secured["url"], ELASTICSEARCH_API_KEY=secured["key"])  # no CA
    assert "ELASTICSEARCH_CA_CERTS" in _check_services()
    _configure(settings, secured["url"], ELASTICSEARCH_CA_CERTS=secured["ca"], ELASTICSEARCH_API_KEY="wrong")
    assert "401" in _check_services() and "ELASTICSEARCH_API_KEY" in _check_services()
    results = _search("tien mat")
    assert results.fallback and results.backend == "database"


# -- 6. facets sized to their domain ------------------------------------------------------------------
def test_facets_are_sized_to_their_domain():
    from search.documents import build_search

    domain = {"province": {str(i): f"Tỉnh {i}" for i in range(97)}, "tag": {f"t{i}": "x" for i in range(300)},
              "area": {}, "year": {}, "campaign": {}}
    sizes = facets.facet_sizes(domain)
    assert sizes["province"] >= 97 and sizes["tag"] >= 300
    aggs = build_search(SearchQuery(), facet_sizes=sizes).to_dict()["aggs"]
    assert aggs["province"]["terms"]["size"] == sizes["province"]
    assert aggs["tag"]["terms"]["size"] == sizes["tag"]


def test_facets_are_labelled_without_queries_per_search(fake, django_assert_num_queries):
    first = _search()
    assert first.backend == "elasticsearch"
    assert {f.label for f in first.facets["province"]} == {"Tỉnh Đồng Tháp", "Thành phố Huế"}
    with django_assert_num_queries(0):
        again = _search(filters={"province": "87"})
    assert again.backend == "elasticsearch" and again.count == 3


# -- 7. rebuilds ------------------------------------------------------------------------------------
def test_rebuild_survives_a_slow_bulk_that_a_page_search_would_not(fake, settings):
    settings.ELASTICSEARCH_TIMEOUT = 0.3
    reset_clients()
    fake.slow("*", r"_bulk$", 0.8)
    assert ElasticsearchBackend().rebuild() == 6
    search_client = get_client("search")
    maintenance_client = get_client("maintenance")
    assert search_client is not maintenance_client


def test_failed_rebuild_deletes_its_new_index_and_keeps_the_alias(fake):
    (before,) = fake.alias_targets(alias_name())
    fake.fail_bulk_items(400, "mapper_parsing_exception", 1)
    with pytest.raises(BulkFailure):
        ElasticsearchBackend().rebuild()
    assert fake.alias_targets(alias_name()) == [before]
    assert [n for n in fake.indices if n.startswith("nrtest-initiatives")] == [before]
    assert ElasticRebuild.objects.first().status == ElasticRebuild.Status.FAILED


def test_search_index_command_reports_a_failed_rebuild(fake):
    from django.core.management.base import CommandError

    fake.fail_bulk_items(400, "mapper_parsing_exception", 1)
    with pytest.raises(CommandError, match="chỉ mục dở dang đã được xoá"):
        call_command("search_index", "--rebuild", "--no-progress", stdout=io.StringIO())


# -- 8. races around the alias ------------------------------------------------------------------------
def test_an_unpublish_during_a_rebuild_is_not_lost_at_the_swap(fake, corpus, django_capture_on_commit_callbacks):
    page = corpus["cashless"]
    original = ElasticIndexer._send_batch
    done = []

    def send_batch(indexer, batch, index, progress):
        if not done:  # while the new index is being filled, someone unpublishes a page
            done.append(True)
            with django_capture_on_commit_callbacks(execute=True):
                page.unpublish()
            assert QueuedIndexUpdate.objects.filter(initiative_id=page.pk).exists()
        return original(indexer, batch, index, progress)

    with mock.patch.object(ElasticIndexer, "_send_batch", send_batch):
        ElasticsearchBackend().rebuild()
    assert str(page.pk) not in fake.docs(alias_name())
    assert "Ngày không dùng tiền mặt" not in _titles(_search("tien mat"))
    run = ElasticRebuild.objects.first()
    assert run.status == ElasticRebuild.Status.DONE and run.replayed == 1
    assert not QueuedIndexUpdate.objects.exists()


def test_two_workers_creating_the_first_index_leave_one_index_behind_the_alias(corpus, settings):
    server = FakeElasticsearch()
    _configure(settings, server.start())
    try:
        server.slow("PUT", r"^/nrtest-initiatives-initial$", 0.3, times=2)  # both pass the exists check
        errors = []

        def init():
            try:
                ElasticIndexer().ensure_alias()
            except Exception as exc:  # noqa: BLE001
                errors.append(exc)

        threads = [threading.Thread(target=init) for _ in range(2)]
        for t in threads:
            t.start()
            time.sleep(0.02)
        for t in threads:
            t.join()
        assert not errors
        assert len(server.alias_targets(alias_name())) == 1
        assert [n for n in server.indices if n.startswith("nrtest-initiatives")] == server.alias_targets(alias_name())
        ElasticIndexer().push([corpus["cashless"].pk], [])  # writes are accepted
    finally:
        server.stop()


# -- 9. fallback gaps and the circuit breaker (issue 13, item 9) -------------------------------------
def test_url_without_port_falls_back_and_fails_the_check(corpus, settings):
    from search.apps import check_elasticsearch_settings

    _configure(settings, "http://localhost")
    results = _search("tien mat")
    assert results.fallback and results.count
    assert [e.id for e in check_elasticsearch_settings()] == ["nhanrong.E001"]


def test_a_refused_query_is_logged_as_a_bug_not_an_outage(fake, caplog):
    fake.fail("POST", r"_search$", 400, "parsing_exception", "unknown query [mutli_match]")
    with caplog.at_level(logging.WARNING, logger="nhanrong.search"):
        results = _search("tien mat")
    assert results.fallback
    record = next(r for r in caplog.records if "Elasticsearch" in r.getMessage())
    assert record.levelno == logging.ERROR and "bug" in record.getMessage()


def test_one_client_per_process(fake):
    assert get_client("search") is get_client("search")
    assert ElasticsearchBackend().es is ElasticsearchBackend().es


def test_a_hanging_cluster_costs_one_timeout_then_the_breaker_answers(corpus, settings):
    listener = SilentListener()
    _configure(settings, listener.url, ELASTICSEARCH_TIMEOUT=0.4, ELASTICSEARCH_BREAKER_SECONDS=0.6)
    try:
        started = time.monotonic()
        first = _search("tien mat")
        first_took = time.monotonic() - started
        assert first.fallback and first.count and first_took >= 0.4
        connections = len(listener.connections)
        started = time.monotonic()
        for _ in range(5):
            assert _search("tien mat").fallback
        assert time.monotonic() - started < 0.4  # five searches, no timeout: the breaker is open
        assert len(listener.connections) == connections
        time.sleep(0.65)
        assert _search("tien mat").fallback  # after the pause one request probes the cluster again
        assert len(listener.connections) > connections
    finally:
        listener.close()
        breaker.reset()


def test_the_breaker_closes_when_the_cluster_answers_again(fake, settings):
    settings.ELASTICSEARCH_BREAKER_SECONDS = 0.2
    fake.fail("POST", r"_search$", 503, "unavailable_shards_exception", "all shards failed")
    assert _search("tien mat").fallback
    assert _search("tien mat").fallback  # open: not even asked
    time.sleep(0.25)
    assert _search("tien mat").backend == "elasticsearch"
    assert not breaker.is_open


# -- 10. minor -------------------------------------------------------------------------------------
def test_deep_pages_stay_inside_the_result_window():
    from search.documents import build_search

    body = build_search(SearchQuery(page=1001, page_size=10)).to_dict()
    assert body["from"] + body["size"] <= 10_000
    body = build_search(SearchQuery(page=300, page_size=50)).to_dict()
    assert body["from"] == 10_000 and body["size"] == 0


def test_a_page_past_the_window_still_counts(fake):
    results = _search(page=5000, page_size=10)
    assert results.backend == "elasticsearch" and results.count == 6 and results.results == []


def test_suggestions_through_the_client(fake):
    suggestions = ElasticsearchBackend().suggest("Ngày kh")
    assert [s.text for s in suggestions] == ["Ngày không dùng tiền mặt"]
    (_, _, _, raw) = [r for r in fake.requests if r[1].endswith("/_search")][-1]
    assert __import__("json").loads(raw)["size"] == 0
