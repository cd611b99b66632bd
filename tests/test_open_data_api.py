"""The open-data JSON API (/api/v1/): pagination, filters, published data only, constant queries per
page, rate limits with a Vietnamese 429, and the OpenAPI schema and docs (local files only)."""

import json
import re

from django.contrib.staticfiles import finders
from django.core.cache import cache

from initiatives.status import InitiativeStatus
from opendata import registry
from tests.factories import make_initiative
from tests.open_data_world import SECRET_SCORE, assert_nothing_private, world  # noqa: F401

API = "/api/v1"


def get(client, path, **params):
    response = client.get(f"{API}{path}", params)
    assert response.status_code == 200, response.content
    return response.json()


def text_of(response):
    """The JSON as readable text (the wire format escapes Vietnamese letters)."""
    return json.dumps(response.json(), ensure_ascii=False)


# -- published only -------------------------------------------------------------------------------

def test_initiatives_are_the_published_ones_only(client, world):
    data = get(client, "/initiatives/")
    assert data["count"] == 2
    assert {i["title"] for i in data["items"]} == {"Một cửa thân thiện", "Ngày thứ Năm không hẹn"}
    for page in (world["draft"], world["unpublished"]):
        assert client.get(f"{API}/initiatives/{page.pk}/").status_code == 404
    assert client.get(f"{API}/initiatives/", {"status": "draft"}).json()["count"] == 0
    assert_nothing_private(text_of(client.get(f"{API}/initiatives/")))


def test_the_api_the_files_and_the_site_list_the_same_initiatives(client, world):
    """One rule (initiatives.models.public_initiatives): what /sang-kien/ lists is what the API and
    the downloads give, including a page an editor published before it was submitted."""
    early = make_initiative(world["recognised"].get_parent(), world["recognised"].origin_unit,
                            title="Công bố trước khi gửi thẩm định", status=InitiativeStatus.DRAFT)
    api_titles = {i["title"] for i in get(client, "/initiatives/")["items"]}
    site = client.get("/sang-kien/").content.decode()
    csv_text = b"".join(client.get("/du-lieu-mo/sang-kien.csv").streaming_content).decode("utf-8-sig")
    assert early.title in api_titles and early.title in site and early.title in csv_text
    for title in api_titles:
        assert title in site and title in csv_text


def test_individual_scores_and_conflicts_never_leak(client, world):
    """The submitted initiative has a member's score, comment and a provisional final score; the
    recognised one a conflict declaration. None of it is published, signed in or not."""
    submitted = get(client, f"/initiatives/{world['submitted'].pk}/")
    assert submitted["final_score"] is None and submitted["status"] == "submitted"
    recognised = get(client, f"/initiatives/{world['recognised'].pk}/")
    assert recognised["final_score"] == "81.25" and recognised["decision_number"] == "12/QĐ-UBND"
    for client_state in ("anonymous", "member"):
        if client_state == "member":
            client.force_login(world["member"])
        pages = [text_of(client.get(f"{API}{path}")) for path in (
            "/initiatives/", f"/initiatives/{world['submitted'].pk}/", f"/initiatives/{world['recognised'].pk}/",
            "/appraisal/decisions/", f"/appraisal/initiatives/{world['submitted'].pk}/decision/",
            "/adoptions/", "/observations/", "/awards/", "/leaderboards/")]
        for text in pages:
            assert_nothing_private(text)
            assert str(SECRET_SCORE) not in text
    # An undecided initiative has no public decision, whoever asks.
    assert client.get(f"{API}/appraisal/initiatives/{world['submitted'].pk}/decision/").status_code == 404


def test_adoptions_observations_and_awards_of_unpublished_initiatives_are_hidden(client, world):
    adoptions = get(client, "/adoptions/")
    assert adoptions["count"] == 3
    assert {a["initiative_id"] for a in adoptions["items"]} == {world["submitted"].pk, world["recognised"].pk}
    assert get(client, "/adoptions/", initiative=world["draft"].pk)["count"] == 0
    values = {(o["unit_key"], o["period_key"], o["value"]) for o in get(client, "/observations/")["items"]}
    assert values == {("29953", "2021", "97.5000"), ("29953", "2022", "98.4000"), ("29953", "2023", "98.6500"),
                      ("29960", "2023", "96.0000")}
    awards = get(client, "/awards/")
    assert awards["count"] == 1  # the proposal is not public, nor the award to a draft (public/rules.py)
    assert all(a["decision_number"] != "5/QĐ" for a in awards["items"])  # awarded to a draft
    confirmed = next(a for a in awards["items"] if a["decision_number"] == "99/QĐ-UBND")
    assert confirmed["recipient_unit_key"] == "29953" and confirmed["kind_label"] == "Bằng khen của Chủ tịch UBND tỉnh"
    assert confirmed["verification_url"] == f"http://testserver/xac-minh/{world['confirmed'].uuid}/"


