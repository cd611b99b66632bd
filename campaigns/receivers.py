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


def connect():
    from initiatives.actions import status_changed

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
