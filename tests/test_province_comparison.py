"""The province page's commune table on the real unit data: a commune formed on 01/07/2025 shows the
figures of the communes merged into it, a rate summed by numerators and denominators (never an
average of percentages), "không đủ dữ liệu để cộng gộp" where only rates exist, and sorting by an
indicator uses those figures."""

from decimal import Decimal

import pytest

from rollout import actions
from rollout.models import Metric
from rollout.periods import Period
from tests.factories import load_real_unit_subset
from units.models import AdministrativeUnit

pytestmark = pytest.mark.django_db
Y2024 = Period.year_of(2024)


@pytest.fixture
def world(site):
    from core.roles import EDITORS
    from tests.factories import make_member

    load_real_unit_subset({"h29980", "h29983", "29869"})
    by_key = AdministrativeUnit.objects.in_bulk(field_name="key")
    editor = make_member(EDITORS, username="bientap_so_sanh")
    return {"lka": by_key["h29980"], "lkb": by_key["h29983"], "long_khanh": by_key["29983"],
            "cao_lanh": by_key["29869"], "dong_thap": by_key["29983"].province, "editor": editor}


def record(world, unit, code, value=None, numerator=None, denominator=None, period=Y2024):
    metric = Metric.objects.get(code=code)
    actions.record_observation(world["editor"], unit, metric, period, value, numerator=numerator,
                               denominator=denominator)


def rows(response):
    return {u.key: u.indicators for u in response.context["comparison"]["page"]}


def test_successor_row_is_the_count_sum_of_its_predecessors(client, world):
    record(world, world["lka"], "dossiers_on_time_pct", numerator=Decimal(90), denominator=Decimal(100))
    record(world, world["lkb"], "dossiers_on_time_pct", numerator=Decimal(190), denominator=Decimal(200))
    record(world, world["cao_lanh"], "dossiers_on_time_pct", numerator=Decimal(95), denominator=Decimal(100))
    record(world, world["lka"], "sipas", Decimal(90))  # rates alone: never averaged
    record(world, world["lkb"], "sipas", Decimal(95))
    response = client.get(f"/don-vi/{world['dong_thap'].key}/", {"so_sanh": "dung_han"})
    assert response.status_code == 200
    table = rows(response)
    on_time, _online, sipas = table["29983"]
    assert round(on_time["value"], 4) == Decimal("93.3333")  # 280/300, not (90 + 95) / 2 = 92,5
    assert "cộng gộp từ 2 đơn vị" in on_time["note"]
    assert sipas["value"] is None and sipas["note"] == "không đủ dữ liệu để cộng gộp"
    # sorted by on-time: Cao Lãnh 95 % before Long Khánh 93,33 %
    keys = list(table)
    assert keys.index("29869") < keys.index("29983")
    html = response.content.decode()
    assert "93,33%" in html and "không đủ dữ liệu để cộng gộp" in html


def test_a_communes_own_report_wins_over_its_predecessors(client, world):
    record(world, world["lka"], "dossiers_on_time_pct", numerator=Decimal(90), denominator=Decimal(100))
    record(world, world["long_khanh"], "dossiers_on_time_pct", numerator=Decimal(50), denominator=Decimal(100))
    table = rows(client.get(f"/don-vi/{world['dong_thap'].key}/"))
    assert table["29983"][0]["value"] == Decimal(50) and table["29983"][0]["note"] == ""
