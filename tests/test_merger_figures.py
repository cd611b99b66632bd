"""Figures that add up across the 1 July 2025 merger, on the real unit data (a subset loaded by the
real loader): a successor's rate is the numerator/denominator sum of its predecessors', a
province's the sum over its communes of both eras, a split commune is flagged and never counted
twice, rates without counts are never averaged, ranks never roll up."""

import datetime
from decimal import Decimal

import pytest

from rollout import actions
from rollout.aggregation import Aggregation, Part, Status, roll_up
from rollout.models import Metric
from rollout.periods import Period
from rollout.rollups import figures_for, latest_figures
from tests.factories import load_real_unit_subset
from units.models import AdministrativeUnit

pytestmark = pytest.mark.django_db

Y2024 = Period.year_of(2024)


# ---------------------------------------------------------------- the pure rule

def test_rates_add_up_by_their_counts_never_by_averaging():
    parts = [Part(Decimal(90), Decimal(90), Decimal(100), 1), Part(Decimal(95), Decimal(190), Decimal(200), 2)]
    result = roll_up(Aggregation.RATIO, parts)
    assert result.status == Status.ROLLED_UP
    assert (result.numerator, result.denominator) == (Decimal(280), Decimal(300))
    assert round(result.value, 4) == Decimal("93.3333")  # the average of 90 and 95 would be 92,5
    only_rates = roll_up(Aggregation.RATIO, [Part(Decimal(90), None, None, 1), parts[1]])
    assert only_rates.status == Status.INSUFFICIENT and only_rates.value is None
    assert only_rates.message == "không đủ dữ liệu để cộng gộp"


def test_counts_sum_ranks_and_grades_never_roll_up_one_part_is_itself():
    assert roll_up(Aggregation.SUM, [Part(Decimal(4936)), Part(Decimal(17329))]).value == Decimal(22265)
    ranks = roll_up(Aggregation.NONE, [Part(Decimal(1)), Part(Decimal(4))])
    assert ranks.status == Status.NOT_AGGREGABLE and ranks.value is None
    alone = roll_up(Aggregation.RATIO, [Part(Decimal("98.9"))])  # a rate alone is still the unit's figure
    assert (alone.status, alone.value) == (Status.OWN, Decimal("98.9"))
    split = roll_up(Aggregation.SUM, [Part(Decimal(10), unit_id=1), Part(Decimal(5), unit_id=2, split=True)])
    assert (split.value, split.excluded) == (Decimal(10), (2,))


# ---------------------------------------------------------------- on the real map

@pytest.fixture
def units(db):
    # Long Khánh A and B (Đồng Tháp) went whole into Xã Long Khánh; Phường Cống Vị (Ba Đình, Hà Nội)
    # was split between Phường Giảng Võ and Phường Ngọc Hà.
    load_real_unit_subset({"h29980", "h29983", "h00007", "29869"})
    by_key = AdministrativeUnit.objects.in_bulk(field_name="key")
    return {"lka": by_key["h29980"], "lkb": by_key["h29983"], "long_khanh": by_key["29983"],
            "cong_vi": by_key["h00007"], "giang_vo": by_key["00025"], "ngoc_ha": by_key["00008"],
            "dong_thap": by_key["29983"].province, "ha_noi": by_key["00025"].province,
            "cao_lanh": by_key["29869"]}


@pytest.fixture(autouse=True)
def editor(site):
    from core.roles import EDITORS
    from tests.factories import make_member

    global EDITOR
    EDITOR = make_member(EDITORS, username="bientap_sapnhap")
    return EDITOR


def record(unit, code, period, value=None, numerator=None, denominator=None):
    return actions.record_observation(EDITOR, unit, Metric.objects.get(code=code), period, value,
                                      numerator=numerator, denominator=denominator)[0]


def figure(unit, code):
    return latest_figures([unit], [code])[(unit.pk, Metric.objects.get(code=code).pk)]


def test_successor_figure_is_the_sum_of_its_predecessors_counts(units):
    record(units["lka"], "dossiers_on_time_pct", Y2024, numerator=90, denominator=100)
    record(units["lkb"], "dossiers_on_time_pct", Y2024, numerator=190, denominator=200)
    record(units["lka"], "dossiers_received", Y2024, 120)
    record(units["lkb"], "dossiers_received", Y2024, 230)
    on_time = figure(units["long_khanh"], "dossiers_on_time_pct")
    assert (on_time.numerator, on_time.denominator) == (Decimal(280), Decimal(300))
    assert on_time.value.quantize(Decimal("0.01")) == Decimal("93.33")
    assert set(on_time.unit_ids) == {units["lka"].pk, units["lkb"].pk} and not on_time.own
    assert figure(units["long_khanh"], "dossiers_received").value == Decimal(350)


