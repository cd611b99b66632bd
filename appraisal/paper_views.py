"""/giay-to/bien-ban/<entry id>.pdf: the minutes of a decided application. Council members (not
conflicted), the applicant's officers, and administrators; nobody else (404 before the decision)."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404

from core.roles import ADMINISTRATORS, can_act_for_unit, in_group

from .models import RoundEntry
from .papers import minutes_pdf
from .rules import can_see_discussion


def can_read_minutes(user, entry):
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser or in_group(user, ADMINISTRATORS) or can_see_discussion(user, entry):
        return True
    return can_act_for_unit(user, entry.initiative.origin_unit_id)


def minutes(request, entry_id):
    entry = get_object_or_404(RoundEntry.objects.select_related("round__council", "initiative__origin_unit"),
                              pk=entry_id)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_read_minutes(request.user, entry):
        raise PermissionDenied
    if not entry.is_decided:
        raise Http404
    response = HttpResponse(minutes_pdf(entry), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bien-ban-{entry_id}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