def test_unpublished_campaign_hides_its_leaderboard_and_awards(client, world):
    assert get(client, "/leaderboards/", campaign="thi-dua-mo")["count"] == 3
    world["campaign"].unpublish()
    assert get(client, "/leaderboards/")["count"] == 0
    assert get(client, "/awards/")["count"] == 0


# -- filters and ordering ---------------------------------------------------------------------------

def test_initiative_filters(client, world):
    def titles(**params):
        return [i["title"] for i in get(client, "/initiatives/", **params)["items"]]

    assert titles(unit="29950") == ["Một cửa thân thiện"]
    assert titles(province="87") == ["Ngày thứ Năm không hẹn", "Một cửa thân thiện"]  # newest first
    assert titles(province="01") == [] and titles(unit="khong-co") == []
    assert titles(area=world["other_area"].slug) == ["Ngày thứ Năm không hẹn"]
    assert titles(status="recognised") == ["Ngày thứ Năm không hẹn"]
    assert titles(recognition="province") == ["Ngày thứ Năm không hẹn"]
    assert titles(year=2023) == ["Một cửa thân thiện"] and titles(year=2024) == ["Ngày thứ Năm không hẹn"]
    item = get(client, "/initiatives/", status="recognised")["items"][0]
    assert item["tags"] == ["một cửa"] and item["adoption_count"] == 1
    assert item["province_name"] == "Tỉnh Đồng Tháp" and item["url"] == f"http://testserver{world['recognised'].url}"
    assert item["url"].startswith("http://testserver/sang-kien/")
    bad = client.get(f"{API}/initiatives/", {"year": "20245"})
    assert bad.status_code == 422
    assert bad.json()["detail"].startswith("Tham số không hợp lệ: year: Năm không hợp lệ")
    assert client.get(f"{API}/initiatives/", {"status": "bogus"}).status_code == 422


def test_adoption_and_observation_filters(client, world):
    by_unit = get(client, "/adoptions/", unit="29960")["items"]
    assert [(a["unit_key"], a["replicated_from_unit_key"]) for a in by_unit] == [("29960", "29953")]
    assert get(client, "/adoptions/", status="operating")["items"][0]["responsible_office"] == "Bộ phận Một cửa"
    assert get(client, "/adoptions/", province="87")["count"] == 3

    def periods(**params):
        return [(o["unit_key"], o["period_key"]) for o in get(client, "/observations/", **params)["items"]]

    assert periods(unit="29953", period_from="2022") == [("29953", "2022"), ("29953", "2023")]
    assert periods(unit="29953", period_to="2022-12-31") == [("29953", "2021"), ("29953", "2022")]
    assert periods(period_from="2022-Q1", period_to="2022") == [("29953", "2022")]
    assert periods(metric="khong-co") == [] and periods(unit="khong-co") == []
    assert periods(initiative=world["submitted"].pk) == [
        ("29953", "2021"), ("29953", "2022"), ("29953", "2023"), ("29960", "2023")]
    bad = client.get(f"{API}/observations/", {"period_from": "quý 5"})
    assert bad.status_code == 422 and "period_from: Kỳ không hợp lệ" in bad.json()["detail"]


def test_leaderboard_and_award_filters(client, world):
    rows = get(client, "/leaderboards/", campaign="thi-dua-mo")["items"]
    assert [(r["rank"], r["unit_key"], r["points"]) for r in rows] == [(1, "29953", 50), (2, "29950", 30),
                                                                      (3, "29960", 10)]
    assert rows[0]["campaign_title"] == "Phong trào thử nghiệm" and rows[0]["peer_group"] is None
    assert get(client, "/leaderboards/", campaign="khac")["count"] == 0
    assert get(client, "/leaderboards/", level="district")["count"] == 0
    assert get(client, "/awards/", unit="29953")["count"] == 1
    assert get(client, "/awards/", unit="87")["count"] == 1  # the province includes its communes
    assert get(client, "/awards/", year=2023)["count"] == 0  # 5/QĐ went to a draft: not public
    assert get(client, "/awards/", campaign="khac")["count"] == 0


