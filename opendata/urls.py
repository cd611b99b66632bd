"""Open-data URLs, included at the site root by config/urls.py."""

from django.urls import path, re_path

from . import views

app_name = "opendata"

urlpatterns = [
    path("du-lieu-mo/", views.data_page, name="data_page"),
    path("du-lieu-mo/truong-du-lieu.json", views.fields_json, name="fields_json"),
    re_path(r"^du-lieu-mo/(?P<file_name>[a-z-]+)\.(?P<fmt>csv|xlsx)$", views.download, name="download"),
]
