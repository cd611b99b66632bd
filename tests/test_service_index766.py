"""The service index of Decision 766/QĐ-TTg: the catalogue loads by migration (five groups, 18 + 20 +
22 + 22 + 18 = 100 points, a source or 'not found in a primary text' for every number), the points
rule checked by hand, and a unit's group and total scores computed from its stored figures (a merged
commune's from its predecessors' counts), shown on the unit page and exported."""

import csv
import io
from decimal import Decimal

import pytest

from rollout import actions
from rollout.models import Metric, ScoredIndicator, ScoreGroup
from rollout.models.service_index import NOT_FOUND
from rollout.periods import Period
from rollout.scoring766 import Rule, indicator_points, score
from rollout.service_index import scores_for
from tests.factories import load_real_unit_subset
from units.models import AdministrativeUnit

Y2024 = Period.year_of(2024)


# ---------------------------------------------------------------- the pure rule, by hand

def test_full_points_at_or_above_the_threshold_proportional_below():
    assert indicator_points(Decimal(80), 4, 80) == 4  # at the threshold
    assert indicator_points(Decimal("95.5"), 4, 80) == 4  # above it
    assert indicator_points(Decimal(60), 4, 80) == 3  # 60 × 4 / 80
    assert indicator_points(Decimal(25), 6, 50) == 3  # 25 × 6 / 50
    assert indicator_points(Decimal("97.5"), 20, 100) == Decimal("19.5")  # 97,5 × 20 / 100
    assert indicator_points(None, 20) == 0  # no figure: nothing
    assert indicator_points(Decimal(0), 20) == 0
    assert indicator_points(Decimal(90), 0) == 0  # shown, never scored


def test_group_and_total_scores_sum_their_components_and_say_when_incomplete():
    groups = [("a", 10), ("b", 6)]
    rules = [Rule("x", "a", Decimal(4), Decimal(80)), Rule("y", "a", Decimal(6)), Rule("z", "b", Decimal(6), Decimal(50))]
    result = score(groups, rules, {"x": Decimal(60), "y": Decimal(50), "z": Decimal(50)})
    a, b = result.groups
    assert a.points == Decimal(6)  # 60 × 4 / 80 = 3, plus 50 × 6 / 100 = 3
    assert b.points == Decimal(6)
    assert result.points == Decimal(12) and result.max_points == Decimal(16) and result.complete
    partial = score(groups, rules, {"x": Decimal(100)})
    assert partial.points == Decimal(4) and not partial.complete
    assert partial.groups[0].missing == ("y",) and partial.groups[1].missing == ("z",)


# ---------------------------------------------------------------- the catalogue (migration 0007_i18)

@pytest.mark.django_db
def test_catalogue_loads_by_migration_with_its_five_groups_and_sources():
    groups = {g.code: g.max_points for g in ScoreGroup.objects.all()}
    assert groups == {"cong_khai": 18, "tien_do": 20, "truc_tuyen": 22, "so_hoa": 22, "hai_long": 18}
    assert sum(groups.values()) == 100
    indicators = list(ScoredIndicator.objects.select_related("group", "metric"))
    assert len(indicators) == 17
    for group in ScoreGroup.objects.all():  # each group's indicators share exactly its points
        assert sum(i.max_points for i in indicators if i.group_id == group.pk) == group.max_points, group.code
    for indicator in indicators:
        assert indicator.points_source and indicator.threshold_source  # a source, or "not found"
        assert indicator.official_name
        metric = indicator.metric
        if metric.unit == "percent":
            assert metric.aggregation == "ratio"
    on_time = ScoredIndicator.objects.get(metric__code="dossiers_on_time_pct")
    assert (on_time.number, on_time.max_points, on_time.group.code) == ("2.1", 20, "tien_do")
    assert "nguồn thứ cấp" in on_time.points_source.lower()
    online = ScoredIndicator.objects.get(metric__code="online_procedures_pct")
    assert online.full_points_at == 80 and online.threshold_confirmed and "thứ cấp" in online.threshold_source
    assert online.metric.numerator_definition and online.metric.denominator_definition
    published = ScoredIndicator.objects.get(metric__code="tthc_published_on_time_pct")
    assert published.threshold_source == NOT_FOUND and not published.points_confirmed


# ---------------------------------------------------------------- from stored figures

