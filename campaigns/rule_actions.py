"""Actions on the rules of campaigns: point rules (what earns points, how many) and badge definitions
(criterion, levels, thresholds). The admin's snippet views call them (campaigns/wagtail_hooks.py,
through core.admin_actions). Each checks the model permission server-side, writes atomically, stores
an audit row (Wagtail's log(): the snippet's History shows who changed what, when) and, on commit,
enqueues the Celery task that rebuilds what the rule feeds:

- a point rule: every running campaign is rebuilt (campaigns.tasks.rebuild_after_rule_change): events
  not yet in the ledger earn points under the rule as it now stands, and each leaderboard is
  refreshed. Entries already in the ledger keep the points they earned (the ledger copies the points
  when it records an entry: changing a rule never rewrites history);
- a badge definition: badges are re-evaluated for every unit (campaigns.tasks.reevaluate_badges);
  a level already awarded stays awarded.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import audit, changes, save_instance


def _require(user, model, what):
    if not (user and user.is_active and user.has_perm(f"campaigns.{what}_{model._meta.model_name}")):
        raise PermissionDenied(_("Bạn không có quyền thay đổi %(what)s.") % {"what": model._meta.verbose_name})


def _tasks():
    from . import tasks  # late: tasks import the ledger, which imports models

    return tasks


def _save(user, instance, form, name, after):
    model = type(instance)
    _require(user, model, "change" if instance.pk else "add")
    created = instance.pk is None
    with transaction.atomic():
        changed = changes(instance, form)
        instance = save_instance(instance, form)
        audit(instance, f"nhanrong.{name}.{'create' if created else 'edit'}", user, data={"changes": changed})
        pk = instance.pk
        transaction.on_commit(lambda: after(pk))
    return instance


def save_point_rule(user, rule, form=None):
    return _save(user, rule, form, "point_rule", lambda pk: _tasks().rebuild_after_rule_change.delay([pk]))


def save_badge(user, badge, form=None):
    return _save(user, badge, form, "badge", lambda pk: _tasks().reevaluate_badges.delay([pk]))


def _delete(user, instance, name, after):
    _require(user, type(instance), "delete")
    with transaction.atomic():
        pk = instance.pk
        audit(instance, f"nhanrong.{name}.delete", user, data={"label": str(instance)})
        instance.delete()
        transaction.on_commit(lambda: after(pk))


def delete_point_rule(user, rule):
    _delete(user, rule, "point_rule", lambda pk: _tasks().rebuild_after_rule_change.delay([pk]))


def delete_badge(user, badge):
    _delete(user, badge, "badge", lambda pk: _tasks().reevaluate_badges.delay([pk]))


LOG_LABELS = {
    "nhanrong.point_rule.create": gettext_lazy("Tạo quy tắc tính điểm"),
    "nhanrong.point_rule.edit": gettext_lazy("Sửa quy tắc tính điểm"),
    "nhanrong.point_rule.delete": gettext_lazy("Xoá quy tắc tính điểm"),
    "nhanrong.badge.create": gettext_lazy("Tạo huy hiệu"),
    "nhanrong.badge.edit": gettext_lazy("Sửa huy hiệu (tiêu chí, các bậc)"),
    "nhanrong.badge.delete": gettext_lazy("Xoá huy hiệu"),
}
