"""Every write of this app is a named action here: it checks `can_write_for_unit`, writes atomically,
logs, and sends `rollout.signals` on commit. Admin views, the importer, commands and the demo all call
these functions, so the rules hold on every path."""

import dataclasses
import datetime
import logging
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit, audit_many
from core.formatting import format_number as vn_number
from core.roles import is_staff_wide
from initiatives.models import InitiativePage

from .models import (Adoption, AdoptionStatus, AdoptionStatusChange, Metric, Observation, ObservationRevision,
                     Verification)
from .models.adoption import can_move
from .periods import Period
from .permissions import can_write_for_unit
from .impact_signals import observations_written
from .signals import adoption_changed, observation_recorded

logger = logging.getLogger("nhanrong.rollout")


def _actor_id(user):
    return getattr(user, "pk", None)


def _require_unit(user, unit_id, message):
    if not can_write_for_unit(user, unit_id):
        raise PermissionDenied(message)


# ---------------------------------------------------------------- adoptions

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

@dataclasses.dataclass
class ObservationInput:
    """One value to write. `unit` and `metric` may be model instances or primary keys; `adoption`
    an Adoption, its pk or None; `period` a rollout.periods.Period; `value` a Decimal (or str/int)."""

    unit: object
    metric: object
    period: Period
    value: object  # for a rate given by its counts: None (derived), or the stated rate to check
    source: str = ""
    adoption: object = None
    numerator: object = None
    denominator: object = None

    @property
    def unit_id(self):
        return getattr(self.unit, "pk", self.unit)

    @property
    def metric_id(self):
        return getattr(self.metric, "pk", self.metric)

    @property
    def adoption_id(self):
        return getattr(self.adoption, "pk", self.adoption)


def _decimal(value):
    try:
        value = Decimal(value)
        if not value.is_finite():
            raise InvalidOperation
    except (InvalidOperation, TypeError, ValueError):
        return None
    return value


# A rate stated next to its counts may be rounded by the source ("đạt 98%" for 98,36%): up to this
# many percentage points apart, the counts win; further apart, the row is refused.
RATE_TOLERANCE = Decimal("0.5")


def derived_value(metric, value, numerator=None, denominator=None):
    """(value to store, numerator, denominator, Vietnamese errors). A rate given by its counts gets
    its value from them (numerator / denominator × 100); a value alone is kept (for a rate: then not
    aggregable). Pure: the importer and the actions share it."""
    errors = []
    if numerator is None and denominator is None:
        number = _decimal(value) if value is not None else None
        if number is None:
            errors.append(_("Giá trị “%(value)s” không phải là số.") % {"value": "" if value is None else value}
                          if value not in (None, "") else _("Thiếu giá trị (hoặc tử số và mẫu số)."))
        return number, None, None, errors
    if not metric.is_rate:
        return None, None, None, [_("Chỉ tiêu “%(metric)s” không phải là tỷ lệ: không nhập tử số, mẫu số.")
                                  % {"metric": metric.display_name}]
    num, den = _decimal(numerator), _decimal(denominator)
    if numerator is None or denominator is None:
        errors.append(_("Tỷ lệ “%(metric)s”: cần cả tử số và mẫu số (hoặc chỉ nhập tỷ lệ).")
                      % {"metric": metric.display_name})
    elif num is None or den is None:
        errors.append(_("Tử số “%(num)s” hoặc mẫu số “%(den)s” không phải là số.")
                      % {"num": numerator, "den": denominator})
    elif den <= 0:
        errors.append(_("Mẫu số phải lớn hơn 0 (đã nhập %(den)s).") % {"den": vn_number(den)})
    elif num < 0 or num > den:
        errors.append(_("Tử số %(num)s phải từ 0 đến mẫu số %(den)s.") % {"num": vn_number(num), "den": vn_number(den)})
    if errors:
        return None, None, None, errors
    from .aggregation import ratio_value

    derived = ratio_value(num, den).quantize(Decimal("0.0001"))
    stated = _decimal(value) if value not in (None, "") else None
    if value not in (None, "") and stated is None:
        errors.append(_("Giá trị “%(value)s” không phải là số.") % {"value": value})
    elif stated is not None and abs(stated - derived) > RATE_TOLERANCE:
        errors.append(_("Tỷ lệ %(stated)s%% không khớp với tử số / mẫu số %(num)s / %(den)s = %(derived)s%%.")
                      % {"stated": vn_number(stated), "num": vn_number(num), "den": vn_number(den),
                         "derived": vn_number(derived, 2)})
    return derived, num, den, errors


