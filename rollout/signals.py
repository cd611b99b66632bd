"""Signals of this app, sent on commit by rollout.actions. Campaigns (points) and search (index)
listen here; receivers get ids and re-fetch what they need."""

from django.dispatch import Signal

# kwargs: adoption_id, initiative_id, unit_id, from_status ("" on creation), to_status, actor_id, created
adoption_changed = Signal()

# kwargs: observation_ids (list), unit_ids (list), metric_ids (list), actor_id, created (count), updated (count)
observation_recorded = Signal()
