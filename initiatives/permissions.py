"""Server-side rules on who may touch which initiative.

A commune officer acts for their own unit only. The rule lives in one place,
`core.roles.can_act_for_unit`, and Wagtail's page permission tester asks it for every admin action
(edit, delete, publish, move, copy, revisions), so every path behaves the same.
"""

from wagtail.models import PagePermissionTester
from wagtail.permission_policies.pages import PagePermissionPolicy

from core.roles import acting_unit_ids, can_act_for_unit, is_staff_wide


class InitiativePermissionTester(PagePermissionTester):
    def _owns(self):
        return can_act_for_unit(self.user, self.page.origin_unit_id)

    def can_edit(self):
        return self._owns() and super().can_edit()

    def can_delete(self, ignore_bulk=False):
        return self._owns() and super().can_delete(ignore_bulk=ignore_bulk)

    def can_publish(self):
        return self._owns() and super().can_publish()

    def can_unpublish(self):
        return self._owns() and super().can_unpublish()

    def can_move(self):
        return self._owns() and super().can_move()

    def can_copy(self):
        return self._owns() and super().can_copy()

    def can_lock(self):
        return self._owns() and super().can_lock()

    def can_view_revisions(self):
        return self._owns() and super().can_view_revisions()

    def can_submit(self):
        """Submit for appraisal: the unit's own officers (or staff), on an editable page."""
        return self._owns() and super().can_edit()


class UnitScopedPagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page policy, with one rule more: an officer never reaches another unit's initiative,
    not even its title. Wagtail asks this policy for the explorer and its search, the admin API
    (/admin/api/main/pages/), the site history report, the page-type usage report and the workflow
    reports; registered for Page in InitiativesConfig.ready(). The page chooser has its own hook
    (initiatives/wagtail_hooks.py) on the same rule, `foreign_initiatives`."""

    def instances_user_has_any_permission_for(self, user, actions):
        return exclude_foreign_initiatives(super().instances_user_has_any_permission_for(user, actions), user)

    def explorable_instances(self, user):
        return exclude_foreign_initiatives(super().explorable_instances(user), user)


def foreign_initiatives(user):
    """Ids of the initiatives `user` may not see in the admin (another unit's), or None when the user
    acts across units. The same units as every other rule (`core.roles.acting_unit_ids`): an officer
    of a current commune also sees the initiatives of the communes merged into it (their pages, with
    origin_unit the old commune, are the officer's to read and correct); an officer bound to a
    dissolved unit, or to none, sees no initiative."""
    from .models import InitiativePage

    if user.is_superuser or is_staff_wide(user):
        return None
    units = acting_unit_ids(user)
    pages = InitiativePage.objects.exclude(origin_unit_id__in=units) if units else InitiativePage.objects.all()
    return pages.values("pk")


def exclude_foreign_initiatives(pages, user):
    foreign = foreign_initiatives(user)
    return pages if foreign is None else pages.exclude(pk__in=foreign)
