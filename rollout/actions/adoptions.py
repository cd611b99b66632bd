"""Adoptions (a unit applying an initiative): record, move through the status lifecycle (every step
kept in AdoptionStatusChange), edit details and lineage, delete. Each checks the unit server-side,
writes atomically, leaves an audit row and sends `rollout.signals.adoption_changed` on commit."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit
from initiatives.models import InitiativePage

from ..models import Adoption, AdoptionStatus, AdoptionStatusChange
from ..models.adoption import can_move
from ..signals import adoption_changed
from .common import _actor_id, _require_unit, logger


def _resolve_source(initiative, replicated_from):
    """(initiative, adoption) the new adoption learnt from; `replicated_from` may be None (the
    initiative itself), an InitiativePage or an Adoption of the same initiative."""
    if replicated_from is None:
        return initiative, None
    if isinstance(replicated_from, Adoption):
        if replicated_from.initiative_id != initiative.pk:
            raise ValidationError({"replicated_from_adoption": _(
                "Đơn vị được học tập phải đang áp dụng chính sáng kiến này.")})
        return replicated_from.initiative, replicated_from
    if isinstance(replicated_from, InitiativePage):
        return replicated_from, None
    raise TypeError(f"replicated_from must be an InitiativePage or Adoption, not {type(replicated_from)!r}")


def _send_adoption_changed(adoption, from_status, actor, created):
    transaction.on_commit(lambda: adoption_changed.send(
        sender=Adoption, adoption_id=adoption.pk, initiative_id=adoption.initiative_id, unit_id=adoption.unit_id,
        from_status=from_status, to_status=adoption.status, actor_id=_actor_id(actor), created=created))


def record_adoption(user, initiative, unit, *, replicated_from=None, status=AdoptionStatus.PLANNED,
                    start_date=None, responsible_office="", notes=""):
    """Record that `unit` takes up `initiative`. Officers may do so for their own unit only; a unit
    adopts an initiative once; the originating unit does not "adopt" its own initiative."""
    _require_unit(user, unit.pk, _("Bạn chỉ được ghi nhận nhân rộng cho đơn vị của mình."))
    if status not in AdoptionStatus.values:
        raise ValidationError({"status": _("Trạng thái nhân rộng không hợp lệ.")})
    if unit.pk == initiative.origin_unit_id:
        raise ValidationError({"unit": _("Đơn vị khởi xướng không cần ghi nhận nhân rộng sáng kiến của chính mình.")})
    source_initiative, source_adoption = _resolve_source(initiative, replicated_from)
    if source_adoption is not None and source_adoption.unit_id == unit.pk:
        raise ValidationError({"replicated_from_adoption": _("Một đơn vị không thể học tập từ chính mình.")})
    if status in (AdoptionStatus.PILOTING, AdoptionStatus.OPERATING) and start_date is None:
        start_date = timezone.localdate()
    with transaction.atomic():
        if Adoption.objects.filter(initiative=initiative, unit=unit).exists():
            raise ValidationError({"unit": _("%(unit)s đã ghi nhận áp dụng sáng kiến này.") % {"unit": unit}})
        try:
            with transaction.atomic():
                adoption = Adoption.objects.create(
                    initiative=initiative, unit=unit, replicated_from_initiative=source_initiative,
                    replicated_from_adoption=source_adoption, status=status, start_date=start_date,
                    responsible_office=responsible_office, notes=notes, created_by=user)
        except IntegrityError:  # a concurrent request recorded it first
            raise ValidationError({"unit": _("%(unit)s đã ghi nhận áp dụng sáng kiến này.") % {"unit": unit}})
        AdoptionStatusChange.objects.create(adoption=adoption, from_status="", to_status=status, actor=user,
                                            effective_date=start_date or timezone.localdate(), note=notes)
        audit(adoption, "nhanrong.adoption.create", user, note=notes,
              data={"initiative": initiative.pk, "unit": unit.pk, "status": status,
                    "start_date": str(start_date or "")})
        logger.info("adoption %s: unit %s adopts initiative %s (%s) by %s", adoption.pk, unit.pk, initiative.pk,
                    status, _actor_id(user))
        _send_adoption_changed(adoption, "", user, created=True)
    return adoption


def change_adoption_status(user, adoption, status, note="", *, effective_date=None):
    """Move an adoption along planned → piloting → operating → suspended / discontinued, dated."""
    _require_unit(user, adoption.unit_id, _("Bạn chỉ được cập nhật nhân rộng của đơn vị mình."))
    effective_date = effective_date or timezone.localdate()
    with transaction.atomic():
        locked = Adoption.objects.select_for_update().get(pk=adoption.pk)
        from_status = locked.status
        if not can_move(from_status, status):
            raise ValidationError({"status": _("Không thể chuyển nhân rộng từ “%(from)s” sang “%(to)s”.") % {
                "from": AdoptionStatus(from_status).label, "to": AdoptionStatus(status).label
                if status in AdoptionStatus.values else status}})
        updates = {"status": status}
        if status in (AdoptionStatus.PILOTING, AdoptionStatus.OPERATING) and locked.start_date is None:
            updates["start_date"] = effective_date
        Adoption.objects.filter(pk=locked.pk).update(**updates, updated_at=timezone.now())
        AdoptionStatusChange.objects.create(adoption=locked, from_status=from_status, to_status=status,
                                            effective_date=effective_date, actor=user, note=note)
        audit(locked, "nhanrong.adoption.status", user, note=note,
              data={"from": from_status, "to": status, "effective_date": str(effective_date)})
        for field, value in updates.items():
            setattr(adoption, field, value)
        logger.info("adoption %s: %s -> %s by %s", locked.pk, from_status, status, _actor_id(user))
        _send_adoption_changed(adoption, from_status, user, created=False)
    return adoption


def _plain(value):
    return value if value is None or isinstance(value, (int, str, bool)) else str(value)


def update_adoption(user, adoption, *, start_date=None, responsible_office=None, notes=None, replicated_from=...):
    """Edit an adoption's details (not its status: that is change_adoption_status, which keeps history)."""
    _require_unit(user, adoption.unit_id, _("Bạn chỉ được cập nhật nhân rộng của đơn vị mình."))
    fields = {}
    if start_date is not None:
        fields["start_date"] = start_date
    if responsible_office is not None:
        fields["responsible_office"] = responsible_office
    if notes is not None:
        fields["notes"] = notes
    if replicated_from is not ...:
        source_initiative, source_adoption = _resolve_source(adoption.initiative, replicated_from)
        if source_adoption is not None and (source_adoption.pk == adoption.pk or source_adoption.unit_id == adoption.unit_id):
            raise ValidationError({"replicated_from_adoption": _("Một đơn vị không thể học tập từ chính mình.")})
        if source_adoption is not None and _descends_from(source_adoption, adoption):
            raise ValidationError({"replicated_from_adoption": _(
                "Không thể học tập từ một đơn vị đã học tập từ chính đơn vị này (vòng lặp).")})
        fields.update(replicated_from_initiative=source_initiative, replicated_from_adoption=source_adoption)
    with transaction.atomic():
        stored = Adoption.objects.filter(pk=adoption.pk).values(*fields).first() or {}
        changed = {f: [_plain(stored.get(f)), _plain(getattr(v, "pk", v))] for f, v in fields.items()
                   if stored.get(f) != getattr(v, "pk", v)}
        for field, value in fields.items():
            setattr(adoption, field, value)
        adoption.save(update_fields=[*fields, "updated_at"])
        audit(adoption, "nhanrong.adoption.edit", user, data={"changes": changed})
        logger.info("adoption %s updated (%s) by %s", adoption.pk, ", ".join(fields), _actor_id(user))
        _send_adoption_changed(adoption, adoption.status, user, created=False)
    return adoption


