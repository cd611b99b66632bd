"""Demo content of this app, loaded by `manage.py load_demo` after initiatives, rollout and appraisal
(idempotent). The movement "Đẩy mạnh cải cách hành chính, nâng cao chất lượng công vụ" is named
in the Lạc Thủy article (../shared/seeds/002_aae7396db1233190.txt, Báo Hòa Bình 2020), which
reports commendations to replicate good models. Points come from the demo's real events through
the real rules (rebuild); the awards (a collective's form, an individual's title) are illustrative and
say so."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from appraisal.models import Rubric
from initiatives.demo import demo_user
from initiatives.models import InitiativePage
from units.models import AdministrativeUnit, UnitLevel

from .actions import sign_missing_credentials
from .models import (
    Award,
    AwardKind,
    AwardStatus,
    CampaignPage,
    CampaignPhase,
    CampaignTarget,
    Enrolment,
    FeaturedModel,
    LeaderboardRow,
    PeerGroup,
    PhaseKind,
)
from .setup import ensure_campaign_index

SLUG = "day-manh-cchc-nang-cao-chat-luong-cong-vu-2020-2025"
TITLE = "Đẩy mạnh CCHC, nâng cao chất lượng công vụ giai đoạn 2020-2025"
PHASES = [
    (PhaseKind.REGISTRATION, datetime.date(2020, 1, 1), datetime.date(2020, 6, 30), "Các đơn vị đăng ký giao ước thi đua"),
    (PhaseKind.IMPLEMENTATION, datetime.date(2020, 7, 1), datetime.date(2025, 12, 31), ""),
    (PhaseKind.APPRAISAL, datetime.date(2026, 1, 1), datetime.date(2026, 9, 30), "Hội đồng thi đua chấm điểm"),
    (PhaseKind.AWARDING, datetime.date(2026, 10, 1), datetime.date(2026, 12, 31), "Tổng kết, khen thưởng"),
]
TARGETS = [("dossiers_on_time_pct", 98), ("sipas", 90)]
FEATURED = ["lac-thuy-bo-phan-tiep-nhan-hien-dai", "xuan-loc-goc-cntt-huong-dan-dich-vu-cong",
            "long-khanh-b-nguoi-dan-khong-viet"]
RULES_TEXT = (
    "<p>Đơn vị tham gia được cộng điểm tự động theo các quy tắc công khai trên trang này: gửi sáng kiến, "
    "sáng kiến được công nhận, được đơn vị khác nhân rộng, mô hình đi vào vận hành, chỉ số đạt chỉ tiêu "
    "và báo cáo đúng hạn.</p><p>Dữ liệu minh hoạ: phong trào được dựng lại từ bài báo nguồn để trình diễn "
    "phần mềm; điểm số tính từ các sáng kiến minh hoạ.</p>")


def _campaign(index):
    campaign = CampaignPage.objects.filter(slug=SLUG).first()
    if campaign is not None:
        return campaign, False
    campaign = CampaignPage(
        title=TITLE, slug=SLUG, theme="Thi đua nhân rộng các mô hình, sáng kiến cải cách hành chính hiệu quả",
        intro="Phong trào thi đua “Đẩy mạnh cải cách hành chính, nâng cao chất lượng công vụ” được nêu trong "
              "bài viết về 10 năm cải cách hành chính của huyện Lạc Thủy (Báo Hòa Bình, 2020).",
        rules_text=RULES_TEXT, leaderboard_size=20, rubric=Rubric.default())
    campaign.phases = [CampaignPhase(kind=k, starts_on=s, ends_on=e, note=n, sort_order=i)
                       for i, (k, s, e, n) in enumerate(PHASES)]
    campaign.targets = [CampaignTarget(metric_code=c, target_value=v, sort_order=i) for i, (c, v) in enumerate(TARGETS)]
    campaign.featured_models = [FeaturedModel(initiative=page, sort_order=i) for i, page in enumerate(
        InitiativePage.objects.filter(slug__in=FEATURED))]
    index.add_child(instance=campaign)
    campaign.save_revision().publish()
    return campaign, True


def _enrol(campaign, editor):
    """The demo's units: every unit with an initiative or an adoption. Communes join a peer group by
    their type (wards and towns: urban; communes: rural) so the peer boards have members."""
    from rollout.models import Adoption

    from .actions import enrol_unit

    unit_ids = set(InitiativePage.objects.values_list("origin_unit_id", flat=True))
    unit_ids |= set(Adoption.objects.values_list("unit_id", flat=True))
    units = list(AdministrativeUnit.objects.filter(pk__in=unit_ids))
    for unit in units:
        enrol_unit(editor, campaign, unit)
    groups = {g.slug: g for g in PeerGroup.objects.filter(slug__in=["phuong-do-thi", "xa-nong-thon"])}
    for unit in units:
        if unit.level != UnitLevel.COMMUNE:
            continue
        slug = "phuong-do-thi" if unit.unit_type in ("Phường", "Thị trấn") else "xa-nong-thon"
        if slug in groups:
            groups[slug].units.add(unit)


AUTHOR_INITIATIVE = "phu-thuan-b-tiep-nhan-truc-tuyen-hop-xet-tai-nha"  # recognised (illustrative) by appraisal.demo
AUTHOR = {"full_name": "Trần Minh An (nhân vật minh hoạ)", "position": "Công chức bộ phận một cửa (minh hoạ)"}


def _award(campaign, editor):
    """Two awards, both signed and verifiable: a collective's form (the board's leader, Bằng khen of the
    province's chair) and an individual's title (an illustrative author of a recognised initiative,
    "Lao động tiên tiến" from the commune chair: Law 06/2022/QH15 Art. 80 cl. 3). Illustrative, and
    say so; a second run adds nothing."""
    from .actions import confirm_award, propose_award
    from .leaderboard import board_rows
    from .models import Person

    council = demo_user("council_dong_thap")
    top = board_rows(campaign).first()
    if top is not None and not Award.objects.filter(campaign=campaign, recipient_person__isnull=True).exists():
        award = propose_award(
            council, campaign, AwardKind.BANG_KHEN_TINH,
            "Dữ liệu minh hoạ: đơn vị dẫn đầu bảng xếp hạng phong trào, có nhiều sáng kiến cải cách hành chính "
            "được công nhận và nhân rộng.", unit=top.unit, issuer_name="Chủ tịch UBND tỉnh (minh hoạ)", year=2025)
        confirm_award(editor, award, "01/QĐ-MINHHOA", datetime.date(2026, 10, 15))
    initiative = InitiativePage.objects.filter(slug=AUTHOR_INITIATIVE).first()
    if initiative is None or Award.objects.filter(campaign=campaign, recipient_person__isnull=False).exists():
        return
    person, _created = Person.objects.get_or_create(full_name=AUTHOR["full_name"], defaults={
        "position": AUTHOR["position"], "workplace_unit": initiative.origin_unit})
    person.authored_initiatives.add(initiative)
    award = propose_award(
        council, campaign, "ld_tien_tien",
        "Dữ liệu minh hoạ: tác giả sáng kiến được công nhận, hoàn thành tốt nhiệm vụ năm 2025.",
        person=person, issuer_name=f"Chủ tịch UBND {initiative.origin_unit.name} (minh hoạ)", year=2025)
    confirm_award(editor, award, "02/QĐ-MINHHOA", datetime.date(2026, 1, 10))


def load(stdout):
    """Create or update this app's demo content. Must be safe to run twice."""
    from .leaderboard import refresh_leaderboard
    from .tasks import rebuild_campaign, refresh_campaign_leaderboard

    index = ensure_campaign_index()
    editor = demo_user("editor")
    with transaction.atomic():
        campaign, created = _campaign(index)
        _enrol(campaign, editor)
    rebuild_campaign.apply(args=(campaign.pk,))
    if not LeaderboardRow.objects.filter(campaign=campaign).exclude(movement="new").exists():
        # Last month's board from the events dated until then, so "movement" has something to show.
        last_month_end = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
        refresh_leaderboard(campaign, today=last_month_end, as_of=last_month_end)
    refresh_campaign_leaderboard.apply(args=(campaign.pk,))
    _award(campaign, editor)
    sign_missing_credentials(editor)  # awards a previous version of the demo decided unsigned
    stdout.write(_("Phong trào thi đua minh hoạ: %(title)s (%(state)s), %(units)d đơn vị, %(entries)d bút toán điểm, "
                   "%(awards)d khen thưởng đã quyết định.") % {
        "title": campaign.title, "state": _("tạo mới") if created else _("đã có"),
        "units": Enrolment.objects.filter(campaign=campaign).count(), "entries": campaign.point_entries.count(),
        "awards": Award.objects.filter(campaign=campaign, status=AwardStatus.CONFIRMED).count()})
