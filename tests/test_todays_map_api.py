"""The API and the downloads speak today's map (issue 18), on the real unit data: an initiative of
Huyện Tây Hòa (Phú Yên, before 01/07/2025) is filed under Tỉnh Đắk Lắk in the API and the CSV; a
province filter by an old name ("Phú Yên") or today's key finds the rows of the old units in the
observations API, the indicator download, the leaderboards and the unit directory; a successor's
leaderboard rows in the API include its predecessors'; an old province's exact key still reads the
old map."""

import csv
import io
import re

import pytest
from django.utils import timezone

from initiatives.status import InitiativeStatus
from rollout import actions
from rollout.models import Metric
from rollout.periods import Period
from tests.factories import load_real_unit_subset, make_initiative, make_member
from units.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(site):
    from campaigns.leaderboard import refresh_leaderboard
    from campaigns.models import Enrolment, PointEntry
    from core.roles import EDITORS
    from tests.factories import make_campaign

    load_real_unit_subset({"h562", "h29980"})  # Huyện Tây Hòa (Phú Yên); Xã Long Khánh A (Đồng Tháp)
    by_key = AdministrativeUnit.objects.in_bulk(field_name="key")
    tay_hoa, lka = by_key["h562"], by_key["h29980"]
    phu_yen, dak_lak = tay_hoa.province, tay_hoa.province.current_successors()[0]
    long_khanh = lka.current_successors()[0]
    make_initiative(site["index"], tay_hoa, title="Một cửa Tây Hòa", status=InitiativeStatus.RECOGNISED)
    editor = make_member(EDITORS, username="bientap_bando")
    actions.record_observation(editor, tay_hoa, Metric.objects.get(code="dossiers_received"),
                               Period.year_of(2024), 1234)
    actions.record_observation(editor, lka, Metric.objects.get(code="dossiers_received"),
                               Period.year_of(2024), 77)
    campaign = make_campaign(title="Thi đua 2025")
    for unit, points in ((tay_hoa, 30), (lka, 120), (long_khanh, 5)):
        Enrolment.objects.create(campaign=campaign, unit=unit)
        PointEntry.objects.create(campaign=campaign, unit=unit, points=points, event_key=f"t:{unit.pk}",
                                  event_date=timezone.localdate(), note="Điểm thử")
    refresh_leaderboard(campaign)
    return {"tay_hoa": tay_hoa, "phu_yen": phu_yen, "dak_lak": dak_lak, "lka": lka, "long_khanh": long_khanh}


def _items(client, path, **params):
    response = client.get(f"/api/v1{path}", params)
    assert response.status_code == 200, response.content
    return response.json()["items"]


def test_api_and_download_print_todays_province_of_an_old_unit(client, world):
    (item,) = _items(client, "/initiatives/")
    assert item["origin_unit_key"] == world["tay_hoa"].key
    assert (item["province_key"], item["province_name"]) == (world["dak_lak"].key, "Tỉnh Đắk Lắk")
    text = b"".join(client.get("/du-lieu-mo/sang-kien.csv").streaming_content).decode("utf-8-sig")
    assert "Tỉnh Đắk Lắk" in text and "Tỉnh Phú Yên" not in text


def test_observations_api_and_download_find_old_units_by_todays_province_or_an_old_name(client, world):
    for province in (world["dak_lak"].key, "Phú Yên", "phu yen", "Đắk Lắk"):
        rows = _items(client, "/observations/", province=province)
        assert [r["unit_key"] for r in rows] == [world["tay_hoa"].key], (province, rows)
        body = b"".join(client.get("/so-lieu/xuat.csv", {"tinh": province}).streaming_content).decode("utf-8-sig")
        units = [line[0] for line in csv.reader(io.StringIO(body), delimiter=";")][1:]
        assert units == [world["tay_hoa"].key], province
    assert _items(client, "/observations/", province="Không có tỉnh này") == []


def test_leaderboard_api_filters_by_todays_province_and_credits_the_successor(client, world):
    for province in (world["dak_lak"].key, "Phú Yên"):
        rows = _items(client, "/leaderboards/", province=province)
        assert [r["unit_key"] for r in rows] == [world["tay_hoa"].key], province
        assert rows[0]["province_key"] == world["dak_lak"].key
    rows = _items(client, "/leaderboards/", unit=world["long_khanh"].key)  # its own row and Long Khánh A's
    assert sorted((r["unit_key"], r["points"]) for r in rows) == sorted(
        [(world["lka"].key, 120), (world["long_khanh"].key, 5)])
    assert _items(client, "/leaderboards/", unit=world["lka"].key)[0]["points"] == 120  # no successor rows
    assert _items(client, "/leaderboards/", unit="khong-co") == []