def test_province_sums_its_communes_of_both_eras_without_counting_twice(units):
    cao_lanh = units["cao_lanh"]  # a current commune of the province reporting for itself
    record(units["lka"], "dossiers_on_time_pct", Y2024, numerator=90, denominator=100)
    record(units["lkb"], "dossiers_on_time_pct", Y2024, numerator=190, denominator=200)
    record(cao_lanh, "dossiers_on_time_pct", Y2024, numerator=50, denominator=50)
    # Xã Long Khánh also reports 2024 for its whole area: its own figure replaces its predecessors'.
    record(units["long_khanh"], "dossiers_on_time_pct", Y2024, numerator=285, denominator=300)
    province = figure(units["dong_thap"], "dossiers_on_time_pct")
    assert (province.numerator, province.denominator) == (Decimal(335), Decimal(350))
    assert figure(units["long_khanh"], "dossiers_on_time_pct").own


def test_rates_without_counts_are_not_added_up(units):
    record(units["lka"], "dossiers_on_time_pct", Y2024, "90")
    record(units["lkb"], "dossiers_on_time_pct", Y2024, numerator=190, denominator=200)
    result = figure(units["long_khanh"], "dossiers_on_time_pct")
    assert result.value is None and result.result.status == Status.INSUFFICIENT
    assert "không đủ dữ liệu để cộng gộp" in result.note


def test_split_commune_is_flagged_and_not_counted_twice(units):
    assert units["cong_vi"].split and not units["lka"].split
    assert units["cong_vi"].succession_kind == "part" and units["lka"].succession_kind == "whole"
    record(units["cong_vi"], "dossiers_received", Y2024, 1000)
    for successor in ("giang_vo", "ngoc_ha"):
        result = figure(units[successor], "dossiers_received")
        assert result.value is None and result.result.excluded == (units["cong_vi"].pk,)
        assert "chia tách" in result.note
    # Both successors are in Hà Nội: for the city the commune counts once, whole.
    assert figure(units["ha_noi"], "dossiers_received").value == Decimal(1000)


def test_ranks_never_roll_up_and_periods_of_every_granularity_are_kept(units):
    record(units["lka"], "par_index_rank", Y2024, 3)
    record(units["lkb"], "par_index_rank", Y2024, 5)
    rank = figure(units["long_khanh"], "par_index_rank")
    assert rank.value is None and rank.result.status == Status.NOT_AGGREGABLE
    record(units["long_khanh"], "sipas", Period.quarter(2026, 1), numerator=95, denominator=100)
    record(units["long_khanh"], "sipas", Period.month(2025, 8), numerator=9, denominator=10)
    record(units["lka"], "sipas", Y2024, "97")
    metric = Metric.objects.get(code="sipas")
    keys = [f.period_key for f in figures_for([units["long_khanh"]], ["sipas"])[units["long_khanh"].pk][metric.pk]]
    assert keys == ["2024", "2025-M08", "2026-Q1"]


def test_future_periods_and_periods_after_a_merger_are_refused_naming_the_period(units):
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    next_year = timezone.localdate().year + 1
    with pytest.raises(ValidationError) as refused:
        record(units["long_khanh"], "sipas", Period.year_of(next_year), "90")
    assert f"Kỳ “Năm {next_year}” chưa bắt đầu" in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        record(units["lka"], "sipas", Period.quarter(2025, 3), "90")
    assert "Quý 3/2025" in str(refused.value) and "đơn vị kế thừa" in str(refused.value)
    record(units["lka"], "sipas", Period.half(2025, 1), "90")  # late data for before the merger: fine
    assert units["lka"].valid_until == datetime.date(2025, 6, 30)


