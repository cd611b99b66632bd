"""Rate limits of the public API and downloads, read from settings at each request (so a deployment,
or a test, changes them without a restart):

    API_ANON_RATE = "120/m"   anonymous visitors, counted per IP address
    API_AUTH_RATE = "600/m"   signed-in users, counted per user

Rates are "<number>/<s|m|h|d>". Counters live in the Django cache (Redis at scale, local memory in
tests and the embedded default; behind a reverse proxy set NINJA_NUM_PROXIES so the client's address
is read from X-Forwarded-For). Over the limit: HTTP 429 with a Vietnamese message and Retry-After.
"""

import math

from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext as _

from ninja.throttling import AnonRateThrottle, AuthRateThrottle

DEFAULT_ANON_RATE = "120/m"
DEFAULT_AUTH_RATE = "600/m"


class _SettingsRate:
    setting = ""
    default = ""

    def __init__(self):  # the rate is read per request, not once at start-up
        self.rate = None

    def allow_request(self, request):
        self.rate = getattr(settings, self.setting, None) or self.default
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


def _signed_in(request):
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class AnonymousRateThrottle(_SettingsRate, AnonRateThrottle):
    setting, default = "API_ANON_RATE", DEFAULT_ANON_RATE

    def get_cache_key(self, request):
        if _signed_in(request):
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class SignedInRateThrottle(_SettingsRate, AuthRateThrottle):
    setting, default = "API_AUTH_RATE", DEFAULT_AUTH_RATE

    def get_cache_key(self, request):
        if not _signed_in(request):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


def api_throttles():
    return [AnonymousRateThrottle(), SignedInRateThrottle()]


def too_many_requests(wait=None):
    seconds = max(1, math.ceil(wait)) if wait else 60
    response = JsonResponse(
        {"detail": _("Bạn đã gửi quá nhiều yêu cầu. Vui lòng thử lại sau %(seconds)s giây.") % {"seconds": seconds}},
        status=429, json_dumps_params={"ensure_ascii": False})
    response["Retry-After"] = str(seconds)
    return response


def invalid_parameters(errors):
    """422 for parameters the schema refuses: which parameter, why, in Vietnamese where we wrote the
    rule (pydantic's own messages otherwise)."""
    problems = []
    for error in errors:
        name = ".".join(str(part) for part in error.get("loc", ())[1:]) or "?"
        message = str(error.get("msg", "")).removeprefix("Value error, ")
        problems.append({"parameter": name, "message": message})
    text = "; ".join(f"{p['parameter']}: {p['message']}" for p in problems)
    return JsonResponse({"detail": _("Tham số không hợp lệ: %(errors)s") % {"errors": text}, "errors": problems},
                        status=422, json_dumps_params={"ensure_ascii": False})


_DOWNLOAD_THROTTLES = None


def check_download(request):
    """Downloads count against the same budgets as the API: a 429 response, or None when allowed."""
    global _DOWNLOAD_THROTTLES
    if _DOWNLOAD_THROTTLES is None:
        _DOWNLOAD_THROTTLES = api_throttles()
    for throttle in _DOWNLOAD_THROTTLES:
        if not throttle.allow_request(request):
            return too_many_requests(throttle.wait())
    return None
