"""Public (non-Wagtail-page) URLs of this app; included at the site root by config/urls.py."""

from django.urls import path

from . import views

app_name = "units"

urlpatterns = [
    path("don-vi/", views.unit_list, name="list"),
    path("don-vi/<str:key>/", views.unit_detail, name="detail"),
]
