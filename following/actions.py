"""The named actions of following: subscribe (sends the confirmation), confirm, unsubscribe, and the
digest of one subscription. Each is atomic and leaves an audit row (core.audit) whose label is the
masked address; the address itself is never written to the log."""

from datetime import timedelta

from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone

from core.audit import audit

from .models import Subscription, SubscriptionStatus

RESEND_AFTER = timedelta(minutes=10)  # one confirmation per address and target per 10 minutes


def _send(messages):
    if messages:
        with get_connection() as connection:
            connection.send_messages(messages)


def subscribe(email, kind, target, language="vi"):
    """Ask to follow `target`. Whatever the state (new, pending, active, unsubscribed), the visitor
    is told the same thing ("check your mail"), so the form never tells who follows what. A new or
    pending or unsubscribed row gets a confirmation e-mail (at most one per RESEND_AFTER); an active
    one gets nothing."""
    from .mail import confirmation_message

    email = email.strip().lower()
    now = timezone.now()
    with transaction.atomic():
        subscription, created = Subscription.objects.select_for_update().get_or_create(
            email=email, kind=kind, **{kind: target}, defaults={"language": language})
        if subscription.status == SubscriptionStatus.ACTIVE:
            return subscription
        if not created and subscription.confirmation_sent_at and now - subscription.confirmation_sent_at < RESEND_AFTER:
            return subscription
        if subscription.status == SubscriptionStatus.UNSUBSCRIBED:
            subscription.status = SubscriptionStatus.PENDING
        subscription.confirmation_sent_at = now
        subscription.language = language
        subscription.save()
        audit(subscription, "nhanrong.following.subscribe", data={"kind": kind, "target": target.pk})
        message = confirmation_message(subscription)
        transaction.on_commit(lambda: _send([message]))
    return subscription


def confirm(subscription):
    """The second opt-in: the link in the confirmation e-mail. Idempotent."""
    with transaction.atomic():
        locked = Subscription.objects.select_for_update().get(pk=subscription.pk)
        if locked.status == SubscriptionStatus.ACTIVE:
            return locked
        now = timezone.now()
        locked.status, locked.confirmed_at, locked.unsubscribed_at = SubscriptionStatus.ACTIVE, now, None
        locked.digest_since = now
        locked.save(update_fields=["status", "confirmed_at", "unsubscribed_at", "digest_since"])
        audit(locked, "nhanrong.following.confirm")
    return locked


def unsubscribe(subscription):
    """One click, no questions; idempotent. The row stays (as unsubscribed) so a resent old link
    does nothing and the audit trail holds."""
    with transaction.atomic():
        locked = Subscription.objects.select_for_update().get(pk=subscription.pk)
        if locked.status == SubscriptionStatus.UNSUBSCRIBED:
            return locked
        locked.status, locked.unsubscribed_at = SubscriptionStatus.UNSUBSCRIBED, timezone.now()
        locked.save(update_fields=["status", "unsubscribed_at"])
        audit(locked, "nhanrong.following.unsubscribe")
    return locked


def send_digest(subscription_id, until):
    """The digest of one active subscription for (digest_since, until]. Idempotent: the window moves
    forward in the same transaction, so a retried task with the same `until` sends nothing twice
    (the e-mail goes out after commit). Nothing new: no e-mail, the window still moves."""
    from .digest import collect
    from .mail import digest_message

    with transaction.atomic():
        locked = (Subscription.objects.select_for_update()
                  .filter(pk=subscription_id, status=SubscriptionStatus.ACTIVE).first())
        if locked is None:
            return False
        since = locked.digest_since or locked.confirmed_at or locked.created_at
        if since >= until:
            return False
        digest = collect(locked, since, until)
        locked.digest_since = until
        if digest:
            locked.digests_sent += 1
            message = digest_message(locked, digest, since, until)
            transaction.on_commit(lambda: _send([message]))
        locked.save(update_fields=["digest_since", "digests_sent"])
        return bool(digest)
