"""The public unit profile (/don-vi/<key>/) for a commune, a province and a historic unit: what a
visitor sees (ranking order, comparison values, campaign points, awards, badges, successors), what
they never see (drafts, proposed awards), pagination, and a query count that stays the same on
ten times the data."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from campaigns.badges import evaluate_badges
from campaigns.leaderboard import refresh_leaderboard
from campaigns.models import Award, AwardKind, AwardStatus, Enrolment, PointEntry
from initiatives.status import InitiativeStatus
from rollout.models import Adoption, AdoptionStatus, Metric, Observation
from rollout.periods import Period
from rollout.tasks import refresh_all_impacts
from tests.factories import ProvinceFactory, UnitFactory, make_campaign, make_initiative
from units.models import AdministrativeUnit, UnitLevel

pytestmark = pytest.mark.django_db

GONE = datetime.date(2025, 6, 30)
RECOGNISED = InitiativeStatus.RECOGNISED
# The same bound for the small world and for ten times the data (issue 18 added the 766 section: the
# catalogue, the succession graph and one query of figures; and the commune table's roll-up: the
# metric ids, the graph and one query of figures).
QUERY_BOUND = 72


def observe(unit, code, period, value):
    observation = Observation(unit=unit, metric=Metric.objects.get(code=code), value=Decimal(value),
                              entered_at=timezone.now())
    observation.set_period(period)
    observation.save()


def adopt(initiative, unit, status=AdoptionStatus.OPERATING, start=datetime.date(2024, 3, 1)):
    return Adoption.objects.create(initiative=initiative, unit=unit, status=status, start_date=start)


def give_points(campaign, points):
    for unit, n in points.items():
        Enrolment.objects.get_or_create(campaign=campaign, unit=unit)
        PointEntry.objects.create(campaign=campaign, unit=unit, points=n, event_key=f"test:{unit.pk}:{n}",
                                  event_date=timezone.localdate(), note="Điểm thử")
    refresh_leaderboard(campaign)


@pytest.fixture
def world(site, province, commune, other_commune):
    """Đồng Tháp today: Long Khánh A (2 recognised initiatives), Phú Thuận A (took over the historic
    Long Thuận and its recognised initiative) and Tân Hồng (adopts most); a campaign, awards,
    indicators."""
    old_province = ProvinceFactory(code="86", key="h86", name="Tỉnh Đồng Tháp (cũ)", short_name="Đồng Tháp cũ",
                                   valid_until=GONE)
    old_province.successors.add(province)
    district = UnitFactory(code="872", key="h872", name="Huyện Hồng Ngự", short_name="Hồng Ngự",
                           level=UnitLevel.DISTRICT, unit_type="Huyện", parent=old_province, valid_until=GONE)
    historic = UnitFactory(code="29990", key="h29990", name="Xã Long Thuận", short_name="Long Thuận",
                           parent=district, valid_until=GONE)
    historic.successors.add(other_commune)
    tan_hong = UnitFactory(code="29960", key="29960", name="Xã Tân Hồng", short_name="Tân Hồng", parent=province)
    index = site["index"]
    one_stop = make_initiative(index, commune, title="Thứ Năm không hẹn", status=RECOGNISED)
    cashless = make_initiative(index, commune, title="Ngày không tiền mặt", status=RECOGNISED)
    long_thuan = make_initiative(index, historic, title="Một cửa Long Thuận", status=RECOGNISED)
    make_initiative(index, tan_hong, title="Sáng kiến chờ thẩm định", status=InitiativeStatus.SUBMITTED)
    draft = make_initiative(index, commune, title="Bản nháp bí mật", live=False, status=RECOGNISED)
    adopt(one_stop, tan_hong)
    adopt(long_thuan, tan_hong, start=datetime.date(2024, 5, 1))
    adopt(one_stop, other_commune, status=AdoptionStatus.PILOTING)
    adopt(draft, tan_hong)  # never public, never counted
    adopt(long_thuan, commune, status=AdoptionStatus.PLANNED)  # planned: not counted
    # Planned too; gives the replication ranking's impact score the metrics the larger world has.
    adopt(cashless, other_commune, status=AdoptionStatus.PLANNED)
    campaign = make_campaign(title="Thi đua cải cách hành chính 2025", scope_unit=province)
    give_points(campaign, {commune: 10, other_commune: 30, tan_hong: 20})
    confirmed = Award.objects.create(campaign=campaign, kind=AwardKind.BANG_KHEN_TINH, recipient_unit=commune,
                                     citation="Đã có thành tích xuất sắc trong cải cách hành chính",
                                     status=AwardStatus.CONFIRMED, decision_number="123/QĐ-UBND",
                                     decision_date=datetime.date(2025, 3, 2))
    Award.objects.create(campaign=campaign, kind=AwardKind.GIAY_KHEN_XA, recipient_unit=other_commune,
                         citation="Đề nghị chưa được quyết định")
    on_time, sipas, online = "dossiers_on_time_pct", "sipas", "online_dossiers_pct"
    observe(commune, on_time, Period.year_of(2023), "95")
    observe(commune, on_time, Period.year_of(2024), "97.5")
    observe(other_commune, on_time, Period.year_of(2024), "99")
    observe(commune, sipas, Period.year_of(2024), "90")
    observe(tan_hong, sipas, Period.year_of(2024), "92")
    observe(other_commune, online, Period.half(2024, 1), "60")
    observe(historic, on_time, Period.year_of(2024), "80")  # old commune: in the averages, not today's table
    evaluate_badges()
    return {"province": province, "lka": commune, "pta": other_commune, "tan_hong": tan_hong,
            "historic": historic, "old_province": old_province, "district": district, "campaign": campaign,
            "award": confirmed, "one_stop": one_stop}


def rollout_section(response):
    """The rollout section's context, found by template (not by position among registered sections)."""
    return next(s["context"] for s in response.context["unit_sections"]
                if s["template"] == "rollout/includes/unit_rollout_section.html")