# -- pagination and queries -------------------------------------------------------------------------

def test_pagination_links_and_cap(client, world, settings):
    for n in range(5):
        make_initiative(world["submitted"].get_parent(), world["commune"], title=f"Sáng kiến {n}",
                        status=InitiativeStatus.SUBMITTED)
    first = get(client, "/initiatives/", page_size=3, unit="29950")
    assert (first["count"], first["page"], first["page_size"], first["num_pages"]) == (6, 1, 3, 2)
    assert first["previous"] is None
    assert first["next"].startswith("http://testserver/api/v1/initiatives/?")
    assert "unit=29950" in first["next"] and "page=2" in first["next"]
    second = client.get(first["next"]).json()
    assert second["next"] is None and "page=1" in second["previous"]
    ids = [i["id"] for i in first["items"] + second["items"]]
    assert len(set(ids)) == 6  # deterministic order: no row twice, none lost
    assert ids == [i["id"] for i in get(client, "/initiatives/", unit="29950", page_size=10)["items"]]
    assert get(client, "/initiatives/", page=9)["items"] == []
    settings.API_MAX_PAGE_SIZE = 4
    assert get(client, "/initiatives/", page_size=1000)["page_size"] == 4
    assert client.get(f"{API}/initiatives/", {"page": 0}).status_code == 422


def test_queries_per_page_are_constant(client, world, django_assert_max_num_queries):
    """Nine or more rows in every list: a query per row would show."""
    import datetime

    from campaigns.leaderboard import refresh_leaderboard
    from campaigns.models import Award, AwardKind, AwardStatus, Enrolment
    from rollout import actions
    from rollout.models import Metric
    from rollout.periods import Period
    from tests.factories import UnitFactory

    editor, sipas = world["first"].created_by, Metric.objects.get(code="sipas")
    for n in range(9):
        unit = UnitFactory(name=f"Xã Mẫu {n}", parent=world["province"])
        page = make_initiative(world["submitted"].get_parent(), unit, title=f"Mẫu {n}",
                               status=InitiativeStatus.SUBMITTED)
        page.tags.add(f"thẻ {n}", "chung")
        page.save_revision().publish()
        adoption = actions.record_adoption(editor, world["submitted"], unit,
                                           replicated_from=world["first"])
        actions.record_observation(editor, unit, sipas, Period.year_of(2023), "90", "Báo cáo", adoption=adoption)
        Enrolment.objects.create(campaign=world["campaign"], unit=unit)
        Award.objects.create(campaign=world["campaign"], kind=AwardKind.GIAY_KHEN_XA, recipient_unit=unit,
                             recipient_initiative=page, citation="Tốt", status=AwardStatus.CONFIRMED,
                             decision_number=f"{n}/QĐ", decision_date=datetime.date(2024, 1, n + 1))
    refresh_leaderboard(world["campaign"])
    for path in ("/initiatives/", "/units/", "/adoptions/", "/observations/", "/leaderboards/", "/awards/",
                 "/appraisal/decisions/"):
        client.get(f"{API}{path}")  # warm the site-root cache
        with django_assert_max_num_queries(6):
            response = client.get(f"{API}{path}", {"page_size": 100})
        assert response.status_code == 200
        assert path == "/appraisal/decisions/" or response.json()["count"] >= 9, path


# -- rate limits -------------------------------------------------------------------------------------

def test_rate_limit_answers_429_in_vietnamese(client, world, settings, django_user_model):
    cache.clear()
    settings.API_ANON_RATE = "3/m"
    for _ in range(3):
        assert client.get(f"{API}/units/").status_code == 200
    response = client.get(f"{API}/initiatives/")
    assert response.status_code == 429
    assert "quá nhiều yêu cầu" in response.json()["detail"] and int(response["Retry-After"]) >= 1
    # Downloads share the budget.
    assert client.get("/du-lieu-mo/sang-kien.csv").status_code == 429
    # Another address, or a signed-in user (their own, larger budget), is not affected.
    assert client.get(f"{API}/units/", REMOTE_ADDR="10.0.0.9").status_code == 200
    client.force_login(world["member"])
    settings.API_AUTH_RATE = "2/m"
    assert [client.get(f"{API}/units/").status_code for _ in range(3)] == [200, 200, 429]
    cache.clear()


