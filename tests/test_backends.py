"""The same behaviour, asserted against each search backend on the same corpus. The database
backend runs everywhere (SQLite and PostgreSQL); the Elasticsearch subclass needs a live server."""

import os
import re
import uuid

import pytest

from search.backends.database import DatabaseBackend
from search.query import SearchQuery, Sort
from tests.search_corpus import corpus  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def delete_indices_named(es, prefix):
    """Delete the test's indices one by one, by name: ES 8 refuses wildcard deletes
    (action.destructive_requires_name defaults to true since 8.0)."""
    for name in sorted(es.indices.get(index=f"{prefix}-*", expand_wildcards="all")):
        es.indices.delete(index=name, ignore_unavailable=True)


def titles(results):
    return [hit.title for hit in results.results]


def facet(results, name):
    return {f.value: f.count for f in results.facets[name]}


class BackendBehaviour:
    """Subclasses provide a `backend` fixture (already indexed with the corpus)."""

    def search(self, backend, text="", **kwargs):
        return backend.search(SearchQuery(text=text, **kwargs))

    def test_folded_query_finds_cashless_day(self, backend, corpus):
        results = self.search(backend, "khong dung tien mat")
        assert titles(results)[0] == "Ngày không dùng tiền mặt"
        assert "Bản nháp không dùng tiền mặt" not in titles(results)  # drafts are never public

    def test_folded_query_finds_home_delivery(self, backend, corpus):
        assert titles(self.search(backend, "tra ket qua tai nha"))[0] == "Trả kết quả tại nhà cho người cao tuổi"

    def test_abbreviation_finds_expanded_text(self, backend, corpus):
        # Only the delivery model says "thủ tục hành chính"; nobody writes "TTHC".
        assert titles(self.search(backend, "TTHC")) == ["Trả kết quả tại nhà cho người cao tuổi"]

    def test_query_with_diacritics_matches_text_without(self, backend, corpus):
        assert titles(self.search(backend, "một cửa liên thông")) == ["Mo hinh mot cua lien thong"]

    def test_exact_diacritics_rank_first(self, backend, corpus):
        # Folded, "Tân An" and "Tấn An" are the same words; the newer one wins a tie, so the
        # older "Tân An" only comes first because its diacritics match exactly.
        assert titles(self.search(backend, "Tân An"))[0] == "Tổ công nghệ số cộng đồng Tân An"
        assert titles(self.search(backend, "Tấn An"))[0] == "Tổ công nghệ số cộng đồng Tấn An"
        both = titles(self.search(backend, "tan an"))
        assert {"Tổ công nghệ số cộng đồng Tân An", "Tổ công nghệ số cộng đồng Tấn An"} <= set(both)

    def test_phrase_ranks_above_scattered_words(self, backend, corpus):
        found = titles(self.search(backend, "không dùng tiền mặt"))
        # The market team's text has all four words, scattered: found, but below the phrase.
        assert found.index("Ngày không dùng tiền mặt") < found.index("Tổ hỗ trợ người dân tại chợ")

    def test_all_words_must_match(self, backend, corpus):
        assert self.search(backend, "tiền mặt bưu điện").count == 0

    def test_facet_counts(self, backend, corpus):
        results = self.search(backend)
        assert results.count == 6
        assert facet(results, "area") == {"chinh-phu-so": 3, "tai-chinh-cong": 2, "to-chuc-bo-may": 1}
        assert facet(results, "province") == {"87": 3, "46": 3}
        assert facet(results, "year") == {"2024": 4, "2023": 1, "2022": 1}
        assert facet(results, "status") == {"submitted": 4, "recognised": 2}
        assert facet(results, "recognition") == {"province": 1, "commune": 1}
        assert facet(results, "level") == {"commune": 6}
        assert sorted(facet(results, "tag").values()) == [1, 2]
        labels = {f.label: f.count for f in results.facets["tag"]}
        assert labels == {"thanh toán số": 2, "chợ": 1}
        assert [f.label for f in results.facets["area"]][0] == "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số"

    def test_filters_narrow_results_and_facets(self, backend, corpus):
        results = self.search(backend, filters={"area": "tai-chinh-cong"})
        assert sorted(titles(results)) == ["Ngày không dùng tiền mặt", "Tổ hỗ trợ người dân tại chợ"]
        assert facet(results, "province") == {"87": 1, "46": 1}
        tag = next(f.value for f in results.facets["tag"] if f.label == "chợ")
        assert titles(self.search(backend, filters={"tag": tag})) == ["Tổ hỗ trợ người dân tại chợ"]
        assert self.search(backend, filters={"year": 2024, "province": "87"}).count == 1
        assert titles(self.search(backend, "tien mat", filters={"status": "recognised", "recognition": "province"})) \
            == ["Ngày không dùng tiền mặt"]

    def test_sort_newest_and_score(self, backend, corpus):
        assert titles(self.search(backend, sort=Sort.NEWEST)) == [
            "Tổ công nghệ số cộng đồng Tấn An", "Tổ công nghệ số cộng đồng Tân An", "Tổ hỗ trợ người dân tại chợ",
            "Trả kết quả tại nhà cho người cao tuổi", "Ngày không dùng tiền mặt", "Mo hinh mot cua lien thong"]
        by_score = titles(self.search(backend, sort=Sort.SCORE))
        assert by_score[:3] == ["Ngày không dùng tiền mặt", "Tổ hỗ trợ người dân tại chợ",
                                "Tổ công nghệ số cộng đồng Tấn An"]  # then unscored, newest first

    def test_sort_most_adopted(self, backend, corpus, monkeypatch):
        counts = {corpus["delivery"].pk: 5, corpus["no_diacritics"].pk: 2}
        monkeypatch.setattr("search.indexing.adoption_counts", lambda ids: counts)
        backend.index([p.pk for p in corpus.values()])
        self.refresh(backend)
        hits = self.search(backend, sort=Sort.ADOPTED).results
        assert [h.title for h in hits[:2]] == ["Trả kết quả tại nhà cho người cao tuổi", "Mo hinh mot cua lien thong"]
        assert [h.adoption_count for h in hits[:3]] == [5, 2, 0]

    def test_pagination(self, backend, corpus):
        everything = titles(self.search(backend, sort=Sort.NEWEST))
        page2 = self.search(backend, sort=Sort.NEWEST, page=2, page_size=4)
        assert page2.count == 6 and page2.num_pages == 2 and page2.has_previous and not page2.has_next
        assert titles(page2) == everything[4:]
        beyond = self.search(backend, sort=Sort.NEWEST, page=5, page_size=4)
        assert beyond.results == [] and beyond.count == 6

    def test_snippet_marks_matches(self, backend, corpus):
        hit = self.search(backend, "khong dung tien mat").results[0]
        assert "<mark>" in hit.snippet
        assert "không dùng tiền mặt" in re.sub(r"</?mark>", "", hit.snippet)

    def test_suggestions_for_titles_and_units(self, backend, corpus):
        assert "Ngày không dùng tiền mặt" in [s.text for s in backend.suggest("ngay khong d")]
        units = [s.text for s in backend.suggest("xa long kh") if s.kind == "unit"]
        assert units == ["Xã Long Khánh A"]

    def test_unpublished_initiative_leaves_the_index(self, backend, corpus, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            corpus["cashless"].unpublish()
        self.refresh(backend)
        assert "Ngày không dùng tiền mặt" not in titles(self.search(backend, "tien mat"))

    def refresh(self, backend):
        pass


class TestDatabaseBackend(BackendBehaviour):
    @pytest.fixture
    def backend(self, corpus):
        return DatabaseBackend()

    def test_count_facets_and_page_in_three_queries(self, backend, django_assert_num_queries):
        """Synonyms, one query for the total + every facet + the page ids, one for the page's entries:
        the same whatever the number of matches or facet values."""
        everything = self.search(backend, sort=Sort.NEWEST)
        with django_assert_num_queries(3):
            filtered = self.search(backend, text="mot cua", sort=Sort.NEWEST, page_size=2)
        assert filtered.count and len(filtered.results) <= 2
        with django_assert_num_queries(1):  # no text (no synonyms), past the last page (nothing to fetch)
            beyond = self.search(backend, sort=Sort.NEWEST, page=50, page_size=4)
        assert beyond.results == [] and beyond.count == everything.count
        assert sum(f.count for f in beyond.facets["status"]) == everything.count


@pytest.mark.elasticsearch
@pytest.mark.skipif(not os.environ.get("ELASTICSEARCH_URL"),
                    reason="ELASTICSEARCH_URL is not set: no live Elasticsearch to test against "
                           "(see docs/elasticsearch-compose.yml)")
class TestElasticsearchBackend(BackendBehaviour):
    @pytest.fixture
    def backend(self, settings, corpus):
        from search.backends.elastic import ElasticsearchBackend

        settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
        settings.ELASTICSEARCH_INDEX_PREFIX = f"nhanrong-test-{uuid.uuid4().hex[:8]}"
        from search.backends.es_client import reset_clients

        reset_clients()
        backend = ElasticsearchBackend()
        backend.rebuild()
        yield backend
        from search.backends.es_client import get_client, reset_clients

        delete_indices_named(get_client("maintenance"), settings.ELASTICSEARCH_INDEX_PREFIX)
        get_client("maintenance").synonyms.delete_synonym(id=f"{settings.ELASTICSEARCH_INDEX_PREFIX}-synonyms")
        reset_clients()

    def refresh(self, backend):
        from search.documents import alias_name

        backend.es.indices.refresh(index=alias_name())
