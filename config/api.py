"""The public JSON API, /api/v1/. Each app contributes a django-ninja router; the OpenAPI 3 schema is
served at /api/v1/schema/ and browsable docs at /api/v1/docs/ (the Swagger UI files shipped in the
ninja package, served from our static files: "ninja" is in INSTALLED_APPS, so no CDN is used).

Every endpoint is read-only and rate limited (core.api.throttling: API_ANON_RATE, API_AUTH_RATE);
over the limit the answer is 429 with a Vietnamese message. The open datasets (initiatives, units,
adoptions, observations, leaderboards, awards) share one field registry with the downloads and the
/du-lieu-mo/ page (opendata/)."""

from ninja import NinjaAPI, Swagger
from ninja.errors import Throttled, ValidationError

from appraisal.api import router as appraisal_router
from campaigns.api import awards_router, leaderboards_router
from campaigns.api import router as campaigns_router
from initiatives.api import router as initiatives_router
from core.api.throttling import api_throttles, invalid_parameters, too_many_requests
from rollout.api import router as rollout_router
from search.api import router as search_router
from units.api import router as units_router

api = NinjaAPI(
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
api.add_router("/search/", search_router)


@api.exception_handler(Throttled)
def throttled(request, exc):
    return too_many_requests(exc.wait)



@api.exception_handler(ValidationError)
def invalid(request, exc):
    return invalid_parameters(exc.errors)
