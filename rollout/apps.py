from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RolloutConfig(AppConfig):
    name = "rollout"
    verbose_name = _("Nhân rộng và hiệu quả")

    def ready(self):
        from core.changes import ADOPTION, OBSERVATION, relay
        from units.sections import register_unit_section

        from . import impact_signals

        from .views import unit_map_section_context, unit_section_context

        # Adoptions, initiatives adopted elsewhere and indicator charts on /don-vi/<key>/.
        # Cached fragments (core/fragments.py): re-rendered after a write of the unit or of a unit rolling
        # up to it (adoptions and observations: "unit:<id>"); the map after adoptions only.
        register_unit_section("rollout/includes/unit_rollout_section.html", unit_section_context, order=10,
                              fragment_tags=lambda unit: [f"unit:{unit.pk}"])
        # The unit's map: where its initiatives spread and whom it learnt from.
        register_unit_section("rollout/includes/unit_map_section.html", unit_map_section_context, order=5,
                              fragment_tags=lambda unit: [f"adoptions:unit:{unit.pk}"])
        # The unit's score in the service index of Decision 766/QĐ-TTg, from its stored figures.
        from .service_index import unit_section_context as service_index_context

        register_unit_section("rollout/includes/unit_service_index.html", service_index_context, order=12,
                              fragment_tags=lambda unit: [f"unit:{unit.pk}"])
        impact_signals.connect()
        # The cached pages that show an adoption or an observation miss, the others keep their entries.
        from . import page_invalidation

        page_invalidation.connect()
        from . import fragment_invalidation

        fragment_invalidation.connect()
        # Adoptions and indicator values are public changes (core/changes.py).
        from .signals import adoption_changed, observation_recorded

        relay(adoption_changed, ADOPTION, "rollout.adoption_changed")
        relay(observation_recorded, OBSERVATION, "rollout.observation_recorded")
