"""The showcase /mo-hinh-tieu-bieu/: recognised models only, by reform area, most replicated or
highest impact (mean improvement of the chosen indicator), paginated, constant queries."""

import re

import pytest

from tests.showcase_data import add_more, build_world

URL = "/mo-hinh-tieu-bieu/"


@pytest.fixture
def world(site, province):
    return build_world(site, province)


def page(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def titles(html):
    return re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', html)


def test_most_replicated_lists_recognised_public_models_in_order(client, world):
    html = page(client)
    assert titles(html) == ["Một cửa không chờ", "Ngày không dùng tiền mặt"]
    for hidden in ("Bản nháp bí mật", "Chưa đăng bao giờ", "Đang chờ thẩm định"):
        assert hidden not in html
    # B, C, D started it; E only plans to: 3 units.
    assert re.search(r"Đơn vị nhân rộng</dt><dd><strong>3</strong>", html)
    assert "ngày 05/03/2024" in html and "ngày 06/08/2024" in html
    assert 'aria-current="page">Nhân rộng nhiều nhất' in html


def test_highest_impact_ranks_by_mean_improvement_and_defines_it(client, world):
    html = page(client, **{"xep-theo": "hieu-qua"})
    # Cashless: A 50 → 80 = +30 points; one-stop: (+5 +10 −2) / 3 = +4,33 points.
    assert titles(html) == ["Ngày không dùng tiền mặt", "Một cửa không chờ"]
    assert "+30 điểm %" in html and "+4,33 điểm %" in html
    assert "trung bình 3 đơn vị có số liệu" in html
    assert "<strong>Hiệu quả</strong> là mức cải thiện trung bình" in html
    assert "Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn" in html


def test_highest_impact_leaves_out_unmeasured_models_and_says_so(client, world):
    html = page(client, **{"xep-theo": "hieu-qua", "chi-tieu": "sipas"})
    assert titles(html) == []   # SIPAS was only reported after A's own model, never around an adoption
    assert "2 mô hình chưa có đủ số liệu" in html


def test_filter_by_reform_area(client, world):
    html = page(client, **{"linh-vuc": "chinh-phu-so"})
    assert titles(html) == ["Ngày không dùng tiền mặt"]
    assert 'aria-current="page">Xây dựng và phát triển Chính phủ điện tử, Chính phủ số' in html
    # Areas with no recognised model are not offered; counts are of public recognised models.
    assert "Cải cách thể chế" not in html
    assert "Cải cách thủ tục hành chính <span class=\"chip-count\">(1)</span>" in html


def test_pagination_and_junk_parameters(client, world, site, province):
    add_more(world, site, province, count=12, adopters=0)
    first = page(client)
    assert len(titles(first)) == 12 and "Trang 1/2" in first
    second = page(client, trang="2")
    assert len(titles(second)) == 2 and 'start="13"' in second
    assert titles(page(client, trang="abc")) == titles(first)
    assert titles(page(client, **{"xep-theo": "bogus", "linh-vuc": "khong-co", "chi-tieu": "khong-co"})) == titles(first)


def test_query_count_does_not_grow_with_the_data(client, world, site, province, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from django.core.cache import cache

    def count(params):
        cache.clear()  # the areas' counts and the map, kept until a change, computed again
        with CaptureQueriesContext(connection) as ctx:
            page(client, **params)
        return len(ctx.captured_queries)

    small = [count({}), count({"xep-theo": "hieu-qua"})]
    add_more(world, site, province, count=6)
    cache.clear()
    with django_assert_max_num_queries(small[0]):
        page(client)
    cache.clear()
    with django_assert_max_num_queries(small[1]):
        page(client, **{"xep-theo": "hieu-qua", "linh-vuc": "thu-tuc-hanh-chinh"})
    assert max(small) <= 12


def test_pages_behind_a_view_restriction_are_not_showcased(client, world):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=world["cashless"], restriction_type="password", password="bimat")
    assert titles(page(client)) == ["Một cửa không chờ"]
    assert "Ngày không dùng tiền mặt" not in page(client, **{"xep-theo": "hieu-qua"})


def test_a_model_nobody_has_adopted_yet_is_showcased_last(client, world, site):
    """The "most replicated" order reads the stored rows in their reach index (an inner join): every
    initiative has its row from its creation (rollout.impact_signals.on_initiative_created), so a model
    recognised today, with no adopter yet, is listed (last) and none is lost by the join. A page added
    as a live page without the publish signal (a loader, the admin's copy) has its row too."""
    from initiatives.models import InitiativePage
    from initiatives.status import InitiativeStatus
    from rollout.models import InitiativeImpact
    from tests.factories import make_initiative

    unit = world["units"]["E"]
    fresh = make_initiative(site["index"], unit, title="Trả kết quả tại nhà", status=InitiativeStatus.RECOGNISED,
                            live=False)
    assert InitiativeImpact.objects.filter(initiative=fresh, adopters=0).exists()  # a draft has it already
    fresh.save_revision().publish()
    loaded = InitiativePage(title="Chữ ký số miễn phí", summary="Tóm tắt.", origin_unit=unit,
                            reform_area=fresh.reform_area, status=InitiativeStatus.RECOGNISED, live=True)
    site["index"].add_child(instance=loaded)  # live at once, no revision, no page_published
    assert InitiativeImpact.objects.filter(initiative=loaded, adopters=0).exists()
    assert titles(page(client)) == ["Một cửa không chờ", "Ngày không dùng tiền mặt", "Chữ ký số miễn phí",
                                    "Trả kết quả tại nhà"]
