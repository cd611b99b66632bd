"""Public (non-Wagtail-page) URLs of this app; included at the site root by config/urls.py."""

from django.urls import path

from . import views

app_name = "search"
urlpatterns = [path("tim-kiem/", views.search_page, name="search")]
