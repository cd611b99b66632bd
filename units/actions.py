"""Actions on the rule-bearing data of units: an administrative unit (its parent, province, validity
and successor links decide roll-ups, council scopes and who acts for the merged communes) and a
user's affiliation (the unit an officer acts for; a council member's unit decides their conflicts).
The admin's snippet views call them (units/wagtail_hooks.py, through core.admin_actions). Each checks
the model permission server-side, writes atomically and stores an audit row (Wagtail's log(): the
snippet's History shows who changed what, when); a unit's change is announced as a public change on
commit (unit pages, figures and roll-ups read it)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import audit, changes, save_instance

from .models import AdministrativeUnit, Affiliation


def _require(user, model, what):
    if not (user and user.is_active and user.has_perm(f"units.{what}_{model._meta.model_name}")):
        raise PermissionDenied(_("Bạn không có quyền thay đổi %(what)s.") % {"what": model._meta.verbose_name})


def _announce():
    from core.changes import PAGE, announce

    from .loader import map_changed

    map_changed()
    announce(PAGE, sender=AdministrativeUnit)


def save_unit(user, unit, form=None):
    """Create or edit a unit. Refused: a unit its own parent or successor (a cycle of one)."""
    _require(user, AdministrativeUnit, "change" if unit.pk else "add")
    created = unit.pk is None
    if unit.pk and unit.parent_id == unit.pk:
        raise ValidationError({"parent": _("Trực thuộc: một đơn vị không thể trực thuộc chính nó.")})
    if form is not None and unit.pk and any(s.pk == unit.pk for s in form.cleaned_data.get("successors") or ()):
        raise ValidationError({"successors": _("Đơn vị kế thừa: một đơn vị không thể kế thừa chính nó.")})
    with transaction.atomic():
        changed = changes(unit, form)
        unit = save_instance(unit, form)
        audit(unit, "nhanrong.unit.create" if created else "nhanrong.unit.edit", user, data={"changes": changed})
        transaction.on_commit(_announce)
    return unit


def save_affiliation(user, affiliation, form=None):
    """Set the unit (and office) a user works for; the previous unit stays in the audit row."""
    _require(user, Affiliation, "change" if affiliation.pk else "add")
    created = affiliation.pk is None
    with transaction.atomic():
        changed = changes(affiliation, form)
        affiliation = save_instance(affiliation, form)
        audit(affiliation, "nhanrong.affiliation.create" if created else "nhanrong.affiliation.edit", user,
              data={"user": affiliation.user_id, "changes": changed})
    return affiliation


def delete_affiliation(user, affiliation):
    _require(user, Affiliation, "delete")
    with transaction.atomic():
        audit(affiliation, "nhanrong.affiliation.delete", user,
              data={"user": affiliation.user_id, "unit": affiliation.unit_id, "office": affiliation.office})
        affiliation.delete()


LOG_LABELS = {
    "nhanrong.unit.create": gettext_lazy("Tạo đơn vị hành chính"),
    "nhanrong.unit.edit": gettext_lazy("Sửa đơn vị hành chính (trực thuộc, kế thừa, hiệu lực)"),
    "nhanrong.affiliation.create": gettext_lazy("Gán đơn vị công tác"),
    "nhanrong.affiliation.edit": gettext_lazy("Đổi đơn vị công tác"),
    "nhanrong.affiliation.delete": gettext_lazy("Bỏ đơn vị công tác"),
}
