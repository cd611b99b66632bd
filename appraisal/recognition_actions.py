"""Actions of the recognition decision (Decree 13/2012/NĐ-CP, Initiative Regulation Art. 3 and 7) and of
the later scope-of-influence decision. Each checks permission server-side, locks the row it decides on
before reading it, writes atomically, records a Wagtail log entry on the initiative (its History),
and sends side effects on commit. Re-exported by appraisal.actions."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from initiatives.signals import recognition_changed
from initiatives.models import InitiativePage
from initiatives.status import InfluenceScope, InitiativeStatus

from core.formatting import person_name
from .conflicts import is_conflicted
from .provincial import ballots_required
from .models import CURRENT_COUNCIL_LEVELS, Ballot, CouncilLevel, Decision, LegalCheck, RoundEntry, ScopeDecision
from .rules import is_active_member, is_chair

logger = logging.getLogger("nhanrong.appraisal")

# Which scopes of influence a council of each level may decide (the competent level decides).
SCOPES_FOR_COUNCIL = {
    CouncilLevel.BASE: [InfluenceScope.BASE],
    CouncilLevel.PROVINCE: [InfluenceScope.BASE, InfluenceScope.PROVINCE],
    CouncilLevel.NATIONAL: [InfluenceScope.BASE, InfluenceScope.PROVINCE, InfluenceScope.NATIONAL],
}


def vote_tally(entry_id):
    """(for, against) of an entry's ballots, in one query."""
    votes = list(Ballot.objects.filter(entry_id=entry_id).values_list("in_favour", flat=True))
    return sum(1 for v in votes if v), sum(1 for v in votes if not v)


def expected_outcome(check_passed, votes_for, votes_against):
    """Recognition needs every Art. 3 condition met and more ballots for than against (a majority of the
    ballots cast: the Regulation leaves the council's voting rule to it; this is the product's rule)."""
    if check_passed and votes_for > votes_against:
        return "recognised"
    return "not_recognised"


def _locked_undecided(entry):
    locked = RoundEntry.objects.select_for_update().select_related("round__council", "initiative").get(pk=entry.pk)
    if Decision.objects.filter(entry=locked).exists():
        raise ValidationError(_("Sáng kiến này đã có quyết định."))
    return locked


