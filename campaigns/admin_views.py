"""Admin screens for awards: the council proposes, an editor confirms or revokes. Thin: forms + actions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.confirmation import confirmation_page, is_confirmed
from core.roles import is_staff_wide

from .actions import can_propose_awards, confirm_award, propose_award, revoke_award
from .admin_forms import ConfirmAwardForm, EligibilityForm, ProposeAwardForm, RevokeAwardForm
from .eligibility import criteria
from .models import Award, CampaignPage


def _may_see(user):
    return is_staff_wide(user) or can_propose_awards(user)


def awards(request, campaign_id):
    if not _may_see(request.user):
        raise PermissionDenied
    campaign = get_object_or_404(CampaignPage, pk=campaign_id)
    prefill = {"kind": request.GET.get("de_nghi", ""), "unit_key": request.GET.get("unit_key", "")}
    form = ProposeAwardForm(request.POST or None, initial={k: v for k, v in prefill.items() if v})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            propose_award(request.user, campaign, data["kind"], data["citation"], unit=data["unit_key"],
                          office=data["office"], issuer_name=data["issuer_name"], person=data["person"],
                          initiative=data["initiative"],
                          year=data["year"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Đã ghi đề nghị khen thưởng."))
            return redirect("campaigns_admin_awards", campaign.pk)
    check = EligibilityForm(request.GET) if "kind" in request.GET else EligibilityForm(
        initial={"year": form.fields["year"].initial})
    hints = None
    if check.is_bound and check.is_valid():
        data = check.cleaned_data
        hints = criteria(data["kind"], data["year"], person=data["person"], unit=data["unit_key"], campaign=campaign)
    return TemplateResponse(request, "campaigns/admin/awards.html", {
        "check_form": check, "hints": hints, "leaders": cluster_leaders(campaign),
        "campaign": campaign, "form": form, "can_propose": can_propose_awards(request.user),
        "can_decide": is_staff_wide(request.user), "confirm_form": ConfirmAwardForm(),
        "revoke_form": RevokeAwardForm(),
        "awards": Award.objects.filter(campaign=campaign).select_related("kind", "recipient_unit", "recipient_initiative",
                                                                         "recipient_person", "proposed_by", "confirmed_by"),
    })


def cluster_leaders(campaign):
    """The leader of each emulation cluster (peer group): rank 1 of its board, proposed for the Cờ thi
    đua (Law 06/2022/QH15 Art. 26; docs/commendation.md), with the award already given this year if any."""
    from django.utils import timezone

    from .models import LeaderboardRow

    year = timezone.localdate().year
    rows = list(LeaderboardRow.objects.filter(campaign=campaign, peer_group__isnull=False, rank=1)
                .select_related("unit", "peer_group").order_by("peer_group__name", "position"))
    given = {a.recipient_unit_id: a for a in Award.objects.filter(
        campaign=campaign, achievement_year=year, recipient_unit_id__in=[r.unit_id for r in rows],
        recipient_person__isnull=True).exclude(status="revoked").select_related("kind")}
    return [(row, given.get(row.unit_id)) for row in rows]


def _add_errors(form, error):
    """A ValidationError of an action lands on the field it names, else on the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


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
    """Revoking is irreversible: a confirmation page first (core.confirmation), then the action."""
    award = get_object_or_404(Award.objects.select_related("campaign", "recipient_unit", "recipient_initiative"),
                              pk=award_id)
    if not is_staff_wide(request.user):
        raise PermissionDenied
    form = RevokeAwardForm(request.POST)
    if form.is_valid() and not is_confirmed(request, "revoke_award", award.pk):
        recipient = award.recipient_name
        return confirmation_page(
            request, "revoke_award", award.pk, title=_("Thu hồi khen thưởng"), subtitle=award.campaign.title,
            consequences=[
                _("%(kind)s của %(recipient)s bị thu hồi với lý do: “%(reason)s”.") % {
                    "kind": award.get_kind_display(), "recipient": recipient, "reason": form.cleaned_data["reason"]},
                _("Trang xác minh giấy khen (mã QR) sẽ ghi “đã thu hồi”; khen thưởng không còn được tính trên các "
                  "trang công khai và dữ liệu mở."),
            ],
            recipients=[recipient],
            confirm_label=_("Thu hồi khen thưởng"),
            cancel_url=reverse("campaigns_admin_awards", args=[award.campaign_id]))
    return _decide(request, award_id, RevokeAwardForm, revoke_award)


def award_index(request):
    """"Khen thưởng thi đua": every campaign with its proposals waiting and its awards, the menu path
    of council members (who propose) and editors (who confirm)."""
    from django.db.models import Count, Q

    if not _may_see(request.user):
        raise PermissionDenied
    campaigns = (CampaignPage.objects.live().order_by("-first_published_at")
                 .annotate(proposed=Count("awards", filter=Q(awards__status="proposed")),
                           confirmed=Count("awards", filter=Q(awards__status="confirmed"))))
    return TemplateResponse(request, "campaigns/admin/award_index.html", {
        "page_title": _("Khen thưởng thi đua"), "header_icon": "pick", "campaigns": campaigns})
