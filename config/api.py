"""The public JSON API, /api/v1/. Each app contributes a django-ninja router; the OpenAPI 3 schema is
served at /api/v1/schema/ and browsable docs at /api/v1/docs/ (the Swagger UI files shipped in the
ninja package, served from our static files: "ninja" is in INSTALLED_APPS, so no CDN is used).

Every endpoint is read-only and rate limited (core.api.throttling: API_ANON_RATE, API_AUTH_RATE);
over the limit the answer is 429 with a Vietnamese message. The open datasets (initiatives, units,
adoptions, observations, leaderboards, awards) share one field registry with the downloads and the
/du-lieu-mo/ page (opendata/)."""

from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.errors import Throttled, ValidationError

from appraisal.api import router as appraisal_router
from campaigns.api import awards_router, badges_router, leaderboards_router, points_router
from campaigns.api import router as campaigns_router
from initiatives.api import router as initiatives_router
from core.api.throttling import api_throttles, invalid_parameters, too_many_requests
from rollout.api import router as rollout_router
from search.api import router as search_router
from units.api import router as units_router

ERROR_SCHEMA = {
    "type": "object", "title": "Lỗi", "required": ["detail"],
    "properties": {
        "detail": {"type": "string", "description": "Lời giải thích bằng tiếng Việt"},
        "errors": {"type": "array", "items": {"type": "object", "properties": {
            "parameter": {"type": "string"}, "message": {"type": "string"}}}},
    },
}
ERROR_RESPONSES = {
    "404": "Không tìm thấy (không có, hoặc chưa công bố).",
    "422": "Tham số không hợp lệ: tên tham số và lý do, bằng tiếng Việt.",
    "429": "Quá nhiều yêu cầu; thử lại sau số giây trong Retry-After.",
}


class DocumentedErrorsAPI(NinjaAPI):
    """The OpenAPI schema lists the errors every operation can answer (issue 13, item 7): 404 when the
    path names something, 422 when it takes parameters, 429 always (rate limit)."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        for path, operations in schema["paths"].items():
            for operation in operations.values():
                if not isinstance(operation, dict) or "responses" not in operation:
                    continue
                codes = ["429"]
                parameters = operation.get("parameters") or []
                if parameters:
                    codes.append("422")
                if "{" in path:
                    codes.append("404")
                for code in codes:
                    operation["responses"].setdefault(code, {
                        "description": ERROR_RESPONSES[code],
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}})
        return schema


api = DocumentedErrorsAPI(
    title="Nhân Rộng API",
    version="1",
    description=("Dữ liệu mở về sáng kiến cải cách hành chính / Open data on public-administration reform "
                 "initiatives. Chỉ đọc; chỉ dữ liệu đã công bố. Giấy phép dữ liệu và mô tả từng trường: /du-lieu-mo/."),
    urls_namespace="api-v1",
    openapi_url="/schema/",
    docs_url="/docs/",
    # validatorUrl None: Swagger UI would otherwise send the schema to validator.swagger.io.
    docs=Swagger(settings={"validatorUrl": None, "supportedSubmitMethods": ["get"]}),
    throttle=api_throttles(),
)
api.add_router("/initiatives/", initiatives_router)
api.add_router("/units/", units_router)
api.add_router("/", rollout_router)  # /rollout/…, /adoptions/, /observations/
api.add_router("/appraisal/", appraisal_router)
api.add_router("/campaigns/", campaigns_router)
api.add_router("/leaderboards/", leaderboards_router)
api.add_router("/awards/", awards_router)
api.add_router("/badges/", badges_router)
api.add_router("/points/", points_router)
api.add_router("/search/", search_router)


@api.exception_handler(Throttled)
def throttled(request, exc):
    return too_many_requests(exc.wait)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    return invalid_parameters(exc.errors)


@api.exception_handler(Http404)
def not_found(request, exc):
    return JsonResponse({"detail": _("Không tìm thấy (không có, hoặc chưa công bố).")}, status=404,
                        json_dumps_params={"ensure_ascii": False})
