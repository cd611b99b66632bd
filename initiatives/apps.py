from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Sáng kiến, mô hình")

    def ready(self):
        from core.changes import STATUS, relay

        from .signals import status_changed

        relay(status_changed, STATUS, "initiatives.status_changed")
