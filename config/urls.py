from django.conf import settings
from django.contrib import admin
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from .api import api


class FaviconView(RedirectView):
    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static_url("favicon.svg")  # resolved per request: the hashed name in production


urlpatterns = [
    # Browsers ask for /favicon.ico whatever the page links: send them to the icon the pages declare.
    path("favicon.ico", FaviconView.as_view(), name="favicon"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("", include("units.urls")),
    path("", include("rollout.urls")),
    path("", include("appraisal.urls")),
    path("", include("initiatives.urls")),  # receipts, certificates of initiatives, verification
    path("", include("appraisal.paper_urls")),  # minutes of council meetings
    path("", include("rollout.dossier_urls")),  # replication evidence dossiers
    path("", include("campaigns.urls")),
    path("", include("search.urls")),
    path("", include("opendata.urls")),  # /du-lieu-mo/
    path("", include("public.urls")),  # Atom feeds, /nguon-tin/
    path("", include("following.urls")),  # /theo-doi/
    path("", include("home.urls")),  # /mo-hinh-tieu-bieu/, /so-sanh/
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    # Images only: documents go through /documents/ (permission checked, public/wagtail_hooks.py),
    # import files are not under MEDIA_ROOT at all (core/storage.py).
    for folder in ("images/", "original_images/"):
        urlpatterns += static(settings.MEDIA_URL + folder, document_root=settings.MEDIA_ROOT / folder)

if getattr(settings, "BENCH_CEILING_VIEW", False):  # `make bench` only (bench/settings.py)
    urlpatterns += [path("__bench__/ceiling/", include("bench.ceiling"))]

urlpatterns += [path("", include(wagtail_urls))]
