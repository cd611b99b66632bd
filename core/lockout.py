"""Login lockout (issue 13, item 3), on django-axes: the one place saying when a login is refused.

Two rules, both within the cool-off window (LOGIN_LOCKOUT_MINUTES, counted from the last failure):

- **per account**: LOGIN_LOCKOUT_FAILURES failed passwords for one user name, from any address,
  lock that account (a guesser rotating addresses is still one account);
- **per address**: LOGIN_LOCKOUT_ADDRESS_FAILURES failures from one address, over any accounts,
  lock that address (one password tried on many accounts). It is higher than the per-account
  limit because a commune office or a ministry often reaches us through one shared address.

The address is `core.addresses.client_ip` (the trusted-proxy rule, AXES_CLIENT_IP_CALLABLE). While
locked, even the right password is refused with the Vietnamese page `templates/core/lockout.html`
(HTTP 429). A successful login forgets that account's own failures only, never the address's (else
an attacker holding one account could clear the address counter between rounds of guessing).
An administrator unlocks with `manage.py axes_reset_username <tên>` (or `axes_reset_ip <địa chỉ>`),
or deletes the rows under "Access attempts" in /django-admin/ (docs/security.md).

Axes compares one number, `get_failures`, with AXES_FAILURE_LIMIT (= the per-account limit). To keep
its flow, the address count is shifted by the difference of the two limits, so that
`max(account, address - (address_limit - account_limit)) >= account_limit` holds exactly when
`account >= account_limit or address >= address_limit`.
"""

from django.conf import settings
from django.db.models import Sum

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt


def account_limit():
    return max(int(settings.LOGIN_LOCKOUT_FAILURES), 1)


def address_limit():
    return max(int(settings.LOGIN_LOCKOUT_ADDRESS_FAILURES), account_limit())


def combined_failures(by_account, by_address):
    """The one number axes compares with the per-account limit: at or over it exactly when the
    account or the address reached its own limit (pure; tests/test_security_lockout.py)."""
    return max(by_account, by_address - (address_limit() - account_limit()))


def _count(attempts):
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


class LockoutHandler(AxesDatabaseHandler):
    """AXES_HANDLER: axes' database handler with a separate limit per account and per address.
    Needs AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"] (in that order)."""

    def get_failures(self, request, credentials=None):
        by_account, by_address = (_count(attempts) for attempts in self.get_user_attempts(request, credentials))
        return combined_failures(by_account, by_address)

    def reset_user_attempts(self, request, credentials=None):
        """On a successful login (AXES_RESET_ON_SUCCESS): forget this account's failures only."""
        username = get_client_username(request, credentials)
        if not username:
            return 0
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the Vietnamese lockout page, HTTP 429, saying how long to wait and
    how to be unlocked."""
    from django.shortcuts import render

    return render(request, "core/lockout.html", {"lockout_minutes": settings.LOGIN_LOCKOUT_MINUTES}, status=429)