def test_unit_directory_filters_by_todays_province_and_keeps_the_old_map(client, world):
    today = {r["key"] for r in _items(client, "/units/", province="Phú Yên", page_size=500)}
    assert world["tay_hoa"].key in today and world["phu_yen"].key in today and world["dak_lak"].key in today
    assert world["lka"].key not in today
    old = {r["key"] for r in _items(client, "/units/", province=world["phu_yen"].key, page_size=500)}
    assert world["tay_hoa"].key in old and world["dak_lak"].key not in old  # the old key: the old map only


def test_comparison_labels_old_units_and_names_todays_province(client, world):
    from tests.test_compare import row

    html = client.get("/so-sanh/", {"don-vi": [world["tay_hoa"].key, world["long_khanh"].key]}).content.decode()
    assert "Huyện Tây Hòa (trước 01/07/2025)" in html and "None" not in html
    assert row(html, "Tỉnh, thành phố") == ["Tỉnh Đắk Lắk — Tỉnh Phú Yên (trước 01/07/2025)", "Tỉnh Đồng Tháp"]
    points = row(html, "Điểm thi đua — Thi đua 2025")
    assert points[1].startswith("125 điểm") and "gồm điểm của 1 đơn vị trước 01/07/2025" in points[1], points
    page = client.get(f"/don-vi/{world['long_khanh'].key}/").content.decode()
    assert "Xã Long Khánh A (trước 01/07/2025)</a>" in page  # its predecessors: history, labelled


def test_initiative_page_groups_and_filters_adopters_by_todays_province(client, site):
    """The initiative page's "Theo tỉnh, thành phố" filter speaks today's map: old communes of Huyện Tây
    Hòa (Tỉnh Phú Yên before 01/07/2025) and Xã Sơn Thành, which took two of them over, are counted
    and listed under Tỉnh Đắk Lắk, never under Phú Yên; the old units are labelled as history."""
    import datetime

    from rollout.models import Adoption, AdoptionStatus

    load_real_unit_subset({"h29980", "h22249", "h22255", "h29983"})
    by_key = AdministrativeUnit.objects.in_bulk(field_name="key")
    dak_lak = by_key["h54"].current_successors()[0]
    page = make_initiative(site["index"], by_key["h29980"], title="Thứ Năm không hẹn",
                           status=InitiativeStatus.RECOGNISED)
    for key in ("h22249", "h22255", "22250", "h29983"):  # 3 in Đắk Lắk (2 before the merger), 1 in Đồng Tháp
        Adoption.objects.create(initiative=page, unit=by_key[key], status=AdoptionStatus.OPERATING,
                                start_date=datetime.date(2024, 1, 1))
    html = client.get(page.url).content.decode()
    provinces = html[html.index('class="rollout-provinces"'):]
    provinces = provinces[:provinces.index("</ul>")]
    assert "Tỉnh Đắk Lắk (3)" in provinces and "Tỉnh Đồng Tháp (1)" in provinces
    assert "Phú Yên" not in provinces and "trước" not in provinces and f"tinh={dak_lak.key}" in provinces
    for key in (dak_lak.key, "h54"):  # today's key, or an old province's from an old link
        only = client.get(page.url, {"tinh": key}).content.decode()
        listed = only[only.index('class="rollout-adopters"'):]
        listed = listed[:listed.index("</ul>")]
        assert listed.count("<li>") == 3 and "Long Khánh B" not in listed, key
        text = re.sub(r"<[^>]+>", "", listed)
        assert "Xã Sơn Thành Tây (trước 01/07/2025), Huyện Tây Hòa, Tỉnh Đắk Lắk — Đang vận hành" in text
        assert "Xã Sơn Thành, Tỉnh Đắk Lắk — Đang vận hành" in text
        assert "Phú Yên" not in listed and "Đơn vị áp dụng tại Tỉnh Đắk Lắk" in only
    # The comparison counts provinces on today's map too: Phú Yên's communes and Xã Sơn Thành are one.
    from tests.test_compare import row

    other = make_initiative(site["index"], by_key["h29983"], title="Người dân không viết",
                            status=InitiativeStatus.RECOGNISED)
    Adoption.objects.create(initiative=other, unit=by_key["h22249"], status=AdoptionStatus.OPERATING,
                            start_date=datetime.date(2024, 1, 1))
    compared = client.get("/so-sanh/", {"sang-kien": [page.slug, other.slug]}).content.decode()
    assert row(compared, "Đơn vị đã áp dụng") == ["4", "1"]
    assert row(compared, "Số tỉnh, thành phố có đơn vị áp dụng") == ["2", "1"]