def record_legal_checks(user, entry, *, is_new, is_applied, not_excluded, reasons=""):
    """The chair records the three conditions of Regulation Art. 3 for the applying unit."""
    council = entry.round.council
    if not is_chair(user, council):
        raise PermissionDenied(_("Chỉ chủ tịch hội đồng được ghi kết quả kiểm tra điều kiện công nhận."))
    if is_conflicted(user, entry.initiative):
        raise PermissionDenied(_("Chủ tịch hội đồng có xung đột lợi ích với sáng kiến này."))
    errors = []
    labels = {"is_new": _("Tính mới trong phạm vi đơn vị"), "is_applied": _("Đã áp dụng hoặc áp dụng thử"),
              "not_excluded": _("Không thuộc đối tượng bị loại trừ")}
    values = {"is_new": is_new, "is_applied": is_applied, "not_excluded": not_excluded}
    for name, value in values.items():
        if value not in (True, False):
            errors.append(_("%(field)s: hãy chọn Đạt hoặc Không đạt.") % {"field": labels[name]})
    reasons = (reasons or "").strip()
    if not errors and not all(values.values()) and not reasons:
        errors.append(_("Lý do: khi có điều kiện không đạt, hội đồng phải ghi rõ lý do từ chối "
                        "(Điều lệ Sáng kiến, Điều 7 khoản 1 điểm b)."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _locked_undecided(entry)
        check, _created = LegalCheck.objects.update_or_create(
            entry=locked, defaults={**values, "reasons": reasons, "recorded_by": user})
        log(locked.initiative, "nhanrong.recognition.checks", user=user,
            data={"entry": locked.pk, **values})
    logger.info("entry %s: legal checks %s by %s", entry.pk, values, user.pk)
    return check


def cast_vote(user, entry, in_favour):
    """A council member present votes for or against recognition; a second vote replaces the first
    until the decision. A conflicted member (declared, automatic or recused) cannot vote."""
    council = entry.round.council
    if not is_active_member(user, council):
        raise PermissionDenied(_("Chỉ thành viên đương nhiệm của hội đồng được biểu quyết."))
    if is_conflicted(user, entry.initiative) or entry.assignments.filter(member=user, recused_at__isnull=False).exists():
        raise PermissionDenied(_("Phiếu biểu quyết: %(member)s có xung đột lợi ích với sáng kiến “%(title)s”, "
                                 "không được biểu quyết.") % {"member": person_name(user),
                                                              "title": entry.initiative.title})
    if in_favour not in (True, False):
        raise ValidationError(_("Phiếu biểu quyết: hãy chọn Đồng ý hoặc Không đồng ý."))
    with transaction.atomic():
        locked = _locked_undecided(entry)
        ballot, _created = Ballot.objects.update_or_create(entry=locked, member=user,
                                                           defaults={"in_favour": in_favour})
        log(locked.initiative, "nhanrong.recognition.vote", user=user, data={"entry": locked.pk})
    logger.info("entry %s: ballot by %s", entry.pk, user.pk)
    return ballot


def required_ballots(appraisal_round):
    """(minimum ballots, provincial rules or None): the round's minimum, raised to the meeting quorum of
    the council's provincial text when it sets one (appraisal.provincial.ballots_required)."""
    rules = appraisal_round.council.provincial_rules
    if rules is None or not rules.has_meeting_quorum:
        return appraisal_round.min_ballots, rules
    members = appraisal_round.council.active_memberships().count()
    return ballots_required(appraisal_round.min_ballots, members, rules.meeting_quorum_numerator,
                            rules.meeting_quorum_denominator), rules


def check_recognition_rules(locked, outcome, quorum_override_reason):
    """The errors that refuse a recognition decision (read under the entry's lock)."""
    appraisal_round = locked.round
    errors = []
    if appraisal_round.council.level not in CURRENT_COUNCIL_LEVELS or appraisal_round.council.is_dissolved:
        errors.append(_("Hội đồng: %(council)s đã ngừng hoạt động (cấp huyện, trước 01/07/2025); không ghi "
                        "quyết định mới.") % {"council": appraisal_round.council})
    check = LegalCheck.objects.filter(entry=locked).first()
    if check is None:
        errors.append(_("Điều kiện công nhận (Điều 3): hội đồng cần ghi kết quả kiểm tra trước khi quyết định."))
    votes_for, votes_against = vote_tally(locked.pk)
    cast = votes_for + votes_against
    minimum, rules = required_ballots(appraisal_round)
    if cast < minimum and not (quorum_override_reason or "").strip():
        basis = ""
        if rules is not None and minimum > appraisal_round.min_ballots:
            basis = _(" (họp hợp lệ khi có ít nhất %(n)s/%(d)s số thành viên dự họp: %(source)s)") % {
                "n": rules.meeting_quorum_numerator, "d": rules.meeting_quorum_denominator, "source": rules.name}
        errors.append(_("Số phiếu biểu quyết: mới có %(cast)s phiếu, đợt này cần tối thiểu %(min)s%(basis)s. Chủ tịch "
                        "chỉ được quyết định khi ghi rõ lý do.") % {"cast": cast, "min": minimum, "basis": basis})
    if check is not None and outcome in ("recognised", "not_recognised"):
        expected = expected_outcome(check.passed, votes_for, votes_against)
        if outcome != expected:
            if not check.passed:
                errors.append(_("Kết quả: sáng kiến không đạt điều kiện của Điều 3, chỉ có thể từ chối công nhận."))
            else:
                errors.append(_("Kết quả: phải theo biểu quyết (%(for)s đồng ý, %(against)s không đồng ý).")
                              % {"for": votes_for, "against": votes_against})
    return errors, votes_for, votes_against


def scope_councils(user, initiative):
    """The councils in which `user` may decide the scope of influence of `initiative`: current
    (not dissolved, not district) councils covering its unit (a national council covers every unit),
    that the user chairs, or any of them for an administrator."""
    from .models import Council

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    councils = Council.objects.filter(level__in=CURRENT_COUNCIL_LEVELS, dissolved_on__isnull=True)
    if not user.is_superuser:
        councils = councils.filter(chair=user)
    return [c for c in councils.order_by("name")
            if c.level == CouncilLevel.NATIONAL or initiative.origin_unit_id in c.scope_unit_ids()]


def not_recognised_error(initiative):
    """The refusal of a scope decision on an initiative not (or no longer) recognised, or None."""
    if initiative.status == InitiativeStatus.RECOGNISED:
        return None
    return _("Phạm vi ảnh hưởng: chỉ quyết định cho sáng kiến đã được công nhận (hiện: %(status)s).") % {
        "status": initiative.get_status_display()}


def scope_errors(council, initiative, scope, *, decision_number, decision_date, reasoning):
    """Why a scope-of-influence decision would be refused (each message names its field); [] when it
    may be recorded. Read again under the initiative's lock by decide_scope."""
    errors = [message] if (message := not_recognised_error(initiative)) else []
    if council.is_dissolved or council.level not in CURRENT_COUNCIL_LEVELS:
        errors.append(_("Hội đồng: %(council)s đã ngừng hoạt động.") % {"council": council})
    elif scope not in InfluenceScope.values:
        errors.append(_("Phạm vi ảnh hưởng: giá trị không hợp lệ."))
    elif scope not in SCOPES_FOR_COUNCIL[council.level]:
        errors.append(_("Phạm vi ảnh hưởng: hội đồng %(level)s không có thẩm quyền quyết định phạm vi “%(scope)s”.")
                      % {"level": council.get_level_display().lower(), "scope": InfluenceScope(scope).label})
    if council.level != CouncilLevel.NATIONAL and initiative.origin_unit_id not in council.scope_unit_ids():
        errors.append(_("Sáng kiến: đơn vị %(unit)s không thuộc phạm vi của hội đồng.") % {"unit": initiative.origin_unit})
    if not (decision_number or "").strip():
        errors.append(_("Số quyết định: không được để trống."))
    if decision_date is None:
        errors.append(_("Ngày quyết định: không được để trống."))
    elif initiative.decision_date and decision_date < initiative.decision_date:
        errors.append(_("Ngày quyết định: không được trước ngày công nhận sáng kiến (%(day)s).")
                      % {"day": initiative.decision_date.strftime("%d/%m/%Y")})
    if not (reasoning or "").strip():
        errors.append(_("Căn cứ, nhận xét: hội đồng cần ghi căn cứ (hồ sơ minh chứng nhân rộng)."))
    return errors


def decide_scope(user, council, initiative, scope, *, decision_number, decision_date, reasoning):
    """The scope of influence of a recognised initiative, decided later by the competent council (its
    chair, or an administrator recording the council's decision)."""
    if not (is_chair(user, council) or (getattr(user, "is_superuser", False) and user.is_active)):
        raise PermissionDenied(_("Chỉ chủ tịch hội đồng được ghi quyết định phạm vi ảnh hưởng."))
    if is_conflicted(user, initiative):
        raise PermissionDenied(_("Chủ tịch hội đồng có xung đột lợi ích với sáng kiến này."))
    with transaction.atomic():
        page = InitiativePage.objects.select_for_update().select_related("origin_unit").get(pk=initiative.pk)
        errors = scope_errors(council, page, scope, decision_number=decision_number, decision_date=decision_date,
                              reasoning=reasoning)
        if errors:
            raise ValidationError(errors)
        decision = ScopeDecision.objects.create(
            initiative=page, council=council, scope=scope, decision_number=decision_number.strip(),
            decision_date=decision_date, reasoning=reasoning.strip(), decided_by=user)
        InitiativePage.objects.filter(pk=page.pk).update(
            influence_scope=scope, scope_decision_number=decision.decision_number, scope_decision_date=decision_date)
        log(page, "nhanrong.recognition.scope", user=user,
            data={"scope": scope, "decision_number": decision.decision_number, "council": council.pk})
        transaction.on_commit(lambda: recognition_changed.send(sender=InitiativePage, initiative_id=page.pk))
    logger.info("initiative %s: scope %s (%s) by %s", initiative.pk, scope, decision.decision_number, user.pk)
    return decision
