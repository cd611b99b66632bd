"""Council screens: rounds (chair: open, add entries, assign, close) and an entry's page
(aggregates, sheets, private notes, clarifications, conflict declaration, decision)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.formatting import person_name
from .. import actions
from ..aggregation import entry_summaries, suggested_level
from ..conflicts import is_conflicted
from ..forms import (AddEntriesForm, AssignForm, ClarificationForm, ConflictForm, DecisionForm, LegalCheckForm, NoteForm,
                     OpenRoundForm, VoteForm)
from ..recognition_actions import required_ballots, vote_tally
from ..models import AppraisalRound, Council, RoundEntry
from ..queries import addable_initiatives, councils_of, round_entries, rounds_for
from ..rules import can_manage_round, can_see_discussion, can_see_scores, is_active_member, is_chair, own_assignment
from core.confirmation import confirmation_page, is_confirmed

from .common import form_errors, run_action
from .member import other_sheets


def _round_or_403(request, round_id):
    appraisal_round = get_object_or_404(AppraisalRound.objects.select_related("council", "rubric"), pk=round_id)
    if not (is_active_member(request.user, appraisal_round.council) or request.user.is_superuser):
        raise PermissionDenied
    return appraisal_round


def _entry_or_403(request, entry_id):
    entry = get_object_or_404(RoundEntry.objects.select_related(
        "round__council", "round__rubric", "initiative__origin_unit"), pk=entry_id)
    if not is_active_member(request.user, entry.round.council):
        raise PermissionDenied
    return entry


def rounds(request):
    chaired = [c for c in councils_of(request.user) if is_chair(request.user, c)]
    if request.method == "POST":
        council = get_object_or_404(Council, pk=request.POST.get("council"))
        form = OpenRoundForm(request.POST)
        if form.is_valid():
            ok, appraisal_round = run_action(
                request, actions.open_round, request.user, council, form.cleaned_data["name"],
                form.cleaned_data["soft_deadline"], form.cleaned_data["hard_deadline"],
                min_reviewers=form.cleaned_data["min_reviewers"], rubric=form.cleaned_data["rubric"],
                min_ballots=form.cleaned_data.get("min_ballots"),
                success=_("Đã mở đợt thẩm định."))
            if ok:
                return redirect("appraisal_rounds:round", appraisal_round.pk)
        else:
            form_errors(request, form)
    return TemplateResponse(request, "appraisal/admin/rounds.html", {
        "page_title": _("Đợt thẩm định"), "header_icon": "list-ul",
        "rounds": rounds_for(request.user), "chaired": chaired, "form": OpenRoundForm()})


def round_detail(request, round_id):
    appraisal_round = _round_or_403(request, round_id)
    manager = can_manage_round(request.user, appraisal_round)
    entries = list(round_entries(appraisal_round))
    summaries = entry_summaries([e.pk for e in entries]) if manager else {}
    for entry in entries:
        # The chair sees the numbers, except on an initiative they are conflicted on.
        entry.summary = summaries.get(entry.pk) if manager and not is_conflicted(request.user, entry.initiative) else None
    context = {
        "page_title": appraisal_round.name, "page_subtitle": str(appraisal_round.council), "header_icon": "list-ul",
        "round": appraisal_round, "entries": entries, "manager": manager,
    }
    if manager and appraisal_round.status == "open":
        context["add_form"] = AddEntriesForm(queryset=addable_initiatives(appraisal_round))
        context["assign_form"] = AssignForm(appraisal_round=appraisal_round)
    return TemplateResponse(request, "appraisal/admin/round.html", context)


@require_POST
def round_action(request, round_id, what):
    appraisal_round = _round_or_403(request, round_id)
    if what == "entries":
        form = AddEntriesForm(request.POST, queryset=addable_initiatives(appraisal_round))
        if form.is_valid():
            run_action(request, actions.add_entries, request.user, appraisal_round,
                       list(form.cleaned_data["initiatives"]), success=_("Đã đưa sáng kiến vào đợt."))
        else:
            form_errors(request, form)
    elif what == "assign":
        form = AssignForm(request.POST, appraisal_round=appraisal_round)
        if form.is_valid():
            ok, result = run_action(request, actions.assign_members, request.user, appraisal_round,
                                    mode=form.cleaned_data["mode"], entry=form.cleaned_data["entry"],
                                    members=list(form.cleaned_data["members"]))
            if ok:
                created, shortfalls = result
                from django.contrib import messages

                messages.success(request, _("Đã phân công %(n)s lượt chấm.") % {"n": len(created)})
                for entry in shortfalls:
                    messages.warning(request, _("“%(title)s” chưa đủ %(n)s người chấm không có xung đột lợi ích.")
                                     % {"title": entry.initiative.title, "n": appraisal_round.min_reviewers})
        else:
            form_errors(request, form)
    elif what == "close":
        if not can_manage_round(request.user, appraisal_round):
            raise PermissionDenied
        if not is_confirmed(request, "close_round", appraisal_round.pk):
            return _confirm_close(request, appraisal_round)
        run_action(request, actions.close_round, request.user, appraisal_round, success=_("Đã khoá chấm đợt này."))
    else:
        raise PermissionDenied
    return redirect("appraisal_rounds:round", appraisal_round.pk)


def entry_detail(request, entry_id):
    entry = _entry_or_403(request, entry_id)
    user = request.user
    conflicted = is_conflicted(user, entry.initiative)
    visible = can_see_scores(user, entry)
    summary, sheets = other_sheets(entry) if visible else (None, [])
    chair = is_chair(user, entry.round.council)
    decision = getattr(entry, "decision", None) if entry.is_decided else None
    suggestion = None
    if summary and summary.mean is not None:
        from ..actions import LEVELS_FOR_COUNCIL

        suggestion = suggested_level(summary.mean, entry.round.rubric.thresholds.values_list("min_score", "level"),
                                     LEVELS_FOR_COUNCIL[entry.round.council.level])
    check = getattr(entry, "legal_check", None) if hasattr(entry, "legal_check") else None
    votes_for, votes_against = vote_tally(entry.pk)
    my_ballot = entry.ballots.filter(member=user).first()
    can_vote = not decision and not conflicted and not entry.assignments.filter(member=user, recused_at__isnull=False).exists()
    return TemplateResponse(request, "appraisal/admin/entry.html", {
        "legal_check": check, "votes_for": votes_for, "votes_against": votes_against,
        "ballots_cast": votes_for + votes_against, "min_ballots": required_ballots(entry.round)[0], "my_ballot": my_ballot,
        "vote_form": VoteForm(initial={"vote": ("for" if my_ballot.in_favour else "against")} if my_ballot else None)
        if can_vote else None,
        "check_form": LegalCheckForm(initial={
            name: ("yes" if getattr(check, name) else "no") for name in ("is_new", "is_applied", "not_excluded")}
            | {"reasons": check.reasons} if check else None) if chair and not decision and not conflicted else None,
        "minutes_url": reverse("recognition_papers:minutes", args=[entry.pk]) if decision else None,
        "page_title": entry.initiative.title, "page_subtitle": entry.round.name, "header_icon": "doc-full",
        "entry": entry, "conflicted": conflicted, "can_see_scores": visible, "summary": summary, "sheets": sheets,
        "criteria": entry.round.rubric.criteria.all(),
        "notes": entry.notes.select_related("author") if can_see_discussion(user, entry) else None,
        "clarifications": entry.clarifications.select_related("requested_by", "answered_by"),
        "own": own_assignment(user, entry), "chair": chair, "decision": decision, "suggestion": suggestion,
        "note_form": NoteForm(), "clarification_form": ClarificationForm(), "conflict_form": ConflictForm(),
        "decision_form": DecisionForm(initial={"level": suggestion or ""}) if chair and not decision and not conflicted else None,
    })


@require_POST
def entry_action(request, entry_id, what):
    entry = _entry_or_403(request, entry_id)
    forms = {"note": NoteForm, "clarify": ClarificationForm, "conflict": ConflictForm, "decide": DecisionForm,
             "checks": LegalCheckForm, "vote": VoteForm}
    if what not in forms:
        raise PermissionDenied
    form = forms[what](request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("appraisal_rounds:entry", entry.pk)
    data = form.cleaned_data
    if what == "note":
        run_action(request, actions.add_private_note, request.user, entry, data["body"], success=_("Đã ghi trao đổi."))
    elif what == "clarify":
        run_action(request, actions.request_clarification, request.user, entry, data["questions"], data["deadline"],
                   success=_("Đã gửi yêu cầu bổ sung; sáng kiến được trả lại đơn vị."))
    elif what == "conflict":
        ok, _result = run_action(request, actions.declare_conflict, request.user, entry.initiative, data["type"],
                                 data["note"], success=_("Đã ghi nhận khai báo xung đột lợi ích."))
        if ok:
            return redirect("appraisal_work:index")
    elif what == "checks":
        run_action(request, actions.record_legal_checks, request.user, entry, **form.values(),
                   reasons=data["reasons"], success=_("Đã ghi kết quả kiểm tra điều kiện công nhận."))
    elif what == "vote":
        run_action(request, actions.cast_vote, request.user, entry, data["vote"] == "for",
                   success=_("Đã ghi phiếu biểu quyết."))
    else:
        if not is_chair(request.user, entry.round.council):
            raise PermissionDenied
        if not is_confirmed(request, "record_decision", entry.pk):
            return _confirm_decision(request, entry, form)
        run_action(request, actions.record_decision, request.user, entry, data["outcome"], level=data["level"],
                   decision_number=data["decision_number"], decision_date=data["decision_date"],
                   reasoning=data["reasoning"], quorum_override_reason=data["quorum_override_reason"],
                   success=_("Đã ghi quyết định."))
    return redirect("appraisal_rounds:entry", entry.pk)


def _confirm_close(request, appraisal_round):
    """Locking scoring is irreversible: say what happens and to whom before the action runs."""
    from ..models import Assignment

    pending = (Assignment.objects.filter(entry__round=appraisal_round, recused_at__isnull=True)
               .filter(sheet__submitted_at__isnull=True).select_related("member", "entry__initiative"))
    waiting = [_("%(member)s chưa nộp phiếu chấm “%(title)s”") % {
        "member": person_name(a.member), "title": a.entry.initiative.title} for a in pending]
    return confirmation_page(
        request, "close_round", appraisal_round.pk, title=_("Khoá chấm đợt “%(name)s”") % {"name": appraisal_round.name},
        subtitle=str(appraisal_round.council),
        consequences=[_("Thành viên hội đồng không chấm, không sửa phiếu và không đưa thêm sáng kiến vào đợt này được nữa."),
                      _("Phiếu chưa nộp không được tính vào điểm tổng hợp."),
                      _("Sau khi khoá, chủ tịch ghi quyết định cho từng sáng kiến.")],
        recipients=waiting or [_("Mọi phiếu chấm của đợt đã được nộp.")],
        confirm_label=_("Khoá chấm"), cancel_url=reverse("appraisal_rounds:round", args=[appraisal_round.pk]))


def _confirm_decision(request, entry, form):
    data = form.cleaned_data
    from ..models import DecisionOutcome

    outcome = dict(DecisionOutcome.choices).get(data["outcome"], data["outcome"])
    level = dict(form.fields["level"].choices).get(data["level"]) if data.get("level") else ""
    what = _("Kết quả: %(outcome)s") % {"outcome": outcome}
    if level:
        what += " — " + _("cấp công nhận: %(level)s") % {"level": level}
    unit = entry.initiative.origin_unit
    return confirmation_page(
        request, "record_decision", entry.pk, title=_("Ghi quyết định thẩm định"), subtitle=entry.initiative.title,
        consequences=[what,
                      _("Quyết định số %(number)s ngày %(date)s.") % {
                          "number": data["decision_number"], "date": data["decision_date"].strftime("%d/%m/%Y")},
                      _("Phiếu chấm của sáng kiến bị khoá; trạng thái sáng kiến đổi theo quyết định và được công bố.")],
        recipients=[_("%(unit)s (đơn vị có sáng kiến) được thông báo qua thư điện tử.") % {"unit": unit},
                    _("Các thành viên hội đồng đã chấm sáng kiến này.")],
        confirm_label=_("Ghi quyết định"), cancel_url=reverse("appraisal_rounds:entry", args=[entry.pk]))
