"""Writing derived events into the ledger, idempotently, and summing it."""

from django.db.models import Sum
from django.utils import timezone

from .models import CampaignPage, CampaignTarget, Enrolment, PointEntry, PointRule
from .rules import content_type_ids, qualifies


def running_campaigns(campaign_ids=None):
    """Live campaigns (optionally some of them), with phases prefetched for period checks."""
    campaigns = CampaignPage.objects.live().prefetch_related("phases")
    if campaign_ids is not None:
        campaigns = campaigns.filter(pk__in=campaign_ids)
    return list(campaigns)


def entries_for(campaign, events, rules, ct_ids, enrolled, targets):
    entries = []
    for event in events:
        rule = rules.get(event.rule_code)
        if rule is None or event.unit_id not in enrolled or not campaign.counts_on(event.day):
            continue
        if not qualifies(campaign, event, targets):
            continue
        entries.append(PointEntry(
            campaign=campaign, unit_id=event.unit_id, rule=rule, points=rule.points, event_key=event.key,
            event_date=event.day, source_type_id=ct_ids[event.source_model], source_id=event.source_id))
    return entries


def record_events(events, campaign_ids=None):
    """Add the entries these events earn in every running campaign. Returns {campaign_id: new entries}
    for every campaign where the events earn points (0 when all were already recorded: a retry after
    a failure still refreshes that campaign's leaderboard). Safe to call any number of times."""
    if not events:
        return {}
    rules = {rule.code: rule for rule in PointRule.objects.filter(active=True)}
    ct_ids = content_type_ids(events)
    unit_ids = {event.unit_id for event in events}
    created = {}
    for campaign in running_campaigns(campaign_ids):
        enrolled = set(Enrolment.objects.filter(campaign=campaign, unit_id__in=unit_ids).values_list("unit_id", flat=True))
        if not enrolled:
            continue
        targets = dict(CampaignTarget.objects.filter(page=campaign).values_list("metric_code", "target_value"))
        entries = entries_for(campaign, events, rules, ct_ids, enrolled, targets)
        # Dedupe within the batch (several observations share a per-period key), then skip keys
        # already in the ledger; ignore_conflicts covers a concurrent writer racing us.
        unique = {}
        for entry in entries:
            unique.setdefault(entry.event_key, entry)
        existing = set(PointEntry.objects.filter(campaign=campaign, event_key__in=list(unique))
                       .values_list("event_key", flat=True))
        new = [entry for key, entry in unique.items() if key not in existing]
        if new:
            PointEntry.objects.bulk_create(new, ignore_conflicts=True, batch_size=500)
        if unique:
            created[campaign.pk] = len(new)
    return created


def totals(campaign, as_of=None):
    """{unit_id: points} summed by the database (SUM … GROUP BY unit)."""
    entries = PointEntry.objects.filter(campaign=campaign)
    if as_of is not None:
        entries = entries.filter(event_date__lte=as_of)
    return dict(entries.values("unit").annotate(total=Sum("points")).values_list("unit", "total"))


def today():
    return timezone.localdate()
