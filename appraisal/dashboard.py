"""Rows of the appraisal work lists on the admin dashboard (appraisal/wagtail_hooks.py). A few
queries per list, whatever the number of rounds."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import AppraisalRound, RoundStatus
from .queries import my_assignments, open_clarifications_for_unit, round_entries


def _deadline(day, today):
    text = day.strftime("%d/%m/%Y")
    return (_("%(date)s — quá hạn") % {"date": text}, True) if day < today else (text, False)


def member_rows(user, today, limit=15):
    """The member's assignments in open rounds: whether the sheet is submitted, the deadline."""
    from core.worklist import Row

    rows = []
    for a in my_assignments(user)[:limit]:
        submitted = a.sheet.is_submitted if hasattr(a, "sheet") else False
        note, late = _deadline(a.entry.round.soft_deadline, today)
        rows.append(Row(f"{a.entry.initiative.title} ({a.entry.initiative.origin_unit})",
                        reverse("appraisal_work:score", args=[a.pk]),
                        _("Đã nộp phiếu") if submitted else _("Chưa nộp phiếu"),
                        note, urgent=late and not submitted))
    return rows


def chair_rows(user, today, limit=10):
    """Rounds the user chairs: sheets submitted / required per round, overdue rounds, entries waiting
    for the decision (scoring locked or every sheet in)."""
    from core.worklist import Row

    rounds = (AppraisalRound.objects.filter(council__chair=user).exclude(status=RoundStatus.DECIDED)
              .select_related("council").annotate(
                  required=Count("entries__assignments", filter=Q(entries__assignments__recused_at__isnull=True)),
                  submitted=Count("entries__assignments", filter=Q(
                      entries__assignments__recused_at__isnull=True,
                      entries__assignments__sheet__submitted_at__isnull=False)))
              .order_by("soft_deadline")[:limit]) if getattr(user, "is_authenticated", False) else []
    rows = []
    for appraisal_round in rounds:
        overdue = appraisal_round.status == RoundStatus.OPEN and appraisal_round.soft_deadline < today
        if appraisal_round.status == RoundStatus.OPEN:
            todo = _("Quá hạn chấm %(date)s") % {"date": appraisal_round.soft_deadline.strftime("%d/%m/%Y")} \
                if overdue else _("Hạn chấm %(date)s") % {"date": appraisal_round.soft_deadline.strftime("%d/%m/%Y")}
        else:
            todo = _("Đã khoá chấm: ghi quyết định")
        rows.append(Row(f"{appraisal_round.name} · {appraisal_round.council}",
                        reverse("appraisal_rounds:round", args=[appraisal_round.pk]),
                        f"{appraisal_round.submitted} / {appraisal_round.required}", todo, urgent=overdue))
        for entry in round_entries(appraisal_round):
            waiting = entry.assigned and entry.submitted >= entry.assigned
            if getattr(entry, "decision", None) is None and (waiting or appraisal_round.status != RoundStatus.OPEN):
                rows.append(Row("↳ " + entry.initiative.title, reverse("appraisal_rounds:entry", args=[entry.pk]),
                                f"{entry.submitted} / {entry.assigned}", _("Chờ ghi quyết định"), urgent=True))
    return rows


def clarification_rows(user, today):
    from core.roles import acting_unit_ids
    from core.worklist import Row

    rows = []
    for request in open_clarifications_for_unit(sorted(acting_unit_ids(user))):
        note, late = _deadline(request.deadline, today)
        rows.append(Row(request.entry.initiative.title, reverse("appraisal_clarifications:index"),
                        str(request.entry.round.council), note, urgent=late))
    return rows
