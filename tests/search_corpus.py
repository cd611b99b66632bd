"""A small shared corpus for the search tests (both backends, SQLite and PostgreSQL). Vocabulary
from the seed articles (cashless days, results delivered home, one-stop shops); text is ours."""

import datetime

import pytest
from django.utils import timezone

from initiatives.models import ReformArea
from initiatives.status import InitiativeStatus, RecognitionLevel
from tests.factories import ProvinceFactory, UnitFactory, make_initiative

DAY = datetime.timedelta(days=1)


def _area(slug):
    return ReformArea.objects.get(slug=slug)


def build_corpus(site):
    """Creates and publishes the initiatives; returns {short name: page}."""
    index = site["index"]
    dong_thap = ProvinceFactory(code="87", key="87", name="Tỉnh Đồng Tháp", short_name="Đồng Tháp")
    hue = ProvinceFactory(code="46", key="46", name="Thành phố Huế", short_name="Huế")
    long_khanh = UnitFactory(code="29950", key="29950", name="Xã Long Khánh A", short_name="Long Khánh A",
                             parent=dong_thap)
    phu_thuan = UnitFactory(code="29953", key="29953", name="Xã Phú Thuận A", short_name="Phú Thuận A",
                            parent=dong_thap)
    tan_an = UnitFactory(code="19801", key="19801", name="Phường Tân An", short_name="Tân An", parent=hue)
    tan_an_2 = UnitFactory(code="19802", key="19802", name="Xã Tấn An", short_name="Tấn An", parent=hue)
    p = {}
    p["cashless"] = make_initiative(
        index, long_khanh, title="Ngày không dùng tiền mặt", area=_area("tai-chinh-cong"),
        summary="Mỗi tháng một ngày, người dân nộp phí và lệ phí bằng thanh toán không dùng tiền mặt qua mã QR.",
        status=InitiativeStatus.RECOGNISED, recognition_level=RecognitionLevel.PROVINCE, final_score=92.5,
        start_date=datetime.date(2023, 3, 1))
    p["cashless"].tags.add("thanh toán số")
    p["cashless"].save()
    p["delivery"] = make_initiative(
        index, phu_thuan, title="Trả kết quả tại nhà cho người cao tuổi", area=_area("chinh-phu-so"),
        summary="Bưu điện chuyển kết quả giải quyết thủ tục hành chính đến tận nhà, người dân không phải đi lại.",
        status=InitiativeStatus.SUBMITTED, start_date=datetime.date(2024, 5, 1))
    p["scattered"] = make_initiative(
        index, tan_an, title="Tổ hỗ trợ người dân tại chợ", area=_area("tai-chinh-cong"),
        summary="Tiểu thương không còn ngại mặt bằng mới; tổ hỗ trợ dùng máy tính bảng, giảm tiền phí đi lại.",
        status=InitiativeStatus.RECOGNISED, recognition_level=RecognitionLevel.COMMUNE, final_score=75,
        start_date=datetime.date(2024, 1, 10))
    p["scattered"].tags.add("thanh toán số", "chợ")
    p["scattered"].save()
    p["no_diacritics"] = make_initiative(
        index, long_khanh, title="Mo hinh mot cua lien thong", area=_area("to-chuc-bo-may"),
        summary="Bo phan tiep nhan ho so lam viec ca ngay thu bay.",
        status=InitiativeStatus.SUBMITTED, start_date=datetime.date(2022, 8, 1))
    p["tan_an"] = make_initiative(
        index, tan_an, title="Tổ công nghệ số cộng đồng Tân An", area=_area("chinh-phu-so"),
        summary="Đoàn viên hướng dẫn người dân cài đặt ứng dụng định danh điện tử.",
        status=InitiativeStatus.SUBMITTED, start_date=datetime.date(2024, 9, 1))
    p["tan_an_2"] = make_initiative(
        index, tan_an_2, title="Tổ công nghệ số cộng đồng Tấn An", area=_area("chinh-phu-so"),
        summary="Thanh niên hướng dẫn người dân nộp hồ sơ trực tuyến.",
        status=InitiativeStatus.SUBMITTED, start_date=datetime.date(2024, 9, 1))
    p["draft"] = make_initiative(
        index, long_khanh, title="Bản nháp không dùng tiền mặt", live=False, area=_area("tai-chinh-cong"),
        summary="Chưa xuất bản: không được xuất hiện trong kết quả tìm kiếm.")
    # Distinct, deterministic publication times: later in the list = newer.
    base = timezone.make_aware(datetime.datetime(2025, 1, 1, 8, 0))
    order = ["no_diacritics", "cashless", "delivery", "scattered", "tan_an", "tan_an_2"]
    for i, key in enumerate(order):
        type(p[key]).objects.filter(pk=p[key].pk).update(first_published_at=base + i * DAY)
    return p


@pytest.fixture
def corpus(site, django_capture_on_commit_callbacks):
    """The corpus, indexed through the real path: publish signals -> on_commit -> Celery (eager)."""
    with django_capture_on_commit_callbacks(execute=True):
        pages = build_corpus(site)
    from search.indexing import all_initiative_ids, refresh_entries

    # Tags and publication dates were set after publishing: re-index, as a republish would.
    refresh_entries(all_initiative_ids())
    return pages
