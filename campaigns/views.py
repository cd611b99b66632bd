"""Public views of campaigns. Thin: they read LeaderboardRow and call actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.roles import is_staff_wide, user_unit
from units.models import AdministrativeUnit, UnitLevel

from .actions import enrol_unit
from .certificates import certificate_pdf, credential
from .exports import leaderboard_csv, leaderboard_xlsx
from .leaderboard import board_rows
from .models import Award, AwardStatus, CampaignPage, Enrolment, LeaderboardRow, PeerGroup, PointRule


def board_filters(request):
    return {key: request.GET.get(key, "").strip() for key in ("province", "level", "peer_group", "q")}


def filtered_rows(campaign, filters):
    group = PeerGroup.objects.filter(slug=filters["peer_group"]).first() if filters["peer_group"] else None
    return group, board_rows(campaign, peer_group=group, province=filters["province"], level=filters["level"])


def campaign_page_context(campaign, request):
    filters = board_filters(request)
    group, rows = filtered_rows(campaign, filters)
    found = list(rows.filter(unit__name_folded__contains=_fold(filters["q"]))[:20]) if filters["q"] else None
    viewer_unit = user_unit(request.user)
    phases = list(campaign.phases.all())
    return {
        "phases": sorted(phases, key=lambda p: p.starts_on),
        "current_phase": campaign.current_phase(),
        "rows": list(rows[:campaign.leaderboard_size]),
        "found": found,
        "filters": filters,
        "peer_group": group,
        "peer_groups": PeerGroup.objects.filter(
            pk__in=LeaderboardRow.objects.filter(campaign=campaign, peer_group__isnull=False).values("peer_group")),
        "provinces": AdministrativeUnit.objects.filter(
            pk__in=LeaderboardRow.objects.filter(campaign=campaign, peer_group__isnull=True).values("province")
        ).order_by("short_name"),
        "levels": UnitLevel.choices,
        "awards": Award.objects.filter(campaign=campaign, status__in=[AwardStatus.CONFIRMED, AwardStatus.REVOKED])
        .select_related("recipient_unit", "recipient_initiative").order_by("status", "-decision_date", "pk"),
        "featured": campaign.featured_models.select_related("initiative", "initiative__origin_unit"),
        "enrolled_count": Enrolment.objects.filter(campaign=campaign).count(),
        "viewer_unit": viewer_unit,
        "viewer_enrolled": bool(viewer_unit and Enrolment.objects.filter(campaign=campaign, unit=viewer_unit).exists()),
        "export_query": request.GET.urlencode(),
        "point_rules": PointRule.objects.filter(active=True),
    }


def _fold(text):
    from units.text import fold

    return fold(text)


def _campaign(slug):
    return get_object_or_404(CampaignPage.objects.live(), slug=slug)


@login_required
@require_POST
def enrol(request, slug):
    campaign = _campaign(slug)
    unit = user_unit(request.user)
    if is_staff_wide(request.user) and request.POST.get("unit"):
        unit = get_object_or_404(AdministrativeUnit, key=request.POST["unit"])
    if unit is None:
        raise PermissionDenied(_("Tài khoản của bạn chưa gắn với đơn vị nào."))
    try:
        enrol_unit(request.user, campaign, unit)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã đăng ký thi đua cho %(unit)s.") % {"unit": unit.name})
    return redirect(campaign.url)


def export(request, slug, fmt):
    campaign = _campaign(slug)
    _group, rows = filtered_rows(campaign, board_filters(request))
    name = f"bang-xep-hang-{slugify(campaign.slug)}"
    if fmt == "csv":
        response = HttpResponse(leaderboard_csv(rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(leaderboard_xlsx(rows, campaign.title),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _award(uuid):
    award = get_object_or_404(Award.objects.select_related("campaign", "recipient_unit", "recipient_initiative"),
                              uuid=uuid)
    if award.status == AwardStatus.PROPOSED:
        raise Http404  # proposals are the council's business until decided
    return award


def verify(request, uuid):
    award = _award(uuid)
    return render(request, "campaigns/verify.html", {"award": award, "valid": award.is_valid})


def credential_json(request, uuid):
    award = _award(uuid)
    response = JsonResponse(credential(award), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Type"] = "application/ld+json; charset=utf-8"
    if not award.is_valid:
        response.status_code = 410
    return response


def certificate(request, uuid):
    award = _award(uuid)
    if not award.is_valid:
        return render(request, "campaigns/verify.html", {"award": award, "valid": False}, status=410)
    response = HttpResponse(certificate_pdf(award), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="giay-chung-nhan-{award.uuid}.pdf"'
    return response
