"""Points of a commune split between several successors (issue 18), on the real unit data: Phường Cống
Vị (Ba Đình, Hà Nội) was split between Phường Giảng Võ and Phường Ngọc Hà on 01/07/2025. Nothing says
how its points are shared, so each successor is credited with all of them and every page showing
credited points says so — the unit pages, the comparison /so-sanh/, the API and the city's ranking of
its wards by points; summed for Hà Nội, which holds both successors, they count once. Xã Long Khánh,
formed from Long Khánh A and B whole, shows no split flag."""

import re

import pytest
from django.utils import timezone

from tests.factories import load_real_unit_subset
from tests.test_compare import row
from units.models import AdministrativeUnit

pytestmark = pytest.mark.django_db

FLAG = "gồm điểm của Phường Cống Vị (trước 01/07/2025), chia cho 2 đơn vị kế thừa: điểm được tính cho mỗi đơn vị"


@pytest.fixture
def world(site):
    from campaigns.leaderboard import refresh_leaderboard
    from campaigns.models import Enrolment, PointEntry
    from tests.factories import make_campaign

    load_real_unit_subset({"h00007", "h29980", "h29983"})
    by_key = AdministrativeUnit.objects.in_bulk(field_name="key")
    units = {"cong_vi": by_key["h00007"], "giang_vo": by_key["00025"], "ngoc_ha": by_key["00008"],
             "lka": by_key["h29980"], "lkb": by_key["h29983"], "long_khanh": by_key["29983"],
             "ha_noi": by_key["00025"].province}
    campaign = make_campaign(title="Thi đua 2025")
    for key, points in (("cong_vi", 100), ("giang_vo", 10), ("lka", 120), ("lkb", 30)):
        Enrolment.objects.create(campaign=campaign, unit=units[key])
        PointEntry.objects.create(campaign=campaign, unit=units[key], points=points, event_key=f"t:{key}",
                                  event_date=timezone.localdate(), note="Điểm thử")
    refresh_leaderboard(campaign)
    return {**units, "campaign": campaign}


def _text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def _standings(client, unit):
    page = client.get(f"/don-vi/{unit.key}/").content.decode()
    table = page[page.index('class="unit-standings"'):]
    return _text(table[:table.index("</table>")])


def test_each_successors_page_shows_the_shared_points_flagged_a_whole_merger_none(client, world):
    # The split is the loader's, from the package's successor links: not a guess.
    assert world["cong_vi"].split and world["cong_vi"].succession_kind == "part"
    assert set(world["cong_vi"].successors.values_list("key", flat=True)) == {"00025", "00008"}
    assert not world["lka"].split and not world["lkb"].split
    giang_vo = _standings(client, world["giang_vo"])
    assert "110 (gồm điểm của 1 đơn vị trước 01/07/2025; " + FLAG + ")" in giang_vo
    ngoc_ha = _standings(client, world["ngoc_ha"])  # not on the board itself: the shared points only
    assert "100 (gồm điểm của 1 đơn vị trước 01/07/2025; " + FLAG + ")" in ngoc_ha
    long_khanh = _standings(client, world["long_khanh"])
    assert "150 (gồm điểm của 2 đơn vị trước 01/07/2025)" in long_khanh and "chia cho" not in long_khanh


def test_comparison_flags_each_successor_and_counts_the_city_once(client, world):
    keys = [world[k].key for k in ("giang_vo", "ngoc_ha", "ha_noi", "long_khanh")]
    html = client.get("/so-sanh/", {"don-vi": keys}).content.decode()
    giang_vo, ngoc_ha, ha_noi, long_khanh = row(html, "Điểm thi đua — Thi đua 2025")
    assert giang_vo == f"110 điểm (hạng 4/4) (gồm điểm của 1 đơn vị trước 01/07/2025; {FLAG})"
    assert ngoc_ha == f"100 điểm (gồm điểm của 1 đơn vị trước 01/07/2025; {FLAG})"
    # Hà Nội holds both successors: Cống Vị's 100 points count once (110 + 100 − 100), whole, unflagged.
    assert ha_noi == "110 điểm (gồm điểm của 1 đơn vị trước 01/07/2025; gồm điểm của 1 đơn vị trực thuộc)"
    assert long_khanh == "150 điểm (gồm điểm của 2 đơn vị trước 01/07/2025)"


def test_the_api_names_the_split_predecessor_and_how_many_share_it(client, world):
    shared = {"unit_key": "h00007", "unit_name": "Phường Cống Vị (trước 01/07/2025)", "points": 100,
              "shared_with": 2, "successor_keys": ["00008", "00025"]}
    for key, points in (("giang_vo", 110), ("ngoc_ha", 100)):
        body = client.get(f"/api/v1/points/{world[key].key}/").json()
        (standing,) = body["campaigns"]
        assert (standing["campaign"], standing["points"]) == (world["campaign"].slug, points)
        assert standing["split_predecessors"] == [shared], key
        assert FLAG in standing["note"]
    (whole,) = client.get(f"/api/v1/points/{world['long_khanh'].key}/").json()["campaigns"]
    assert (whole["points"], whole["from_predecessors"], whole["split_predecessors"]) == (150, 2, [])
    (own,) = client.get(f"/api/v1/points/{world['cong_vi'].key}/").json()["campaigns"]
    assert (own["points"], own["rank"], own["split_predecessors"]) == (100, 2, [])  # its own row: not flagged
    assert client.get("/api/v1/points/khong-co/").status_code == 404


def test_the_flag_in_english(client, world, english):
    from tests.test_english_pages import switch_to_english

    switch_to_english(client, "/so-sanh/")
    html = client.get("/so-sanh/", {"don-vi": [world["ngoc_ha"].key, world["long_khanh"].key]}).content.decode()
    assert ("including the points of Phường Cống Vị (before 01/07/2025), split between 2 successors: its points "
            "count for each of them") in html


def test_the_citys_ranking_by_points_lists_both_successors_and_says_the_points_are_shared(client, world):
    response = client.get(f"/don-vi/{world['ha_noi'].key}/", {"xep_theo": "diem"})
    ranked = {u.name: u.points for u in response.context["ranking"]["page"].object_list}
    assert (ranked["Phường Giảng Võ"], ranked["Phường Ngọc Hà"]) == (110, 100)
    html = response.content.decode()
    table = html[html.index('class="unit-ranking"'):]
    table = _text(table[:table.index("</section>")])
    assert table.count(f"({FLAG})") == 2
    assert ("Phường Cống Vị (trước 01/07/2025) được chia cho Phường Giảng Võ, Phường Ngọc Hà, cùng có trong bảng "
            "này: 100 điểm của đơn vị này được tính cho mỗi đơn vị, cộng các dòng sẽ tính trùng.") in table
    dong_thap = client.get(f"/don-vi/{world['long_khanh'].province.key}/", {"xep_theo": "diem"}).content.decode()
    assert "chia cho" not in dong_thap and "tính trùng" not in dong_thap  # a whole merger: nothing shared
