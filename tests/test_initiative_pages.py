"""Public pages: home, the filtered index, the detail page; Vietnamese numbers and dates; English."""

import io
from decimal import Decimal

import pytest

from initiatives import demo
from initiatives.models import InitiativeSource, KeyFigure, ReformArea
from initiatives.status import InitiativeStatus
from tests.factories import ProvinceFactory, UnitFactory, make_initiative

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_site(site, demo_units):
    demo.load(io.StringIO())
    return site


def html(response):
    assert response.status_code == 200
    return response.content.decode()


def test_home_and_index_on_the_demo_content(client, demo_site):
    page = html(client.get("/"))
    assert '<html lang="vi">' in page
    assert "<strong>16</strong> sáng kiến, mô hình đã công bố" in page
    assert "<strong>7</strong> được công nhận" in page
    assert "Mô hình nổi bật" in page and "Ngày thứ Năm tập thể cán bộ, công chức xã" in page

    index = html(client.get("/sang-kien/"))
    assert "16 sáng kiến, mô hình" in index and "Trang 1/2" in index
    assert html(client.get("/sang-kien/?page=2")).count('class="card"') == 4

    thanh_hoa = html(client.get("/sang-kien/?province=h38"))
    assert thanh_hoa.count('class="card"') == 2 and "Nga Sơn" in thanh_hoa and "Xuân Lộc" not in thanh_hoa

    digital = html(client.get("/sang-kien/?area=chinh-phu-so"))
    assert "Tây Hòa" in digital and "Nga Sơn" not in digital

    cashless = html(client.get("/sang-kien/", {"tag": "không-dùng-tiền-mặt"}))
    assert cashless.count('class="card"') == 3
    assert "Ngày không dùng tiền mặt" in cashless and "Phú Thuận B" not in cashless


def test_province_filter_offers_todays_provinces_and_rolls_merged_units_up(client, demo_site):
    """The reports name pre-2025 units; a visitor filters by today's province (Lạc Thủy, Hòa Bình is
    now in Phú Thọ; Hồng Ngự, old Đồng Tháp, in the new Đồng Tháp, code 82)."""
    index = html(client.get("/sang-kien/"))
    assert '<option value="25"' in index and '<option value="82"' in index
    assert '<option value="h87"' not in index and '<option value="h17"' not in index

    phu_tho = html(client.get("/sang-kien/?province=25"))
    assert "Lạc Thủy" in phu_tho and "Hồng Ngự" not in phu_tho
    dong_thap = html(client.get("/sang-kien/?province=82"))
    assert "Long Khánh A" in dong_thap and "Xuân Lộc" not in dong_thap and "Lạc Thủy" not in dong_thap
    # The old province still works for a bookmarked link, and a wrong key shows nothing, not everything.
    assert html(client.get("/sang-kien/?province=h87")).count('class="card"') == dong_thap.count('class="card"')
    assert html(client.get("/sang-kien/?province=khong-co")).count('class="card"') == 0


def test_detail_pages_show_figures_units_and_sources_the_vietnamese_way(client, demo_site):
    xuan_loc = html(client.get("/sang-kien/xuan-loc-nang-ty-le-ho-so-truc-tuyen/"))
    assert "98,9%" in xuan_loc and "61,5%" in xuan_loc
    assert "Được công nhận — Cấp tỉnh" in xuan_loc
    assert 'href="/don-vi/h741/"' in xuan_loc
    assert "Báo Đồng Nai điện tử, 06/08/2024" in xuan_loc

    nga_son = html(client.get("/sang-kien/nga-son-mot-cua-4-tang-2-giam-3-khong/"))
    assert "9.470 hồ sơ" in nga_son and "9.315 hồ sơ" in nga_son
    assert "3159/QĐ-UBND" in nga_son and "17/10/2018" in nga_son

    lka = html(client.get("/sang-kien/long-khanh-a-ngay-thu-nam-khong-hen/"))
    assert "01/03/2024" in lka and 'href="/don-vi/h29980/"' in lka
    assert "Xã Long Khánh A</a>, Huyện Hồng Ngự, Tỉnh Đồng Tháp" in lka
    assert "Đã gửi thẩm định" in lka

    tay_hoa = html(client.get("/sang-kien/tay-hoa-chuyen-doi-so-dich-vu-cong/"))
    assert "17.329 hồ sơ" in tay_hoa and "98,52%" in tay_hoa and "88,78 điểm" in tay_hoa


