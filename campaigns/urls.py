"""Public (non-Wagtail-page) URLs of this app; included at the site root by config/urls.py."""

from django.urls import path

from . import views

app_name = "campaigns"

urlpatterns = [
    path("thi-dua/<slug:slug>/dang-ky/", views.enrol, name="enrol"),
    path("thi-dua/<slug:slug>/bang-xep-hang.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("thi-dua/<slug:slug>/bang-xep-hang.xlsx", views.export, {"fmt": "xlsx"}, name="export_xlsx"),
    path(".well-known/jwks.json", views.jwks, name="jwks"),
    path("xac-minh/", views.verify_any, name="verify_any"),
    path("xac-minh/to-chuc-cap.json", views.issuer_profile, name="issuer_profile"),
    path("xac-minh/danh-sach-thu-hoi", views.status_list_credential, name="status_list"),
    path("xac-minh/danh-sach-thu-hoi.json", views.status_list_credential, {"fmt": "json"}, name="status_list_json"),
    path("xac-minh/thanh-tich/<slug:code>", views.achievement_json, name="achievement"),
    path("xac-minh/<uuid:uuid>/", views.verify, name="verify_award"),
    path("xac-minh/<uuid:uuid>.jwt", views.credential_jwt, name="award_credential_jwt"),
    path("xac-minh/<uuid:uuid>.json", views.credential_json, name="award_credential"),
    path("xac-minh/<uuid:uuid>/giay-chung-nhan.pdf", views.certificate, name="award_certificate"),
]