def _descends_from(candidate, ancestor):
    """True when `candidate` learnt (directly or not) from `ancestor`: lineage must stay a tree."""
    seen, node = set(), candidate
    while node is not None and node.pk not in seen:
        if node.pk == ancestor.pk:
            return True
        seen.add(node.pk)
        node = node.replicated_from_adoption
    return False


def delete_adoption(user, adoption):
    _require_unit(user, adoption.unit_id, _("Bạn chỉ được xoá nhân rộng của đơn vị mình."))
    with transaction.atomic():
        pk, initiative_id, unit_id, status = adoption.pk, adoption.initiative_id, adoption.unit_id, adoption.status
        audit(adoption, "wagtail.delete", user, deleted=True,
              data={"initiative": initiative_id, "unit": unit_id, "status": status,
                    "start_date": str(adoption.start_date or "")})
        adoption.delete()
        logger.info("adoption %s deleted by %s", pk, _actor_id(user))
        transaction.on_commit(lambda: adoption_changed.send(
            sender=Adoption, adoption_id=pk, initiative_id=initiative_id, unit_id=unit_id, from_status=status,
            to_status="", actor_id=_actor_id(user), created=False))


# ---------------------------------------------------------------- observations


def adoption_start(adoption):
    """The date impact is measured from: the start date, else the day it was recorded."""
    return adoption.start_date or (adoption.created_at.date() if adoption.created_at else datetime.date.today())
