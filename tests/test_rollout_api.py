"""The read-only rollout API: published initiatives only, figures as recorded, no write path."""

import datetime

import pytest

from core.roles import COMMUNE_OFFICERS, EDITORS
from rollout import actions
from rollout.models import Adoption, AdoptionStatus, Metric
from rollout.periods import Period
from tests.factories import UnitFactory, make_initiative, make_member


@pytest.fixture
def data(site, commune, other_commune, province):
    editor = make_member(EDITORS, username="bientap_api")
    page = make_initiative(site["index"], commune, title="Một cửa hiện đại")
    draft = make_initiative(site["index"], commune, title="Bản nháp", live=False)
    third = UnitFactory(name="Xã Ba", parent=province)
    first = actions.record_adoption(editor, page, other_commune, status=AdoptionStatus.OPERATING,
                                    start_date=datetime.date(2023, 1, 1))
    actions.record_adoption(editor, page, third, replicated_from=first)
    actions.record_adoption(editor, draft, third)
    sipas = Metric.objects.get(code="sipas")
    actions.record_observation(editor, other_commune, sipas, Period.year_of(2022), "98.4", "Báo cáo 2022")
    actions.record_observation(editor, other_commune, sipas, Period.year_of(2023), "98.6", "Báo cáo 2023")
    return {"page": page, "draft": draft, "first": first, "third": third, "unit": other_commune}


def test_adoptions_with_lineage(client, data):
    rows = client.get(f"/api/v1/rollout/initiatives/{data['page'].pk}/adoptions/").json()
    assert [r["unit_name"] for r in rows] == ["Xã Phú Thuận A", "Xã Ba"]
    assert rows[1]["replicated_from_unit_key"] == data["unit"].key


def test_draft_initiatives_are_not_published(client, data):
    assert client.get(f"/api/v1/rollout/initiatives/{data['draft'].pk}/adoptions/").status_code == 404
    assert client.get(f"/api/v1/rollout/initiatives/{data['draft'].pk}/impact/").status_code == 404


def test_impact_and_observations(client, data):
    impact = client.get(f"/api/v1/rollout/initiatives/{data['page'].pk}/impact/").json()
    assert [(r["metric"], r["measured"], r["improved"]) for r in impact] == [("sipas", 1, 1)]
    assert float(impact[0]["median_change"]) == pytest.approx(0.2)
    rows = client.get(f"/api/v1/rollout/units/{data['unit'].key}/observations/?metric=sipas").json()
    assert [(r["period_key"], float(r["value"])) for r in rows] == [("2022", 98.4), ("2023", 98.6)]
    assert "entered_by" not in rows[0]


def test_no_write_through_the_api(client, data):
    officer = make_member(COMMUNE_OFFICERS, data["unit"], username="canbo_api")
    client.force_login(officer)
    response = client.post(f"/api/v1/rollout/initiatives/{data['page'].pk}/adoptions/", {"unit": data["third"].pk},
                           content_type="application/json")
    assert response.status_code == 405
    assert Adoption.objects.count() == 3
