"""Every write of the appraisal app is a named action here: it checks permission, writes atomically,
logs to "nhanrong.appraisal" and sends notifications on commit. Admin views, form posts, the API and
the demo loader call these functions, so every path follows the same rules (conflicts included).
Scoring actions live in appraisal.scoring_actions and are re-exported here."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from core.audit import audit

from initiatives import actions as initiative_actions
from initiatives.models import InitiativePage
from core.roles import can_act_for_unit
from initiatives.status import InitiativeStatus, RecognitionLevel

from . import tasks
from .aggregation import entry_summaries
from .conflicts import is_conflicted
from .models import (AppraisalRound, Assignment, ClarificationRequest, ConflictDeclaration, CouncilLevel,
                     Decision, DecisionOutcome, PrivateNote, RoundEntry, RoundStatus, Rubric, ScoreSheet)
from .recognition_actions import (cast_vote, check_recognition_rules, decide_scope,  # noqa: F401
                                  record_legal_checks)
from .rules import can_manage_round, can_see_discussion, is_active_member, is_chair
from .scoring_actions import ScoreConflict, ensure_entry_open, record_score, submit_scoresheet  # noqa: F401

logger = logging.getLogger("nhanrong.appraisal")

# The recognition levels a council of each level may grant today. A district council (before 1 July
# 2025) grants nothing anew; its past decisions stay as they are.
LEVELS_FOR_COUNCIL = {
    CouncilLevel.BASE: [RecognitionLevel.COMMUNE],
    CouncilLevel.DISTRICT: [],
    CouncilLevel.PROVINCE: [RecognitionLevel.COMMUNE, RecognitionLevel.PROVINCE],
    CouncilLevel.NATIONAL: [RecognitionLevel.COMMUNE, RecognitionLevel.PROVINCE, RecognitionLevel.NATIONAL],
}
# A recognition carries the level of the council that decided it unless the chair names a lower one.
COUNCIL_RECOGNITION_LEVEL = {CouncilLevel.BASE: RecognitionLevel.COMMUNE, CouncilLevel.PROVINCE: RecognitionLevel.PROVINCE,
                             CouncilLevel.NATIONAL: RecognitionLevel.NATIONAL}


def _require_manager(user, appraisal_round):
    if not can_manage_round(user, appraisal_round):
        raise PermissionDenied(_("Chỉ chủ tịch hội đồng “%(council)s” được thực hiện thao tác này.")
                               % {"council": appraisal_round.council})


def _require_open_round(appraisal_round):
    if appraisal_round.status != RoundStatus.OPEN:
        raise ValidationError(_("Đợt “%(round)s” không còn mở (trạng thái: %(status)s).")
                              % {"round": appraisal_round, "status": appraisal_round.get_status_display()})


def open_round(user, council, name, soft_deadline, hard_deadline, *, min_reviewers=3, rubric=None,
               min_ballots=None):
    if not (is_chair(user, council) or user.is_superuser):
        raise PermissionDenied(_("Chỉ chủ tịch hội đồng được mở đợt thẩm định."))
    if council.is_dissolved or council.level == CouncilLevel.DISTRICT:
        raise ValidationError(_("Hội đồng: %(council)s (cấp huyện, trước 01/07/2025) đã ngừng hoạt động; không "
                                "mở đợt mới.") % {"council": council})
    from django.conf import settings

    min_ballots = settings.RECOGNITION_MIN_BALLOTS if min_ballots is None else min_ballots
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Tên đợt thẩm định không được để trống."))
    if hard_deadline < soft_deadline:
        raise ValidationError(_("Hạn chót (%(hard)s) phải sau hoặc trùng hạn chấm dự kiến (%(soft)s).")
                              % {"hard": hard_deadline.strftime("%d/%m/%Y"), "soft": soft_deadline.strftime("%d/%m/%Y")})
    if min_reviewers < 1:
        raise ValidationError(_("Số người chấm tối thiểu phải từ 1 trở lên."))
    if AppraisalRound.objects.filter(council=council, name=name).exists():
        raise ValidationError(_("Hội đồng đã có đợt tên “%(name)s”.") % {"name": name})
    with transaction.atomic():
        # A new round takes the newest version of the rubric (setup_actions.new_rubric_version); the
        # rubric's lock: a criterion edited or a version made meanwhile waits, or is refused.
        rubric = (rubric or council.rubric).newest()
        Rubric.objects.select_for_update().filter(pk=rubric.pk).first()
        appraisal_round = AppraisalRound.objects.create(
            council=council, name=name, soft_deadline=soft_deadline, hard_deadline=hard_deadline,
            min_reviewers=min_reviewers, min_ballots=min_ballots, rubric=rubric, created_by=user)
        audit(appraisal_round, "nhanrong.round.open", user,
              data={"council": council.pk, "rubric": appraisal_round.rubric_id, "soft_deadline": str(soft_deadline),
                    "hard_deadline": str(hard_deadline), "min_reviewers": min_reviewers, "min_ballots": min_ballots})
    logger.info("round %s opened for council %s by %s", appraisal_round.pk, council.pk, user.pk)
    return appraisal_round


def _mark_decided_if_done(round_id):
    """A closed round whose entries all have a decision is "decided". An open round stays open: the
    chair may still add initiatives to it."""
    if not RoundEntry.objects.filter(round_id=round_id, decision__isnull=True).exists():
        AppraisalRound.objects.filter(pk=round_id, status=RoundStatus.CLOSED).update(status=RoundStatus.DECIDED)


def close_round(user, appraisal_round):
    """Stops scoring and adding (before the decisions); decided entries stay decided."""
    _require_manager(user, appraisal_round)
    _require_open_round(appraisal_round)
    with transaction.atomic():
        AppraisalRound.objects.filter(pk=appraisal_round.pk).update(status=RoundStatus.CLOSED)
        _mark_decided_if_done(appraisal_round.pk)
        audit(appraisal_round, "nhanrong.round.close", user, data={"from": appraisal_round.status})
    appraisal_round.refresh_from_db()
    logger.info("round %s closed by %s", appraisal_round.pk, user.pk)
    return appraisal_round


def add_entries(user, appraisal_round, initiatives):
    """Puts submitted initiatives of the council's scope into the round; they become "under appraisal"."""
    _require_manager(user, appraisal_round)
    _require_open_round(appraisal_round)
    scope = appraisal_round.council.scope_unit_ids()
    errors, entries = [], []
    for page in initiatives:
        if page.status != InitiativeStatus.SUBMITTED:
            errors.append(_("“%(title)s”: chỉ đưa vào đợt được sáng kiến đã gửi thẩm định (hiện: %(status)s).")
                          % {"title": page.title, "status": page.get_status_display()})
        elif page.origin_unit_id not in scope:
            errors.append(_("“%(title)s”: đơn vị %(unit)s không thuộc phạm vi của hội đồng.")
                          % {"title": page.title, "unit": page.origin_unit})
        elif RoundEntry.objects.filter(round=appraisal_round, initiative=page).exists():
            errors.append(_("“%(title)s” đã có trong đợt này.") % {"title": page.title})
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for page in initiatives:
            entries.append(RoundEntry.objects.create(round=appraisal_round, initiative=page))
            initiative_actions.start_appraisal(user, page, note=_("Đưa vào %(round)s") % {"round": appraisal_round},
                                               authorised=True)
        audit(appraisal_round, "nhanrong.round.add_entries", user,
              data={"initiatives": [page.pk for page in initiatives], "entries": [e.pk for e in entries]})
    logger.info("round %s: %s entries added by %s", appraisal_round.pk, len(entries), user.pk)
    return entries


