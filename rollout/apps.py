from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RolloutConfig(AppConfig):
    name = "rollout"
    verbose_name = _("Nhân rộng và hiệu quả")

    def ready(self):
        from core.changes import ADOPTION, OBSERVATION, relay
        from units.sections import register_unit_section

        from . import impact_signals

        from .views import unit_section_context

        # Adoptions, initiatives adopted elsewhere and indicator charts on /don-vi/<key>/.
        register_unit_section("rollout/includes/unit_rollout_section.html", unit_section_context, order=10)
        impact_signals.connect()
        # Adoptions and indicator values are public changes (core/changes.py).
        from .signals import adoption_changed, observation_recorded

        relay(adoption_changed, ADOPTION, "rollout.adoption_changed")
        relay(observation_recorded, OBSERVATION, "rollout.observation_recorded")
