"""Public indicator downloads. Included from rollout/urls.py: path("", include("rollout.export_urls"))."""

from django.urls import path

from . import export_views

urlpatterns = [
    path("so-lieu/xuat.csv", export_views.export_csv, name="rollout_export_csv"),
    path("so-lieu/xuat.xlsx", export_views.export_xlsx, name="rollout_export_xlsx"),
    # The 766 scores (Decision 766/QĐ-TTg), computed from the stored figures.
    path("so-lieu/diem-766.csv", export_views.export_766_csv, name="rollout_export_766_csv"),
    path("so-lieu/diem-766.xlsx", export_views.export_766_xlsx, name="rollout_export_766_xlsx"),
]
