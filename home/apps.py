from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Trang chủ")

    def ready(self):
        from . import figures

        # The home page's cached headline figures are dropped on the public changes that concern them
        # (core/changes.py).
        figures.connect_invalidation()
