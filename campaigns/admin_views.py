"""Admin screens for awards: the council proposes, an editor confirms or revokes. Thin: forms + actions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.roles import is_staff_wide

from .actions import can_propose_awards, confirm_award, propose_award, revoke_award
from .admin_forms import ConfirmAwardForm, ProposeAwardForm, RevokeAwardForm
from .models import Award, CampaignPage


def _may_see(user):
    return is_staff_wide(user) or can_propose_awards(user)


def awards(request, campaign_id):
    if not _may_see(request.user):
        raise PermissionDenied
    campaign = get_object_or_404(CampaignPage, pk=campaign_id)
    form = ProposeAwardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            propose_award(request.user, campaign, data["kind"], data["citation"], unit=data["unit_key"],
                          office=data["office"], issuer_name=data["issuer_name"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã ghi đề nghị khen thưởng."))
            return redirect("campaigns_admin_awards", campaign.pk)
    return TemplateResponse(request, "campaigns/admin/awards.html", {
        "campaign": campaign, "form": form, "can_propose": can_propose_awards(request.user),
        "can_decide": is_staff_wide(request.user), "confirm_form": ConfirmAwardForm(),
        "revoke_form": RevokeAwardForm(),
        "awards": Award.objects.filter(campaign=campaign).select_related("recipient_unit", "recipient_initiative",
                                                                         "proposed_by", "confirmed_by"),
    })


def _decide(request, award_id, form_class, action):
    award = get_object_or_404(Award, pk=award_id)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    else:
        try:
            action(request.user, award, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã cập nhật khen thưởng."))
    return redirect("campaigns_admin_awards", award.campaign_id)


@require_POST
def confirm(request, award_id):
    return _decide(request, award_id, ConfirmAwardForm, confirm_award)


@require_POST
def revoke(request, award_id):
    return _decide(request, award_id, RevokeAwardForm, revoke_award)