# -- schema and docs ---------------------------------------------------------------------------------

def test_schema_lists_every_endpoint_with_descriptions(client):
    schema = get(client, "/schema/")
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for expected in ("/api/v1/initiatives/", "/api/v1/initiatives/{initiative_id}/", "/api/v1/units/",
                     "/api/v1/units/{key}/", "/api/v1/adoptions/", "/api/v1/observations/",
                     "/api/v1/leaderboards/", "/api/v1/awards/", "/api/v1/campaigns/",
                     "/api/v1/campaigns/{slug}/leaderboard/", "/api/v1/appraisal/decisions/",
                     "/api/v1/rollout/metrics/", "/api/v1/search/"):
        assert expected in paths, expected
    for path, operations in paths.items():
        assert set(operations) == {"get"}, path  # read-only
        operation = operations["get"]
        assert operation.get("summary") and len(operation.get("description", "")) > 20, path
    # Field descriptions come from the registry, the same text as the /du-lieu-mo/ page.
    component = schema["components"]["schemas"]["InitiativesItem"]["properties"]
    column = next(c for c in registry.get("initiatives").columns if c.key == "final_score")
    assert component["final_score"]["description"] == str(column.description)
    filters = {p["name"]: p for p in paths["/api/v1/observations/"]["get"]["parameters"]}
    assert {"metric", "unit", "period_from", "period_to", "page", "page_size"} <= set(filters)
    assert all(p.get("description") for p in filters.values())


def test_docs_use_local_files_only(client):
    response = client.get(f"{API}/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn" not in html.lower() and "https://" not in html and "http://" not in html
    references = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(ref.endswith("swagger-ui-bundle.js") for ref in references)
    settings = json.loads(re.search(r'id="swagger-settings">(.*?)</script>', html, re.S).group(1))
    assert settings["validatorUrl"] is None  # else the schema would be sent to validator.swagger.io
    for ref in references:
        assert ref.startswith("/static/"), ref
        assert finders.find(ref.removeprefix("/static/")), ref


# -- counts at national scale (opendata.counts) -----------------------------------------------------

def _postgres_only():
    import pytest
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the planner's estimate is PostgreSQL's")


def test_a_large_selection_is_counted_once_in_the_background_and_the_count_kept(client, world, settings):
    """Above OPEN_DATA_EXACT_COUNT_BELOW the request does not count: the eager task (no worker) counts
    once and the kept count is served with its time; a second page reuses it without counting."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _postgres_only()
    settings.OPEN_DATA_EXACT_COUNT_BELOW = 0
    cache.clear()
    first = get(client, "/adoptions/", page_size=1)
    assert (first["count"], first["count_estimated"]) == (3, False) and first["count_updated_at"]
    assert first["num_pages"] == 3 and first["next"]
    with CaptureQueriesContext(connection) as queries:
        second = get(client, "/adoptions/", page_size=1, page=3)
    assert second["count"] == 3 and second["count_updated_at"] == first["count_updated_at"]
    assert second["next"] is None and len(second["items"]) == 1
    assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)


def test_until_a_worker_has_counted_the_estimate_is_given_and_said_to_be_one(client, world, settings):
    """With a worker that has not run yet, the answer is the planner's estimate, marked so; only one
    count task is queued for the same selection, however many readers ask."""
    from unittest import mock

    _postgres_only()
    settings.OPEN_DATA_EXACT_COUNT_BELOW = 0
    cache.clear()
    with mock.patch("opendata.tasks.count_rows.delay") as queued:
        answers = [get(client, "/observations/", page_size=2) for _ in range(3)]
    assert queued.call_count == 1
    for data in answers:
        assert data["count_estimated"] is True and data["count_updated_at"] is None
        assert data["count"] >= 2 and data["next"]  # 4 values: a next page exists whatever the estimate
    assert not get(client, "/observations/", page_size=2, page=2)["next"]


def test_a_small_selection_is_counted_exactly_in_the_request(client, world):
    data = get(client, "/adoptions/", unit="29960")
    assert (data["count"], data["count_estimated"], data["count_updated_at"]) == (1, False, None)
