"""The client's address, the one rule for everything counted per address (API and download rate
limits, login lockouts).

By default no forwarded header is trusted: the address is the connection's (REMOTE_ADDR), so a
client rotating a forged X-Forwarded-For is still one client (issue 13, item 4). Behind exactly N
reverse proxies (setting NINJA_NUM_PROXIES = N), each proxy appends the address it received the
request from, so the client's address is the Nth entry from the right; whatever the client wrote
itself further left is ignored. A header with fewer entries than proxies did not come through all
of them, and the connection's address is used.
"""

from django.conf import settings


def trusted_proxies():
    value = getattr(settings, "NINJA_NUM_PROXIES", None)
    return max(int(value), 0) if value not in (None, "") else 0


def client_ip(request):
    remote = request.META.get("REMOTE_ADDR") or ""
    proxies = trusted_proxies()
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if not proxies or not forwarded:
        return remote
    addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
    if len(addresses) < proxies:
        return remote
    return addresses[-proxies]
