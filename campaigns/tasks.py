"""Celery tasks. They take ids, re-fetch, and are idempotent: the ledger's unique event keys make a
replayed or retried task a no-op, and leaderboard refreshes recompute from scratch."""

import logging

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.db import OperationalError

from .badges import criteria_for, evaluate_badges
from .leaderboard import refresh_leaderboard
from .ledger import record_events, running_campaigns
from .models import CampaignPage, Enrolment
from .rules import adoption_events, events_for_units, initiative_events, observation_events

logger = logging.getLogger("nhanrong.campaigns")

RETRY = {"autoretry_for": (OperationalError,), "retry_backoff": True, "max_retries": 5}
REFRESH_DELAY = 15  # seconds: events arriving within this window share one leaderboard refresh


BADGE_DEDUP_SECONDS = 60  # a queued evaluation of (units, criteria) absorbs the same ones sent meanwhile


def _after_points(created, unit_ids, criteria=None):
    if created:
        schedule_refresh(list(created))
    if unit_ids:
        schedule_badges(unit_ids, criteria)


def _badge_key(unit_id, criteria):
    return f"campaigns:badges-pending:{unit_id}:{','.join(criteria) if criteria is not None else '*'}"


def schedule_badges(unit_ids, criteria=None):
    """One evaluation task for the units whose badges these criteria (None: all) can change, keyed by
    ids; a unit already waiting for the same criteria is not sent again (the task clears its keys when
    it starts, so a write after that start is evaluated again). No criteria: nothing to evaluate."""
    if criteria is not None:
        criteria = sorted(criteria)
        if not criteria:
            return []
    waiting = [pk for pk in sorted(set(unit_ids)) if cache.add(_badge_key(pk, criteria), 1, BADGE_DEDUP_SECONDS)]
    if waiting:
        evaluate_unit_badges.delay(waiting, criteria)
    return waiting


@shared_task(**RETRY)
def award_initiative_points(initiative_ids):
    events = initiative_events(initiative_ids)
    created = record_events(events)
    _after_points(created, {e.unit_id for e in events})
    return sum(created.values())


@shared_task(**RETRY)
def award_adoption_points(adoption_ids):
    events = adoption_events(adoption_ids)
    created = record_events(events)
    _after_points(created, {e.unit_id for e in events}, criteria_for(adoptions=True))
    return sum(created.values())


@shared_task(**RETRY)
def award_observation_points(observation_ids):
    events = observation_events(observation_ids)
    created = record_events(events)
    codes = {e.metric[0] for e in events if e.metric is not None}
    _after_points(created, {e.unit_id for e in events}, criteria_for(metric_codes=codes))
    return sum(created.values())


@shared_task(**RETRY)
def rebuild_campaign(campaign_id, unit_ids=None):
    """Re-derive the campaign's entries from the events (all enrolled units, or some). Idempotent."""
    enrolled = Enrolment.objects.filter(campaign_id=campaign_id)
    if unit_ids is not None:
        enrolled = enrolled.filter(unit_id__in=unit_ids)
    created = record_events(events_for_units(enrolled.values_list("unit_id", flat=True)), [campaign_id])
    refresh_campaign_leaderboard.delay(campaign_id)
    return sum(created.values())


def _refresh_key(campaign_id):
    return f"campaigns:leaderboard-refresh:{campaign_id}"


def _recent_key(campaign_id):
    return f"campaigns:leaderboard-recent:{campaign_id}"


def eager_interval():
    """Seconds between two refreshes of one board when there is no worker (eager Celery); 0: every event."""
    return getattr(settings, "CAMPAIGNS_EAGER_REFRESH_SECONDS", 0) if settings.CELERY_TASK_ALWAYS_EAGER else 0


def schedule_refresh(campaign_ids):
    """Debounce: the first event schedules a refresh a few seconds later; events in between find
    the key and add nothing. The task clears the key when it starts, so later events schedule again.

    Without a worker (eager mode) a refresh would run inside every write (a whole board: 40 ms at
    1/10 scale, seconds on a loaded machine). With CAMPAIGNS_EAGER_REFRESH_SECONDS set, the first
    event refreshes at once and the board is then refreshed at most once per that many seconds: an
    event inside the window leaves the board behind, and the first event after it (or the periodic
    `refresh_all_leaderboards`) catches up; the pages say when the board was computed."""
    interval = eager_interval()
    for campaign_id in campaign_ids:
        if interval:
            if not cache.add(_recent_key(campaign_id), 1, timeout=interval):
                continue  # refreshed less than `interval` seconds ago: the next event after it catches up
        if cache.add(_refresh_key(campaign_id), 1, timeout=REFRESH_DELAY * 4):
            refresh_campaign_leaderboard.apply_async((campaign_id,), countdown=REFRESH_DELAY)


@shared_task(**RETRY)
def refresh_campaign_leaderboard(campaign_id):
    cache.delete(_refresh_key(campaign_id))
    campaign = CampaignPage.objects.filter(pk=campaign_id).first()
    return refresh_leaderboard(campaign) if campaign else 0


@shared_task(**RETRY)
def refresh_all_leaderboards():
    """Beat: keeps movement periods rolling over and catches anything a lost message missed."""
    for campaign in running_campaigns():
        refresh_leaderboard(campaign)


@shared_task(**RETRY)
def evaluate_unit_badges(unit_ids, criteria=None):
    cache.delete_many([_badge_key(pk, sorted(criteria) if criteria is not None else None) for pk in unit_ids])
    return evaluate_badges(unit_ids, criteria=criteria)


@shared_task(**RETRY)
def evaluate_all_badges():
    return evaluate_badges(None)


@shared_task(**RETRY)
def rebuild_after_rule_change(rule_ids):
    """A point rule changed (campaigns.rule_actions): every running campaign with enrolled units is
    rebuilt (events not yet recorded earn points under the rules as they stand) and its leaderboard
    refreshed. Idempotent (the ledger's event keys). Returns the number of campaigns rebuilt."""
    rebuilt = 0
    for campaign in running_campaigns():
        if Enrolment.objects.filter(campaign=campaign).exists():
            rebuild_campaign.delay(campaign.pk)
            rebuilt += 1
    logger.info("point rules %s changed: %s campaigns rebuilt", list(rule_ids), rebuilt)
    return rebuilt


@shared_task(**RETRY)
def reevaluate_badges(badge_ids):
    """A badge definition changed (campaigns.rule_actions): every unit is evaluated again; levels
    already awarded stay. Idempotent. Returns the number of new awards."""
    logger.info("badge definitions %s changed: re-evaluating", list(badge_ids))
    return evaluate_badges(None)