def test_comparison_credits_the_successor_with_its_predecessors_points_and_indicators(client, units):
    """/so-sanh/: Xã Long Khánh no longer shows "Không tham gia" nor "—" when the figures were
    recorded for Xã Long Khánh A before the merger."""
    from campaigns.leaderboard import refresh_leaderboard
    from campaigns.models import Enrolment, PointEntry
    from django.utils import timezone
    from tests.factories import make_campaign
    from tests.test_compare import row

    campaign = make_campaign(title="Thi đua 2025")
    for unit, points in ((units["lka"], 120), (units["cao_lanh"], 40)):
        Enrolment.objects.create(campaign=campaign, unit=unit)
        PointEntry.objects.create(campaign=campaign, unit=unit, points=points, event_key=f"t:{unit.pk}",
                                  event_date=timezone.localdate(), note="Điểm thử")
    refresh_leaderboard(campaign)
    record(units["lka"], "dossiers_on_time_pct", Y2024, numerator=90, denominator=100)
    record(units["lkb"], "dossiers_on_time_pct", Y2024, numerator=190, denominator=200)
    html = client.get("/so-sanh/", {"don-vi": [units["long_khanh"].key, units["cao_lanh"].key]}).content.decode()
    points = row(html, "Điểm thi đua — Thi đua 2025")
    assert points[0] == "120 điểm (gồm điểm của 1 đơn vị trước 01/07/2025)"
    assert points[1] == "40 điểm (hạng 2/2)"
    on_time = row(html, "Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn")
    assert on_time[0] == "93,33% (Năm 2024; cộng gộp từ 2 đơn vị)"
    assert on_time[1].startswith("—")


def _points(units, points):
    from campaigns.leaderboard import refresh_leaderboard
    from campaigns.models import Enrolment, PointEntry
    from django.utils import timezone
    from tests.factories import make_campaign

    campaign = make_campaign(title="Thi đua 2025")
    for key, n in points.items():
        Enrolment.objects.create(campaign=campaign, unit=units[key])
        PointEntry.objects.create(campaign=campaign, unit=units[key], points=n, event_key=f"t:{key}",
                                  event_date=timezone.localdate(), note="Điểm thử")
    refresh_leaderboard(campaign)
    return campaign


def test_points_of_predecessors_count_on_the_province_ranking_and_the_unit_page(client, units):
    _points(units, {"lka": 120, "lkb": 30, "cao_lanh": 40})
    response = client.get(f"/don-vi/{units['dong_thap'].key}/", {"xep_theo": "diem"})
    ranked = [(u.name, u.points) for u in response.context["ranking"]["page"].object_list]
    assert ranked[0] == ("Xã Long Khánh", 150) and ("Phường Cao Lãnh", 40) in ranked
    page = client.get(f"/don-vi/{units['long_khanh'].key}/").content.decode()
    assert "150" in page and "gồm điểm của 2 đơn vị trước 01/07/2025" in page


def test_the_campaign_board_keeps_historic_rows_and_filters_by_todays_province(client, units):
    from campaigns.leaderboard import board_rows
    from campaigns.models import LeaderboardRow

    campaign = _points(units, {"lka": 120, "cao_lanh": 40})
    row = LeaderboardRow.objects.get(campaign=campaign, unit=units["lka"], peer_group__isnull=True)
    assert row.province_id == units["dong_thap"].pk  # today's province, not the old one
    by_today = {r.unit_id for r in board_rows(campaign, province=units["dong_thap"].key)}
    assert by_today == {units["lka"].pk, units["cao_lanh"].pk}
    old_province = units["lka"].province
    assert {r.unit_id for r in board_rows(campaign, province=old_province.short_name)} == by_today
    html = client.get(campaign.url).content.decode()
    assert "Xã Long Khánh A (trước 01/07/2025)" in html
    options = html[html.index('name="province"'):html.index("</select>", html.index('name="province"'))]
    assert "Tỉnh Đồng Tháp" in options and "trước" not in options


def test_cards_print_todays_province_and_label_old_units(db):
    from django.template import Context, Template

    load_real_unit_subset({"h562"})  # Huyện Tây Hòa, Phú Yên: today Đắk Lắk
    tay_hoa = AdministrativeUnit.objects.get(key="h562")
    from units.vocabulary import resolve_current_provinces, todays_province

    assert todays_province(tay_hoa).name == "Tỉnh Đắk Lắk"
    assert [p.name for p in resolve_current_provinces("Phú Yên")] == ["Tỉnh Đắk Lắk"]
    assert [p.name for p in resolve_current_provinces("phu yen")] == ["Tỉnh Đắk Lắk"]
    html = Template("{% load units_tags %}{{ unit }}, {{ unit|todays_province }}").render(Context({"unit": tay_hoa}))
    assert html == "Huyện Tây Hòa (trước 01/07/2025), Tỉnh Đắk Lắk"


