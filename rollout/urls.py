"""Public (non-Wagtail-page) URLs of this app; included at the site root by config/urls.py."""

from django.urls import include, path

urlpatterns = [
    path("", include("rollout.export_urls")),  # /so-lieu/xuat.csv, /so-lieu/xuat.xlsx
]
