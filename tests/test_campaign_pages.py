"""Enrolment permissions, the public campaign page, the JSON API and the exports."""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from campaigns.actions import correct_points, enrol_unit
from campaigns.leaderboard import refresh_leaderboard
from campaigns.models import Enrolment, PhaseKind
from core.roles import COMMUNE_OFFICERS, COUNCIL_MEMBERS, EDITORS
from tests.factories import ProvinceFactory, UnitFactory, make_campaign, make_member


@pytest.fixture
def campaign(site):
    return make_campaign()


def test_officer_enrols_own_unit_only(campaign, commune, other_commune):
    officer = make_member(COMMUNE_OFFICERS, commune)
    with pytest.raises(PermissionDenied):
        enrol_unit(officer, campaign, other_commune)
    with pytest.raises(PermissionDenied):
        enrol_unit(make_member(COUNCIL_MEMBERS, other_commune), campaign, commune)
    enrol_unit(officer, campaign, commune)
    enrol_unit(officer, campaign, commune)  # twice is harmless
    assert list(Enrolment.objects.values_list("unit__name", flat=True)) == ["Xã Long Khánh A"]


def test_enrol_view_uses_the_officers_unit(campaign, client, commune, other_commune):
    officer = make_member(COMMUNE_OFFICERS, commune)
    client.force_login(officer)
    response = client.post(f"/thi-dua/{campaign.slug}/dang-ky/", {"unit": other_commune.key})
    assert response.status_code == 302
    assert list(Enrolment.objects.values_list("unit__key", flat=True)) == [commune.key]  # not other_commune
    client.logout()
    assert client.post(f"/thi-dua/{campaign.slug}/dang-ky/").status_code == 302  # to login
    assert Enrolment.objects.count() == 1


def test_scope_and_phase_rules(site, province, commune):
    other_province = ProvinceFactory(code="01", key="01", name="Thành phố Hà Nội")
    far = UnitFactory(name="Phường Xa", parent=other_province)
    scoped = make_campaign("tinh", scope_unit=province)
    editor = make_member(EDITORS)
    with pytest.raises(ValidationError):
        enrol_unit(editor, scoped, far)
    enrol_unit(editor, scoped, commune)
    import datetime
    closed = make_campaign("da-xong", phases=[(PhaseKind.REGISTRATION, datetime.date(2020, 1, 1),
                                                  datetime.date(2020, 6, 30))])
    with pytest.raises(ValidationError):
        enrol_unit(make_member(COMMUNE_OFFICERS, commune), closed, commune)
    enrol_unit(editor, closed, commune)  # editors may still enrol


def test_corrections_are_editors_only(campaign, commune):
    with pytest.raises(PermissionDenied):
        correct_points(make_member(COUNCIL_MEMBERS), campaign, commune, 5, "Lý do")
    with pytest.raises(ValidationError):
        correct_points(make_member(EDITORS), campaign, commune, 5, "  ")


@pytest.fixture
def ranked(campaign, province, commune, other_commune):
    editor = make_member(EDITORS)
    third = UnitFactory(name="Xã Tân Hộ Cơ", code="29700", key="29700", parent=province)
    for unit, points in ((commune, 1200), (other_commune, 1200), (third, 40)):
        enrol_unit(editor, campaign, unit)
        correct_points(editor, campaign, unit, points, "Điểm thử nghiệm")
    refresh_leaderboard(campaign)
    return campaign


def test_public_page_shows_phase_board_and_find_my_unit(ranked, client):
    html = client.get(ranked.url).content.decode()
    assert "Triển khai thực hiện" in html and 'aria-current="step"' in html
    assert html.index("Xã Long Khánh A") < html.index("Xã Phú Thuận A") < html.index("Xã Tân Hộ Cơ")
    assert "1.200" in html  # Vietnamese thousands separator
    found = client.get(ranked.url + "?q=tan ho co").content.decode()
    assert "Kết quả tìm" in found and "Xã Tân Hộ Cơ" in found


def test_api_list_and_leaderboard_shape(ranked, client):
    campaigns = client.get("/api/v1/campaigns/").json()
    assert [c["slug"] for c in campaigns] == [ranked.slug]
    assert campaigns[0]["current_phase"] == "implementation"
    data = client.get(f"/api/v1/campaigns/{ranked.slug}/leaderboard/").json()
    assert data["count"] == 3
    assert [(r["rank"], r["unit_code"], r["unit_name"], r["points"], r["movement"]) for r in data["rows"]] == [
        (1, "29950", "Xã Long Khánh A", 1200, "new"), (1, "29953", "Xã Phú Thuận A", 1200, "new"),
        (3, "29700", "Xã Tân Hộ Cơ", 40, "new")]
    assert client.get(f"/api/v1/campaigns/{ranked.slug}/leaderboard/?province=01").json()["count"] == 0
    assert client.get(f"/api/v1/campaigns/{ranked.slug}/leaderboard/?level=district").json()["count"] == 0
    assert client.get(f"/api/v1/campaigns/{ranked.slug}/leaderboard/?peer_group=xa-bien-gioi").json()["count"] == 0
    assert client.get("/api/v1/campaigns/khong-co/leaderboard/").status_code == 404


def test_drafts_are_not_public(site, client):
    draft = make_campaign("nhap")
    draft.unpublish()
    assert client.get("/api/v1/campaigns/").json() == []
    assert client.get("/api/v1/campaigns/nhap/leaderboard/").status_code == 404


def test_csv_and_xlsx_exports(ranked, client):
    response = client.get(f"/thi-dua/{ranked.slug}/bang-xep-hang.csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:5] == ["Hạng", "Mã đơn vị", "Tên đơn vị", "Tỉnh/Thành phố", "Điểm"]
    assert rows[1][:5] == ["1", "29950", "Xã Long Khánh A", "Tỉnh Đồng Tháp", "1.200"]
    response = client.get(f"/thi-dua/{ranked.slug}/bang-xep-hang.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[5]][:5] == [3, "29700", "Xã Tân Hộ Cơ", "Tỉnh Đồng Tháp", 40]