def section(html, heading_id):
    start = html.index(f'id="{heading_id}"')
    end = html.find("</section>", start)
    return html[start:end]


def names_in(html):
    return re.findall(r'<th scope="row"><a href="/don-vi/[^/]+/">([^<]+)</a>', html)


def test_province_ranks_its_communes_by_each_criterion(client, world):
    url = f"/don-vi/{world['province'].key}/"
    ranking = section(client.get(url).content.decode(), "ranking-title")
    # Recognised initiatives: Long Khánh A 2, Phú Thuận A 1 (inherited from Long Thuận), Tân Hồng 0.
    assert names_in(ranking) == ["Xã Long Khánh A", "Xã Phú Thuận A", "Xã Tân Hồng"]
    assert 'aria-sort="descending"' in ranking and "<caption" in ranking
    by_adoptions = section(client.get(url, {"xep_theo": "ap_dung"}).content.decode(), "ranking-title")
    assert names_in(by_adoptions) == ["Xã Tân Hồng", "Xã Phú Thuận A", "Xã Long Khánh A"]
    by_points = client.get(url, {"xep_theo": "diem"}).context["ranking"]["page"]
    assert [(u.name, u.points, u.rank) for u in by_points] == [
        ("Xã Phú Thuận A", 30, 1), ("Xã Tân Hồng", 20, 2), ("Xã Long Khánh A", 10, 3)]
    # Tân Hồng's adoptions: two live ones; the draft's adoption is not counted.
    assert {u.name: u.adoption_count for u in by_points}["Xã Tân Hồng"] == 2
    # Junk sort keys fall back to the default order.
    assert names_in(section(client.get(url, {"xep_theo": "x'"}).content.decode(), "ranking-title"))[0] == "Xã Long Khánh A"


