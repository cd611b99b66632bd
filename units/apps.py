from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = _("Đơn vị hành chính")

    def ready(self):
        from core.roles import register_unit_scope

        # An officer of a commune formed on 1/7/2025 holds the records of the communes merged into it.
        register_unit_scope(lambda unit: unit.succession_ids())
