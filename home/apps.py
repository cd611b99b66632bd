from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Trang chủ")

    def ready(self):
        from .figures import connect_invalidation

        # The home page's cached headline figures are dropped when an initiative changes status or
        # is (un)published, and when an adoption is recorded or changes (home/figures.py).
        connect_invalidation()