def test_province_compares_latest_indicators(client, world):
    url = f"/don-vi/{world['province'].key}/"
    table = section(client.get(url).content.decode(), "comparison-title")
    assert names_in(table) == ["Xã Long Khánh A", "Xã Phú Thuận A", "Xã Tân Hồng"]  # by name
    row = table[table.index("Xã Long Khánh A"):table.index("Xã Phú Thuận A")]
    assert "97,5%" in row and "95%" not in row and "(Năm 2024)" in row and "90%" in row  # latest, Vietnamese
    assert "60%" in table and "6 tháng đầu năm 2024" in table
    by_on_time = client.get(url, {"so_sanh": "dung_han"})
    assert names_in(section(by_on_time.content.decode(), "comparison-title")) == [
        "Xã Phú Thuận A", "Xã Long Khánh A", "Xã Tân Hồng"]  # no data last
    by_sipas = client.get(url, {"so_sanh": "sipas"}).context["comparison"]["page"]
    assert [(u.name, u.indicators[2]["value"]) for u in by_sipas][:2] == [
        ("Xã Tân Hồng", Decimal("92")), ("Xã Long Khánh A", Decimal("90"))]


def test_province_charts_communes_average_per_period(client, world):
    html = client.get(f"/don-vi/{world['province'].key}/").content.decode()
    charts = section(html, "area-charts-title")
    assert 'role="img"' in charts and "Bảng số liệu" in charts
    # 2024 on-time: Long Khánh A 97,5%, Phú Thuận A 99% (its own figure: the old Long Thuận's 80% is
    # inside it) — percentages without counts never average: the table says so.
    assert "92,17%" not in charts and "98,25%" not in charts
    assert "không đủ dữ liệu để cộng gộp" in charts
    # SIPAS 2024: Long Khánh A 90 and Tân Hồng 92, rates alone too; the counts would add up.
    observe_counts = Observation.objects.filter(metric__code="dossiers_on_time_pct", period_key="2024")
    assert observe_counts.count() == 3


def test_province_charts_old_districts_separately(client, world):
    observe(world["district"], "sipas", Period.year_of(2024), "96.5")
    charts = section(client.get(f"/don-vi/{world['province'].key}/").content.decode(), "area-charts-title")
    # The old district's own figure is the only SIPAS 2024 inside it; the province's 2024 adds it to
    # its communes' (rates without counts: not added up), never averaged.
    assert "tổng hợp các đơn vị của Tỉnh Đồng Tháp" in charts and "không đủ dữ liệu để cộng gộp" in charts


def test_commune_page_shows_initiatives_adoptions_points_awards_badges(client, world):
    html = client.get(f"/don-vi/{world['lka'].key}/").content.decode()
    assert "Thứ Năm không hẹn" in html and "Ngày không tiền mặt" in html
    assert "Bản nháp bí mật" not in html
    campaigns = section(html, "campaigns-title")
    assert "Thi đua cải cách hành chính 2025" in campaigns and "<td class=\"num\">10</td>" in campaigns
    assert "3/3" in campaigns  # rank 3 of 3
    assert "Bằng khen của Chủ tịch UBND tỉnh" in campaigns and "123/QĐ-UBND" in campaigns
    assert "02/03/2025" in campaigns and world["award"].get_verification_url() in campaigns
    assert "ranking-title" not in html and "comparison-title" not in html  # a commune has no communes
    tan_hong = client.get(f"/don-vi/{world['tan_hong'].key}/").content.decode()
    badges = section(tan_hong, "badges-h")
    assert "Tiên phong" in badges and "Đồng" in badges  # first in the province to adopt
    assert "Bản nháp bí mật" not in tan_hong
    # Replication suggestions: a recognised model Tân Hồng has not adopted yet.
    assert "Mô hình nên nhân rộng tại Xã Tân Hồng" in tan_hong and "Ngày không tiền mặt" in section(tan_hong, "replication-h")


def test_proposed_awards_and_drafts_never_appear(client, world):
    for key in (world["pta"].key, world["province"].key, world["tan_hong"].key):
        html = client.get(f"/don-vi/{key}/").content.decode()
        assert "Đề nghị chưa được quyết định" not in html and "Bản nháp bí mật" not in html
    # A confirmed award reaches the province page too (its communes roll up to it).
    assert "123/QĐ-UBND" in client.get(f"/don-vi/{world['province'].key}/").content.decode()


