"""What the rollout actions share: the actor's id in signals and logs, the server-side unit check
(`can_write_for_unit`: an officer's unit and the communes merged into it), the log."""

import logging

from django.core.exceptions import PermissionDenied

from ..permissions import can_write_for_unit

logger = logging.getLogger("nhanrong.rollout")


def _actor_id(user):
    return getattr(user, "pk", None)


def _require_unit(user, unit_id, message):
    if not can_write_for_unit(user, unit_id):
        raise PermissionDenied(message)

