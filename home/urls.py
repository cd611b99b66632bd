"""Public pages of the showcase that are Django views, not Wagtail pages; included at the site root by
config/urls.py (before Wagtail's catch-all)."""

from django.urls import path

from public.compare import compare
from public.showcase import showcase

app_name = "home"

urlpatterns = [
    path("mo-hinh-tieu-bieu/", showcase, name="showcase"),
    path("so-sanh/", compare, name="compare"),
]