def test_historic_commune_shows_successor_and_keeps_its_history(client, world):
    html = client.get(f"/don-vi/{world['historic'].key}/").content.decode()
    assert 'href="/don-vi/29953/"' in html and "Đã sáp nhập vào" in html
    assert "Một cửa Long Thuận" in html  # its initiative still shows
    assert "vẫn được lưu" in html
    assert "replication-h" not in html  # no suggestions for a unit that no longer exists
    old = client.get(f"/don-vi/{world['old_province'].key}/")
    assert [u.name for u in old.context["ranking"]["page"]] == ["Xã Long Thuận"]
    assert "Huyện Hồng Ngự" in old.content.decode()


def test_adoptions_on_the_unit_page_are_paginated(client, world, site):
    tan_hong = world["tan_hong"]
    for n in range(23):
        page = make_initiative(site["index"], world["lka"], title=f"Mô hình số {n:02d}", status=RECOGNISED)
        adopt(page, tan_hong, start=datetime.date(2023, 1, 1) + datetime.timedelta(days=n))
    first = client.get(f"/don-vi/{tan_hong.key}/")
    adoptions = rollout_section(first)["adoptions"]
    assert adoptions.paginator.count == 25 and len(adoptions) == 20
    html = first.content.decode()
    assert "?trang=2#unit-adoptions-title" in html and "Trang 1/2" in html
    second = client.get(f"/don-vi/{tan_hong.key}/", {"trang": 2, "xep_theo": "diem"})
    titles = [a.initiative.title for a in rollout_section(second)["adoptions"]]
    assert len(titles) == 5 and "Mô hình số 00" in titles  # oldest last
    assert "trang=1" in second.content.decode() and "xep_theo=diem" in second.content.decode()  # others kept
    assert client.get(f"/don-vi/{tan_hong.key}/", {"trang": "abc"}).status_code == 200


def test_ranking_is_paginated(client, world):
    province = world["province"]
    AdministrativeUnit.objects.bulk_create([
        AdministrativeUnit(code=f"3{n:04d}", key=f"3{n:04d}", name=f"Xã Mới {n:02d}", short_name=f"Mới {n:02d}",
                           name_folded=f"xa moi {n:02d}", unit_type="Xã", level=UnitLevel.COMMUNE,
                           parent=province, province=province) for n in range(20)])
    url = f"/don-vi/{province.key}/"
    first = client.get(url)
    assert first.context["ranking"]["page"].paginator.count == 23
    assert names_in(section(first.content.decode(), "ranking-title"))[0] == "Xã Long Khánh A"
    second = client.get(url, {"trang_xh": 2})
    assert len(second.context["ranking"]["page"]) == 3
    assert [u.rank for u in second.context["ranking"]["page"]] == [3, 3, 3]  # all 0: ranked equal, after 2 and 1
    assert len(second.context["comparison"]["page"]) == 20  # the other table stays on its page


def test_initiative_page_paginates_adopters_and_filters_by_province(client, world):
    page, province = world["one_stop"], world["province"]
    far = ProvinceFactory(code="75", key="75", name="Tỉnh Đồng Nai", short_name="Đồng Nai")
    units = AdministrativeUnit.objects.bulk_create([
        AdministrativeUnit(code=f"5{n:04d}", key=f"5{n:04d}", name=f"Xã Học Tập {n:02d}", short_name=f"Học Tập {n:02d}",
                           name_folded=f"xa hoc tap {n:02d}", unit_type="Xã", level=UnitLevel.COMMUNE,
                           parent=far if n % 2 else province, province=far if n % 2 else province) for n in range(30)])
    Adoption.objects.bulk_create([Adoption(initiative=page, unit=u, status=AdoptionStatus.OPERATING,
                                           start_date=datetime.date(2024, 1, 1)) for u in units])
    html = client.get(page.url).content.decode()
    assert "32 đơn vị đã áp dụng mô hình này" in html
    assert "Tỉnh Đồng Nai (15)" in html and "Tỉnh Đồng Tháp (17)" in html
    adopters = html[html.index('class="rollout-adopters"'):]
    assert adopters[:adopters.index("</ul>")].count("<li>") == 25 and "Trang 1/2" in adopters
    second = client.get(page.url, {"trang": 2}).content.decode()
    listed = second[second.index('class="rollout-adopters"'):]
    assert listed[:listed.index("</ul>")].count("<li>") == 7
    only_far = client.get(page.url, {"tinh": "75"}).content.decode()
    listed = only_far[only_far.index('class="rollout-adopters"'):]
    listed = listed[:listed.index("</ul>")]
    assert listed.count("<li>") == 15 and "Xã Tân Hồng" not in listed
    assert "Đơn vị áp dụng tại Tỉnh Đồng Nai" in only_far and "Xem tất cả tỉnh, thành phố" in only_far
    assert 'class="lineage-tree"' in html  # 32 adopters: the tree is still drawn


