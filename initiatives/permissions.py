"""Server-side rules on who may touch which initiative.

A commune officer acts for their own unit only. The rule lives in one place,
`core.roles.can_act_for_unit`, and Wagtail's page permission tester asks it for every admin action
(edit, delete, publish, move, copy, revisions), so every path behaves the same.
"""

from wagtail.models import PagePermissionTester

from core.roles import can_act_for_unit


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
