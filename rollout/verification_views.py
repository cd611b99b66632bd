"""Admin screens of the verification of self-reported figures (rollout.verification): the list
"Số liệu chờ xác minh" of the figures the user may verify, and the "Xác minh" step (a confirmation
page, then the action). Also reached from the "Xác minh" button of the observation list."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from core.confirmation import confirmation_page, is_confirmed
from core.formatting import format_number, person_name

from .models import Observation
from .verification import can_verify, is_administrator, verifiable_observations, verifier_province, verify_observation

STEP = "verify_observation"


def may_verify_some(user):
    return bool(getattr(user, "is_authenticated", False) and user.is_active
                and (is_administrator(user) or verifier_province(user) is not None))


def pending(request):
    if not may_verify_some(request.user):
        raise PermissionDenied
    rows = (verifiable_observations(request.user).select_related("unit", "metric", "entered_by")
            .order_by("-entered_at", "pk")[:200])
    return TemplateResponse(request, "rollout/admin/verify_list.html", {
        "page_title": _("Số liệu chờ xác minh"), "header_icon": "tick", "rows": rows})


def verify(request, observation_id):
    observation = get_object_or_404(Observation.objects.select_related("unit", "metric", "entered_by"),
                                    pk=observation_id)
    if not can_verify(request.user, observation):
        raise PermissionDenied
    back = request.POST.get("next") or request.GET.get("next") or reverse("rollout_verification")
    if not back.startswith("/") or back.startswith("//"):
        back = reverse("rollout_verification")
    if request.method != "POST" or not is_confirmed(request, STEP, observation.pk):
        entered_by = observation.entered_by
        who = person_name(entered_by) if entered_by else "—"
        return confirmation_page(
            request, STEP, observation.pk, title=_("Xác minh số liệu"), subtitle=str(observation),
            consequences=[
                _("Giá trị %(value)s (nguồn: %(source)s), do %(who)s nhập ngày %(day)s, được ghi là đã xác minh bởi "
                  "cấp trên.") % {"value": format_number(observation.value), "source": observation.source or "—", "who": who,
                                  "day": observation.entered_at.strftime("%d/%m/%Y")},
                _("Từ đây số liệu được tính điểm và huy hiệu trong các phong trào thi đua; bảng xếp hạng không "
                  "còn ghi “chưa xác minh”."),
                _("Nếu đơn vị nhập giá trị mới, số liệu trở lại trạng thái tự báo cáo."),
            ],
            recipients=[_("%(unit)s (đơn vị báo cáo).") % {"unit": observation.unit}],
            confirm_label=_("Xác minh"), cancel_url=back,
            action_url=reverse("rollout_verify_observation", args=[observation.pk]),
            carry=[("next", back)], serious=False)
    try:
        verify_observation(request.user, observation)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Đã xác minh số liệu %(obs)s.") % {"obs": observation})
    return redirect(back)
