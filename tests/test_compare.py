"""/so-sanh/: two to four units or initiatives side by side; Vietnamese errors naming the entry;
drafts never found; an accessible table; bounded queries."""

import re
from urllib.parse import quote

import pytest

from campaigns.models import LeaderboardRow
from tests.factories import UnitFactory, make_campaign
from tests.showcase_data import add_more, build_world

URL = "/so-sanh/"


@pytest.fixture
def world(site, province):
    return build_world(site, province)


def get(client, data):
    response = client.get(URL, data)
    assert response.status_code == 200
    return response.content.decode()


def row(html, label):
    """The cells of the table row headed `label`, as text."""
    match = re.search(r'<tr><th scope="row">' + re.escape(label) + r"</th>(.*?)</tr>", html, re.S)
    assert match, f"no row {label!r}"
    cells = re.findall(r"<td[^>]*>(.*?)</td>", match.group(1), re.S)
    return [re.sub(r"<[^>]+>", "", c).strip() for c in cells]


def errors(html):
    block = re.search(r'role="alert".*?</div>', html, re.S)
    return block.group(0) if block else ""


def test_two_units_side_by_side(client, world, province):
    campaign = make_campaign(title="Thi đua 2025")
    for position, (name, points) in enumerate((("A", 1250), ("C", 800), ("D", 10)), start=1):
        LeaderboardRow.objects.create(campaign=campaign, unit=world["units"][name], province=province,
                                      level="commune", points=points, rank=position, position=position, period="2025-01")
    html = get(client, {"don-vi": ["30000", "Xã B"]})   # a code, and an exact name
    assert not errors(html)
    assert "<caption>Xã A và Xã B</caption>" in html
    assert html.count('<th scope="col">') == 3
    assert row(html, "Sáng kiến, mô hình đã công bố") == ["1", "1"]
    assert row(html, "Sáng kiến được công nhận") == ["1", "1"]
    assert row(html, "Mô hình đã áp dụng (nhân rộng từ nơi khác)") == ["1", "1"]
    # A's model is applied by B, C, D (E only plans); B's by A.
    assert row(html, "Lượt đơn vị khác áp dụng sáng kiến của đơn vị") == ["3", "1"]
    assert row(html, "Điểm thi đua — Thi đua 2025") == ["1.250 điểm (hạng 1/3)", "Không tham gia"]
    on_time = row(html, "Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn")
    assert on_time == ["80% (Năm 2023)", "95% (Năm 2023)"]
    assert row(html, "Chỉ số hài lòng của người dân, tổ chức (SIPAS)") == ["98,9% (Năm 2024)", "—chưa có số liệu"]


def test_initiatives_side_by_side_with_impact(client, world):
    html = get(client, {"sang-kien": [world["one_stop"].slug, "tiền mặt"]})   # a slug, and part of a title
    assert not errors(html)
    assert row(html, "Đơn vị đã áp dụng") == ["3", "1"]
    assert row(html, "Ngày công nhận") == ["05/03/2024", "06/08/2024"]
    assert row(html, "Đơn vị khởi xướng") == ["Xã A", "Xã B"]
    assert row(html, "Hiệu quả: Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn") == [
        "+4,33 điểm % (2/3 đơn vị tốt lên)", "+30 điểm % (1/1 đơn vị tốt lên)"]
    assert row(html, "Trạng thái")[0].startswith("Được công nhận")


# Each bad form in one test (one world built, not seven): the message names the field, nothing is shown.
BAD_FORMS = [
    ({"don-vi": ["30000"]}, "Cần chọn từ 2 đến 4 đơn vị để so sánh; bạn mới chọn 1."),
    ({"don-vi": ["30000", "30001", "30002", "30003", "30004"]}, "Chỉ so sánh được tối đa 4 đơn vị cùng lúc; bạn đã chọn 5."),
    ({"don-vi": ["30000", "99999"]}, "Đơn vị thứ 2: không tìm thấy đơn vị có mã hoặc tên “99999”."),
    ({"don-vi": ["30000", "Xã"]}, "Đơn vị thứ 2: “Xã” khớp nhiều đơn vị"),
    ({"don-vi": ["30000", "Xã A"]}, "Đơn vị thứ 2: Xã A đã được chọn ở trên."),
    ({"sang-kien": ["mot-cua-khong-cho"]}, "Cần chọn từ 2 đến 4 sáng kiến để so sánh; bạn mới chọn 1."),
    ({"don-vi": ["30000", "30001"], "sang-kien": ["x", "y"]}, "không trộn lẫn hai loại"),
]


def test_vietnamese_errors_and_no_table(client, world):
    for data, message in BAD_FORMS:
        html = get(client, data)
        assert message in errors(html), data
        assert "<table" not in html, data
        # The form keeps what was typed.
        first = data.get("don-vi", data.get("sang-kien"))[0]
        assert f'value="{first}"' in html, data


def test_drafts_and_unpublished_initiatives_are_never_found(client, world):
    html = get(client, {"sang-kien": [world["one_stop"].slug, world["draft"].slug]})
    assert "Sáng kiến thứ 2: không tìm thấy sáng kiến đã công bố nào" in errors(html)
    html = get(client, {"sang-kien": ["Chưa đăng bao giờ", world["cashless"].slug]})
    assert "Sáng kiến thứ 1: không tìm thấy" in errors(html) and "<table" not in html


def test_empty_form_is_usable_without_javascript(client, world):
    html = get(client, {})
    assert not errors(html) and "<table" not in html
    assert html.count('name="don-vi"') == 4 and html.count('name="sang-kien"') == 4
    assert '<label for="don-vi-1">Đơn vị 1</label>' in html and 'href="/don-vi/"' in html


def test_query_count_does_not_grow_with_the_data(client, world, site, province, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_campaign()
    units = {"don-vi": ["30000", "30001", "30002", str(province.key)]}
    initiatives = {"sang-kien": [world["one_stop"].slug, world["cashless"].slug]}
    small = []
    for data in (units, initiatives):
        with CaptureQueriesContext(connection) as ctx:
            assert "<table" in get(client, data)
        small.append(len(ctx.captured_queries))
    add_more(world, site, province, count=4)
    for i in range(20):
        UnitFactory(name=f"Xã Khác {i}", parent=province)
    initiatives["sang-kien"] += ["Mô hình thêm 01", "Mô hình thêm 02"]   # two more, found by title
    with django_assert_max_num_queries(small[0]):
        get(client, units)
    with django_assert_max_num_queries(small[1] + 2):   # + one title search each
        assert "Mô hình thêm 02" in get(client, initiatives)
    assert max(small) <= 20


def test_unit_and_initiative_pages_link_to_the_comparison(client, world):
    """A visitor starts comparing from the page they are on: the link pre-fills that item."""
    unit = world["units"]["A"]
    unit_page = client.get(f"/don-vi/{unit.key}/").content.decode()
    assert f'href="/so-sanh/?don-vi={unit.key}"' in unit_page
    initiative_page = client.get(world["one_stop"].url).content.decode()
    link = f'href="/so-sanh/?sang-kien={quote(world["one_stop"].slug)}"'
    assert link in initiative_page
    prefilled = get(client, {"sang-kien": world["one_stop"].slug})
    assert f'value="{world["one_stop"].slug}"' in prefilled or world["one_stop"].title in prefilled
