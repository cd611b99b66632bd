"""Read-side queries for the admin screens (one query per list, no N+1)."""

from django.db.models import Count, Q

from initiatives.models import InitiativePage
from initiatives.status import InitiativeStatus

from .models import AppraisalRound, Assignment, ClarificationRequest, Council, RoundStatus
from .rules import is_active_member


def my_assignments(user, *, pending_only=False):
    """The member's assignments in open rounds, most urgent first (decided or recused ones left out)."""
    qs = (Assignment.objects.filter(member=user, recused_at__isnull=True, entry__decision__isnull=True,
                                    entry__round__status=RoundStatus.OPEN)
          .select_related("sheet", "entry__initiative__origin_unit", "entry__round__council")
          .order_by("entry__round__soft_deadline", "entry__round_id", "pk"))
    if pending_only:
        qs = qs.filter(sheet__submitted_at__isnull=True)
    return qs


def councils_of(user):
    if not getattr(user, "is_authenticated", False):
        return Council.objects.none()
    councils = Council.objects.filter(Q(chair=user) | Q(memberships__user=user)).distinct().select_related("provincial_rules")
    return [c for c in councils if is_active_member(user, c) or user.is_superuser]


def rounds_for(user):
    ids = [c.pk for c in councils_of(user)]
    if getattr(user, "is_superuser", False):
        qs = AppraisalRound.objects.all()
    else:
        qs = AppraisalRound.objects.filter(council_id__in=ids)
    return qs.select_related("council").annotate(entry_count=Count("entries", distinct=True))


def round_entries(appraisal_round):
    return (appraisal_round.entries.select_related("initiative__origin_unit", "decision")
            .annotate(assigned=Count("assignments", filter=Q(assignments__recused_at__isnull=True), distinct=True),
                      submitted=Count("assignments", distinct=True,
                                      filter=Q(assignments__recused_at__isnull=True,
                                               assignments__sheet__submitted_at__isnull=False)))
            .order_by("pk"))


def addable_initiatives(appraisal_round):
    """Submitted initiatives of the council's scope not yet in this round."""
    return (InitiativePage.objects.filter(status=InitiativeStatus.SUBMITTED,
                                          origin_unit_id__in=appraisal_round.council.scope_unit_ids())
            .exclude(appraisal_entries__round=appraisal_round).select_related("origin_unit").order_by("title"))


def open_clarifications_for_unit(unit_ids):
    return (ClarificationRequest.objects.filter(entry__initiative__origin_unit_id__in=unit_ids,
                                                answered_at__isnull=True)
            .select_related("entry__initiative", "entry__round__council").order_by("deadline"))


OPEN_APPLICATION_STATUSES = (InitiativeStatus.SUBMITTED, InitiativeStatus.UNDER_APPRAISAL, InitiativeStatus.RETURNED)


def pending_applications(council, today=None):
    """The council's applications still to decide (with a receipt), each with its clock (`item.clock`),
    most urgent first. Two queries: the pages with their receipts, their status changes."""
    from django.db.models import Prefetch

    from initiatives.models import StatusChange

    pages = list(InitiativePage.objects.filter(
        origin_unit_id__in=council.scope_unit_ids(), status__in=OPEN_APPLICATION_STATUSES, receipt__isnull=False)
        .select_related("receipt", "origin_unit")
        .prefetch_related(Prefetch("status_changes", queryset=StatusChange.objects.order_by("created_at", "pk"))))
    for page in pages:
        page.clock = page.receipt.clock(today)
        page.days_left = page.clock.days_left(today) if today else None
    pages.sort(key=lambda p: (p.clock.stopped_since is not None, p.clock.due, p.pk))
    return pages


def recognised_in_scope(council, limit=50):
    """Recognised initiatives of the council's units, latest decisions first: the chair decides their
    scope of influence later (appraisal.views.scope)."""
    qs = InitiativePage.objects.filter(status=InitiativeStatus.RECOGNISED)
    if council.level != "national":
        qs = qs.filter(origin_unit_id__in=council.scope_unit_ids())
    return list(qs.select_related("origin_unit").order_by("-decision_date", "title")[:limit])
