"""Demo content of this app, loaded by `manage.py load_demo` after initiatives.demo (idempotent).

Only figures the source articles (../shared/seeds/) actually give are recorded, each citing its
article; where an article leaves the period vague, the source text says which period was chosen and
why. No illustrative series are invented. Adoptions are recorded where an article says a model was
replicated: Xuân Lộc's three initiatives across the one-stop shops of the district's communes in 2023.
"""

import datetime
import logging
from decimal import Decimal

from django.utils.translation import gettext as _

from units.models import AdministrativeUnit, UnitLevel

from . import actions
from .models import Adoption, AdoptionStatus, Metric
from .periods import Period

logger = logging.getLogger("nhanrong.rollout")

XL = "Báo Đồng Nai điện tử, 06/08/2024: “Huyện Xuân Lộc: Nỗ lực giữ vững vị trí tốp đầu trong cải cách hành chính”"
NS = "Bài “Huyện Nga Sơn đổi mới, xây dựng nền hành chính phục vụ Nhân dân”, đăng ngày 27/04/2021"
LT = "Báo Hòa Bình điện tử (HBĐT), năm 2020: bài về 10 năm cải cách hành chính ở huyện Lạc Thủy"
TH = "Bài “Huyện Tây Hòa: Nhiều chuyển biến tích cực trong cải cách hành chính”, 06/2024"

Y, H, L = Period.year_of, Period.half, Period.year_to_date

# (unit key, metric code, period, value, source)
OBSERVATIONS = [
    # Tây Hòa (Phú Yên), district level, 2023 (SIPAS also for 2022).
    ("h562", "dossiers_on_time", Y(2023), "4936", TH),
    ("h562", "dossiers_on_time_pct", Y(2023), "98.52", TH),
    ("h562", "sipas", Y(2023), "98.6", TH),
    ("h562", "sipas", Y(2022), "98.4", TH + " (số liệu năm 2022 nêu để so sánh)"),
    ("h562", "par_index", Y(2023), "88.78", TH),
    ("h562", "par_index_rating", Y(2023), "4", TH + " (xếp loại “Tốt”)"),
    # Nga Sơn (Thanh Hóa): cumulative January–November 2020 at the district one-stop shop.
    ("h401", "dossiers_received", L(2020, 11), "9470", NS + " (lũy kế 11 tháng năm 2020)"),
    ("h401", "dossiers_on_time", L(2020, 11), "9315", NS + " (lũy kế 11 tháng năm 2020)"),
    ("h401", "dossiers_on_time_pct", L(2020, 11), "98", NS + " (bài nêu “đạt 98%”; 9.315/9.470 = 98,36%)"),
    ("h401", "dossiers_pending", L(2020, 11), "155", NS + " (lũy kế 11 tháng năm 2020)"),
    ("h401", "dossiers_overdue", L(2020, 11), "0", NS + " (“không có hồ sơ giải quyết quá hạn”)"),
    # Lạc Thủy (Hòa Bình): first half of 2020.
    ("h159", "dossiers_resolved_pct", H(2020, 1), "94.6", LT),
    ("h159", "dossiers_on_time_pct", H(2020, 1), "98.73", LT),
    # Xuân Lộc (Đồng Nai): ranks are for the province's districts; the 98,9% and 61,5% are "current"
    # when the article appeared (08/2024): recorded against the last half-year before it.
    ("h741", "par_index_rank", Y(2022), "4", XL + " (thứ hạng trong các huyện của tỉnh Đồng Nai)"),
    ("h741", "par_index_rank", Y(2023), "1", XL + " (thứ hạng trong các huyện của tỉnh Đồng Nai)"),
    ("h741", "dossiers_on_time_pct", H(2024, 1), "98.9",
     XL + " (bài nêu tỷ lệ “hiện” đạt; ghi vào kỳ 6 tháng đầu năm 2024, kỳ gần nhất trước ngày đăng)"),
    ("h741", "online_dossiers_pct", H(2024, 1), "61.5",
     XL + " (bài nêu “trên 61,5%”, ghi giá trị cận dưới 61,5%; kỳ 6 tháng đầu năm 2024)"),
]

