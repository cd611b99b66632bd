"""Public indicator downloads. Included from rollout/urls.py: path("", include("rollout.export_urls"))."""

from django.urls import path

from . import export_views

urlpatterns = [
    path("so-lieu/xuat.csv", export_views.export_csv, name="rollout_export_csv"),
    path("so-lieu/xuat.xlsx", export_views.export_xlsx, name="rollout_export_xlsx"),
]
