"""Public (non-Wagtail-page) URLs of this app; included at the site root by config/urls.py."""

from django.urls import path

from . import views

app_name = "campaigns"

urlpatterns = [
    path("thi-dua/<slug:slug>/dang-ky/", views.enrol, name="enrol"),
    path("thi-dua/<slug:slug>/bang-xep-hang.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("thi-dua/<slug:slug>/bang-xep-hang.xlsx", views.export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("xac-minh/<uuid:uuid>/", views.verify, name="verify_award"),
    path("xac-minh/<uuid:uuid>.json", views.credential_json, name="award_credential"),
    path("xac-minh/<uuid:uuid>/giay-chung-nhan.pdf", views.certificate, name="award_certificate"),
]
