from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Sáng kiến, mô hình")

    def ready(self):
        from core.changes import STATUS, relay

        from .signals import recognition_changed, status_changed

        relay(status_changed, STATUS, "initiatives.status_changed")
        relay(recognition_changed, STATUS, "initiatives.recognition_changed")
