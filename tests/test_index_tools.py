"""The initiative index's list tools (issue 19): text search with or without diacritics, a status
filter, three orders, active-filter chips removable in one click, "add to comparison" on each card."""

import re

import pytest

from core.roles import COMMUNE_OFFICERS
from initiatives.status import InitiativeStatus
from rollout.actions import record_adoption
from rollout.models import AdoptionStatus
from search.indexing import refresh_entries
from tests.factories import UnitFactory, make_initiative, make_member


@pytest.fixture
def world(site, province, commune, other_commune):
    index = site["index"]
    a = make_initiative(index, commune, title="Một cửa không chờ", slug="mot-cua", summary="Tiếp nhận hồ sơ nhanh.")
    b = make_initiative(index, other_commune, title="Thứ Năm không hẹn", slug="thu-nam",
                        summary="Ngày không giấy tờ.", status=InitiativeStatus.RECOGNISED)
    c = make_initiative(index, commune, title="Đường dây nóng", slug="duong-day", summary="Gọi là có.")
    third = UnitFactory(code="29960", key="29960", name="Xã Tân Hộ Cơ", short_name="Tân Hộ Cơ", parent=province)
    fourth = UnitFactory(code="29961", key="29961", name="Xã Thông Bình", short_name="Thông Bình", parent=province)
    for unit in (third, fourth):
        officer = make_member(COMMUNE_OFFICERS, unit, username=f"canbo_{unit.key}")
        record_adoption(officer, b, unit, status=AdoptionStatus.OPERATING)
    record_adoption(make_member(COMMUNE_OFFICERS, other_commune, username="canbo_x"), c, other_commune,
                    status=AdoptionStatus.PILOTING)
    refresh_entries([a.pk, b.pk, c.pk])
    return {"index": index, "a": a, "b": b, "c": c}


def titles(client, query=""):
    html = client.get(f"/sang-kien/?{query}").content.decode()
    return re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', html), html


def test_text_search_with_or_without_diacritics(client, world):
    assert titles(client, "q=khong+cho")[0] == ["Một cửa không chờ"]
    assert titles(client, "q=không+chờ")[0] == ["Một cửa không chờ"]
    assert sorted(titles(client, "q=khong")[0]) == ["Một cửa không chờ", "Thứ Năm không hẹn"]
    assert titles(client, "q=zzzz")[0] == []


def test_status_filter_and_orders(client, world):
    assert titles(client, "status=recognised")[0] == ["Thứ Năm không hẹn"]
    assert titles(client, "status=not-a-status")[0] != []  # junk is ignored, not an error
    assert titles(client, "sort=nhan-rong")[0] == ["Thứ Năm không hẹn", "Đường dây nóng", "Một cửa không chờ"]
    assert titles(client)[0] == ["Đường dây nóng", "Thứ Năm không hẹn", "Một cửa không chờ"]  # newest first
    assert len(titles(client, "sort=hieu-qua")[0]) == 3


def test_chips_remove_one_filter_each(client, world):
    _titles, html = titles(client, "q=khong&status=recognised&sort=nhan-rong")
    chips = re.findall(r'<a href="\?([^"]*)" class="chip">([^<]+)', html)
    labels = [label.strip() for _q, label in chips]
    assert labels == ["Từ khoá: “khong”", "Trạng thái: Được công nhận"]
    without_q = dict(part.split("=") for part in chips[0][0].replace("&amp;", "&").split("&"))
    assert "q" not in without_q and without_q["status"] == "recognised" and without_q["sort"] == "nhan-rong"
    assert titles(client, chips[1][0].replace("&amp;", "&"))[0] == ["Thứ Năm không hẹn", "Một cửa không chờ"]


def test_add_to_comparison(client, world):
    _titles, html = titles(client)
    links = re.findall(r'<a href="\?([^"]*so-sanh[^"]*)" rel="nofollow">Thêm vào so sánh', html)
    assert len(links) == 3
    _titles, html = titles(client, links[0].replace("&amp;", "&"))
    assert "Đã chọn 1 sáng kiến để so sánh." in html and "Đã chọn để so sánh" in html
    compare = re.search(r'href="(/so-sanh/\?[^"]+)"', html).group(1).replace("&amp;", "&")
    assert compare == "/so-sanh/?sang-kien=duong-day"
    more = re.findall(r'<a href="\?([^"]*)" rel="nofollow">Thêm vào so sánh', html)[0].replace("&amp;", "&")
    _titles, html = titles(client, more)
    compare = re.search(r'href="(/so-sanh/\?[^"]+)"', html).group(1).replace("&amp;", "&")
    assert compare == "/so-sanh/?sang-kien=duong-day&sang-kien=thu-nam"
    assert client.get(compare).status_code == 200