def test_initiative_page_suggests_models_to_replicate(client, world, site):
    make_initiative(site["index"], world["tan_hong"], title="Chợ số Tân Hồng", status=RECOGNISED)
    html = client.get(world["one_stop"].url).content.decode()
    suggestions = section(html, "replication-h")
    assert "Mô hình nên nhân rộng tại Xã Long Khánh A" in suggestions and "Chợ số Tân Hồng" in suggestions
    # Not its own initiatives, nor one it already plans to adopt.
    assert "Ngày không tiền mặt" not in suggestions and "Một cửa Long Thuận" not in suggestions
    assert "Bản nháp bí mật" not in html


def clear_caches():
    for cache in caches.all():
        cache.clear()


def grow(world, site, factor):
    """`factor` times more of everything the province page counts, in bulk."""
    province, index = world["province"], site["index"]
    communes = AdministrativeUnit.objects.bulk_create([
        AdministrativeUnit(code=f"4{n:04d}", key=f"4{n:04d}", name=f"Xã Thêm {n:03d}", short_name=f"Thêm {n:03d}",
                           name_folded=f"xa them {n:03d}", unit_type="Xã", level=UnitLevel.COMMUNE,
                           parent=province, province=province) for n in range(3 * factor)])
    pages = [make_initiative(index, communes[n], title=f"Sáng kiến thêm {n}", status=RECOGNISED)
             for n in range(factor)]
    Adoption.objects.bulk_create([Adoption(initiative=pages[n % len(pages)], unit=c, status=AdoptionStatus.OPERATING,
                                           start_date=datetime.date(2024, 1, 1)) for n, c in enumerate(communes)])
    metric = Metric.objects.get(code="dossiers_on_time_pct")
    observations = []
    for n, c in enumerate(communes):
        for year in (2022, 2023, 2024):
            o = Observation(unit=c, metric=metric, value=Decimal(90 + n % 10), entered_at=timezone.now())
            o.set_period(Period.year_of(year))
            observations.append(o)
    Observation.objects.bulk_create(observations)
    give_points(world["campaign"], {c: n + 1 for n, c in enumerate(communes)})
    Award.objects.bulk_create([Award(campaign=world["campaign"], kind=AwardKind.GIAY_KHEN_XA, recipient_unit=c,
                                     citation="Thêm", status=AwardStatus.CONFIRMED, decision_number=f"{n}/QĐ",
                                     decision_date=datetime.date(2025, 1, 1)) for n, c in enumerate(communes)])
    # Bulk writes send no signals: as after the generator, the precomputed impact is refreshed in one pass.
    refresh_all_impacts()


@pytest.mark.parametrize("level", ["province", "tan_hong"])
def test_queries_stay_the_same_on_ten_times_the_data(client, world, site, level, django_assert_max_num_queries):
    url = f"/don-vi/{world[level].key}/"
    client.get(url)  # warm per-process caches (site root paths, content types)
    clear_caches()  # both requests do the whole work (nothing from the shared cache)
    with django_assert_max_num_queries(QUERY_BOUND), CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(world, site, 10)
    clear_caches()
    with django_assert_max_num_queries(QUERY_BOUND), CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.status_code == 200
    if level == "province":
        assert response.context["ranking"]["page"].paginator.count == 33
        assert len(response.context["ranking"]["page"]) == 20
    assert len(large.captured_queries) == len(small.captured_queries)
