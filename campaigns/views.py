"""Public views of campaigns. Thin: they read LeaderboardRow and call actions."""

import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.roles import is_staff_wide, user_unit
from public.rules import public_awards, public_campaigns, public_initiatives, verifiable_awards
from units.models import AdministrativeUnit, UnitLevel

from .actions import enrol_unit
from .certificates import certificate_pdf, verification_url
from .exports import leaderboard_csv, leaderboard_xlsx
from .forms import VerifyForm
from .leaderboard import board_rows, computed_at, first_rows
from .models import Enrolment, LeaderboardRow, PeerGroup, PointRule


def board_filters(request):
    return {key: request.GET.get(key, "").strip() for key in ("province", "level", "peer_group", "q")}


def filtered_rows(campaign, filters):
    group = PeerGroup.objects.filter(slug=filters["peer_group"]).first() if filters["peer_group"] else None
    return group, board_rows(campaign, peer_group=group, province=filters["province"], level=filters["level"])


def mark_unverified(campaign, rows):
    """Each row's `unverified`: the unit's self-reported figures of the campaign's period not yet
    verified by the level above (they earn no points until then; issue 15). One query, kept as a
    fragment value (core/fragments.py) until an observation of one of these units is recorded,
    verified or removed (each touches "unit:<id>"), so the board and the home page do not count
    them again on every render (issue 12: 37 ms of the leaderboard's SQL at 1/10 scale)."""
    from core.fragments import cached_value

    start, end = campaign.starts_on, campaign.ends_on
    unit_ids = sorted({row.unit_id for row in rows})
    counts = {}
    if unit_ids and start is not None:
        counts = cached_value("unverified", [campaign.pk, start, end, *unit_ids],
                              [f"unit:{pk}" for pk in unit_ids],
                              lambda: count_unverified(unit_ids, start, end))
    for row in rows:
        row.unverified = counts.get(row.unit_id, 0)
    return rows


def awaiting_in_period(start, end):
    """The rule of the board's "chưa xác minh": public self-reported figures ending within the
    campaign's period [start, end] and not yet verified (values or OuterRefs alike)."""
    from public.rules import public_observations

    return public_observations().awaiting_verification().filter(period_end__gte=start, period_end__lte=end)


def count_unverified(unit_ids, start, end):
    """{unit id: figures of these units ending within [start, end] awaiting verification}."""
    from django.db.models import Count

    return dict(awaiting_in_period(start, end).filter(unit_id__in=unit_ids)
                .values("unit").annotate(n=Count("pk")).values_list("unit", "n"))


def campaign_page_context(campaign, request):
    from django.db.models import prefetch_related_objects

    # The phases, read once for the period, today's phase and the list (each read them again).
    prefetch_related_objects([campaign], "phases")
    filters = board_filters(request)
    group, rows = filtered_rows(campaign, filters)
    found = list(rows.filter(unit__name_folded__contains=_fold(filters["q"]))[:20]) if filters["q"] else None
    top = first_rows(rows, campaign.leaderboard_size)
    mark_unverified(campaign, top + (found or []))
    viewer_unit = user_unit(request.user)
    phases = list(campaign.phases.all())  # read once: the period, the phase of today (prefetched)
    return {
        "phases": sorted(phases, key=lambda p: p.starts_on),
        "current_phase": campaign.current_phase(),
        "rows": top,
        "board_computed_at": computed_at([campaign.pk]).get(campaign.pk),  # "cập nhật lúc …"
        "found": found,
        "filters": filters,
        "peer_group": group,
        "peer_groups": PeerGroup.objects.filter(
            pk__in=LeaderboardRow.objects.filter(campaign=campaign, peer_group__isnull=False).values("peer_group")),
        "provinces": AdministrativeUnit.objects.filter(
            pk__in=LeaderboardRow.objects.filter(campaign=campaign, peer_group__isnull=True).values("province"),
            valid_until__isnull=True,  # today's 34 provinces only (units.vocabulary)
        ).order_by("short_name"),
        "levels": UnitLevel.choices,
        "awards": public_awards().filter(campaign=campaign)
        .select_related("kind", "recipient_unit", "recipient_initiative", "recipient_person")
        .order_by("-decision_date", "pk"),
        "featured": campaign.featured_models.filter(initiative__in=public_initiatives().values("pk"))
        .select_related("initiative", "initiative__origin_unit"),
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
    return get_object_or_404(public_campaigns(), slug=slug)


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


def _published_award(uuid):
    """The award behind a public id, or None: proposals are the council's business until decided, and
    an award of a campaign or to an initiative the public cannot see is not found (public/rules.py)."""
    return (verifiable_awards().select_related("campaign", "kind", "recipient_unit", "recipient_initiative",
                                               "recipient_person", "recipient_person__workplace_unit")
            .filter(uuid=uuid).first())


def _result_page(request, result, status=None):
    from .verification import Outcome

    if status is None:
        status = 404 if result.reason_kind == "not_found" else 200
    return render(request, "campaigns/verify.html", {
        "result": result, "award": result.award, "valid": result.outcome == Outcome.VALID,
        "revoked": result.outcome == Outcome.REVOKED, "form": VerifyForm()}, status=status)


@never_cache
def verify(request, uuid):
    """The QR code's target: the award's credential checked as an outside verifier would."""
    from .verification import verify_id

    result = verify_id(uuid)
    if result.award is None and result.reason_kind != "not_found":
        result.award = _published_award(uuid)
    return _result_page(request, result)


def _rate_limited(request):
    """At most VERIFY_RATE_PER_MINUTE checks a minute from one address (cache counter)."""
    from django.conf import settings
    from django.core.cache import cache

    key = f"verify-rate:{request.META.get('REMOTE_ADDR', '')}:{int(time.time() // 60)}"
    if cache.add(key, 1, 70):
        return False
    try:
        return cache.incr(key) > settings.VERIFY_RATE_PER_MINUTE
    except ValueError:
        return False


@never_cache
def verify_any(request):
    """/xac-minh/: paste a credential (JWT or JSON), upload a certificate PDF, or type an id."""
    from .verification import invalid, verify_id, verify_pdf, verify_text

    if request.method != "POST":
        code = request.GET.get("ma", "").strip()
        if code:
            return _result_page(request, verify_id(code))
        return render(request, "campaigns/verify_form.html", {"form": VerifyForm()})
    if _rate_limited(request):
        response = render(request, "campaigns/verify_form.html", {
            "form": VerifyForm(), "error": _("Bạn đã kiểm tra quá nhiều lần trong một phút; vui lòng thử lại sau.")},
            status=429)
        response["Retry-After"] = "60"
        return response
    form = VerifyForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "campaigns/verify_form.html", {"form": form}, status=400)
    upload = form.cleaned_data.get("pdf")
    if upload:
        result = verify_pdf(upload.read())
    elif form.cleaned_data.get("credential"):
        result = verify_text(form.cleaned_data["credential"])
    else:
        result = invalid(_("Hãy dán chứng chỉ hoặc chọn tệp PDF."), "format")
    return _result_page(request, result, status=200)


