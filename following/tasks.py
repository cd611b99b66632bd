"""The weekly digest (Celery beat, `following-weekly-digest` in config/settings/base.py): one task
per active subscription, each taking the subscription's id and the end of the window."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone
from django.utils.dateparse import parse_datetime

DIGEST_EVERY = timedelta(days=7)


@shared_task(name="following.send_weekly_digests")
def send_weekly_digests(now=None):
    """Fan out the digests due: active subscriptions whose window is at least ~a week old (a day's
    slack, so a beat that fires a little early does not skip a week)."""
    from .models import Subscription, SubscriptionStatus

    until = parse_datetime(now) if now else timezone.now()
    due = (Subscription.objects.filter(status=SubscriptionStatus.ACTIVE,
                                       digest_since__lte=until - DIGEST_EVERY + timedelta(days=1))
           .values_list("pk", flat=True))
    ids = list(due)
    for pk in ids:
        send_digest.delay(pk, until.isoformat())
    return len(ids)


@shared_task(name="following.send_digest")
def send_digest(subscription_id, until):
    from .actions import send_digest as action

    return action(subscription_id, parse_datetime(until))
