from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Trang chủ")

    def ready(self):
        from . import figures, page_cache

        # The home page's cached headline figures are dropped, and every cached public page goes out
        # of date, on the events that change public content (home/changes.py).
        figures.connect_invalidation()
        page_cache.connect_invalidation()
