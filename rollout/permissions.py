"""Who may do what with rollout data in the admin, from the product's roles (not per-model Django
permissions): commune officers see and write their own unit's adoptions and observations only;
editors and administrators act everywhere; the metric catalogue is edited by administrators.

The same `can_act_for_unit` rule guards the actions themselves, so a forged admin POST still fails."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.permission_policies.base import BasePermissionPolicy

from core import roles
from core.roles import can_act_for_unit

ACTIONS = {"add", "change", "delete", "view"}


def can_write_for_unit(user, unit_id):
    """The rule for rollout data is the product's one rule (core.roles.can_act_for_unit): the
    officer's current unit and the units merged into it. Actions, admin and importer share it."""
    if user is None or unit_id is None:
        return False
    return can_act_for_unit(user, unit_id)


def _is_admin(user):
    return bool(user.is_active and (user.is_superuser or roles.in_group(user, roles.ADMINISTRATORS)))


def _can_write_units(user):
    """Staff, or an officer with a unit."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return roles.is_staff_wide(user) or (roles.in_group(user, roles.COMMUNE_OFFICERS)
                                         and roles.user_unit(user) is not None)


class UnitScopedPolicy(BasePermissionPolicy):
    """For models with a `unit` field (Adoption, Observation)."""

    permission_cache_name = "_rollout_unit_policy_cache"

    def user_has_permission(self, user, action):
        return action in ACTIONS and _can_write_units(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and can_write_for_unit(user, instance.unit_id)

    def instances_user_has_any_permission_for(self, user, actions):
        manager = self.model._default_manager
        if not any(self.user_has_permission(user, a) for a in actions):
            return manager.none()
        if roles.is_staff_wide(user):
            return manager.all()
        return manager.filter(unit_id__in=roles.acting_unit_ids(user))

    def users_with_any_permission(self, actions):
        if not set(actions) & ACTIONS:
            return get_user_model().objects.none()
        return get_user_model().objects.filter(is_active=True).filter(
            Q(is_superuser=True) | Q(groups__name__in=[roles.EDITORS, roles.ADMINISTRATORS])
            | Q(groups__name=roles.COMMUNE_OFFICERS, affiliation__isnull=False)).distinct()

    def users_with_any_permission_for_instance(self, actions, instance):
        users = self.users_with_any_permission(actions)
        return users.filter(Q(is_superuser=True) | Q(groups__name__in=[roles.EDITORS, roles.ADMINISTRATORS])
                            | Q(affiliation__unit_id=instance.unit_id)
                            | Q(affiliation__unit__predecessors=instance.unit_id)).distinct()


class CataloguePolicy(BasePermissionPolicy):
    """Metric: everyone who writes observations may read it; administrators change it."""

    permission_cache_name = "_rollout_catalogue_policy_cache"

    def user_has_permission(self, user, action):
        if action == "view":
            return _can_write_units(user)
        return action in ACTIONS and _is_admin(user)

    def users_with_any_permission(self, actions):
        return get_user_model().objects.filter(is_active=True).filter(
            Q(is_superuser=True) | Q(groups__name=roles.ADMINISTRATORS)).distinct()
