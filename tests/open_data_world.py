"""A small world for the open-data tests: published and unpublished initiatives, adoptions,
observations, a campaign with a leaderboard and awards, and the private things that must never leak
(a draft, an unpublished page, a council member's individual score and comment, a conflict note, a
proposed award, an undecided initiative's provisional score)."""

import datetime
from decimal import Decimal

import pytest

from initiatives.models import InitiativePage, ReformArea
from core.roles import EDITORS
from initiatives.status import InitiativeStatus, RecognitionLevel
from rollout import actions
from rollout.models import AdoptionStatus, Metric
from rollout.periods import Period
from tests.factories import UnitFactory, make_campaign, make_council, make_initiative, make_member

SECRET_COMMENT = "NHẬN XÉT RIÊNG CỦA THÀNH VIÊN"
SECRET_SCORE = Decimal("7.77")
SECRET_CONFLICT = "XUNG ĐỘT LỢI ÍCH RIÊNG"
DRAFT_TITLE = "Sáng kiến còn là bản nháp"
UNPUBLISHED_TITLE = "Sáng kiến chưa đăng"
PROPOSED_CITATION = "Đề nghị khen chưa quyết định"


@pytest.fixture
def world(site, province, commune, other_commune):
    from appraisal.models import AppraisalRound, Assignment, ConflictDeclaration, Rubric, RoundEntry, Score
    from campaigns.leaderboard import refresh_leaderboard
    from campaigns.models import Award, AwardKind, AwardStatus, Enrolment, PointEntry

    editor = make_member(EDITORS, username="bientap_od")
    member = make_member("Thành viên hội đồng", province, username="tv_bimat")
    area = ReformArea.objects.order_by("sort_order").first()
    other_area = ReformArea.objects.order_by("sort_order").last()
    third = UnitFactory(code="29960", key="29960", name="Xã Tân Hộ Cơ", short_name="Tân Hộ Cơ", parent=province)

    submitted = make_initiative(site["index"], commune, title="Một cửa thân thiện", status=InitiativeStatus.SUBMITTED,
                                area=area, start_date=datetime.date(2023, 5, 1))
    recognised = make_initiative(site["index"], other_commune, title="Ngày thứ Năm không hẹn",
                                 status=InitiativeStatus.RECOGNISED, area=other_area,
                                 start_date=datetime.date(2024, 2, 1),
                                 recognition_level=RecognitionLevel.PROVINCE, decision_number="12/QĐ-UBND",
                                 decision_date=datetime.date(2024, 12, 20), final_score=Decimal("81.25"))
    # An officer's draft: saved, never published (officers cannot publish).
    draft = make_initiative(site["index"], commune, title=DRAFT_TITLE, status=InitiativeStatus.DRAFT, live=False)
    unpublished = make_initiative(site["index"], commune, title=UNPUBLISHED_TITLE,
                                  status=InitiativeStatus.SUBMITTED, live=False)
    # A provisional figure on an undecided initiative is not public.
    InitiativePage.objects.filter(pk=submitted.pk).update(final_score=SECRET_SCORE)
    recognised.tags.add("một cửa")
    recognised.save_revision().publish()

    first = actions.record_adoption(editor, submitted, other_commune, status=AdoptionStatus.OPERATING,
                                    start_date=datetime.date(2023, 9, 1), responsible_office="Bộ phận Một cửa")
    second = actions.record_adoption(editor, submitted, third, replicated_from=first)
    actions.record_adoption(editor, recognised, commune, status=AdoptionStatus.PILOTING)
    hidden = actions.record_adoption(editor, draft, third)
    hidden_unpublished = actions.record_adoption(editor, unpublished, other_commune)
    sipas = Metric.objects.get(code="sipas")
    for year, value in ((2021, "97.5"), (2022, "98.4"), (2023, "98.65")):
        actions.record_observation(editor, other_commune, sipas, Period.year_of(year), value, f"Báo cáo {year}")
    actions.record_observation(editor, third, sipas, Period.year_of(2023), "96", "Báo cáo 2023", adoption=second)
    actions.record_observation(editor, third, sipas, Period.year_of(2022), "11.11", "BÍ MẬT", adoption=hidden)
    actions.record_observation(editor, other_commune, sipas, Period.year_of(2021), "22.22", "BÍ MẬT",
                               adoption=hidden_unpublished)

    # The council's private work on the submitted initiative.
    council = make_council(member, [], [province], name="Hội đồng thử dữ liệu mở")
    rubric = Rubric.default()
    round_ = AppraisalRound.objects.create(council=council, name="Đợt 1", rubric=rubric,
                                           soft_deadline=datetime.date(2030, 1, 1),
                                           hard_deadline=datetime.date(2030, 2, 1))
    entry = RoundEntry.objects.create(round=round_, initiative=submitted)
    assignment = Assignment.objects.create(entry=entry, member=member)
    Score.objects.create(assignment=assignment, criterion=rubric.criteria.first(), value=SECRET_SCORE,
                         comment=SECRET_COMMENT)
    ConflictDeclaration.objects.create(member=member, initiative=recognised, type="other", note=SECRET_CONFLICT)

    campaign = make_campaign("thi-dua-mo")
    for unit in (commune, other_commune, third):
        Enrolment.objects.create(campaign=campaign, unit=unit)
    for key, unit, points in (("a", commune, 30), ("b", other_commune, 50), ("c", third, 10)):
        PointEntry.objects.create(campaign=campaign, unit=unit, points=points, event_key=key,
                                  event_date=datetime.date.today())
    refresh_leaderboard(campaign)
    confirmed = Award.objects.create(
        campaign=campaign, kind=AwardKind.BANG_KHEN_TINH, recipient_unit=other_commune, citation="Xuất sắc",
        status=AwardStatus.CONFIRMED, decision_number="99/QĐ-UBND", decision_date=datetime.date(2024, 12, 30))
    Award.objects.create(campaign=campaign, kind=AwardKind.GIAY_KHEN_XA, recipient_initiative=draft,
                         citation="Khen sáng kiến", status=AwardStatus.CONFIRMED, decision_number="5/QĐ",
                         decision_date=datetime.date(2023, 3, 1))
    Award.objects.create(campaign=campaign, kind=AwardKind.GIAY_KHEN_XA, recipient_unit=commune,
                         citation=PROPOSED_CITATION, status=AwardStatus.PROPOSED)
    return {"submitted": submitted, "recognised": recognised, "draft": draft, "unpublished": unpublished,
            "first": first, "second": second, "third": third, "commune": commune, "other": other_commune,
            "province": province, "campaign": campaign, "confirmed": confirmed, "area": area,
            "other_area": other_area, "member": member}


def assert_nothing_private(text):
    for secret in (DRAFT_TITLE, UNPUBLISHED_TITLE, SECRET_COMMENT, SECRET_CONFLICT, "7.77", "7,77", "tv_bimat",
                   "BÍ MẬT", "11.11", "11,11", "22.22", "22,22", PROPOSED_CITATION, "bientap_od"):
        assert secret not in text, secret
