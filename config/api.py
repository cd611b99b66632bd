"""The public JSON API, /api/v1/. Each app contributes a django-ninja router; the OpenAPI 3 schema is
served at /api/v1/schema/ and browsable docs at /api/v1/docs/ (Swagger UI shipped in the ninja
package, no CDN)."""

from ninja import NinjaAPI

from appraisal.api import router as appraisal_router
from campaigns.api import router as campaigns_router
from initiatives.api import router as initiatives_router
from rollout.api import router as rollout_router
from search.api import router as search_router
from units.api import router as units_router

api = NinjaAPI(
    title="Nhân Rộng API",
    version="1",
    description="Dữ liệu mở về sáng kiến cải cách hành chính / Open data on public-administration reform initiatives",
    urls_namespace="api-v1",
    openapi_url="/schema/",
    docs_url="/docs/",
)
api.add_router("/initiatives/", initiatives_router)
api.add_router("/units/", units_router)
api.add_router("/", rollout_router)
api.add_router("/appraisal/", appraisal_router)
api.add_router("/campaigns/", campaigns_router)
api.add_router("/search/", search_router)
