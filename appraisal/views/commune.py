"""The commune's side: open clarification requests on its initiatives, answered after editing the page."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.roles import acting_unit_ids, can_act_for_unit
from core.roles import is_staff_wide

from .. import actions
from ..forms import AnswerForm
from ..models import ClarificationRequest
from ..queries import open_clarifications_for_unit
from .common import form_errors, run_action


def clarifications(request):
    user = request.user
    if is_staff_wide(user):
        requests = ClarificationRequest.objects.filter(answered_at__isnull=True).select_related(
            "entry__initiative", "entry__round__council").order_by("deadline")
    else:
        # The officer's unit and the communes merged into it (core.roles.acting_unit_ids).
        requests = open_clarifications_for_unit(sorted(acting_unit_ids(user)))
    return TemplateResponse(request, "appraisal/admin/clarifications.html", {
        "page_title": _("Yêu cầu bổ sung"), "header_icon": "help", "requests": requests, "form": AnswerForm()})


@require_POST
def answer(request, request_id):
    clarification = get_object_or_404(ClarificationRequest.objects.select_related("entry__initiative"), pk=request_id)
    if not can_act_for_unit(request.user, clarification.entry.initiative.origin_unit_id):
        raise PermissionDenied
    form = AnswerForm(request.POST)
    if form.is_valid():
        run_action(request, actions.answer_clarification, request.user, clarification, form.cleaned_data["answer"],
                   success=_("Đã trả lời và gửi lại sáng kiến để hội đồng tiếp tục thẩm định."))
    else:
        form_errors(request, form)
    return redirect("appraisal_clarifications:index")
