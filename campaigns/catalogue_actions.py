"""Actions on the catalogues of campaigns: peer groups (the units ranked against each other on a
leaderboard), the kinds of commendation (the titles and forms of the Law on Emulation and
Commendation 2022, with their authority and validity) and the persons who may be commended. The
admin's snippet views call them (campaigns/wagtail_hooks.py, through core.admin_actions). Each
checks the model permission server-side, writes atomically and stores an audit row (Wagtail's log():
the snippet's History shows who changed what, when):

- a peer group's members decide its leaderboards: the audit row keeps the members before and after,
  and on commit the running campaigns' leaderboards are refreshed in Celery;
- a kind of commendation: its fields before and after (its code is its key and does not change);
  a kind an award uses cannot be deleted (set "áp dụng đến ngày" to retire it);
- a person: which fields changed; the contact fields (not public) are recorded as changed, never
  copied into the log. A person an award names cannot be deleted.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import audit, changes, save_instance

from .models import CommendationKind, PeerGroup, Person

PRIVATE_FIELDS = ("email", "phone")


def _require(user, model, what):
    if not (user and user.is_active and user.has_perm(f"campaigns.{what}_{model._meta.model_name}")):
        raise PermissionDenied(_("Bạn không có quyền thay đổi %(what)s.") % {"what": model._meta.verbose_name})


def _refresh_leaderboards():
    from . import tasks  # late: tasks import the ledger, which imports models

    tasks.refresh_all_leaderboards.delay()


def _save(user, instance, form, name, *, adjust=None, after=None):
    model = type(instance)
    # A kind's key is its code, set by the editor: new when no row has it yet.
    created = instance.pk is None or (model is CommendationKind and not model.objects.filter(pk=instance.pk).exists())
    _require(user, model, "add" if created else "change")
    with transaction.atomic():
        changed = changes(instance, form)
        before = adjust(instance, None) if adjust else None
        instance = save_instance(instance, form)
        if adjust:
            changed = adjust(instance, (changed, before))
        audit(instance, f"nhanrong.{name}.{'create' if created else 'edit'}", user, data={"changes": changed})
        if after:
            transaction.on_commit(after)
    return instance


def _members(group, done):
    """Before the save: the stored members; after it: the changes with the members as [old, new]."""
    if done is None:
        return sorted(group.units.values_list("pk", flat=True)) if group.pk else []
    changed, before = done
    changed.pop("unit_keys", None)
    after = sorted(group.units.values_list("pk", flat=True))
    if after != before:
        changed["units"] = [before, after]
    return changed


def save_peer_group(user, group, form=None):
    """Name, slug, description and member units; the running leaderboards are refreshed on commit."""
    return _save(user, group, form, "peer_group", adjust=_members, after=_refresh_leaderboards)


def delete_peer_group(user, group):
    _require(user, PeerGroup, "delete")
    with transaction.atomic():
        audit(group, "wagtail.delete", user, deleted=True,
              data={"name": group.name, "slug": group.slug, "units": sorted(group.units.values_list("pk", flat=True))})
        group.delete()
        transaction.on_commit(_refresh_leaderboards)


def save_commendation_kind(user, kind, form=None):
    return _save(user, kind, form, "commendation_kind")


def delete_commendation_kind(user, kind):
    _require(user, CommendationKind, "delete")
    if kind.awards.exists():
        raise ValidationError(_("“%(kind)s” đã được dùng trong khen thưởng, không xoá được: hãy đặt “áp dụng đến "
                                "ngày” để ngừng đề nghị.") % {"kind": kind})
    with transaction.atomic():
        audit(kind, "wagtail.delete", user, deleted=True,
              data={"code": kind.code, "name": kind.name, "legal_basis": kind.legal_basis})
        kind.delete()


def _mask_private(person, done):
    if done is None:
        return None
    changed, _before = done
    for name in PRIVATE_FIELDS:
        if name in changed:
            changed[name] = "changed"
    return changed


def save_person(user, person, form=None):
    return _save(user, person, form, "person", adjust=_mask_private)


def delete_person(user, person):
    _require(user, Person, "delete")
    if person.awards.exists():
        raise ValidationError(_("“%(person)s” có trong hồ sơ khen thưởng, không xoá được.") % {"person": person})
    with transaction.atomic():
        audit(person, "wagtail.delete", user, deleted=True, data={"full_name": person.full_name})
        person.delete()


LOG_LABELS = {
    "nhanrong.peer_group.create": gettext_lazy("Tạo nhóm đơn vị tương đồng"),
    "nhanrong.peer_group.edit": gettext_lazy("Sửa nhóm đơn vị tương đồng (thành viên)"),
    "nhanrong.commendation_kind.create": gettext_lazy("Thêm danh hiệu, hình thức khen thưởng"),
    "nhanrong.commendation_kind.edit": gettext_lazy("Sửa danh hiệu, hình thức khen thưởng"),
    "nhanrong.person.create": gettext_lazy("Thêm cá nhân được khen"),
    "nhanrong.person.edit": gettext_lazy("Sửa thông tin cá nhân được khen"),
}
