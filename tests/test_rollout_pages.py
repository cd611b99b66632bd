"""The rollout sections of the public initiative and unit pages: counts, provinces, lineage, charts
with a table alternative, historic units rolled up to their successor, bounded queries."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.roles import EDITORS
from rollout import actions
from rollout.models import AdoptionStatus, Metric
from rollout.periods import Period
from rollout.views import initiative_rollout_context
from tests.factories import ProvinceFactory, UnitFactory, make_initiative, make_member


@pytest.fixture
def world(site, province, commune, other_commune):
    editor = make_member(EDITORS, username="bientap_pages")
    far = ProvinceFactory(code="75", key="75", name="Tỉnh Đồng Nai", short_name="Đồng Nai")
    far_commune = UnitFactory(code="26000", key="26000", name="Xã Xuân Bắc", short_name="Xuân Bắc", parent=far)
    # A commune merged in 2025: its successor is `other_commune`.
    historic = UnitFactory(code="29990", key="h29990", name="Xã Long Thuận", short_name="Long Thuận",
                           parent=province, valid_until=datetime.date(2025, 6, 30))
    historic.successors.add(other_commune)
    page = make_initiative(site["index"], commune, title="Thứ Năm không hẹn", start_date=datetime.date(2024, 3, 1))
    first = actions.record_adoption(editor, page, historic, status=AdoptionStatus.OPERATING,
                                    start_date=datetime.date(2023, 1, 1), responsible_office="Bộ phận Một cửa xã")
    actions.record_adoption(editor, page, far_commune, replicated_from=first, status=AdoptionStatus.PILOTING,
                            start_date=datetime.date(2024, 6, 15))
    sipas = Metric.objects.get(code="sipas")
    for year, value in ((2022, "98.4"), (2023, "98.6")):
        actions.record_observation(editor, historic, sipas, Period.year_of(year), Decimal(value), "Báo cáo thử")
    return {"page": page, "historic": historic, "successor": other_commune, "far": far_commune}


def test_initiative_page_shows_count_provinces_lineage_impact_and_chart(client, world):
    response = client.get(world["page"].url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 đơn vị đã áp dụng mô hình này" in html
    assert "Tỉnh Đồng Nai (1)" in html and "Tỉnh Đồng Tháp (1)" in html
    # Lineage: Xuân Bắc is nested under Long Thuận, which is under the originating unit.
    tree = html[html.index('class="lineage-tree"'):]
    assert tree.index("Xã Long Khánh A") < tree.index("Xã Long Thuận") < tree.index("Xã Xuân Bắc")
    assert tree.count('<ul class="lineage">') == 2
    # Impact on the known data: +0,2 points, 100% of measured adopters improved.
    assert "+0,2" in html and "100,0%" in html
    # Chart with the adoption date marked and a table alternative.
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart"' in html and 'role="img"' in html
    assert "Bắt đầu áp dụng 01/01/2023" in html
    assert "Bảng số liệu" in html and "<td>Năm 2022</td>" in html and "98,4%" in html


def test_initiative_rollout_queries_are_bounded(world):
    with CaptureQueriesContext(connection) as few:
        initiative_rollout_context(world["page"])
    editor = make_member(EDITORS, username="bientap_more")
    for n in range(6):
        unit = UnitFactory(name=f"Xã Thêm {n}", parent=world["far"].parent)
        actions.record_adoption(editor, world["page"], unit, status=AdoptionStatus.OPERATING,
                                start_date=datetime.date(2023, 1, 1))
        for year, value in ((2022, 90 + n), (2023, 91 + n)):
            actions.record_observation(editor, unit, Metric.objects.get(code="sipas"), Period.year_of(year), value)
    with CaptureQueriesContext(connection) as many:
        context = initiative_rollout_context(world["page"])
    assert context["adopter_count"] == 8
    assert len(many.captured_queries) == len(few.captured_queries)


def test_successor_unit_page_rolls_up_historic_adoptions_and_indicators(client, world):
    html = client.get(f"/don-vi/{world['successor'].key}/").content.decode()
    assert "Thứ Năm không hẹn" in html and "Xã Long Thuận" in html
    assert "Số liệu" in html or "Chỉ số hài lòng" in html
    # The predecessor's figures are the successor's for the years before the merger (one chart).
    assert 'class="chart"' in html and "Chỉ số hài lòng của người dân, tổ chức (SIPAS) — Xã Phú Thuận A" in html
    assert "số liệu của đơn vị trước sáp nhập" in html
    assert "<td>Năm 2023</td>" in html


def test_originating_unit_page_lists_initiatives_adopted_elsewhere(client, world, commune):
    html = client.get(f"/don-vi/{commune.key}/").content.decode()
    section = html[html.index("Sáng kiến của đơn vị được nơi khác áp dụng"):]
    assert "Thứ Năm không hẹn" in section and "2 đơn vị áp dụng" in section


def test_draft_initiatives_stay_off_the_unit_page(client, world, site, commune, other_commune):
    draft = make_initiative(site["index"], commune, title="Bản nháp bí mật", live=False)
    editor = make_member(EDITORS, username="bientap_draft")
    actions.record_adoption(editor, draft, other_commune)
    for key in (commune.key, other_commune.key):
        assert "Bản nháp bí mật" not in client.get(f"/don-vi/{key}/").content.decode()
