"""The "Nhân rộng" admin: officers see and write their own unit only, and every save goes through
the actions (status history, observation revisions) — including forged POSTs."""

import datetime

import pytest
from django.urls import reverse

from core.roles import COMMUNE_OFFICERS, EDITORS
from rollout import actions
from rollout.models import Adoption, AdoptionStatus, Metric, Observation, ObservationRevision
from rollout.periods import Period
from tests.factories import UnitFactory, make_initiative, make_member


def url(model, view, *args):
    return reverse(f"wagtailsnippets_rollout_{model}:{view}", args=args)


@pytest.fixture
def setup(site, commune, other_commune, province):
    third = UnitFactory(code="29956", key="29956", name="Xã Long Thuận", short_name="Long Thuận", parent=province)
    officer = make_member(COMMUNE_OFFICERS, other_commune, username="canbo_admin")
    editor = make_member(EDITORS, username="bientap_admin")
    page = make_initiative(site["index"], commune, title="Thứ Năm không hẹn")
    foreign = actions.record_adoption(editor, page, third, status=AdoptionStatus.OPERATING,
                                      start_date=datetime.date(2024, 1, 1))
    foreign_obs, _ = actions.record_observation(editor, third, Metric.objects.get(code="sipas"),
                                                Period.year_of(2023), 97, "Báo cáo")
    return {"officer": officer, "editor": editor, "page": page, "third": third, "own": other_commune,
            "foreign": foreign, "foreign_obs": foreign_obs}


def adoption_post(page, unit, **extra):
    return {"initiative": page.pk, "unit": unit.pk, "replicated_from_adoption": "", "status": "piloting",
            "status_date": "", "status_note": "", "start_date": "2024-04-01", "responsible_office": "Một cửa xã",
            "notes": "", **extra}


def test_officer_lists_only_own_units_rows(client, setup):
    actions.record_adoption(setup["officer"], setup["page"], setup["own"])
    client.force_login(setup["officer"])
    html = client.get(url("adoption", "list")).content.decode()
    assert "Xã Phú Thuận A" in html and "Xã Long Thuận" not in html
    html = client.get(url("observation", "list")).content.decode()
    assert "Xã Long Thuận" not in html


def test_officer_adds_adoption_through_the_action(client, setup):
    client.force_login(setup["officer"])
    for model in ("adoption", "observation"):
        assert client.get(url(model, "add")).status_code == 200
    response = client.post(url("adoption", "add"), adoption_post(setup["page"], setup["own"]))
    assert response.status_code == 302, response.content.decode()[:2000]
    adoption = Adoption.objects.get(unit=setup["own"])
    assert adoption.created_by == setup["officer"] and adoption.replicated_from_initiative == setup["page"]
    assert list(adoption.status_changes.values_list("to_status", flat=True)) == ["piloting"]
    assert client.get(url("adoption", "edit", adoption.pk)).status_code == 200


def test_forged_post_for_another_unit_is_refused(client, setup):
    client.force_login(setup["officer"])
    other_page = make_initiative(setup["page"].get_parent(), setup["own"], title="Sáng kiến khác")
    response = client.post(url("adoption", "add"), adoption_post(other_page, setup["third"]))
    assert response.status_code == 200   # form redisplayed with an error
    assert not Adoption.objects.filter(initiative=other_page).exists()


def test_officer_cannot_open_edit_or_delete_another_units_rows(client, setup):
    client.force_login(setup["officer"])
    for model, obj in (("adoption", setup["foreign"]), ("observation", setup["foreign_obs"])):
        assert client.get(url(model, "edit", obj.pk)).status_code in (302, 403)
        assert client.post(url(model, "delete", obj.pk)).status_code in (302, 403)
        assert type(obj).objects.filter(pk=obj.pk).exists()
    foreign = Adoption.objects.get(pk=setup["foreign"].pk)
    client.post(url("adoption", "edit", foreign.pk), adoption_post(setup["page"], setup["third"], status="suspended"))
    foreign.refresh_from_db()
    assert foreign.status == AdoptionStatus.OPERATING