def period_errors(period, unit=None, today=None):
    """Vietnamese reasons why no figure may be recorded for `period` (and `unit`): a period that has
    not started yet, or a period after a merged unit ceased to exist."""
    today = today or timezone.localdate()
    errors = []
    if period is None:
        return errors
    if period.start > today:
        errors.append(_("Kỳ “%(period)s” chưa bắt đầu (hôm nay là %(today)s): không nhận số liệu cho kỳ tương lai.")
                      % {"period": period.label_vi, "today": today.strftime("%d/%m/%Y")})
    until = getattr(unit, "valid_until", None)
    if until is not None and period.end > until:
        errors.append(_("%(unit)s chỉ tồn tại đến %(until)s: chỉ nhận số liệu các kỳ kết thúc trước ngày đó "
                        "(kỳ “%(period)s”); số liệu từ sau sáp nhập ghi cho đơn vị kế thừa.")
                      % {"unit": unit.name, "until": until.strftime("%d/%m/%Y"), "period": period.label_vi})
    return errors


def observation_errors(user, metric, value, unit_id, adoption=None, *, period=None, unit=None,
                       numerator=None, denominator=None):
    """Vietnamese reasons why this value may not be written (empty list = fine). The importer calls
    this while validating rows so its messages match the actions' own checks."""
    errors = []
    if not can_write_for_unit(user, unit_id):
        errors.append(_("Bạn không có quyền nhập số liệu cho đơn vị này."))
    errors += period_errors(period, unit)
    value, numerator, denominator, problems = derived_value(metric, value, numerator, denominator)
    if problems:
        return errors + problems
    if not metric.in_range(value):
        bounds = {"metric": metric.display_name, "value": vn_number(value),
                  "min": vn_number(metric.min_value) if metric.min_value is not None else "−∞",
                  "max": vn_number(metric.max_value) if metric.max_value is not None else "+∞"}
        errors.append(_("Giá trị %(value)s của chỉ tiêu “%(metric)s” nằm ngoài khoảng cho phép "
                        "[%(min)s; %(max)s].") % bounds)
    if adoption is not None and getattr(adoption, "unit_id", unit_id) != unit_id:
        errors.append(_("Mô hình được đo không thuộc đơn vị này."))
    return errors


def record_observation(user, unit, metric, period, value, source="", adoption=None, *, numerator=None,
                       denominator=None):
    """Write one value (a rate may come as its numerator and denominator, `value` then None or the
    stated rate); entering the same unit/metric/period/adoption again updates it and keeps the
    previous value in ObservationRevision. Returns (observation, created)."""
    result = bulk_upsert_observations(user, [ObservationInput(unit, metric, period, value, source, adoption,
                                                              numerator, denominator)])
    return result.observations[0], bool(result.created)


@dataclasses.dataclass
class UpsertResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    observations: list = dataclasses.field(default_factory=list)  # one per input row, same order


