"""Public pages of the showcase that are Django views, not Wagtail pages; included at the site root by
config/urls.py (before Wagtail's catch-all)."""

from django.urls import path

from public.showcase import showcase

from .compare import compare

app_name = "home"

urlpatterns = [
    path("mo-hinh-tieu-bieu/", showcase, name="showcase"),
    path("so-sanh/", compare, name="compare"),
]