def test_status_change_in_admin_is_recorded_with_date_and_note(client, setup):
    client.force_login(setup["editor"])
    response = client.post(url("adoption", "edit", setup["foreign"].pk), adoption_post(
        setup["page"], setup["third"], status="suspended", status_date="2024-09-01", status_note="Thiếu nhân lực"))
    assert response.status_code == 302
    change = setup["foreign"].status_changes.last()
    assert (change.from_status, change.to_status, change.effective_date, change.note) == (
        "operating", "suspended", datetime.date(2024, 9, 1), "Thiếu nhân lực")
    # An impossible move shows a Vietnamese error and changes nothing.
    client.post(url("adoption", "edit", setup["foreign"].pk), adoption_post(setup["page"], setup["third"], status="suspended"))
    response = client.post(url("adoption", "edit", setup["foreign"].pk),
                           adoption_post(setup["page"], setup["third"], status="planned"))
    assert response.status_code == 200 and "Không thể chuyển nhân rộng" in response.content.decode()


def test_observation_admin_parses_vietnamese_period_and_keeps_history(client, setup):
    client.force_login(setup["officer"])
    sipas = Metric.objects.get(code="sipas")
    data = {"unit": setup["own"].pk, "metric": sipas.pk, "period_text": "Quý 1/2024", "adoption": "",
            "value": "97.5", "source": "Báo cáo quý"}
    assert client.post(url("observation", "add"), data).status_code == 302
    obs = Observation.objects.get(unit=setup["own"])
    assert (obs.period_key, obs.period_start, obs.entered_by) == ("2024-Q1", datetime.date(2024, 1, 1), setup["officer"])
    response = client.post(url("observation", "edit", obs.pk), {**data, "value": "98.1"})
    assert response.status_code == 302
    revision = ObservationRevision.objects.get(observation=obs)
    assert (str(revision.old_value), str(revision.new_value)) == ("97.5000", "98.1000")
    # Out of range: Vietnamese message, nothing changed.
    response = client.post(url("observation", "edit", obs.pk), {**data, "value": "120"})
    assert response.status_code == 200 and "ngoài khoảng cho phép" in response.content.decode()
    obs.refresh_from_db()
    assert str(obs.value) == "98.1000"


def test_observation_admin_reads_numbers_the_vietnamese_way(client, setup):
    client.force_login(setup["officer"])
    sipas = Metric.objects.get(code="sipas")
    data = {"unit": setup["own"].pk, "metric": sipas.pk, "period_text": "2024", "adoption": "",
            "value": "abc", "source": "Khảo sát"}
    response = client.post(url("observation", "add"), data)
    assert response.status_code == 200 and "“abc” không phải là số." in response.content.decode()
    assert not Observation.objects.filter(unit=setup["own"]).exists()
    assert client.post(url("observation", "add"), {**data, "value": "96,5%"}).status_code == 302
    obs = Observation.objects.get(unit=setup["own"])
    assert str(obs.value) == "96.5000"
    assert 'value="96,5"' in client.get(url("observation", "edit", obs.pk)).content.decode()


def test_officer_cannot_edit_the_metric_catalogue(client, setup):
    client.force_login(setup["officer"])
    metric = Metric.objects.get(code="sipas")
    assert client.get(url("metric", "list")).status_code == 200
    client.post(url("metric", "edit", metric.pk), {"code": "sipas", "name_vi": "Đổi tên", "unit": "percent",
                                                    "direction": "higher", "decimals": 1, "sort_order": 1})
    metric.refresh_from_db()
    assert metric.name_vi != "Đổi tên"


def test_a_forged_post_cannot_mark_an_officers_own_figure_verified_or_official(client, setup):
    """Issue 15: the verification is set by the level above (rollout.verification) or by an official
    import, never by the officer's own form, even with the field added to a forged POST."""
    from rollout.models import Verification as ObservationVerification

    client.force_login(setup["officer"])
    sipas = Metric.objects.get(code="sipas")
    data = {"unit": setup["own"].pk, "metric": sipas.pk, "period_text": "Quý 2/2024", "adoption": "",
            "value": "96", "source": "Báo cáo quý"}
    for forged in (ObservationVerification.VERIFIED, ObservationVerification.OFFICIAL):
        response = client.post(url("observation", "add"), {**data, "verification": forged})
        assert response.status_code in (200, 302)
        obs = Observation.objects.get(unit=setup["own"], period_key="2024-Q2")
        assert obs.verification == ObservationVerification.SELF_REPORTED, forged
        response = client.post(url("observation", "edit", obs.pk), {**data, "value": "97", "verification": forged})
        obs.refresh_from_db()
        assert obs.verification == ObservationVerification.SELF_REPORTED, forged
        obs.delete()
