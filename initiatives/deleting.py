"""Which initiatives are being deleted right now (between their page's pre_delete and post_delete).

Deleting an initiative deletes its adoptions and their observations by cascade, each with its own
post_delete. What is derived per initiative (rollout's impact rows, public's unit maps) is then
recomputed once for the initiative, not once per adoption; and the impact row, deleted by the same
collector, must not be written again for a page about to go (an invalid foreign key at commit).
One tracker for every app that keeps such figures (connected in InitiativesConfig.ready)."""

import threading

_deleting = threading.local()


def being_deleted():
    """Ids of the initiatives whose deletion is in progress in this thread."""
    return getattr(_deleting, "ids", frozenset())


def _pre_delete(sender, instance, **kwargs):
    _deleting.ids = being_deleted() | {instance.pk}


def _post_delete(sender, instance, **kwargs):
    _deleting.ids = being_deleted() - {instance.pk}


def connect():
    from django.db.models.signals import post_delete, pre_delete

    from .models import InitiativePage

    pre_delete.connect(_pre_delete, sender=InitiativePage, dispatch_uid="initiatives.deleting.pre")
    post_delete.connect(_post_delete, sender=InitiativePage, dispatch_uid="initiatives.deleting.post")
