"""The public search page and /api/v1/search/: shape, 400s in Vietnamese, hostile input, and the
database fallback when Elasticsearch is unreachable."""

import pytest

from search.models import SearchEntry
from tests.factories import make_initiative
from tests.search_corpus import corpus  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db
API = "/api/v1/search/"


def test_api_shape(client, corpus):
    response = client.get(API, {"q": "khong dung tien mat", "sort": "relevance"})
    assert response.status_code == 200
    data = response.json()
    assert set(data) >= {"count", "page", "results", "facets", "backend"}
    assert data["backend"] == "database" and data["fallback"] is False and data["page"] == 1
    first = data["results"][0]
    assert first["title"] == "Ngày không dùng tiền mặt"
    assert first["url"] == corpus["cashless"].url
    assert first["unit"] == "Xã Long Khánh A" and first["province"] == "Tỉnh Đồng Tháp"
    assert first["area"] == "Cải cách tài chính công" and first["tags"] == ["thanh toán số"]
    assert first["status"] == "recognised" and first["status_label"] == "Được công nhận"
    assert "<mark>" in first["snippet"]
    assert set(data["facets"]) == {"area", "province", "level", "tag", "status", "recognition", "year", "campaign"}
    assert {"value": "tai-chinh-cong", "label": "Cải cách tài chính công", "count": 2} in data["facets"]["area"]


def test_api_filters_and_pages(client, corpus):
    data = client.get(API, {"area": "chinh-phu-so", "province": "46", "sort": "newest", "page": "1"}).json()
    assert [r["title"] for r in data["results"]] == ["Tổ công nghệ số cộng đồng Tấn An",
                                                      "Tổ công nghệ số cộng đồng Tân An"]
    data = client.get(API, {"level": "commune", "year": "2024", "status": "submitted"}).json()
    assert data["count"] == 3
    assert client.get(API, {"page": "2"}).json()["results"] == []  # 6 results, 10 per page


@pytest.mark.parametrize("params, field", [
    ({"page": "0"}, "page"), ({"page": "-1"}, "page"), ({"year": "abc"}, "year"), ({"level": "thon"}, "level"),
    ({"sort": "price"}, "sort"), ({"q": "x" * 500}, "q"), ({"area": "<script>"}, "area"),
    ({"tag": "a%20b"}, "tag"), ({"status": "published"}, "status"),
])
def test_api_bad_parameters_are_400_in_vietnamese(client, params, field):
    response = client.get(API, params)
    assert response.status_code == 400
    data = response.json()
    assert field in data["errors"]
    assert data["detail"].startswith("Tham số không hợp lệ")


HOSTILE = ["'", '"', "%", "_", "%%", "__", "\\", "' OR 1=1 --", "\"; DROP TABLE nr_search_searchentry; --",
           "tiền' OR '1'='1", "<script>alert(1)</script>", "😀🇻🇳 tiền mặt", "ǅ ﬁ İ ß", "x" * 200,
           "(" * 50, "*", "?", "tien~mat^2", "title:tien AND body:mat", "\u202e\u200b", "   ", "%_%\\%",
           "ＴＴＨＣ", "đ" * 150]


def test_hostile_queries_never_500_nor_match_everything(client, corpus):
    # Every hostile text against one corpus (built once: 24 corpora cost minutes of CI).
    for text in HOSTILE:
        response = client.get(API, {"q": text})
        assert response.status_code == 200, text
        data = response.json()
        if text in ("%", "_", "%%", "__", "\\", "*", "?", "%_%\\%", "(" * 50):
            assert data["count"] == 0, text  # wildcards are text, not patterns
        page = client.get("/tim-kiem/", {"q": text})
        assert page.status_code == 200, text
        assert "<script>alert(1)</script>" not in page.content.decode(), text
        assert SearchEntry.objects.count() == 6, text


def test_hostile_filters_and_suggest(client, corpus):
    for params in ({"province": "' OR 1=1"}, {"year": "2024 OR 1=1"}, {"campaign": "%"}, {"page": "1e9"}):
        assert client.get(API, params).status_code == 400
    assert client.get(API + "suggest/", {"q": "%' OR 1=1 --"}).status_code == 200
    assert client.get(API + "suggest/", {"q": "x" * 101}).status_code == 400
    assert client.get(API + "suggest/", {"q": "%"}).json()["results"] == []


def test_snippet_escapes_stored_html(client, site, commune, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_initiative(site["index"], commune, title="Thử thoát HTML",
                        summary="Người dân <script>alert('x')</script> không dùng tiền mặt.")
    hit = client.get(API, {"q": "tien mat"}).json()["results"][0]
    assert "<script>" not in hit["snippet"]
    assert "&lt;script&gt;" in hit["snippet"] and "<mark>" in hit["snippet"]


def test_suggest_api(client, corpus):
    data = client.get(API + "suggest/", {"q": "tra ket"}).json()
    assert data["results"][0] == {"text": "Trả kết quả tại nhà cho người cao tuổi", "kind": "initiative",
                                  "url": corpus["delivery"].url}


def test_search_page_works_without_javascript(client, corpus):
    response = client.get("/tim-kiem/", {"q": "tien mat"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="/tim-kiem/">' in html  # nav link
    assert "Ngày không dùng tiền mặt" in html and "kết quả" in html
    assert "<mark>" in html
    # facets are plain links that add the filter and keep the query
    assert 'href="?q=tien+mat&amp;area=tai-chinh-cong"' in html
    filtered = client.get("/tim-kiem/", {"q": "tien mat", "area": "tai-chinh-cong"}).content.decode()
    assert 'aria-current="true"' in filtered and "Bỏ lọc" in filtered


def test_search_page_paginates_with_links(client, corpus, settings):
    settings.SEARCH_PAGE_SIZE = 4
    html = client.get("/tim-kiem/", {"sort": "newest"}).content.decode()
    assert "Trang 1/2" in html and 'href="?sort=newest&amp;page=2"' in html


def test_search_page_bad_parameter_is_400_with_message(client):
    response = client.get("/tim-kiem/", {"page": "abc"})
    assert response.status_code == 400
    assert "Số trang không hợp lệ" in response.content.decode()


def test_elasticsearch_unreachable_falls_back_to_database(client, corpus, settings, caplog):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # closed local port: connection refused
    data = client.get(API, {"q": "khong dung tien mat"}).json()
    assert data["backend"] == "database" and data["fallback"] is True
    assert data["results"][0]["title"] == "Ngày không dùng tiền mặt"
    assert "Elasticsearch unavailable" in caplog.text
    page = client.get("/tim-kiem/", {"q": "khong dung tien mat"})
    assert page.status_code == 200
    assert "Máy chủ tìm kiếm tạm thời không phản hồi" in page.content.decode()
    assert client.get(API + "suggest/", {"q": "ngay kh"}).json()["results"]