def bulk_upsert_observations(user, rows, *, official=False):
    """Write many values at once, all or nothing: O(1) queries per batch (one read of existing rows,
    bulk_create of new ones, bulk_update of changed ones, bulk_create of their history).

    `rows` is a list of ObservationInput. Every row is checked (permission for its unit, value in the
    metric's range, adoption belonging to the unit); if any fails, ValidationError is raised with
    messages "Dòng N: …" (N = 1-based position in `rows`) and nothing is written. Rows repeating the
    same unit/metric/period/adoption: the last one wins. Writing an identical value again changes
    nothing (idempotent imports). Returns UpsertResult(created, updated, unchanged, observations).

    A changed value is self-reported again (rollout.verification); `official=True` (staff only) marks
    the written rows as imported from an official source."""
    rows = list(rows)
    if official and not is_staff_wide(user):
        raise PermissionDenied(_("Nguồn chính thức: chỉ biên tập viên hoặc quản trị viên được nhập số liệu "
                                 "từ nguồn chính thức."))
    if not rows:
        return UpsertResult()
    metrics = Metric.objects.in_bulk({row.metric_id for row in rows})
    adoption_ids = {row.adoption_id for row in rows if row.adoption_id is not None}
    adoptions = Adoption.objects.only("pk", "unit_id").in_bulk(adoption_ids) if adoption_ids else {}
    from units.models import AdministrativeUnit

    units = AdministrativeUnit.objects.only("pk", "name", "valid_until").in_bulk({row.unit_id for row in rows})
    errors, cleaned = [], []
    for number, row in enumerate(rows, start=1):
        metric = metrics.get(row.metric_id)
        if metric is None:
            errors.append(_("Dòng %(n)s: chỉ tiêu không tồn tại.") % {"n": number})
            continue
        adoption = adoptions.get(row.adoption_id) if row.adoption_id is not None else None
        if row.adoption_id is not None and adoption is None:
            errors.append(_("Dòng %(n)s: mô hình được đo không tồn tại.") % {"n": number})
            continue
        problems = observation_errors(user, metric, row.value, row.unit_id, adoption, period=row.period,
                                      unit=units.get(row.unit_id), numerator=row.numerator,
                                      denominator=row.denominator)
        errors.extend(_("Dòng %(n)s: %(reason)s") % {"n": number, "reason": p} for p in problems)
        if not problems:
            value, num, den, _errors = derived_value(metric, row.value, row.numerator, row.denominator)
            cleaned.append((row, (value, num, den)))
    if errors:
        raise ValidationError(errors)

    now = timezone.now()
    result = UpsertResult()
    with transaction.atomic():
        existing = _existing_for(cleaned)
        to_create, to_update, revisions, by_key, changed_keys = [], [], [], {}, set()
        for row, (value, num, den) in cleaned:
            key = (row.unit_id, row.metric_id, row.period.key, row.adoption_id)
            obs = by_key.get(key) or existing.get(key)
            if obs is None:
                obs = Observation(unit_id=row.unit_id, metric_id=row.metric_id, adoption_id=row.adoption_id,
                                  value=value, numerator=num, denominator=den, source=row.source or "",
                                  entered_by=user, entered_at=now)
                obs.set_period(row.period)
                to_create.append(obs)
                changed_keys.add(key)
            elif obs.pk is None:  # repeated within this batch, not yet saved: last one wins
                obs.value, obs.numerator, obs.denominator = value, num, den
                obs.source = row.source or obs.source
            elif (obs.value != value or obs.numerator != num or obs.denominator != den
                  or (row.source and row.source != obs.source)):
                revisions.append(ObservationRevision(observation=obs, old_value=obs.value, new_value=value,
                                                     old_numerator=obs.numerator, old_denominator=obs.denominator,
                                                     old_source=obs.source, changed_by=user))
                obs.value, obs.numerator, obs.denominator = value, num, den
                obs.source = row.source or obs.source
                obs.entered_by, obs.entered_at = user, now
                if key not in changed_keys:
                    to_update.append(obs)
                    changed_keys.add(key)
            by_key[key] = obs
        Observation.objects.bulk_create(to_create, batch_size=500)
        Observation.objects.bulk_update(to_update, ["value", "numerator", "denominator", "source", "entered_by",
                                                    "entered_at"], batch_size=500)
        ObservationRevision.objects.bulk_create(revisions, batch_size=500)
        if to_update and not official:
            Observation.objects.filter(pk__in=[o.pk for o in to_update]).reset_verification()
        if to_create and to_create[0].pk is None:  # backends without RETURNING: fetch the new ids
            by_key = _existing_for(cleaned)
        result.observations = [by_key[(r.unit_id, r.metric_id, r.period.key, r.adoption_id)] for r, _v in cleaned]
        result.created, result.updated = len(to_create), len(to_update)
        batch_keys = {(r.unit_id, r.metric_id, r.period.key, r.adoption_id) for r, _v in cleaned}
        result.unchanged = len(batch_keys - changed_keys)
        logger.info("observations by %s: %s created, %s updated, %s unchanged", _actor_id(user),
                    result.created, result.updated, result.unchanged)
        if changed_keys:
            ids = sorted(by_key[k].pk for k in changed_keys)
            if official:
                Observation.objects.filter(pk__in=ids).update(verification=Verification.OFFICIAL)
            unit_ids = sorted({k[0] for k in changed_keys})
            metric_ids = sorted({k[1] for k in changed_keys})
            counts = (result.created, result.updated)
            observations_written(unit_ids, metric_ids)  # precomputed impact follows, in this transaction
            # The audit row: one per unit written (its History), with the values' ids; each value's
            # previous state is its ObservationRevision.
            per_unit, created_by_unit = {}, {}
            for k in changed_keys:
                per_unit.setdefault(k[0], []).append(by_key[k])
                created_by_unit[k[0]] = created_by_unit.get(k[0], 0) + (k not in existing)
            audit_many([units[pk] for pk in sorted(per_unit) if pk in units], "nhanrong.observation.write", user,
                       data_for=lambda unit: {
                           "observations": sorted(o.pk for o in per_unit[unit.pk]),
                           "created": created_by_unit[unit.pk],
                           "updated": len(per_unit[unit.pk]) - created_by_unit[unit.pk]})
            transaction.on_commit(lambda: observation_recorded.send(
                sender=Observation, observation_ids=ids, unit_ids=unit_ids, metric_ids=metric_ids,
                actor_id=_actor_id(user), created=counts[0], updated=counts[1]))
    return result


