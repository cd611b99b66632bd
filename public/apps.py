from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    """The public read side: public/rules.py is the only module that says what the public may see."""

    name = "public"
    verbose_name = _("Công khai")

    def ready(self):
        # Per-unit counts kept by the writes (public/summary.py).
        from . import summary

        summary.connect()
        # The unit map's per-unit tables, kept by the writes the same way (public/unit_map_store.py).
        from . import unit_map_store

        unit_map_store.connect()