def _create_assignments(user, pairs):
    created = []
    for entry, member in pairs:
        assignment, new = Assignment.objects.get_or_create(entry=entry, member=member,
                                                           defaults={"assigned_by": user})
        if new:
            ScoreSheet.objects.create(assignment=assignment)
            created.append(assignment)
    ids = [a.pk for a in created]
    if ids:
        transaction.on_commit(lambda: tasks.notify_assignments.delay(ids))
    return created


def assign_members(user, appraisal_round, *, mode="manual", entry=None, members=()):
    """mode "manual": `members` to `entry`; "all": every eligible member to every entry; "auto": each
    entry gets at least `min_reviewers` members, least-loaded first. Conflicted members are never
    assigned: refused in manual mode, skipped otherwise. Returns (created assignments, shortfalls)
    where shortfalls lists the entries that could not reach min_reviewers."""
    _require_manager(user, appraisal_round)
    _require_open_round(appraisal_round)
    council = appraisal_round.council
    member_ids = council.active_member_ids()
    pairs, shortfalls = [], []
    if mode == "manual":
        if entry is None or entry.round_id != appraisal_round.pk:
            raise ValidationError(_("Hãy chọn một sáng kiến của đợt này."))
        ensure_entry_open(entry)
        errors = []
        for member in members:
            if member.pk not in member_ids:
                errors.append(_("%(member)s không phải thành viên đương nhiệm của hội đồng.") % {"member": member})
            elif is_conflicted(member, entry.initiative):
                errors.append(_("%(member)s có xung đột lợi ích với sáng kiến “%(title)s”, không thể phân công.")
                              % {"member": member, "title": entry.initiative.title})
            else:
                pairs.append((entry, member))
        if errors:
            raise ValidationError(errors)
    elif mode in ("auto", "all"):
        from django.contrib.auth import get_user_model

        candidates = list(get_user_model().objects.filter(pk__in=member_ids).select_related("affiliation"))
        entries = list(appraisal_round.entries.filter(decision__isnull=True).select_related("initiative"))
        load = {m.pk: 0 for m in candidates}
        existing = {}
        for entry_id, member_id in Assignment.objects.filter(
                entry__round=appraisal_round, recused_at__isnull=True).values_list("entry_id", "member_id"):
            existing.setdefault(entry_id, set()).add(member_id)
            if member_id in load:
                load[member_id] += 1
        eligible = {e.pk: [m for m in candidates if not is_conflicted(m, e.initiative)] for e in entries}
        # Hardest entries first (fewest eligible members), so they get their reviewers.
        for item in sorted(entries, key=lambda e: (len(eligible[e.pk]), e.pk)):
            have = existing.get(item.pk, set())
            pool = [m for m in eligible[item.pk] if m.pk not in have]
            if mode == "auto":
                pool.sort(key=lambda m: (load[m.pk], m.pk))
                pool = pool[:max(0, appraisal_round.min_reviewers - len(have))]
            for member in pool:
                pairs.append((item, member))
                load[member.pk] += 1
            if len(have) + len(pool) < appraisal_round.min_reviewers:
                shortfalls.append(item)
    else:
        raise ValidationError(_("Cách phân công không hợp lệ."))
    with transaction.atomic():
        created = _create_assignments(user, pairs)
        if created:
            audit(appraisal_round, "nhanrong.round.assign", user,
                  data={"mode": mode, "assignments": [[a.entry_id, a.member_id] for a in created]})
    logger.info("round %s: %s assignments (%s) by %s", appraisal_round.pk, len(created), mode, user.pk)
    return created, shortfalls


