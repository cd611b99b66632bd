"""Public (non-Wagtail-page) URLs of this app; included at the site root by config/urls.py."""

from django.urls import path  # noqa: F401

urlpatterns = []
