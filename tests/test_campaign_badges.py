"""Badges: each criterion on a known scenario, awarded once per level with evidence, the site setting,
and the unit-page include with progress to the next level; the replication push."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import timezone
from wagtail.models import Site

from campaigns.badges import evaluate_badges, unit_badge_progress
from campaigns.models import BadgeAward, CampaignSettings
from campaigns.replication import suggestions_for_unit
from core.roles import EDITORS
from initiatives.status import InitiativeStatus
from rollout.models import Adoption, AdoptionStatus, Metric, Observation, Period, Verification
from tests.factories import ProvinceFactory, UnitFactory, make_initiative, make_member


def adopt(initiative, unit, start, status=AdoptionStatus.OPERATING):
    return Adoption.objects.create(initiative=initiative, unit=unit, status=status, start_date=start)


def observe(unit, code, period, value):
    obs = Observation(unit=unit, metric=Metric.objects.get(code=code), value=Decimal(value), entered_at=timezone.now(),
                      verification=Verification.OFFICIAL)  # earns badges (self-reported: test_observation_verification)
    obs.set_period(period)
    obs.save()


def awards():
    return sorted((a.definition.code, a.level, a.unit.name) for a in BadgeAward.objects.select_related("definition", "unit"))


@pytest.fixture
def origin(site, province, commune):
    page = make_initiative(site["index"], commune, title="Một cửa số", status=InitiativeStatus.RECOGNISED)
    return page


def test_replicated_by_5_10_25_units(origin, province):
    adopters = [UnitFactory(name=f"Xã Học Tập {i:02d}", parent=province) for i in range(11)]
    for i, unit in enumerate(adopters):
        adopt(origin, unit, datetime.date(2024, 1, 1) + datetime.timedelta(days=i))
    adopt(origin, UnitFactory(name="Xã Dự Kiến", parent=province), None, AdoptionStatus.PLANNED)  # does not count
    assert evaluate_badges() > 0
    lan_toa = [a for a in awards() if a[0] == "lan-toa"]
    assert lan_toa == [("lan-toa", 1, "Xã Long Khánh A"), ("lan-toa", 2, "Xã Long Khánh A")]
    award = BadgeAward.objects.get(definition__code="lan-toa", level=2)
    assert award.evidence["adopters"] == 11 and award.evidence["initiative"]["title"] == "Một cửa số"
    assert evaluate_badges() == 0  # each level once


def test_first_adopter_in_each_province(origin, province):
    other = ProvinceFactory(code="01", key="01", name="Thành phố Hà Nội")
    early = UnitFactory(name="Xã Sớm", parent=province)
    late = UnitFactory(name="Xã Muộn", parent=province)
    far = UnitFactory(name="Phường Xa", parent=other)
    adopt(origin, late, datetime.date(2024, 5, 1))
    adopt(origin, early, datetime.date(2024, 2, 1))
    adopt(origin, far, datetime.date(2024, 9, 1))
    evaluate_badges()
    assert [a for a in awards() if a[0] == "tien-phong"] == [("tien-phong", 1, "Phường Xa"),
                                                             ("tien-phong", 1, "Xã Sớm")]


def test_on_time_streak_of_six_months(site, commune, other_commune):
    for month in range(1, 7):
        observe(commune, "dossiers_on_time_pct", Period.month(2024, month), "100")
    for month in (1, 2, 3, 5, 6, 7):  # a gap in April
        observe(other_commune, "dossiers_on_time_pct", Period.month(2024, month), "100")
    observe(other_commune, "dossiers_on_time_pct", Period.month(2024, 4), "99.5")
    evaluate_badges()
    assert [a for a in awards() if a[0] == "dung-hen"] == [("dung-hen", 1, "Xã Long Khánh A")]


def test_sipas_at_least_95(site, commune, other_commune):
    observe(commune, "sipas", Period.year_of(2023), "93")
    observe(commune, "sipas", Period.year_of(2024), "95")
    observe(other_commune, "sipas", Period.year_of(2024), "94.9")
    evaluate_badges()
    assert [a for a in awards() if a[0] == "hai-long"] == [("hai-long", 1, "Xã Long Khánh A")]


def test_site_setting_turns_badges_off(site, commune):
    observe(commune, "sipas", Period.year_of(2024), "99")
    settings = CampaignSettings.for_site(Site.objects.get(is_default_site=True))
    settings.badges_enabled = False
    settings.save()
    assert evaluate_badges() == 0 and not BadgeAward.objects.exists()
    html = Template("{% load campaigns_tags %}{% unit_badges unit %}").render(Context({"unit": commune}))
    assert "Huy hiệu" not in html


def test_unit_page_include_shows_earned_levels_and_progress(origin, province, commune):
    for i in range(6):
        adopt(origin, UnitFactory(name=f"Xã Bạn {i}", parent=province), datetime.date(2024, 3, 1))
    evaluate_badges()
    progress = {p["definition"].code: p for p in unit_badge_progress(commune)}
    assert [a.level for a in progress["lan-toa"]["awards"]] == [1]
    assert progress["lan-toa"]["next_level"].threshold == 10 and progress["lan-toa"]["percent"] == 60
    html = Template("{% load campaigns_tags %}{% unit_badges unit %}").render(Context({"unit": commune}))
    assert "Lan toả" in html and "6/10 đơn vị" in html and "Đồng" in html


def test_replication_push_ranks_neighbours_first(site, province, commune):
    editor = make_member(EDITORS)  # noqa: F841  (roles exist)
    district = UnitFactory(name="Huyện Hồng Ngự", level="district", parent=province, unit_type="Huyện")
    me = UnitFactory(name="Xã Của Tôi", parent=district)
    neighbour = UnitFactory(name="Xã Láng Giềng", parent=district)
    same_province = [UnitFactory(name=f"Xã Cùng Tỉnh {i}", parent=province) for i in range(3)]
    near = make_initiative(site["index"], commune, title="Mô hình gần", status=InitiativeStatus.RECOGNISED)
    popular = make_initiative(site["index"], commune, title="Mô hình phổ biến", status=InitiativeStatus.RECOGNISED)
    mine = make_initiative(site["index"], commune, title="Đã áp dụng", status=InitiativeStatus.RECOGNISED)
    make_initiative(site["index"], commune, title="Chưa công nhận")
    adopt(near, neighbour, datetime.date(2024, 1, 1))
    for unit in same_province:
        adopt(popular, unit, datetime.date(2024, 1, 1))
    adopt(mine, me, datetime.date(2024, 1, 1))
    titles = [s["title"] for s in suggestions_for_unit(me)]
    assert titles == ["Mô hình gần", "Mô hình phổ biến"]


def test_initiative_page_include_speaks_to_the_visitors_unit(site, province, commune, other_commune, rf):
    from core.roles import COMMUNE_OFFICERS

    model = make_initiative(site["index"], commune, title="Một cửa số", status=InitiativeStatus.RECOGNISED)
    other = make_initiative(site["index"], commune, title="Ngày không hẹn", status=InitiativeStatus.RECOGNISED)
    adopt(model, UnitFactory(name="Xã Đã Làm", parent=province), datetime.date(2024, 1, 1))
    adopt(other, UnitFactory(name="Xã Cũng Làm", parent=province), datetime.date(2024, 1, 1))
    request = rf.get("/")
    request.user = make_member(COMMUNE_OFFICERS, other_commune)
    html = Template("{% load campaigns_tags %}{% replication_for_initiative page %}").render(
        Context({"page": model, "request": request}))
    assert "Xã Phú Thuận A chưa áp dụng mô hình này; 1 đơn vị trong tỉnh đã áp dụng." in html
    assert "Ngày không hẹn" in html and "Mô hình nên nhân rộng tại Xã Phú Thuận A" in html


def test_first_adopter_for_a_few_units_agrees_with_the_whole_ranking(site, province, commune):
    """A write re-evaluates its own units by an indexed probe per adoption (campaigns.badges); the
    nightly run ranks everything: both say the same for every unit, ties on the day included."""
    import random

    from campaigns.badges import first_adopter_in_province

    rng = random.Random(7)
    other = ProvinceFactory(code="01", key="01", name="Thành phố Hà Nội")
    units = [UnitFactory(name=f"Xã Thứ {i:02d}", parent=province if i % 3 else other) for i in range(12)]
    models = [make_initiative(site["index"], rng.choice([commune, *units]), title=f"Mô hình {i}") for i in range(5)]
    for model in models:
        for unit in rng.sample(units, 7):
            if unit.pk != model.origin_unit_id:
                adopt(model, unit, datetime.date(2024, rng.randint(1, 3), 1),
                      rng.choice([AdoptionStatus.OPERATING, AdoptionStatus.PILOTING, AdoptionStatus.PLANNED]))
    whole = first_adopter_in_province(None)
    assert whole  # the scenario has firsts
    for unit in units:
        assert first_adopter_in_province({unit.pk}) == ({unit.pk: whole[unit.pk]} if unit.pk in whole else {}), unit
    some = {u.pk for u in units[:5]}
    assert first_adopter_in_province(some) == {pk: v for pk, v in whole.items() if pk in some}
