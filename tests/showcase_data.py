"""A small known world for the home page, the showcase and the comparison (tests/test_home_page.py,
test_showcase.py, test_compare.py), with figures a visitor should see asserted by those tests.

Đồng Tháp with communes A–E. "Một cửa không chờ" (A, recognised 05/03/2024) is started by B, C, D
(planned by E); "Ngày không dùng tiền mặt" (B, recognised 06/08/2024) by A only. On-time dossier
rate before → after: B 90 → 95, C 80 → 90, D 99 → 97 (mean +4,33 points), A 50 → 80 (+30). A draft, an
unpublished recognised page and a submitted one complete the picture; the draft and the
unpublished page must never appear.
"""

import datetime
from decimal import Decimal

from initiatives.models import ReformArea
from core.roles import EDITORS
from initiatives.status import InitiativeStatus, RecognitionLevel
from rollout import actions
from rollout.models import AdoptionStatus, Metric
from rollout.periods import Period
from tests.factories import UnitFactory, make_initiative, make_member

START = datetime.date(2023, 1, 1)


def put(editor, unit, metric, year, value):
    actions.record_observation(editor, unit, metric, Period.year_of(year), Decimal(value), "Báo cáo kiểm thử")


def build_world(site, province):
    editor = make_member(EDITORS, username="bientap_showcase")
    units = {name: UnitFactory(name=f"Xã {name}", short_name=name, code=f"3000{i}", key=f"3000{i}", parent=province)
             for i, name in enumerate("ABCDE")}
    one_stop = ReformArea.objects.get(slug="thu-tuc-hanh-chinh")
    digital = ReformArea.objects.get(slug="chinh-phu-so")
    recognised = {"status": InitiativeStatus.RECOGNISED, "recognition_level": RecognitionLevel.PROVINCE}
    one_stop_model = make_initiative(site["index"], units["A"], title="Một cửa không chờ", area=one_stop,
                                     decision_date=datetime.date(2024, 3, 5), featured=True, **recognised)
    cashless = make_initiative(site["index"], units["B"], title="Ngày không dùng tiền mặt", area=digital,
                               decision_date=datetime.date(2024, 8, 6), **recognised)
    draft = make_initiative(site["index"], units["C"], title="Bản nháp bí mật", live=False, featured=True)
    unpublished = make_initiative(site["index"], units["C"], title="Chưa đăng bao giờ", live=False, **recognised)
    submitted = make_initiative(site["index"], units["C"], title="Đang chờ thẩm định",
                                status=InitiativeStatus.SUBMITTED)
    for name in "BCD":
        actions.record_adoption(editor, one_stop_model, units[name], status=AdoptionStatus.OPERATING, start_date=START)
    actions.record_adoption(editor, one_stop_model, units["E"])  # planned: not a replication yet
    actions.record_adoption(editor, cashless, units["A"], status=AdoptionStatus.OPERATING, start_date=START)
    actions.record_adoption(editor, draft, units["D"], status=AdoptionStatus.OPERATING, start_date=START)
    on_time = Metric.objects.get(code="dossiers_on_time_pct")
    for name, before, after in (("B", "90", "95"), ("C", "80", "90"), ("D", "99", "97"), ("A", "50", "80")):
        put(editor, units[name], on_time, 2022, before)
        put(editor, units[name], on_time, 2023, after)
    put(editor, units["A"], Metric.objects.get(code="sipas"), 2024, "98.9")
    return {"editor": editor, "units": units, "one_stop": one_stop_model, "cashless": cashless, "draft": draft,
            "unpublished": unpublished, "submitted": submitted, "on_time": on_time, "area": one_stop,
            "digital": digital}


def add_more(world, site, province, count=12, adopters=2):
    """`count` more recognised models, each adopted by two new units with on-time data: enough to
    show that a page's queries do not grow with the data."""
    on_time = world["on_time"]
    for i in range(count):
        origin = UnitFactory(name=f"Xã Thêm {i}", short_name=f"Thêm {i}", parent=province)
        page = make_initiative(site["index"], origin, title=f"Mô hình thêm {i:02d}", area=world["area"],
                               status=InitiativeStatus.RECOGNISED, decision_date=datetime.date(2023, 1, 1 + i))
        for j in range(adopters):
            adopter = UnitFactory(name=f"Xã Áp Dụng {i}-{j}", short_name=f"Áp Dụng {i}-{j}", parent=province)
            actions.record_adoption(world["editor"], page, adopter, status=AdoptionStatus.PILOTING, start_date=START)
            put(world["editor"], adopter, on_time, 2022, "70")
            put(world["editor"], adopter, on_time, 2023, str(71 + i))