XUAN_LOC_INITIATIVES = [
    "xuan-loc-nang-ty-le-ho-so-truc-tuyen",
    "xuan-loc-thanh-toan-khong-dung-tien-mat",
    "xuan-loc-goc-cntt-huong-dan-dich-vu-cong",
]
XUAN_LOC_START = datetime.date(2023, 1, 1)
XUAN_LOC_NOTE = ("Theo bài báo nguồn (" + XL + "): sáng kiến được triển khai nhân rộng tại các bộ phận tiếp "
                 "nhận và trả kết quả trên địa bàn huyện trong năm 2023. Bài không nêu ngày bắt đầu ở từng xã: "
                 "ghi 01/01/2023.")


def _find_unit(key):
    try:
        from initiatives.demo import find_unit
    except ImportError:  # pragma: no cover - initiatives.demo is part of the product
        return AdministrativeUnit.objects.filter(key=key).first()
    return find_unit(key)


def _actor():
    try:
        from initiatives.demo import demo_user

        return demo_user("editor")
    except Exception:  # noqa: BLE001 - any missing piece means initiatives.demo has not run
        return None


def load_observations(actor, stdout):
    metrics = {m.code: m for m in Metric.objects.all()}
    rows, missing = [], set()
    for key, code, period, value, source in OBSERVATIONS:
        unit = _find_unit(key)
        if unit is None:
            missing.add(key)
            continue
        rows.append(actions.ObservationInput(unit, metrics[code], period, Decimal(value), source))
    if missing:
        stdout.write(_("Bỏ qua số liệu của các đơn vị chưa nạp: %(keys)s (chạy `manage.py load_units`).")
                     % {"keys": ", ".join(sorted(missing))} + "\n")
    result = actions.bulk_upsert_observations(actor, rows)
    stdout.write(_("Số liệu chỉ tiêu từ bài báo nguồn: tạo mới %(new)d, cập nhật %(upd)d, giữ nguyên %(same)d.")
                 % {"new": result.created, "upd": result.updated, "same": result.unchanged} + "\n")
    return result


def load_adoptions(actor, stdout):
    from initiatives.models import InitiativePage

    district = _find_unit("h741")
    pages = list(InitiativePage.objects.filter(slug__in=XUAN_LOC_INITIATIVES))
    if district is None or not pages:
        stdout.write(_("Bỏ qua nhân rộng minh hoạ: chưa có huyện Xuân Lộc hoặc các sáng kiến của huyện.") + "\n")
        return 0
    communes = list(AdministrativeUnit.objects.filter(parent=district, level=UnitLevel.COMMUNE).order_by("name"))
    existing = set(Adoption.objects.filter(initiative__in=pages, unit__in=communes)
                   .values_list("initiative_id", "unit_id"))
    created = 0
    for page in pages:
        for commune in communes:
            if (page.pk, commune.pk) in existing:
                continue
            actions.record_adoption(
                actor, page, commune, status=AdoptionStatus.OPERATING, start_date=XUAN_LOC_START,
                responsible_office=_("Bộ phận tiếp nhận và trả kết quả UBND %(unit)s") % {"unit": commune.name},
                notes=XUAN_LOC_NOTE)
            created += 1
    stdout.write(_("Nhân rộng 3 sáng kiến của huyện Xuân Lộc tại %(n)d xã, thị trấn: tạo mới %(new)d.")
                 % {"n": len(communes), "new": created} + "\n")
    return created


def load(stdout):
    """Create or update this app's demo content. Safe to run twice."""
    actor = _actor()
    if actor is None:
        stdout.write(_("Bỏ qua nội dung nhân rộng minh hoạ: chưa có tài khoản biên tập viên của "
                       "initiatives.demo (chạy `manage.py load_units` rồi `manage.py load_demo`).") + "\n")
        return
    load_observations(actor, stdout)
    load_adoptions(actor, stdout)
