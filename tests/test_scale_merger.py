"""Query counts stay constant on 10× the data with the merger roll-ups (issue 18, issue 8's budgets):
the page of the successor commune Xã Long Khánh (its figures summed from Long Khánh A and B, their
points credited), today's province Tỉnh Đồng Tháp (ranked by points, summed over its communes of both
eras) and the comparison /so-sanh/ of several units including that successor, on the real unit data
(a subset) with generated initiatives, adoptions and point entries around them; the same for Phường
Giảng Võ and Hà Nội, where the points of Phường Cống Vị, split between Giảng Võ and Ngọc Hà, are
credited to each successor and flagged."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from scale.generator import Scale, generate
from rollout import actions
from rollout.models import Metric
from rollout.periods import Period
from tests.factories import UnitFactory, load_real_unit_subset, make_member
from units.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(site):
    from campaigns.models import Enrolment
    from core.roles import EDITORS
    from tests.factories import make_campaign

    load_real_unit_subset({"h29980", "h29983", "29869", "h00007"})
    by_key = AdministrativeUnit.objects.in_bulk(field_name="key")
    dong_thap = by_key["29983"].province
    for n in range(30):  # room for the generator's adoptions inside today's province
        UnitFactory(parent=dong_thap, name=f"Xã Sinh Thử {n}")
    campaign = make_campaign(title="Thi đua 2025")
    units = {"lka": by_key["h29980"], "lkb": by_key["h29983"], "long_khanh": by_key["29983"],
             "cao_lanh": by_key["29869"], "dong_thap": dong_thap, "cong_vi": by_key["h00007"],
             "giang_vo": by_key["00025"], "ha_noi": by_key["00025"].province}
    for key in ("lka", "lkb", "cao_lanh", "cong_vi"):
        Enrolment.objects.create(campaign=campaign, unit=units[key])
    return {**units, "campaign": campaign, "editor": make_member(EDITORS, username="bientap_quy_mo")}


def _add(world, months, points_each):
    """Figures for the predecessors (both counts of a rate, a count) over `months` months of 2024 and
    before, and `points_each` point entries for each enrolled unit; then the leaderboard refreshed."""
    from campaigns.leaderboard import refresh_leaderboard
    from campaigns.models import PointEntry

    on_time, received = Metric.objects.get(code="dossiers_on_time_pct"), Metric.objects.get(code="dossiers_received")
    inputs = []
    for n in range(months):
        period = Period.month(2024 - n // 12, 12 - n % 12)
        for key, base in (("lka", 100), ("lkb", 200), ("cao_lanh", 50)):
            inputs.append(actions.ObservationInput(world[key], on_time, period, None, "", None, base - 5, base))
            inputs.append(actions.ObservationInput(world[key], received, period, base + n, "", None, None, None))
    actions.bulk_upsert_observations(world["editor"], inputs)
    start = PointEntry.objects.count()
    PointEntry.objects.bulk_create([
        PointEntry(campaign=world["campaign"], unit=world[key], points=n % 7 + 1, event_key=f"q:{start + i}:{key}",
                   event_date=timezone.localdate(), note="Điểm thử")
        for i, n in enumerate(range(points_each)) for key in ("lka", "lkb", "cao_lanh", "cong_vi")])
    refresh_leaderboard(world["campaign"])


def _targets(world):
    return {
        "unit_commune_successor": f"/don-vi/{world['long_khanh'].key}/",
        "unit_commune_predecessor": f"/don-vi/{world['lka'].key}/",
        "unit_province": f"/don-vi/{world['dong_thap'].key}/",
        "unit_province_by_points": f"/don-vi/{world['dong_thap'].key}/?xep_theo=diem",
        "compare": "/so-sanh/?" + "&".join(f"don-vi={world[k].key}" for k in ("long_khanh", "cao_lanh", "lkb")),
        "compare_province": f"/so-sanh/?don-vi={world['dong_thap'].key}&don-vi={world['long_khanh'].key}",
        "unit_split_successor": f"/don-vi/{world['giang_vo'].key}/",
        "unit_city_by_points": f"/don-vi/{world['ha_noi'].key}/?xep_theo=diem",
        "compare_split": f"/so-sanh/?don-vi={world['giang_vo'].key}&don-vi={world['ha_noi'].key}"
                         f"&don-vi={world['long_khanh'].key}",
        "api_points_split": f"/api/v1/points/{world['giang_vo'].key}/",
    }


def _counts(client, targets):
    counts = {}
    for name, path in targets.items():
        client.get(path)  # warm per-process caches
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        assert response.status_code == 200, (name, path, response.status_code)
        counts[name] = len(ctx.captured_queries)
    return counts


def test_successor_unit_pages_and_comparison_run_the_same_queries_on_10x_the_data(client, world):
    generate(Scale(initiatives=20, adoptions=60, observations=200, ledger=0, seed=21), quiet=True, search_index=False)
    _add(world, months=3, points_each=5)
    targets = _targets(world)
    small = _counts(client, targets)
    html = client.get(targets["compare"]).content.decode()
    assert "gồm điểm của" in html and "None" not in html
    assert "chia cho 2 đơn vị kế thừa" in client.get(targets["compare_split"]).content.decode()

    generate(Scale(initiatives=180, adoptions=540, observations=1800, ledger=0, seed=22), quiet=True, search_index=False)
    _add(world, months=30, points_each=50)  # 10× the months of figures and the point entries
    large = _counts(client, targets)
    assert large == small or all(large[name] <= small[name] for name in small), (small, large)
    html = client.get(targets["compare"]).content.decode()
    assert "cộng gộp từ 2 đơn vị" in html and "None" not in html
    assert "tính trùng" in client.get(targets["unit_city_by_points"]).content.decode()