def declare_conflict(user, initiative, conflict_type, note=""):
    """A member declares a conflict; any assignment they hold on the initiative is recused."""
    from .models import ConflictType

    if conflict_type not in ConflictType.values:
        raise ValidationError(_("Loại xung đột lợi ích không hợp lệ."))
    if not (user.council_memberships.exists() or user.chaired_councils.exists()):
        raise PermissionDenied(_("Chỉ thành viên hội đồng khai báo xung đột lợi ích."))
    with transaction.atomic():
        # History is never overwritten: a new declaration replaces the current one, and the audit row of
        # each declaration keeps what it replaced (type, note, when it was declared) with who and when.
        previous = (ConflictDeclaration.objects.select_for_update().filter(member=user, initiative=initiative)
                    .values("type", "note", "created_at").first())
        declaration, _created = ConflictDeclaration.objects.update_or_create(
            member=user, initiative=initiative, defaults={"type": conflict_type, "note": note})
        recused = list(Assignment.objects.filter(member=user, entry__initiative=initiative, entry__decision__isnull=True,
                                                 recused_at__isnull=True).values_list("pk", flat=True))
        Assignment.objects.filter(pk__in=recused).update(recused_at=timezone.now())
        if previous is not None:
            previous["created_at"] = previous["created_at"].isoformat()
        audit(declaration, "nhanrong.conflict.declare", user, note=note,
              data={"initiative": initiative.pk, "type": conflict_type, "previous": previous, "recused": recused})
    logger.info("member %s declared conflict (%s) on initiative %s", user.pk, conflict_type, initiative.pk)
    return declaration


