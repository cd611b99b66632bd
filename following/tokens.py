"""Signed links (django.core.signing, keyed by SECRET_KEY): nothing to store, nothing to guess.
A confirmation link expires after CONFIRM_MAX_AGE; an unsubscribe link never does (RFC 8058 asks
that the link in a message keep working)."""

from django.core import signing

CONFIRM_SALT = "nhanrong.following.confirm"
UNSUBSCRIBE_SALT = "nhanrong.following.unsubscribe"
CONFIRM_MAX_AGE = 7 * 24 * 3600


def confirm_token(subscription):
    return signing.dumps({"s": subscription.pk, "e": _fingerprint(subscription)}, salt=CONFIRM_SALT, compress=True)


def unsubscribe_token(subscription):
    return signing.dumps({"s": subscription.pk, "e": _fingerprint(subscription)}, salt=UNSUBSCRIBE_SALT,
                         compress=True)


def _fingerprint(subscription):
    """A short keyed hash of the address: a token stops working if the row's address were changed."""
    from django.utils.crypto import salted_hmac

    return salted_hmac("nhanrong.following.address", subscription.email.lower()).hexdigest()[:12]


def _read(token, salt, max_age=None):
    from .models import Subscription

    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    subscription = Subscription.objects.filter(pk=data.get("s")).first() if isinstance(data, dict) else None
    if subscription is None or _fingerprint(subscription) != data.get("e"):
        return None
    return subscription


def read_confirm_token(token):
    return _read(token, CONFIRM_SALT, CONFIRM_MAX_AGE)


def read_unsubscribe_token(token):
    return _read(token, UNSUBSCRIBE_SALT)