def test_an_old_province_name_finds_todays_province_initiatives_in_the_api(client, site):
    from initiatives.status import InitiativeStatus
    from tests.factories import make_initiative

    load_real_unit_subset({"h562", "h29980"})
    tay_hoa = AdministrativeUnit.objects.get(key="h562")
    dak_lak = todays = tay_hoa.province.successors.get()
    make_initiative(site["index"], tay_hoa, title="Một cửa Tây Hòa", status=InitiativeStatus.RECOGNISED)
    make_initiative(site["index"], AdministrativeUnit.objects.get(key="h29980"), title="Thứ Năm không hẹn",
                    status=InitiativeStatus.RECOGNISED)
    for province in (dak_lak.key, "Phú Yên", "phu yen"):
        titles = [row["title"] for row in client.get("/api/v1/initiatives/", {"province": province}).json()["items"]]
        assert titles == ["Một cửa Tây Hòa"], province
    assert todays.name == "Tỉnh Đắk Lắk"


def test_one_predecessors_rank_or_grade_is_never_its_successors(units):
    """Ranks and grades never roll up, not even from a single part: Long Khánh A's rank is not Xã
    Long Khánh's, and an old commune's grade is not its new province's; a count still carries, labelled."""
    record(units["lka"], "par_index_rank", Y2024, 3)
    record(units["lka"], "dossiers_received", Y2024, 120)
    for successor in ("long_khanh", "dong_thap"):
        rank = figure(units[successor], "par_index_rank")
        assert rank.value is None and rank.result.status == Status.NOT_AGGREGABLE, successor
    assert figure(units["lka"], "par_index_rank").value == Decimal(3)  # its own, on its own page
    carried = figure(units["long_khanh"], "dossiers_received")
    assert carried.value == Decimal(120) and carried.note == "số liệu của đơn vị trước sáp nhập"


def test_a_predecessors_badge_counts_for_its_successor_on_the_unit_page_comparison_and_api(client, units):
    """Xã Long Khánh A earned "Hài lòng" (SIPAS 96% in 2024, an official figure) before it went into Xã
    Long Khánh: the badge shows on Xã Long Khánh's page, in the comparison and in the API, saying who
    earned it; Phường Cao Lãnh, which earned none, has none; Long Khánh A keeps it as its own."""
    from campaigns.badges import evaluate_badges
    from campaigns.models import BadgeAward
    from rollout.actions import ObservationInput, bulk_upsert_observations
    from tests.test_compare import row

    bulk_upsert_observations(EDITOR, [ObservationInput(units["lka"], Metric.objects.get(code="sipas"), Y2024,
                                                       Decimal(96), "Báo cáo chính thức (thử)")], official=True)
    evaluate_badges()
    assert list(BadgeAward.objects.values_list("unit__key", "definition__code")) == [("h29980", "hai-long")]
    earned_by = "do Xã Long Khánh A (trước 01/07/2025) đạt"

    page = client.get(f"/don-vi/{units['long_khanh'].key}/").content.decode()
    section = page[page.index('class="unit-badges"'):]
    section = section[:section.index("</section>")]
    assert "Hài lòng" in section and "SIPAS ≥ 95%" in section and earned_by in section

    html = client.get("/so-sanh/", {"don-vi": [units["long_khanh"].key, units["cao_lanh"].key,
                                              units["lka"].key]}).content.decode()
    assert row(html, "Huy hiệu") == [f"Hài lòng — SIPAS ≥ 95% ({earned_by})", "Chưa có huy hiệu",
                                     "Hài lòng — SIPAS ≥ 95%"]

    body = client.get(f"/api/v1/badges/{units['long_khanh'].key}/").json()
    assert (body["unit_key"], body["count"]) == ("29983", 1)
    assert body["badges"] == [{
        "code": "hai-long", "name": "Hài lòng", "level": 1, "level_name": "SIPAS ≥ 95%", "awarded_on":
        BadgeAward.objects.get().awarded_on.isoformat(), "earned_by_key": "h29980",
        "earned_by_name": "Xã Long Khánh A (trước 01/07/2025)", "from_predecessor": True}]
    assert client.get(f"/api/v1/badges/{units['cao_lanh'].key}/").json()["badges"] == []
    own = client.get(f"/api/v1/badges/{units['lka'].key}/").json()["badges"]
    assert [(b["earned_by_key"], b["from_predecessor"]) for b in own] == [("h29980", False)]
    assert client.get("/api/v1/badges/khong-co/").status_code == 404
