"""Who may do and see what in a council. Every view, form post and API call asks these, and each
rule that involves an initiative goes through `appraisal.conflicts.is_conflicted`."""

from django.utils import timezone

from .conflicts import is_conflicted


def is_chair(user, council):
    return bool(getattr(user, "is_authenticated", False) and user.is_active and council.chair_id == user.pk)


def is_active_member(user, council, on=None):
    """The chair or a member whose term covers today."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if council.chair_id == user.pk:
        return True
    day = on or timezone.localdate()
    return council.active_memberships(day).filter(user=user).exists()


def can_manage_round(user, appraisal_round):
    return is_chair(user, appraisal_round.council) or bool(getattr(user, "is_superuser", False))


def own_assignment(user, entry):
    if not getattr(user, "is_authenticated", False):
        return None
    return entry.assignments.select_related("sheet").filter(member=user).first()


def can_see_discussion(user, entry):
    """Private notes: active council members not conflicted on the initiative."""
    return is_active_member(user, entry.round.council) and not is_conflicted(user, entry.initiative)


def can_see_scores(user, entry):
    """Individual scores and comments. Never the public; never a conflicted member; a member with a
    sheet of their own on this entry only once they submitted it (no anchoring on others' scores).
    The chair sees them to decide; other members after the decision."""
    if not can_see_discussion(user, entry):
        return False
    assignment = own_assignment(user, entry)
    if assignment is not None:
        sheet = getattr(assignment, "sheet", None)
        return bool(sheet and sheet.is_submitted)
    return is_chair(user, entry.round.council) or entry.is_decided
