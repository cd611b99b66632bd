"""Verification of self-reported figures (issue 15): a figure a unit reports about itself earns points
and badges only once the level above has verified it, or when it comes from an official source
(rollout.models.observations.Verification, EARNS_POINTS). Who is "the level above":

- an officer of a province (a "Cán bộ đơn vị" whose unit is a province in force today) for the figures
  of the units in that province today (units from before 1 July 2025 by their successor's province),
  never for the province's own figures;
- an administrator, for any figure.

Nobody verifies a figure they entered themselves. A new value sets the figure back to self-reported
(bulk_upsert_observations, the importer).

An import from an official source (the national public-service portal, the province's system for
handling administrative procedures…) marks its figures "nhập từ nguồn chính thức" at once: they earn
points without a second check. Only those who stand above the units may choose it
(`may_import_official`): editors and administrators for any unit, a province officer for the units of
their province (never the province's own figures, as for verification). A commune officer may not."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import roles
from core.audit import audit
from units.models import UnitLevel, current_successors_map

from .models import Observation, Verification
from .signals import observation_recorded

logger = logging.getLogger("nhanrong.rollout")


def is_administrator(user):
    return bool(user.is_superuser or roles.in_group(user, roles.ADMINISTRATORS))


def verifier_province(user):
    """The province (in force today) whose units' figures an officer verifies, or None."""
    if not roles.in_group(user, roles.COMMUNE_OFFICERS):
        return None
    unit = roles.user_unit(user)
    if unit is None or unit.level != UnitLevel.PROVINCE or unit.is_historic:
        return None
    return unit


def province_today(unit):
    if not unit.is_historic:
        return unit.pk if unit.level == UnitLevel.PROVINCE else unit.province_id
    for successor in current_successors_map([unit]).get(unit.pk, []):
        return successor.pk if successor.level == UnitLevel.PROVINCE else successor.province_id
    return None


def can_verify(user, observation):
    """May `user` verify this figure (whatever its current state)?"""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if observation.entered_by_id is not None and observation.entered_by_id == user.pk:
        return False
    if is_administrator(user):
        return True
    province = verifier_province(user)
    if province is None or observation.unit_id == province.pk:
        return False
    return province_today(observation.unit) == province.pk


def verifiable_observations(user):
    """The self-reported figures `user` may verify (the admin's list "Số liệu chờ xác minh")."""
    pending = Observation.objects.awaiting_verification().exclude(entered_by=user)
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Observation.objects.none()
    if is_administrator(user):
        return pending
    province = verifier_province(user)
    if province is None:
        return Observation.objects.none()
    from django.db.models import Q

    return pending.filter(Q(unit__province=province) | Q(unit__successors__province=province)
                          | Q(unit__successors=province)).exclude(unit=province).distinct()


def verify_observation(user, observation, *, note=""):
    """The level above confirms a self-reported figure: from then on it earns points and badges."""
    with transaction.atomic():
        locked = Observation.objects.select_for_update().select_related("unit", "metric").get(pk=observation.pk)
        if locked.entered_by_id is not None and locked.entered_by_id == getattr(user, "pk", None):
            raise PermissionDenied(_("Xác minh: không được tự xác minh số liệu do chính mình nhập."))
        if not can_verify(user, locked):
            raise PermissionDenied(_("Xác minh: chỉ cán bộ cấp tỉnh của tỉnh có đơn vị này, hoặc quản trị viên, "
                                     "được xác minh số liệu “%(obs)s”.") % {"obs": locked})
        if locked.verification != Verification.SELF_REPORTED:
            raise ValidationError(_("Xác minh: số liệu “%(obs)s” đã ở trạng thái “%(state)s”.")
                                  % {"obs": locked, "state": locked.get_verification_display()})
        locked.verification = Verification.VERIFIED
        locked.save(update_fields=["verification"])
        audit(locked, "nhanrong.rollout.verify_observation", user, note=note,
              data={"value": str(locked.value), "from": Verification.SELF_REPORTED, "to": Verification.VERIFIED})
        pk, unit_id, metric_id = locked.pk, locked.unit_id, locked.metric_id
        # Points, badges and the public pages follow, as for a new value.
        transaction.on_commit(lambda: observation_recorded.send(
            sender=Observation, observation_ids=[pk], unit_ids=[unit_id], metric_ids=[metric_id],
            actor_id=user.pk, created=0, updated=0, verified=1))
    logger.info("observation %s verified by %s", locked.pk, user.pk)
    return locked


def official_refusal():
    return _("Nguồn chính thức: chỉ cán bộ cấp tỉnh (cấp trên của các xã, phường), biên tập viên hoặc quản trị "
             "viên được nhập số liệu từ nguồn chính thức; số liệu của đơn vị tự báo cáo phải chờ cấp trên xác minh.")


def may_import_official(user):
    """May `user` mark an import as coming from an official source? None is the server operator
    (manage.py import_observations without --user)."""
    if user is None:
        return True
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return roles.is_staff_wide(user) or verifier_province(user) is not None


def may_write_official(user, unit):
    """May `user` write `unit`'s figures as official ones: anyone staff-wide (or the operator); a province
    officer for the units of their province today, not the province itself (a province's own figures
    are verified by the level above it)."""
    if user is None or roles.is_staff_wide(user):
        return True
    province = verifier_province(user)
    if province is None or unit.pk == province.pk:
        return False
    return province_today(unit) == province.pk
