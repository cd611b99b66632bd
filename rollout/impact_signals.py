"""Keep the precomputed impact true (rollout.impact_store): every change to an adoption or an
observation updates the contributions it touches and re-aggregates the figures of the initiatives
concerned, in the writer's transaction; a write over more than impact_store.LARGE_WRITE units marks
them stale and sends one refresh of everything on commit.

Connected in RolloutConfig.ready(). Model signals catch single saves from every path (actions, admin,
factories); the bulk writers (rollout.actions.bulk_upsert_observations, the importer's writer) call
`observations_written` themselves, inside their transaction."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from initiatives.deleting import being_deleted

from . import impact_store
from .models import Adoption, Observation
from .signals import adoption_changed


def _refresh_everything_on_commit(using="default"):
    from .tasks import refresh_all_impacts

    transaction.on_commit(refresh_all_impacts.delay, using=using)


def on_adoption_saved(sender, instance, using="default", **kwargs):
    if instance.initiative_id in being_deleted():
        return  # its impact row goes with it (initiatives.deleting)
    impact_store.adoptions_changed(instance.initiative_id, [instance.pk], [instance.unit_id])


def on_observation_saved(sender, instance, using="default", **kwargs):
    if being_deleted() and instance.adoption_id is not None and kwargs.get("signal") is post_delete:
        return  # measured an adoption of an initiative being deleted (its figures go with it)
    # The unit's adoptions include the one an observation measures.
    observations_written([instance.unit_id], [instance.metric_id], using)


def observations_written(unit_ids, metric_ids=None, using="default"):
    """For the writers of observations: the figures follow now, in the writer's transaction."""
    changed = impact_store.observations_changed(unit_ids, metric_ids)
    if changed is None:
        _refresh_everything_on_commit(using)
    return changed


def on_adoption_changed(sender, adoption_id=None, initiative_id=None, unit_id=None, from_status="", to_status="",
                        created=False, **kwargs):
    # Status changes are written by queryset.update() (no post_save), sent on commit; moving to
    # piloting or operating may set the start date. Creations, edits and deletions were saved.
    if initiative_id and not created and to_status and from_status != to_status:
        impact_store.adoptions_changed(initiative_id, [adoption_id], [unit_id])


def on_initiative_created(sender, instance, created=False, raw=False, **kwargs):
    """Every initiative has its row from the start (empty: no adoption yet), so the rankings that
    read the rows in their indexed order (the showcase's "most replicated") never miss a model."""
    if created and not raw:
        impact_store.InitiativeImpact.objects.get_or_create(initiative_id=instance.pk,
                                                            defaults={"computed_at": timezone.now()})


def on_page_published(sender, instance, **kwargs):
    """A new initiative gets its (empty) row at once, so the suggestions' ranked index knows it;
    publishing again changes no adoption, so an existing row stays."""
    if not impact_store.InitiativeImpact.objects.filter(initiative_id=instance.pk).exists():
        impact_store.refresh([instance.pk])


def connect():
    from wagtail.signals import page_published

    from initiatives.models import InitiativePage

    page_published.connect(on_page_published, sender=InitiativePage, dispatch_uid="impact.page_published")
    post_save.connect(on_initiative_created, sender=InitiativePage, dispatch_uid="impact.initiative_created")
    post_save.connect(on_adoption_saved, sender=Adoption, dispatch_uid="impact.adoption_saved")
    post_delete.connect(on_adoption_saved, sender=Adoption, dispatch_uid="impact.adoption_deleted")
    post_save.connect(on_observation_saved, sender=Observation, dispatch_uid="impact.observation_saved")
    post_delete.connect(on_observation_saved, sender=Observation, dispatch_uid="impact.observation_deleted")
    adoption_changed.connect(on_adoption_changed, dispatch_uid="impact.adoption_changed")