def _payload(award):
    import json

    from .signing import verify_jwt

    return json.loads(verify_jwt(award.credential_jwt)[1])


def _not_found_json():
    return JsonResponse({"error": _("Không tìm thấy khen thưởng có mã này.")}, status=404,
                        json_dumps_params={"ensure_ascii": False})


@never_cache
def credential_json(request, uuid):
    """The signed credential's content as JSON (what the JWT at .jwt carries)."""
    award = _published_award(uuid)
    if award is None or not award.credential_jwt:
        return _not_found_json()
    response = JsonResponse(_payload(award), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Type"] = "application/ld+json; charset=utf-8"
    response["Link"] = f'<{award.uuid}.jwt>; rel="alternate"; type="application/vc+jwt"'
    if not award.is_valid:
        response.status_code = 410
    return response


@never_cache
def credential_jwt(request, uuid):
    """The credential as signed (VC-JOSE compact JWS): what a wallet or an outside verifier checks."""
    award = _published_award(uuid)
    if award is None or not award.credential_jwt:
        return _not_found_json()
    response = HttpResponse(award.credential_jwt, content_type="application/vc+jwt")
    response["Content-Disposition"] = f'inline; filename="chung-chi-{award.uuid}.jwt"'
    return response


def jwks(request):
    from .signing import jwks as key_set

    response = JsonResponse(key_set())
    response["Content-Type"] = "application/jwk-set+json"
    response["Cache-Control"] = "public, max-age=3600"
    return response


def issuer_profile(request):
    from .certificates import issuer_profile as profile

    data = {"@context": ["https://www.w3.org/ns/credentials/v2",
                         "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"], **profile()}
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})


@never_cache
def status_list_credential(request, fmt="jwt"):
    from .certificates import signed_status_list

    data, token = signed_status_list()
    if fmt == "json":
        return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response = HttpResponse(token, content_type="application/vc+jwt")
    response["Cache-Control"] = "no-cache"
    return response


@never_cache
def certificate(request, uuid):
    from .pdf_signing import sign_pdf
    from .verification import verify_id

    award = _published_award(uuid)
    if award is None or not award.is_valid:
        result = verify_id(uuid)
        result.award = result.award or award
        return _result_page(request, result, status=410 if award else 404)
    response = HttpResponse(sign_pdf(certificate_pdf(award), verification_url(award)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="giay-chung-nhan-{award.uuid}.pdf"'
    return response


def achievement_json(request, code):
    from django.shortcuts import get_object_or_404

    from .certificates import achievement
    from .models import CommendationKind

    kind = get_object_or_404(CommendationKind, code=code)
    return JsonResponse(achievement(kind), json_dumps_params={"ensure_ascii": False, "indent": 2})
