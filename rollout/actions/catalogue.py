"""The indicator catalogue: metrics (code, unit, direction, bounds), the groups and component
indicators of the service index (Quyết định 766/QĐ-TTg, 23/6/2022: the groups' maximum points and
each indicator's full-points value). Administrators change them (rollout.permissions.CataloguePolicy,
the same rule as the admin); each save or delete is atomic and leaves an audit row (Wagtail's log():
the snippet's History shows who changed what, when). A metric's direction or bounds decide how its
values read as improvements: when they change, every initiative's impact is recomputed in Celery
(rollout.tasks.refresh_all_impacts) on commit. What observations or indicators use cannot be
deleted (the database protects it): refused with a message naming it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import audit, changes, save_instance

from ..models import Metric, ScoredIndicator
from ..permissions import CataloguePolicy

IMPACT_FIELDS = {"direction", "min_value", "max_value", "unit"}


def _require(user, model, what):
    if not (user and user.is_active and CataloguePolicy(model).user_has_permission(user, what)):
        raise PermissionDenied(_("Bạn không có quyền thay đổi %(what)s.") % {"what": model._meta.verbose_name})


def _refresh_impacts():
    from .. import tasks  # late: the tasks import the impact store

    tasks.refresh_all_impacts.delay()


def _save(user, instance, form, name):
    model = type(instance)
    created = instance.pk is None
    _require(user, model, "add" if created else "change")
    with transaction.atomic():
        changed = changes(instance, form)
        instance = save_instance(instance, form)
        audit(instance, f"nhanrong.{name}.{'create' if created else 'edit'}", user, data={"changes": changed})
        if model is Metric and not created and IMPACT_FIELDS & set(changed):
            transaction.on_commit(_refresh_impacts)
    return instance


def _delete(user, instance):
    _require(user, type(instance), "delete")
    try:
        with transaction.atomic():
            audit(instance, "wagtail.delete", user, deleted=True, data={"label": str(instance)})
            instance.delete()
    except ProtectedError:
        raise ValidationError(_("“%(object)s” đang được số liệu hoặc chỉ số khác sử dụng, không xoá được.")
                              % {"object": instance}) from None


def save_metric(user, metric, form=None):
    return _save(user, metric, form, "metric")


def delete_metric(user, metric):
    _delete(user, metric)


def save_score_group(user, group, form=None):
    return _save(user, group, form, "score_group")


def delete_score_group(user, group):
    """A group without indicators (the database would delete its indicators with it)."""
    if ScoredIndicator.objects.filter(group=group).exists():
        raise ValidationError(_("Nhóm chỉ số “%(group)s” còn chỉ số thành phần, không xoá được.") % {"group": group})
    _delete(user, group)


def save_scored_indicator(user, indicator, form=None):
    return _save(user, indicator, form, "scored_indicator")


def delete_scored_indicator(user, indicator):
    _delete(user, indicator)


LOG_LABELS = {
    "nhanrong.metric.create": gettext_lazy("Thêm chỉ tiêu"),
    "nhanrong.metric.edit": gettext_lazy("Sửa chỉ tiêu (chiều tốt, giới hạn)"),
    "nhanrong.score_group.create": gettext_lazy("Thêm nhóm chỉ số (QĐ 766)"),
    "nhanrong.score_group.edit": gettext_lazy("Sửa nhóm chỉ số (QĐ 766)"),
    "nhanrong.scored_indicator.create": gettext_lazy("Thêm chỉ số thành phần (QĐ 766)"),
    "nhanrong.scored_indicator.edit": gettext_lazy("Sửa chỉ số thành phần (QĐ 766)"),
}