def add_private_note(user, entry, body):
    if not can_see_discussion(user, entry):
        raise PermissionDenied(_("Bạn không được tham gia trao đổi về sáng kiến này (không thuộc hội đồng "
                                 "hoặc có xung đột lợi ích)."))
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Nội dung trao đổi không được để trống."))
    with transaction.atomic():
        note = PrivateNote.objects.create(entry=entry, author=user, body=body)
        # The body stays in the note (private to the council); the row says who wrote, when.
        audit(note, "nhanrong.entry.private_note", user, data={"entry": entry.pk})
    logger.info("entry %s: private note %s by %s", entry.pk, note.pk, user.pk)
    return note


def request_clarification(user, entry, questions, deadline):
    """The initiative goes back to the commune with the questions (status "returned")."""
    assigned = entry.assignments.filter(member=user, recused_at__isnull=True).exists()
    if not (assigned or is_chair(user, entry.round.council)) or is_conflicted(user, entry.initiative):
        raise PermissionDenied(_("Chỉ thành viên được phân công chấm (không có xung đột lợi ích) hoặc chủ tịch "
                                 "hội đồng được yêu cầu bổ sung."))
    ensure_entry_open(entry)
    questions = (questions or "").strip()
    if not questions:
        raise ValidationError(_("Hãy ghi rõ nội dung cần đơn vị bổ sung."))
    if deadline is None or deadline < timezone.localdate():
        raise ValidationError(_("Hạn trả lời phải từ hôm nay trở đi."))
    if entry.clarifications.filter(answered_at__isnull=True).exists():
        raise ValidationError(_("Sáng kiến đang có một yêu cầu bổ sung chưa được trả lời."))
    with transaction.atomic():
        request = ClarificationRequest.objects.create(entry=entry, requested_by=user, questions=questions,
                                                      deadline=deadline)
        initiative_actions.return_for_changes(user, entry.initiative, questions, authorised=True)
        audit(request, "nhanrong.clarification.request", user, data={"entry": entry.pk, "deadline": str(deadline)})
        transaction.on_commit(lambda: tasks.notify_clarification.delay(request.pk))
    logger.info("entry %s: clarification %s requested by %s", entry.pk, request.pk, user.pk)
    return request


def answer_clarification(user, request, answer):
    """The commune answers (after editing the page: a new revision) and the initiative is resubmitted
    and goes straight back under appraisal in the same round."""
    page = request.entry.initiative
    if not can_act_for_unit(user, page.origin_unit_id):
        raise PermissionDenied(_("Chỉ cán bộ của đơn vị có sáng kiến được trả lời yêu cầu bổ sung."))
    if not request.is_open:
        raise ValidationError(_("Yêu cầu bổ sung này đã được trả lời."))
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError(_("Nội dung trả lời không được để trống."))
    with transaction.atomic():
        ClarificationRequest.objects.filter(pk=request.pk).update(answer=answer, answered_by=user,
                                                                  answered_at=timezone.now())
        initiative_actions.submit_initiative(user, page, note=_("Trả lời yêu cầu bổ sung: %s") % answer)
        initiative_actions.start_appraisal(user, page, note=_("Tiếp tục thẩm định sau khi bổ sung"), authorised=True)
        audit(request, "nhanrong.clarification.answer", user, data={"entry": request.entry_id})
    request.refresh_from_db()
    logger.info("clarification %s answered by %s", request.pk, user.pk)
    return request


