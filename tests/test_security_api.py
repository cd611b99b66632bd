"""Oversized and malformed ids (issue 13, item 7): every id of the API and of the indicator download
answers 404 or 422 with a Vietnamese message, never a server error; the OpenAPI schema lists those
answers; Schemathesis (every check) runs against the served schema with 0 server errors."""

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from tests.open_data_world import world  # noqa: F401

HUGE = "99999999999999999999"
ID_PATHS = [
    "/api/v1/initiatives/{}/",
    "/api/v1/rollout/initiatives/{}/adoptions/",
    "/api/v1/rollout/initiatives/{}/impact/",
    "/api/v1/appraisal/initiatives/{}/decision/",
    "/api/v1/adoptions/?initiative={}",
    "/api/v1/observations/?initiative={}",
    "/api/v1/appraisal/decisions/?council={}",
    "/api/v1/initiatives/?page={}",
    "/api/v1/units/?page_size={}",
]


@pytest.mark.parametrize("path", ID_PATHS)
@pytest.mark.parametrize("value", [HUGE, "9223372036854775808", "-1", "0", "1e3"])
def test_oversized_ids_answer_404_or_422_in_vietnamese(client, world, path, value):
    response = client.get(path.format(value))
    assert response.status_code in (404, 422), (path, value, response.status_code)
    detail = response.json()["detail"]
    assert detail.startswith(("Tham số không hợp lệ", "Không tìm thấy")), detail
    if response.status_code == 422:
        assert any(word in detail for word in ("phải", "không hợp lệ")), detail


def test_a_missing_id_in_range_is_a_vietnamese_404(client, world):
    response = client.get("/api/v1/initiatives/9223372036854775807/")
    assert response.status_code == 404 and response.json()["detail"].startswith("Không tìm thấy")


@pytest.mark.parametrize("value", [HUGE, "-3", "abc", "١٢"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_indicator_download_refuses_a_bad_initiative_id(client, world, value, fmt):
    response = client.get(f"/so-lieu/xuat.{fmt}", {"sang_kien": value})
    assert response.status_code == 422
    assert "sang_kien" in response.json()["detail"] and "không hợp lệ" in response.json()["detail"]


def test_schema_lists_the_error_answers(client, db):
    schema = client.get("/api/v1/schema/").json()
    operation = schema["paths"]["/api/v1/initiatives/{initiative_id}/"]["get"]
    assert {"200", "404", "422", "429"} <= set(operation["responses"])
    assert operation["parameters"][0]["schema"]["maximum"] == 2**63 - 1
    listing = schema["paths"]["/api/v1/initiatives/"]["get"]
    assert {"200", "422", "429"} <= set(listing["responses"])


def test_schemathesis_finds_no_server_error(world, transactional_db=None):
    """Every operation of the served schema, a few generated requests each (bounded: well under a
    minute), every Schemathesis check: status codes, content types and bodies conform, and no 5xx."""
    import schemathesis
    from django.core.signals import request_finished, request_started
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    # The WSGI app is called directly (not through Django's test client), so, as the test client does,
    # keep it from closing the test's database connection after each request (PostgreSQL would lose
    # the test transaction: "the connection is closed").
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        _run_schemathesis(schemathesis, get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _run_schemathesis(schemathesis, app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", app)
    failures, operations = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(max_examples=6, deadline=None, database=None, derandomize=True, phases=[Phase.generate],
                  suppress_health_check=list(HealthCheck))
        def check(case):
            response = case.call()
            assert response.status_code < 500, (case.path, case.query, response.status_code, response.text[:300])
            case.validate_response(response)

        try:
            check()
        except Exception as error:  # collect all operations' failures, report them together
            failures.append(f"{operation.label}: {error}")
    assert operations >= 15
    assert not failures, "\n\n".join(failures)
