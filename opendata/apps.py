from django.apps import AppConfig


class OpenDataConfig(AppConfig):
    """Open data (dữ liệu mở): one field registry behind the JSON API, the CSV/XLSX downloads and the
    /du-lieu-mo/ page, so the three cannot drift apart."""

    name = "opendata"
    verbose_name = "Dữ liệu mở"
