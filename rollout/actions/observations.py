"""Observations (an indicator's value for a unit and period): write one, write many at once (all
or nothing, the previous values kept in ObservationRevision), delete. Each checks the unit
server-side, writes atomically, leaves audit rows and sends `rollout.signals.observation_recorded`
on commit (and the impact rows' notification, `impact_signals.observations_written`)."""

import dataclasses

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit, audit_many
from core.bulk import update_rows
from core.roles import is_staff_wide

from ..impact_signals import observations_written
from ..models import Adoption, Metric, Observation, ObservationRevision, Verification
from ..signals import observation_recorded
from .common import _actor_id, _require_unit, logger
from .values import ObservationInput, derived_value, observation_errors


def record_observation(user, unit, metric, period, value, source="", adoption=None, *, numerator=None,
                       denominator=None):
    """Write one value (a rate may come as its numerator and denominator, `value` then None or the
    stated rate); entering the same unit/metric/period/adoption again updates it and keeps the
    previous value in ObservationRevision. Returns (observation, created)."""
    result = bulk_upsert_observations(user, [ObservationInput(unit, metric, period, value, source, adoption,
                                                              numerator, denominator)], numbered=False)
    return result.observations[0], bool(result.created)


@dataclasses.dataclass
class UpsertResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    observations: list = dataclasses.field(default_factory=list)  # one per input row, same order


def bulk_upsert_observations(user, rows, *, official=False, numbered=True):
    """Write many values at once, all or nothing: O(1) queries per batch (one read of existing rows,
    bulk_create of new ones, bulk_update of changed ones, bulk_create of their history).

    `rows` is a list of ObservationInput. Every row is checked (permission for its unit, value in the
    metric's range, adoption belonging to the unit); if any fails, ValidationError is raised with
    messages "Dòng N: …" (N = 1-based position in `rows`; `numbered=False`, one value from a form: the
    reason alone) and nothing is written. Rows repeating the
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
        errors.extend((_("Dòng %(n)s: %(reason)s") % {"n": number, "reason": p}) if numbered else p for p in problems)
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
        update_rows(Observation, to_update, ["value", "numerator", "denominator", "source", "entered_by", "entered_at"])
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