def test_drafts_and_unpublished_pages_are_neither_listed_nor_reachable(client, site, commune):
    published = make_initiative(site["index"], commune, title="Mô hình đã công bố")
    draft = make_initiative(site["index"], commune, title="Bản nháp bí mật", live=False)
    submitted = make_initiative(site["index"], commune, title="Đã gửi nhưng chưa công bố", live=False,
                                status=InitiativeStatus.SUBMITTED)
    for url in ("/", "/sang-kien/", f"/don-vi/{commune.key}/"):
        page = html(client.get(url))
        assert "Mô hình đã công bố" in page, url
        assert "Bản nháp bí mật" not in page and "Đã gửi nhưng chưa công bố" not in page, url
    assert client.get(published.url).status_code == 200
    assert client.get(f"/sang-kien/{draft.slug}/").status_code == 404
    assert client.get(f"/sang-kien/{submitted.slug}/").status_code == 404


def test_filters_combine_and_pagination_keeps_them(client, site, province, commune):
    other_province = ProvinceFactory(code="38", key="h38", name="Tỉnh Thanh Hóa", short_name="Thanh Hóa")
    far_commune = UnitFactory(name="Xã Nga Thủy", parent=other_province)
    area = ReformArea.objects.get(slug="chinh-phu-so")
    for i in range(14):
        page = make_initiative(site["index"], commune, title=f"Số hoá {i:02d}", area=area)
        page.tags.add("chuyển đổi số")
        page.save_revision().publish()
    make_initiative(site["index"], far_commune, title="Một cửa Nga Thủy", area=area)
    make_initiative(site["index"], commune, title="Công vụ Long Khánh", area=ReformArea.objects.get(slug="cong-vu"))

    page1 = html(client.get("/sang-kien/", {"area": "chinh-phu-so", "province": province.key}))
    assert "14 sáng kiến, mô hình" in page1
    assert "Một cửa Nga Thủy" not in page1 and "Công vụ Long Khánh" not in page1
    assert f"?area=chinh-phu-so&amp;province={province.key}&amp;page=2" in page1
    assert html(client.get("/sang-kien/", {"tag": "chuyển-đổi-số", "page": 2})).count('class="card"') == 2
    assert "Một cửa Nga Thủy" in html(client.get("/sang-kien/", {"province": "h38"}))
    # junk page numbers fall back instead of failing
    assert client.get("/sang-kien/", {"page": "abc"}).status_code == 200
    assert client.get("/sang-kien/", {"page": "999"}).status_code == 200


def test_pages_use_a_bounded_number_of_queries(client, site, commune, django_assert_max_num_queries):
    pages = [make_initiative(site["index"], commune, title=f"Mô hình {i}") for i in range(12)]
    detail = pages[0]
    for i in range(6):
        KeyFigure.objects.create(page=detail, label=f"Chỉ tiêu {i}", value=Decimal("98.9"), unit="%")
        InitiativeSource.objects.create(page=detail, title=f"Báo {i}")
    with django_assert_max_num_queries(25):
        assert client.get("/sang-kien/").status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get("/").status_code == 200
    # replication box: neighbours, their models, the rest by rank; "Đơn vị muốn áp dụng mô hình này":
    # the unit's public contact, whether an officer can receive the message (issue 19)
    with django_assert_max_num_queries(29):
        assert "98,9%" in html(client.get(detail.url))


def test_switching_to_english_translates_the_interface(client, site, commune, english):
    make_initiative(site["index"], commune, title="Ngày không dùng tiền mặt")
    assert "Sáng kiến, mô hình</a>" in html(client.get("/"))
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = html(client.get("/"))
    assert '<html lang="en">' in page
    assert "Initiatives</a>" in page and "Skip to main content" in page
    assert "Featured" in page or "Latest" in page


def test_vietnamese_first_whatever_the_browser_says_english_by_choice(client, site, commune, english):
    """An English-language browser still gets Vietnamese; the language switch gives English labels
    and the English names of data (reform areas)."""
    make_initiative(site["index"], commune, area=ReformArea.objects.get(slug="chinh-phu-so"))
    index = html(client.get("/sang-kien/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"))
    assert '<html lang="vi">' in index and "Xây dựng và phát triển Chính phủ điện tử" in index
    client.post("/i18n/setlang/", {"language": "en", "next": "/sang-kien/"})
    index = html(client.get("/sang-kien/"))
    assert "Initiatives</a>" in index and "Reform area" in index
    assert "E-government and digital government" in index
    assert "Xây dựng và phát triển Chính phủ điện tử" not in index