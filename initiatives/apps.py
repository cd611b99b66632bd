from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Sáng kiến, mô hình")

    def ready(self):
        from wagtail.models import Page
        from wagtail.permissions import register_permission_policy

        from core.changes import STATUS, relay

        from .permissions import UnitScopedPagePermissionPolicy
        from .signals import recognition_changed, status_changed

        # Officers never reach another unit's initiative in the admin (explorer, search, admin API,
        # history and usage reports): registered before Wagtail asks for the Page policy.
        register_permission_policy(Page, UnitScopedPagePermissionPolicy(Page))

        from . import deleting

        deleting.connect()  # before the apps that keep per-initiative figures connect theirs
        relay(status_changed, STATUS, "initiatives.status_changed")
        relay(recognition_changed, STATUS, "initiatives.recognition_changed")