def record_decision(user, entry, outcome, *, decision_number, decision_date, reasoning, level="",
                    quorum_override_reason=""):
    """The chair records the council's decision. Recognition (Regulation Art. 7(1)) is yes/no: the Art. 3
    checks must be recorded first (any "no" = refusal with written reasons), the ballots must reach the
    round's minimum unless the chair records why not, and the outcome follows the vote. The rubric's
    aggregate informs and is stored; it decides nothing. Scores are locked from then on and the
    initiative's status follows. The entry is locked before anything about it is read."""
    council = entry.round.council
    if not is_chair(user, council):
        raise PermissionDenied(_("Chỉ chủ tịch hội đồng được ghi quyết định."))
    if is_conflicted(user, entry.initiative):
        raise PermissionDenied(_("Chủ tịch hội đồng có xung đột lợi ích với sáng kiến này, không thể quyết định."))
    level = level or COUNCIL_RECOGNITION_LEVEL.get(council.level, "")
    with transaction.atomic():
        # The entry's lock first, then the scores: a sheet submitted meanwhile (submit_scoresheet takes
        # the same lock) is either counted here or refused there, never left out silently.
        locked = RoundEntry.objects.select_for_update().get(pk=entry.pk)
        if Decision.objects.filter(entry=locked).exists():
            raise ValidationError(_("Sáng kiến này đã có quyết định."))
        errors = []
        if outcome not in DecisionOutcome.values:
            errors.append(_("Kết quả không hợp lệ."))
        if outcome == DecisionOutcome.RECOGNISED and level not in LEVELS_FOR_COUNCIL.get(council.level, []):
            errors.append(_("Cấp công nhận: hội đồng %(council_level)s chỉ công nhận đến cấp của mình.")
                          % {"council_level": council.get_level_display().lower()})
        if not (decision_number or "").strip():
            errors.append(_("Số quyết định: không được để trống."))
        if decision_date is None:
            errors.append(_("Ngày quyết định: không được để trống."))
        if not (reasoning or "").strip():
            errors.append(_("Lý do: hội đồng cần ghi nhận xét, lý do của quyết định."))
        summary = entry_summaries([locked.pk])[locked.pk]
        if outcome != DecisionOutcome.RETURNED and summary.count == 0:
            errors.append(_("Chưa có phiếu chấm nào được nộp cho sáng kiến này."))
        if ClarificationRequest.objects.filter(entry=locked, answered_at__isnull=True).exists():
            errors.append(_("Đơn vị chưa trả lời yêu cầu bổ sung; chưa thể quyết định."))
        votes_for = votes_against = 0
        if outcome in (DecisionOutcome.RECOGNISED, DecisionOutcome.NOT_RECOGNISED):
            more, votes_for, votes_against = check_recognition_rules(locked, outcome, quorum_override_reason)
            errors += more
        if errors:
            raise ValidationError(errors)
        decision = Decision.objects.create(
            entry=locked, outcome=outcome, level=level if outcome == DecisionOutcome.RECOGNISED else "",
            decision_number=decision_number.strip(), decision_date=decision_date, reasoning=reasoning.strip(),
            final_score=summary.mean, decided_by=user, votes_for=votes_for, votes_against=votes_against,
            quorum_override_reason=(quorum_override_reason or "").strip())
        page = entry.initiative
        note = reasoning.strip()
        check = getattr(locked, "legal_check", None) if outcome == DecisionOutcome.NOT_RECOGNISED else None
        if check is not None and check.reasons and check.reasons not in note:
            note = f"{check.reasons}\n{note}"
        if outcome == DecisionOutcome.RECOGNISED:
            initiative_actions.recognise_initiative(user, page, level, note, authorised=True)
        elif outcome == DecisionOutcome.NOT_RECOGNISED:
            initiative_actions.reject_initiative(user, page, note, authorised=True)
        else:
            initiative_actions.return_for_changes(user, page, note, authorised=True)
        if outcome != DecisionOutcome.RETURNED:
            # Lifecycle fields are not in page revisions; they are written on the row, like the status.
            InitiativePage.objects.filter(pk=page.pk).update(
                decision_number=decision.decision_number, decision_date=decision_date,
                final_score=decision.final_score, council_name=council.name)
        log(page, "nhanrong.recognition.decision", user=user,
            data={"outcome": outcome, "decision_number": decision.decision_number,
                  "votes_for": votes_for, "votes_against": votes_against,
                  "quorum_override": bool(decision.quorum_override_reason)})
        _mark_decided_if_done(entry.round_id)
        transaction.on_commit(lambda: tasks.notify_decision.delay(decision.pk))
    logger.info("entry %s decided (%s, %s) by %s", entry.pk, outcome, decision.decision_number, user.pk)
    return decision


__all__ = [
    "ScoreConflict", "add_entries", "cast_vote", "decide_scope", "record_legal_checks", "add_private_note", "answer_clarification", "assign_members", "close_round",
    "declare_conflict", "is_active_member", "open_round", "record_decision", "record_score",
    "request_clarification", "submit_scoresheet",
]