@pytest.fixture
def editor(site):
    from core.roles import EDITORS
    from tests.factories import make_member

    return make_member(EDITORS, username="bientap_766")


@pytest.fixture
def communes(db):
    load_real_unit_subset({"h29980", "h29983"})
    by_key = AdministrativeUnit.objects.in_bulk(field_name="key")
    return by_key["h29980"], by_key["h29983"], by_key["29983"]  # Long Khánh A, B → Xã Long Khánh


def record(editor, unit, code, period, numerator, denominator):
    return actions.record_observation(editor, unit, Metric.objects.get(code=code), period, None,
                                      numerator=Decimal(numerator), denominator=Decimal(denominator))[0]


@pytest.mark.django_db
def test_a_units_group_score_is_computed_from_its_components(editor, communes):
    _a, _b, long_khanh = communes
    # Group "Cung cấp dịch vụ trực tuyến" (22 points), by hand:
    # 3.1 procedures online 60/100 = 60 % < 80 %: 60 × 4 / 80 = 3
    # 3.2 services used 45/50 = 90 %: 90 × 4 / 100 = 3,6
    # 3.3 dossiers online 300/500 = 60 % ≥ 50 %: all 6
    # 3.4 payment procedures 40/50 = 80 % ≥ 80 %: all 4
    # 3.5 dossiers paid online 0/10 = 0 %: 0        → 3 + 3,6 + 6 + 4 + 0 = 16,6 of 22
    record(editor, long_khanh, "online_procedures_pct", Y2024, 60, 100)
    record(editor, long_khanh, "online_services_used_pct", Y2024, 45, 50)
    record(editor, long_khanh, "online_dossiers_pct", Y2024, 300, 500)
    record(editor, long_khanh, "online_payment_procedures_pct", Y2024, 40, 50)
    record(editor, long_khanh, "online_payment_dossiers_pct", Y2024, 0, 10)
    (period,) = scores_for([long_khanh])[long_khanh.pk]
    assert period.period_key == "2024"
    online = next(g for g in period.groups if g.group.code == "truc_tuyen")
    assert online.result.points == Decimal("16.6") and online.result.complete
    assert [c.earned.points for c in online.components] == [3, Decimal("3.6"), 6, 4, 0]
    assert period.result.points == Decimal("16.6") and not period.result.complete  # the other groups: no figures
    assert period.result.max_points == 100


@pytest.mark.django_db
def test_a_merged_communes_score_uses_its_predecessors_counts(editor, communes):
    lka, lkb, long_khanh = communes
    # 2.1 on time: A 90/100, B 190/200 → 280/300 = 93,33…% → 93,33… × 20 / 100 = 18,67 (an average of
    # the two rates, 92,5 %, would give 18,5)
    record(editor, lka, "dossiers_on_time_pct", Y2024, 90, 100)
    record(editor, lkb, "dossiers_on_time_pct", Y2024, 190, 200)
    (period,) = scores_for([long_khanh])[long_khanh.pk]
    progress = next(g for g in period.groups if g.group.code == "tien_do")
    assert round(progress.result.points, 2) == Decimal("18.67")


@pytest.mark.django_db
def test_unit_page_shows_the_scores_with_components_and_the_export_has_them(client, editor, communes):
    _a, _b, long_khanh = communes
    record(editor, long_khanh, "online_dossiers_pct", Y2024, 300, 500)
    page = client.get(f"/don-vi/{long_khanh.key}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "QĐ 766/QĐ-TTg" in html and "Năm 2024: 6/100" in html
    assert "Tỷ lệ hồ sơ thủ tục hành chính nộp trực tuyến" in html
    response = client.get(f"/so-lieu/diem-766.csv?don_vi={long_khanh.key}")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert table[0][:3] == ["Mã đơn vị", "Tên đơn vị", "Kỳ"]
    online = next(r for r in table if r[4].startswith("3.3 "))
    assert online[5] == "60" and online[9] == "6" and online[10] == "6"
    total = table[-1]
    assert total[3] == "Tổng điểm" and total[9] == "6" and total[10] == "100"
    xlsx = client.get(f"/so-lieu/diem-766.xlsx?don_vi={long_khanh.key}")
    assert xlsx.status_code == 200
    bad = client.get("/so-lieu/diem-766.csv?sang_kien=abc")
    assert bad.status_code == 422
