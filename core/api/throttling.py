"""Rate limits of the public API and downloads, read from settings at each request (so a deployment,
or a test, changes them without a restart):

    API_ANON_RATE = "120/m"   anonymous visitors, counted per IP address
    API_AUTH_RATE = "600/m"   signed-in users, counted per user

Rates are "<number>/<s|m|h|d>". Counters live in the Django cache (Redis at scale, local memory in
tests and the embedded default). The address is core.addresses.client_ip: no forwarded header is
trusted unless NINJA_NUM_PROXIES says how many proxies stand in front. Over the limit: HTTP 429 with
a Vietnamese message and Retry-After.
"""

import math

from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext as _

from core.addresses import client_ip
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

    def get_ident(self, request):
        return client_ip(request)  # never ninja's default, which trusts X-Forwarded-For when unset


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


def _vietnamese(error):
    """pydantic's message for one refused parameter, said in Vietnamese (our own rules already are)."""
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    messages = {
        "missing": lambda: _("bắt buộc phải có"),
        "int_parsing": lambda: _("phải là số nguyên"),
        "int_from_float": lambda: _("phải là số nguyên"),
        "float_parsing": lambda: _("phải là số"),
        "bool_parsing": lambda: _("phải là true hoặc false"),
        "date_parsing": lambda: _("phải là ngày dạng YYYY-MM-DD"),
        "date_from_datetime_parsing": lambda: _("phải là ngày dạng YYYY-MM-DD"),
        "greater_than_equal": lambda: _("phải lớn hơn hoặc bằng %(limit)s") % {"limit": ctx.get("ge")},
        "greater_than": lambda: _("phải lớn hơn %(limit)s") % {"limit": ctx.get("gt")},
        "less_than_equal": lambda: _("phải nhỏ hơn hoặc bằng %(limit)s") % {"limit": ctx.get("le")},
        "less_than": lambda: _("phải nhỏ hơn %(limit)s") % {"limit": ctx.get("lt")},
        "string_too_long": lambda: _("dài quá %(limit)s ký tự") % {"limit": ctx.get("max_length")},
        "string_too_short": lambda: _("ngắn hơn %(limit)s ký tự") % {"limit": ctx.get("min_length")},
        "string_pattern_mismatch": lambda: _("không đúng dạng %(pattern)s") % {"pattern": ctx.get("pattern")},
        "enum": lambda: _("phải là một trong: %(values)s") % {"values": ctx.get("expected")},
        "literal_error": lambda: _("phải là một trong: %(values)s") % {"values": ctx.get("expected")},
        "string_type": lambda: _("phải là chuỗi ký tự"),
    }
    if kind in messages:
        return messages[kind]()
    message = str(error.get("msg", "")).removeprefix("Value error, ")
    return message if kind == "value_error" else _("giá trị không hợp lệ (%(reason)s)") % {"reason": message}


def invalid_parameters(errors):
    """422 for parameters the schema refuses: which parameter, why, in Vietnamese."""
    problems = []
    for error in errors:
        name = ".".join(str(part) for part in error.get("loc", ())[1:]) or "?"
        problems.append({"parameter": name, "message": _vietnamese(error)})
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


class FormRateThrottle(_SettingsRate, AnonRateThrottle):
    """A public form (follow, contact) counted per client address whoever is signed in: the rate is
    the setting `setting` (default `default`), e.g. FOLLOW_RATE = "5/m"."""

    def __init__(self, scope, setting, default):
        super().__init__()
        self.scope, self.setting, self.default = scope, setting, default

    def get_cache_key(self, request):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def check_form_rate(request, scope, setting, default):
    """None when the form may be sent from this address now, else the seconds to wait (≥ 1)."""
    throttle = FormRateThrottle(scope, setting, default)
    if throttle.allow_request(request):
        return None
    return max(1, math.ceil(throttle.wait() or 60))
