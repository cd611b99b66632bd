"""Demo content of the appraisal app, loaded by `manage.py load_demo` after initiatives.demo (idempotent).

A provincial council of Đồng Tháp appraises the 2024 models of Hồng Ngự district reported in
../shared/seeds/004_b644bbf001a7fc5a.txt: one decided round and one open round with assignments, so
that `hoidong_dongthap` sees "Việc của tôi" and the chair sees aggregates and decisions.

Its members are bound to units in force today (issue 18): the province of Đồng Tháp formed on 1/7/2025
(key "82", Đồng Tháp and Tiền Giang merged) and today's communes; the initiatives keep the pre-2025
communes and district the article names. `hoidong_hongngu` works for Xã Long Khánh, which succeeded
Long Khánh A and B of the abolished Hồng Ngự district: conflicted on their initiatives and on the
district's (appraisal.conflicts), which the open round shows.

The article names the models but gives no appraisal: every score, decision number and date here is
ILLUSTRATIVE demo data, and the decision notes say so. Everything goes through appraisal.actions.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from core import roles
from initiatives.models import InitiativePage
from initiatives.status import InitiativeStatus
from units.models import Affiliation

from . import actions
from .conflicts import is_conflicted
from .evidence import dossier_links, evidence
from .models import (AppraisalRound, Council, ProvincialRules, CouncilLevel, CouncilMembership, Decision, RoundEntry, Rubric,
                     ScopeDecision)

COUNCIL_NAME = "Hội đồng thẩm định sáng kiến tỉnh Đồng Tháp"
SOURCE = "004_b644bbf001a7fc5a.txt (Hồng Ngự, Đồng Tháp, 2024)"
ILLUSTRATIVE = ("Điểm, số và ngày quyết định là dữ liệu minh hoạ: bài báo nguồn %s chỉ nêu tên mô hình, "
                "không nêu kết quả thẩm định." % SOURCE)

# Today's Tỉnh Đồng Tháp (Đồng Tháp "h87" and Tiền Giang "h82" merged on 1/7/2025).
PROVINCE = "82"
# Accounts of this council besides those of initiatives.demo ("hoidong_dongthap", "hoidong_tanhong"),
# each bound to a unit in force today.
OWN_USERS = {
    "chutich_dongthap": ("Chủ tịch", "hội đồng tỉnh", PROVINCE, "Sở Nội vụ tỉnh Đồng Tháp"),
    "hoidong_khcn_dongthap": ("Thành viên", "Sở KH&CN", PROVINCE, "Sở Khoa học và Công nghệ tỉnh Đồng Tháp"),
    # Works for Xã Long Khánh (29983), formed from Long Khánh A and B of the abolished Hồng Ngự district:
    # automatically conflicted on their initiatives (the open round's) and on the district's (shown in the demo).
    "hoidong_hongngu": ("Thành viên", "xã Long Khánh", "29983", "UBND xã Long Khánh"),
}
DECIDED_ROUND = "Đợt 1 năm 2024 (minh hoạ)"
OPEN_ROUND = "Đợt 1 năm 2026 (minh hoạ)"
# slug -> outcome, level, decision number, illustrative scores per member (default rubric: 5 criteria, 0..10)
DECIDED = {
    "phu-thuan-b-tiep-nhan-truc-tuyen-hop-xet-tai-nha": (
        "recognised", "province", "MH-01/QĐ-HĐTĐ (minh hoạ)",
        {"hoidong_dongthap": (8, 9, 8, 10, 8), "hoidong_tanhong": (7, 8, 8, 9, 7),
         "hoidong_khcn_dongthap": (8, 8, 7, 9, 8)}),
    "hong-ngu-phong-y-te-cap-giay-attp-tai-nha": (
        "recognised", "commune", "MH-02/QĐ-HĐTĐ (minh hoạ)",
        {"hoidong_dongthap": (6, 7, 6, 7, 6), "hoidong_tanhong": (5, 7, 5, 6, 6),
         "hoidong_khcn_dongthap": (7, 6, 6, 7, 5)}),
}
# The whole path for one application (issue 14): receipt -> Art. 3 checks -> ballots -> recognition ->
# certificate -> later the scope of influence, decided on the replication evidence dossier. The source
# reports no replication of this 2024 model, so the dossier shows none and the (illustrative) decision
# is the base scope: effective where it is applied. Receipt and decision dates are illustrative too.
RECEIVED_ON = datetime.date(2024, 10, 1)
SCOPE = {"phu-thuan-b-tiep-nhan-truc-tuyen-hop-xet-tai-nha": (
    "base", "MH-05/QĐ-HĐTĐ (minh hoạ)", datetime.date(2025, 9, 15))}
OPEN_SLUG = "long-khanh-a-ngay-thu-nam-khong-hen"
OPEN_REVIEWERS = ("hoidong_dongthap", "hoidong_tanhong", "hoidong_khcn_dongthap")
OPEN_SUBMITTED = {"hoidong_khcn_dongthap": (9, 8, 7, 8, 8)}  # one sheet already in, the others to do


def _demo_module():
    try:
        from initiatives import demo
    except ImportError:  # pragma: no cover - initiatives.demo always exists in this repository
        return None
    return demo


def _ensure_user(username, first, last, unit, office, password):
    User = get_user_model()
    user, _created = User.objects.get_or_create(username=username, defaults={
        "first_name": first, "last_name": last, "email": f"{username}@nhanrong.invalid"})
    if not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=roles.COUNCIL_MEMBERS))
    Affiliation.objects.update_or_create(user=user, defaults={"unit": unit, "office": office})
    return user


def _users(demo):
    password = demo.demo_password() if hasattr(demo, "demo_password") else "nhanrong-demo"
    users = {}
    for username, (first, last, unit_key, office) in OWN_USERS.items():
        unit = demo.find_unit(unit_key)
        if unit is None:
            return None
        users[username] = _ensure_user(username, first, last, unit, office, password)
    for username in ("hoidong_dongthap", "hoidong_tanhong"):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:  # initiatives.demo did not create it: make our own with the same convention
            unit = demo.find_unit(PROVINCE)
            user = _ensure_user(username, "Thành viên", "hội đồng", unit, "Sở Nội vụ tỉnh Đồng Tháp", password)
        users[username] = user
    return users


def _council(demo, users):
    # Today's province: its scope holds the old provinces merged into it and every unit below them
    # (Council.scope_unit_ids, units.models.rollup_ids).
    province = demo.find_unit(PROVINCE)
    council, _created = Council.objects.get_or_create(name=COUNCIL_NAME, defaults={
        "level": CouncilLevel.PROVINCE, "chair": users["chutich_dongthap"], "rubric": Rubric.default()})
    council.scope_units.add(province)
    # Đồng Tháp's own text since 10/11/2025 (QĐ 132/2025/QĐ-UBND), seeded by migration 0006 with its
    # source only: its body could not be read, so it sets no rule and the chair's list says so.
    rules = ProvincialRules.objects.filter(source_number="132/2025/QĐ-UBND").first()
    if rules and council.provincial_rules_id is None:
        Council.objects.filter(pk=council.pk).update(provincial_rules=rules)
        council.provincial_rules = rules
    for username, user in users.items():
        CouncilMembership.objects.get_or_create(council=council, user=user, defaults={
            "position": "Chủ tịch" if user == council.chair else "Thành viên",
            "term_start": datetime.date(2024, 1, 1), "term_end": datetime.date(2028, 12, 31)})
    return council


def _page(slug):
    return InitiativePage.objects.filter(slug=slug).first()


def _round(council, name, soft, hard, min_reviewers=3):
    existing = AppraisalRound.objects.filter(council=council, name=name).first()
    return existing or actions.open_round(council.chair, council, name, soft, hard, min_reviewers=min_reviewers)


def _entry(council, appraisal_round, page):
    entry = RoundEntry.objects.filter(round=appraisal_round, initiative=page).first()
    if entry is None and page.status == InitiativeStatus.SUBMITTED and appraisal_round.status == "open":
        entry = actions.add_entries(council.chair, appraisal_round, [page])[0]
    return entry


def _score(entry, users, sheets, submit=True):
    """sheets: {username: values}. Assign (by hand) and score through the actions, once."""
    members = [users[name] for name in sheets]
    new = [m for m in members if not entry.assignments.filter(member=m).exists()]
    if new:
        actions.assign_members(entry.round.council.chair, entry.round, mode="manual", entry=entry, members=new)
    criteria = list(entry.round.rubric.criteria.all())
    for name, values in sheets.items():
        if values is None:
            continue
        assignment = entry.assignments.select_related("sheet").get(member=users[name])
        if assignment.sheet.is_submitted:
            continue
        scores = {c.pk: {"value": v, "comment": "Điểm minh hoạ."} for c, v in zip(criteria, values, strict=True)}
        sheet = actions.record_score(users[name], assignment, scores, version=assignment.sheet.version,
                                     confidence="medium", overall_comment="Phiếu chấm minh hoạ (dữ liệu demo).")
        if submit:
            actions.submit_scoresheet(users[name], assignment, version=sheet.version)


def load(stdout):
    """Create or update this app's demo content. Safe to run twice."""
    demo = _demo_module()
    if demo is None or demo.find_unit(PROVINCE) is None:
        stdout.write(f"Thẩm định: chưa có đơn vị Tỉnh Đồng Tháp ({PROVINCE}); bỏ qua nội dung minh hoạ.\n")
        return
    users = _users(demo)
    if users is None:
        stdout.write("Thẩm định: thiếu đơn vị hành chính cho thành viên hội đồng; bỏ qua.\n")
        return
    council = _council(demo, users)
    today = timezone.localdate()

    # A decided round. Scoring happens while it is open (deadlines ahead); its dates are then set to
    # the illustrative 2024 calendar, which the actions would refuse for new scores (past deadline).
    decided_round = _round(council, DECIDED_ROUND, today + datetime.timedelta(days=1),
                           today + datetime.timedelta(days=2))
    decided = 0
    entries = []
    for slug, (outcome, level, number, sheets) in DECIDED.items():
        page = _page(slug)
        entry = _entry(council, decided_round, page) if page else None
        if entry is None:
            stdout.write(f"Thẩm định: bỏ qua “{slug}” (chưa có hoặc không ở trạng thái đã gửi).\n")
            continue
        entries.append((entry, outcome, level, number, sheets))
    if decided_round.status == "open":
        for entry, _outcome, _level, _number, sheets in entries:
            _score(entry, users, sheets)
        actions.close_round(council.chair, decided_round)
    for entry, outcome, level, number, _sheets in entries:  # noqa: B007
        if not Decision.objects.filter(entry=entry).exists():
            # The Art. 3 checks and the ballots come first (illustrative, like the scores).
            if not hasattr(entry, "legal_check"):
                actions.record_legal_checks(council.chair, entry, is_new=True, is_applied=True, not_excluded=True,
                                            reasons=ILLUSTRATIVE)
            for voter in [council.chair, *(users[name] for name in _sheets)]:
                if not is_conflicted(voter, entry.initiative):
                    actions.cast_vote(voter, entry, outcome == "recognised")
            actions.record_decision(council.chair, entry, outcome, level=level, decision_number=number,
                                    decision_date=datetime.date(2024, 12, 20), reasoning=ILLUSTRATIVE)
        decided += 1
    AppraisalRound.objects.filter(pk=decided_round.pk).update(
        soft_deadline=datetime.date(2024, 11, 30), hard_deadline=datetime.date(2024, 12, 10))
    # The receipts the submissions issued carry the load's date: put them on the illustrative calendar
    # (before the round), as the round's deadlines above.
    from initiatives.models import ApplicationReceipt

    ApplicationReceipt.objects.filter(initiative__in=[e.initiative_id for e, *_rest in entries],
                                      received_on__gt=RECEIVED_ON).update(received_on=RECEIVED_ON)
    scopes = _scopes(council)

    open_round = _round(council, OPEN_ROUND, today + datetime.timedelta(days=14), today + datetime.timedelta(days=30))
    page = _page(OPEN_SLUG)
    entry = _entry(council, open_round, page) if page else None
    if entry is not None:
        _score(entry, users, {name: OPEN_SUBMITTED.get(name) for name in OPEN_REVIEWERS})
    stdout.write(
        f"Thẩm định: {COUNCIL_NAME}: {decided} quyết định minh hoạ, {scopes} quyết định phạm vi ảnh hưởng, "
        f"đợt đang mở có "
        f"{entry.assignments.count() if entry else 0} phân công. Chủ tịch: chutich_dongthap; "
        f"thành viên: {', '.join(n for n in users if n != 'chutich_dongthap')} (cùng mật khẩu demo).\n")


def _scopes(council):
    """The later scope-of-influence decisions, on the evidence dossier (once)."""
    done = 0
    for slug, (scope, number, day) in SCOPE.items():
        page = _page(slug)
        if page is None or page.status != InitiativeStatus.RECOGNISED:
            continue
        if not ScopeDecision.objects.filter(initiative=page).exists():
            summary = evidence(page)
            url, _pdf = dossier_links(page)
            basis = summary["lines"][0] if summary else "chưa lập được hồ sơ minh chứng"
            actions.decide_scope(council.chair, council, page, scope, decision_number=number, decision_date=day,
                                 reasoning=f"Hồ sơ minh chứng nhân rộng ({url or ''}): {basis} "
                                           f"Hiệu quả tại đơn vị áp dụng. {ILLUSTRATIVE}")
        done += 1
    return done
