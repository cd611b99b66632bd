"""A member's screens: "Việc của tôi" (my assignments) and the scoring form."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .. import actions
from ..aggregation import entry_summaries
from ..conflicts import is_conflicted
from ..models import Assignment, Confidence, Score
from ..queries import my_assignments
from ..rules import can_see_scores
from .common import run_action


def my_work(request):
    return TemplateResponse(request, "appraisal/admin/my_work.html", {
        "page_title": _("Việc của tôi"), "header_icon": "tasks",
        "assignments": my_assignments(request.user)})


def _criteria_rows(assignment, posted=None):
    existing = {s.criterion_id: s for s in assignment.scores.all()}
    rows = []
    for criterion in assignment.entry.round.rubric.criteria.all():
        score = existing.get(criterion.pk)
        rows.append({
            "criterion": criterion,
            "value": posted.get(f"score-{criterion.pk}") if posted else (score.value if score else ""),
            "comment": posted.get(f"comment-{criterion.pk}") if posted else (score.comment if score else ""),
        })
    return rows


def other_sheets(entry, exclude_assignment_id=None):
    """Submitted sheets of the entry with their weighted totals (callers check can_see_scores first)."""
    totals = entry_summaries([entry.pk])[entry.pk]
    sheets = (Assignment.objects.filter(entry=entry, recused_at__isnull=True, sheet__submitted_at__isnull=False)
              .exclude(pk=exclude_assignment_id).select_related("member", "sheet"))
    scores = {}
    for score in Score.objects.filter(assignment__in=sheets).select_related("criterion"):
        scores.setdefault(score.assignment_id, []).append(score)
    return totals, [{"assignment": a, "total": totals.by_assignment.get(a.pk), "scores": scores.get(a.pk, [])}
                    for a in sheets]


def score(request, assignment_id):
    assignment = get_object_or_404(
        Assignment.objects.select_related("sheet", "entry__round__council", "entry__round__rubric",
                                          "entry__initiative__origin_unit"), pk=assignment_id)
    entry = assignment.entry
    if assignment.member_id != request.user.pk:
        raise PermissionDenied
    if is_conflicted(request.user, entry.initiative) or assignment.recused_at:
        raise PermissionDenied(_("Bạn có xung đột lợi ích với sáng kiến này."))
    posted = None
    if request.method == "POST":
        # Every "score-<id>" the browser sent goes to the action, which refuses ids outside the rubric.
        values = {key[6:]: {"value": request.POST[key], "comment": request.POST.get(f"comment-{key[6:]}", "")}
                  for key in request.POST if key.startswith("score-")}
        ok, sheet = run_action(request, actions.record_score, request.user, assignment, values,
                               version=request.POST.get("version", ""),
                               overall_comment=request.POST.get("overall_comment", ""),
                               confidence=request.POST.get("confidence", ""))
        if ok and request.POST.get("action") == "submit":
            ok, sheet = run_action(request, actions.submit_scoresheet, request.user, assignment,
                                   version=sheet.version, success=_("Đã nộp phiếu chấm."))
        elif ok:
            messages.success(request, _("Đã lưu phiếu chấm (chưa nộp)."))
        if ok:
            return redirect("appraisal_work:score", assignment.pk)
        assignment.sheet.refresh_from_db()
        posted = request.POST
    sheet = assignment.sheet
    visible = can_see_scores(request.user, entry)
    summary, sheets = other_sheets(entry, assignment.pk) if visible else (None, [])
    names = {str(c.pk): c.name for c in entry.round.rubric.criteria.all()}
    stale = posted is not None and str(sheet.version) != posted.get("version")
    return TemplateResponse(request, "appraisal/admin/score.html", {
        "page_title": _("Phiếu chấm"), "page_subtitle": entry.initiative.title, "header_icon": "form",
        "assignment": assignment, "entry": entry, "sheet": sheet,
        # After a stale save, show what is stored (the posted values are listed in the message).
        "rows": _criteria_rows(assignment, None if stale else posted),
        "overall_comment": posted.get("overall_comment") if posted and not stale else sheet.overall_comment,
        "confidence": posted.get("confidence") if posted and not stale else sheet.confidence,
        "confidence_choices": Confidence.choices, "locked": entry.is_decided or entry.round.status != "open",
        "can_see_scores": visible, "summary": summary, "sheets": sheets,
        "unsaved": [(names.get(k[6:], k[6:]), v) for k, v in posted.items() if k.startswith("score-") and v]
        if stale else [],
    })
