"""Signal receivers: each event fires a points task on commit (tasks take ids and are idempotent).

Connected in CampaignsConfig.ready(). rollout's signals are connected only if rollout.signals
exists, so campaigns works before (and without) them."""

import importlib
import logging

from django.db import transaction

logger = logging.getLogger("nhanrong.campaigns")


def _ids(kwargs, single, plural):
    ids = list(kwargs.get(plural) or [])
    if kwargs.get(single) is not None:
        ids.append(kwargs[single])
    obj = kwargs.get(single.removesuffix("_id"))
    if obj is not None and getattr(obj, "pk", None):
        ids.append(obj.pk)
    return sorted(set(ids))


def on_initiative_status_changed(sender, initiative_id, to_status, **kwargs):
    from initiatives.status import InitiativeStatus

    from .tasks import award_initiative_points

    if to_status in (InitiativeStatus.SUBMITTED, InitiativeStatus.RECOGNISED):
        transaction.on_commit(lambda: award_initiative_points.delay([initiative_id]))


def on_adoption_changed(sender, **kwargs):
    from .tasks import award_adoption_points

    ids = _ids(kwargs, "adoption_id", "adoption_ids")
    if ids:
        transaction.on_commit(lambda: award_adoption_points.delay(ids))


def on_observation_recorded(sender, **kwargs):
    from .tasks import award_observation_points

    ids = _ids(kwargs, "observation_id", "observation_ids")
    if ids:
        transaction.on_commit(lambda: award_observation_points.delay(ids))


CAMPAIGN_TASKS = "campaigns.tasks."
# Tasks whose public change is announced narrowly by what they call (refresh_leaderboard sends a
# CampaignChange naming the units whose rows changed), or that change nothing a public page reads
# (the points tasks write the ledger; pages read the boards, which the refresh they schedule rewrites).
SELF_ANNOUNCING_TASKS = {f"{CAMPAIGN_TASKS}{name}" for name in (
    "refresh_campaign_leaderboard", "refresh_all_leaderboards",
    "award_initiative_points", "award_adoption_points", "award_observation_points")}


def _connect_public_changes():
    """Campaign data the public pages show (points, leaderboards, badges, awards) as public changes
    (core/changes.py): a campaigns task that changed something (they write in bulk or in raw SQL, so
    no model signal fires; tasks return what they changed, 0 meaning nothing did), and an Award or
    BadgeAward saved or deleted one by one (admin)."""
    from celery.signals import task_postrun
    from django.db.models.signals import post_delete, post_save

    from core.changes import CAMPAIGN, announce

    from .models import Award, BadgeAward

    def on_task(sender=None, retval=None, state=None, **kwargs):
        name = getattr(sender, "name", "")
        if name in SELF_ANNOUNCING_TASKS:
            return
        if name.startswith(CAMPAIGN_TASKS) and state == "SUCCESS" and retval != 0:
            announce(CAMPAIGN, sender=sender)

    def on_model(sender=None, instance=None, **kwargs):
        announce(CAMPAIGN, instance=instance, sender=sender)

    task_postrun.connect(on_task, weak=False, dispatch_uid="campaigns.public_changed.tasks")
    for model in (Award, BadgeAward):
        for name, signal in (("save", post_save), ("delete", post_delete)):
            signal.connect(on_model, sender=model, weak=False,
                           dispatch_uid=f"campaigns.public_changed.{model.__name__}.{name}")


def connect():
    from initiatives.signals import status_changed

    _connect_public_changes()

    status_changed.connect(on_initiative_status_changed, dispatch_uid="campaigns.initiative_status")
    try:
        rollout_signals = importlib.import_module("rollout.signals")
    except ImportError:
        logger.debug("rollout.signals not present: adoption/observation points come from rebuilds only")
        return
    for name, receiver in (("adoption_changed", on_adoption_changed), ("observation_recorded", on_observation_recorded)):
        signal = getattr(rollout_signals, name, None)
        if signal is not None:
            signal.connect(receiver, dispatch_uid=f"campaigns.{name}")
