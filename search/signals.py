"""Receivers that schedule re-indexing (on commit) whenever something the index shows changes."""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from initiatives.models import InitiativePage
from initiatives.signals import status_changed

from .extras import _model, campaign_links
from .indexing import schedule

logger = logging.getLogger("nhanrong.search")


def on_page_published(sender, instance, **kwargs):
    schedule([instance.pk])


def on_page_removed(sender, instance, **kwargs):
    schedule([instance.pk])


def on_page_moved(sender, instance, **kwargs):
    # Moving an initiative (or a page above initiatives) changes URLs: re-index what is below.
    ids = list(InitiativePage.objects.descendant_of(instance, inclusive=True).values_list("pk", flat=True))
    schedule(ids)


def on_restriction_changed(sender, instance, **kwargs):
    """A view restriction added or removed hides or shows the page and everything below it."""
    page_id = getattr(instance, "page_id", None)
    if page_id is None:
        return
    page = Page.objects.filter(pk=page_id).first()
    if page is not None:
        on_page_moved(sender, page)


def on_status_changed(sender, initiative_id, **kwargs):
    schedule([initiative_id])


def _initiative_id_from(kwargs):
    if kwargs.get("initiative_id"):
        return kwargs["initiative_id"]
    for key in ("initiative", "adoption", "instance", "award", "decision"):
        obj = kwargs.get(key)
        if obj is None:
            continue
        if isinstance(obj, InitiativePage):
            return obj.pk
        if getattr(obj, "initiative_id", None):
            return obj.initiative_id
    return None


def on_related_change(sender, **kwargs):
    """For adoption / score / award signals from other apps: whatever they send, find the initiative."""
    initiative_id = _initiative_id_from(kwargs)
    if initiative_id:
        schedule([initiative_id])


def on_synonym_change(sender, instance, **kwargs):
    from .indexing import index_changed
    from .tasks import sync_synonyms

    index_changed()  # the database backend's kept answers expanded the old synonyms
    transaction.on_commit(sync_synonyms.delay)


def connect():
    from .models import Synonym

    post_save.connect(on_synonym_change, sender=Synonym, dispatch_uid="search-synonym-save")
    post_delete.connect(on_synonym_change, sender=Synonym, dispatch_uid="search-synonym-delete")
    page_published.connect(on_page_published, sender=InitiativePage, dispatch_uid="search-published")
    page_unpublished.connect(on_page_removed, sender=InitiativePage, dispatch_uid="search-unpublished")
    post_delete.connect(on_page_removed, sender=InitiativePage, dispatch_uid="search-deleted")
    post_page_move.connect(on_page_moved, dispatch_uid="search-moved")
    post_save.connect(on_restriction_changed, sender=PageViewRestriction, dispatch_uid="search-restricted")
    post_delete.connect(on_restriction_changed, sender=PageViewRestriction, dispatch_uid="search-unrestricted")
    status_changed.connect(on_status_changed, dispatch_uid="search-status")
    _connect_rollout()
    _connect_campaigns()


def _connect_rollout():
    """Adoptions change the adoption count: prefer rollout's own signal, else the model's."""
    try:
        from rollout.signals import adoption_changed
    except ImportError:
        adoption_changed = None
    if adoption_changed is not None:
        adoption_changed.connect(on_related_change, dispatch_uid="search-adoption")
        return
    Adoption = _model("rollout", "Adoption")
    if Adoption is not None:
        post_save.connect(on_related_change, sender=Adoption, dispatch_uid="search-adoption-save")
        post_delete.connect(on_related_change, sender=Adoption, dispatch_uid="search-adoption-delete")


def _connect_campaigns():
    """Campaign membership (featured models, awards) is a facet: re-index the initiative when a
    row linking it to a campaign is saved or deleted."""
    for model, initiative_field, _campaign_field in campaign_links():
        def receiver(sender, instance, _field=initiative_field, **kwargs):
            schedule([getattr(instance, f"{_field}_id", None)])

        uid = f"search-campaign-{model._meta.label_lower}"
        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=uid + "-save")
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=uid + "-delete")