def _existing_for(cleaned):
    """Existing observations for the rows' keys, in one query (filtered by unit and metric, then
    matched on period and adoption in memory: a batch is one file, a few units and metrics)."""
    unit_ids = {row.unit_id for row, _v in cleaned}
    metric_ids = {row.metric_id for row, _v in cleaned}
    keys = {row.period.key for row, _v in cleaned}
    found = Observation.objects.filter(unit_id__in=unit_ids, metric_id__in=metric_ids, period_key__in=keys)
    return {(o.unit_id, o.metric_id, o.period_key, o.adoption_id): o for o in found}


def delete_observation(user, observation):
    _require_unit(user, observation.unit_id, _("Bạn chỉ được xoá số liệu của đơn vị mình."))
    with transaction.atomic():
        logger.info("observation %s (%s) deleted by %s", observation.pk, observation, _actor_id(user))
        pk, unit_id, metric_id = observation.pk, observation.unit_id, observation.metric_id
        audit(observation, "wagtail.delete", user, deleted=True,
              data={"unit": unit_id, "metric": metric_id, "period": observation.period_key,
                    "value": str(observation.value), "adoption": observation.adoption_id})
        observation.delete()
        # Charts, impact, points and caches follow a deletion as they follow a new value.
        transaction.on_commit(lambda: observation_recorded.send(
            sender=Observation, observation_ids=[pk], unit_ids=[unit_id], metric_ids=[metric_id],
            actor_id=_actor_id(user), created=0, updated=0, deleted=1))


def adoption_start(adoption):
    """The date impact is measured from: the start date, else the day it was recorded."""
    return adoption.start_date or (adoption.created_at.date() if adoption.created_at else datetime.date.today())
