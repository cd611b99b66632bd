"""Keep rollout.models.InitiativeImpact true: any change to an adoption or an observation marks the
affected rows stale at once (in the writer's transaction, so a reader that shows figures recomputes
rather than show old ones) and a Celery task recomputes them after commit.

Connected in RolloutConfig.ready(). Model signals catch single saves from every path (actions, admin,
factories); the bulk writers (rollout.actions.bulk_upsert_observations, the importer's writer) call
`observations_written` themselves, inside their transaction."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from . import impact_store
from .models import Adoption, Observation
from .signals import adoption_changed


def schedule(ids, using="default"):
    """The refresh task for these initiatives (None: all), sent when the writer's transaction commits."""
    from .tasks import refresh_all_impacts, refresh_initiative_impacts

    if ids is None:
        transaction.on_commit(refresh_all_impacts.delay, using=using)
    elif ids:
        transaction.on_commit(lambda: refresh_initiative_impacts.delay(ids), using=using)


def on_adoption_saved(sender, instance, using="default", **kwargs):
    schedule(impact_store.invalidate(initiative_ids=[instance.initiative_id]), using)


def on_observation_saved(sender, instance, using="default", **kwargs):
    # The unit's adoptions include the one an observation measures.
    schedule(impact_store.invalidate(unit_ids=[instance.unit_id]), using)


def observations_written(unit_ids, using="default"):
    """For the bulk writers of observations (no model signals): stale now, refreshed after commit."""
    schedule(impact_store.invalidate(unit_ids=unit_ids), using)


def on_adoption_changed(sender, initiative_id=None, from_status="", to_status="", created=False, **kwargs):
    # Status changes are written by queryset.update() (no post_save); creations and edits are saved.
    if initiative_id and not created and from_status != to_status:
        schedule(impact_store.invalidate(initiative_ids=[initiative_id]))


def on_page_published(sender, instance, **kwargs):
    """A new initiative gets its (empty) row at once, so the suggestions' ranked index knows it;
    publishing again changes no adoption, so an existing row stays (a stale one is the task's work)."""
    if not impact_store.InitiativeImpact.objects.filter(initiative_id=instance.pk).exists():
        impact_store.refresh([instance.pk])


def connect():
    from wagtail.signals import page_published

    from initiatives.models import InitiativePage

    page_published.connect(on_page_published, sender=InitiativePage, dispatch_uid="impact.page_published")
    post_save.connect(on_adoption_saved, sender=Adoption, dispatch_uid="impact.adoption_saved")
    post_delete.connect(on_adoption_saved, sender=Adoption, dispatch_uid="impact.adoption_deleted")
    post_save.connect(on_observation_saved, sender=Observation, dispatch_uid="impact.observation_saved")
    post_delete.connect(on_observation_saved, sender=Observation, dispatch_uid="impact.observation_deleted")
    adoption_changed.connect(on_adoption_changed, dispatch_uid="impact.adoption_changed")
