"""From domain events to ledger entries.

Each point rule (campaigns.PointRule, data) has a code; this module knows where the events of each
code are found and which unit they credit. Every event carries a stable key, so deriving the
same event twice (signal replayed, task retried, ledger rebuilt) yields the same key, and the
ledger's UNIQUE (campaign, event_key) keeps one entry.

An event earns points in a campaign when the credited unit is enrolled in it, the event's date
(the domain date: decision date, adoption's effective date, period end; else the time it was
recorded) falls within the campaign's period, and the rule is active.

Keys:
  initiative_submitted:<initiative>              first submission only
  initiative_recognised:<initiative>:<level>     one per recognition level
  initiative_adopted:<initiative>:<adopter unit> credited to the origin unit, once per adopter
  adoption_operating:<adoption>                  credited to the adopting unit
  indicator_target_reached:<unit>:<metric>:<period>
  indicators_on_time:<unit>:<period>
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from initiatives.models import InitiativePage, StatusChange
from initiatives.status import InitiativeStatus

from .models.pages import date_of


@dataclass(frozen=True)
class Event:
    rule_code: str
    unit_id: int
    day: datetime.date
    key: str
    source_model: type
    source_id: int
    # Observations only: compared with each campaign's targets (metric code, value, higher-is-better).
    metric: tuple | None = field(default=None)


def rollout_models():
    """rollout's models, or None while that app is not installed (campaigns works without it)."""
    try:
        from rollout import models as rollout
    except ImportError:  # pragma: no cover - rollout is part of the product, but stay decoupled
        return None
    return rollout if hasattr(rollout, "Adoption") else None


# -- initiatives ---------------------------------------------------------------------------------
def initiative_events(initiative_ids):
    events = {}
    changes = (StatusChange.objects.filter(initiative_id__in=initiative_ids,
                                           to_status__in=[InitiativeStatus.SUBMITTED, InitiativeStatus.RECOGNISED])
               .select_related("initiative").order_by("created_at", "pk"))
    for change in changes:
        page = change.initiative
        if change.to_status == InitiativeStatus.SUBMITTED:
            key = f"initiative_submitted:{page.pk}"
            event = Event("initiative_submitted", page.origin_unit_id, date_of(change.created_at), key,
                          InitiativePage, page.pk)
        else:
            level = change.recognition_level or page.recognition_level
            if not level:
                continue
            key = f"initiative_recognised:{page.pk}:{level}"
            day = page.decision_date if page.recognition_level == level and page.decision_date else date_of(change.created_at)
            event = Event(f"initiative_recognised_{level}", page.origin_unit_id, day, key, InitiativePage, page.pk)
        events.setdefault(key, event)  # earliest wins (changes are in time order)
    return list(events.values())


# -- adoptions -----------------------------------------------------------------------------------
def adoption_events(adoption_ids):
    rollout = rollout_models()
    if rollout is None:
        return []
    S = rollout.AdoptionStatus
    active = {S.PILOTING, S.OPERATING}
    adoptions = rollout.Adoption.objects.filter(pk__in=adoption_ids).select_related("initiative")
    first_day = {}  # (adoption, "active"|"operating") -> first effective date
    for change in rollout.AdoptionStatusChange.objects.filter(adoption_id__in=adoption_ids).order_by(
            "effective_date", "pk"):
        if change.to_status in active:
            first_day.setdefault((change.adoption_id, "active"), change.effective_date)
        if change.to_status == S.OPERATING:
            first_day.setdefault((change.adoption_id, "operating"), change.effective_date)
    events = []
    for adoption in adoptions:
        fallback = adoption.start_date or date_of(adoption.created_at)
        started = first_day.get((adoption.pk, "active")) or (fallback if adoption.status in active else None)
        origin_id = adoption.initiative.origin_unit_id
        if started and adoption.unit_id != origin_id:
            events.append(Event("initiative_adopted", origin_id, started,
                                f"initiative_adopted:{adoption.initiative_id}:{adoption.unit_id}",
                                rollout.Adoption, adoption.pk))
        operating = first_day.get((adoption.pk, "operating")) or (
            fallback if adoption.status == S.OPERATING else None)
        if operating:
            events.append(Event("adoption_operating", adoption.unit_id, operating,
                                f"adoption_operating:{adoption.pk}", rollout.Adoption, adoption.pk))
    return events


# -- observations --------------------------------------------------------------------------------
def observation_events(observation_ids):
    """Target checks (evaluated per campaign) and on-time reporting, per unit and period."""
    rollout = rollout_models()
    if rollout is None:
        return []
    events = []
    # Only verified figures, or figures from an official source, earn points (issue 15; the rule:
    # rollout.models.observations.EARNS_POINTS).
    observations = (rollout.Observation.objects.filter(pk__in=observation_ids).earning_points()
                    .select_related("metric"))
    for obs in observations:
        higher = obs.metric.direction == rollout.Direction.HIGHER
        events.append(Event("indicator_target_reached", obs.unit_id, obs.period_end,
                            f"indicator_target_reached:{obs.unit_id}:{obs.metric.code}:{obs.period_key}",
                            rollout.Observation, obs.pk, metric=(obs.metric.code, Decimal(obs.value), higher)))
        events.append(Event("indicators_on_time", obs.unit_id, obs.period_end,
                            f"indicators_on_time:{obs.unit_id}:{obs.period_key}", rollout.Observation, obs.pk,
                            metric=("__on_time__", date_of(obs.entered_at), None)))
    return events


def target_met(value, target, higher_is_better):
    """Pure: does `value` reach `target` in the metric's direction?"""
    return value >= target if higher_is_better else value <= target


def reported_on_time(entered_on, period_end, grace_days):
    """Pure: entered no later than `grace_days` after the period ended."""
    return entered_on <= period_end + datetime.timedelta(days=grace_days)


def qualifies(campaign, event, targets):
    """Campaign-dependent checks of observation events (targets by metric code, grace days)."""
    if event.metric is None:
        return True
    code, value, higher = event.metric
    if code == "__on_time__":
        return reported_on_time(value, event.day, campaign.report_grace_days)
    target = targets.get(code)
    return target is not None and target_met(value, target, higher)


# -- events of units (for rebuilds and new enrolments) -------------------------------------------
def events_for_units(unit_ids):
    unit_ids = list(unit_ids)
    events = initiative_events(InitiativePage.objects.filter(origin_unit_id__in=unit_ids).values_list("pk", flat=True))
    rollout = rollout_models()
    if rollout is not None:
        adoption_ids = rollout.Adoption.objects.filter(
            Q(unit_id__in=unit_ids) | Q(initiative__origin_unit_id__in=unit_ids)).values_list("pk", flat=True)
        events += adoption_events(list(adoption_ids))
        events += observation_events(list(rollout.Observation.objects.filter(
            unit_id__in=unit_ids).earning_points().values_list("pk", flat=True)))
    return events


def content_type_ids(events):
    models = {event.source_model for event in events}
    return {model: ContentType.objects.get_for_model(model).pk for model in models}
