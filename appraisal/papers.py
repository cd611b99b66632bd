"""Minutes of the council meeting (biên bản họp hội đồng) on one application, as PDF: members present,
conflicts declared and who was recused, the legal checks of Regulation Art. 3, the vote, the rubric's
aggregate, the decision and its reasons, and a quorum override when there was one."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from initiatives.pdf import BOLD, Paper, vn_date, vn_num

from core.formatting import person_name
from .conflicts import is_conflicted
from .models import ConflictDeclaration
from .recognition_actions import required_ballots


def _name(user):
    return person_name(user)


def minutes_pdf(entry):
    decision = entry.decision
    council = entry.round.council
    page = entry.initiative
    users = get_user_model().objects.filter(pk__in=council.active_member_ids() | {council.chair_id})
    ballots = {b.member_id: b for b in entry.ballots.all()}
    assignments = {a.member_id: a for a in entry.assignments.all()}
    present = [u for u in users if u.pk in ballots or u.pk in assignments or u.pk == council.chair_id]
    declared = list(ConflictDeclaration.objects.filter(initiative=page).select_related("member"))
    recused = [a for a in assignments.values() if a.recused_at]
    automatic = [u for u in users if is_conflicted(u, page) and u.pk not in {d.member_id for d in declared}]

    paper = Paper(_("Biên bản họp hội đồng — %(t)s") % {"t": page.title})
    paper.national_header(council.name)
    paper.centred(_("BIÊN BẢN HỌP HỘI ĐỒNG XÉT CÔNG NHẬN SÁNG KIẾN"), BOLD, 13)
    paper.pairs([
        (_("Hội đồng"), f"{council.name} ({council.get_level_display()})"),
        (_("Đợt"), entry.round.name),
        (_("Sáng kiến"), page.title),
        (_("Đơn vị"), page.origin_unit.name),
    ])
    paper.heading(_("Thành viên có mặt"))
    for user in present:
        role = _("Chủ tịch") if user.pk == council.chair_id else _("Thành viên")
        paper.text(f"- {_name(user)} ({role})", indent=6)
    paper.heading(_("Xung đột lợi ích"))
    if not (declared or automatic or recused):
        paper.text(_("Không có thành viên nào có xung đột lợi ích."), indent=6)
    for item in declared:
        paper.text(_("- %(m)s khai báo: %(t)s") % {"m": _name(item.member), "t": item.get_type_display()}, indent=6)
    for user in automatic:
        paper.text(_("- %(m)s: cùng đơn vị hoặc đơn vị cấp trên (tự động)") % {"m": _name(user)}, indent=6)
    for assignment in recused:
        paper.text(_("- %(m)s rút khỏi chấm, không biểu quyết") % {"m": _name(assignment.member)}, indent=6)
    paper.heading(_("Kiểm tra điều kiện công nhận (Điều 3 Điều lệ Sáng kiến)"))
    check = getattr(entry, "legal_check", None) if hasattr(entry, "legal_check") else None
    if check is None:
        paper.text(_("Không ghi (quyết định trả lại để bổ sung)."), indent=6)
    else:
        for label, value in check.items():
            paper.text(f"- {label}: {_('Đạt') if value else _('Không đạt')}", indent=6)
        if check.reasons:
            paper.text(_("Lý do: %(r)s") % {"r": check.reasons}, indent=6)
    paper.heading(_("Biểu quyết"))
    minimum, rules = required_ballots(entry.round)
    paper.text(_("Đồng ý: %(f)s; không đồng ý: %(a)s; tối thiểu: %(m)s phiếu.") % {
        "f": decision.votes_for, "a": decision.votes_against, "m": minimum}, indent=6)
    if rules is not None:
        paper.text(_("Quy định chi tiết của tỉnh: %(name)s — %(cite)s.") % {"name": rules.name, "cite": rules.citation},
                   indent=6)
    if decision.quorum_override_reason:
        paper.text(_("Chủ tịch quyết định khi chưa đủ số phiếu tối thiểu. Lý do: %(r)s")
                   % {"r": decision.quorum_override_reason}, indent=6)
    paper.heading(_("Điểm theo bộ tiêu chí (tham khảo)"))
    paper.text(_("Điểm bình quân: %(s)s") % {"s": vn_num(decision.final_score)}, indent=6)
    paper.heading(_("Kết luận"))
    paper.pairs([
        (_("Kết quả"), decision.get_outcome_display() + (f" — {decision.get_level_display()}" if decision.level else "")),
        (_("Quyết định số"), decision.decision_number),
        (_("Ngày quyết định"), vn_date(decision.decision_date)),
        (_("Lý do"), decision.reasoning),
    ])
    return paper.bytes()
