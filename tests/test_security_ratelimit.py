"""The rate limit and a forged X-Forwarded-For (issue 13, item 4): by default no forwarded header is
trusted; with NINJA_NUM_PROXIES = N exactly the Nth address from the right is the client."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from core.addresses import client_ip

API = "/api/v1/units/"


@pytest.fixture
def limited(db, settings):
    cache.clear()
    settings.API_ANON_RATE = "5/m"
    yield settings
    cache.clear()


def _statuses(client, count, forwarded, **extra):
    return [client.get(API if n % 2 else "/du-lieu-mo/don-vi.csv", HTTP_X_FORWARDED_FOR=forwarded(n),
                       **extra).status_code for n in range(count)]


def test_rotating_forged_header_is_one_client_by_default(client, limited):
    limited.NINJA_NUM_PROXIES = None
    statuses = _statuses(client, 12, lambda n: f"203.0.113.{n}")
    assert statuses[:5] == [200] * 5 and set(statuses[5:]) == {429}, statuses


def test_zero_proxies_trusts_no_header_either(client, limited):
    limited.NINJA_NUM_PROXIES = 0
    assert set(_statuses(client, 8, lambda n: f"198.51.100.{n}")[5:]) == {429}


def test_behind_one_proxy_the_rightmost_address_counts(client, limited):
    limited.NINJA_NUM_PROXIES = 1
    # The client forges the left part; our proxy appends the real address (the same client each time).
    statuses = _statuses(client, 8, lambda n: f"203.0.113.{n}, 192.0.2.10", REMOTE_ADDR="10.0.0.1")
    assert set(statuses[5:]) == {429}, statuses
    # Two real clients behind the proxy have two budgets.
    assert client.get(API, HTTP_X_FORWARDED_FOR="192.0.2.11", REMOTE_ADDR="10.0.0.1").status_code == 200


def test_client_address_rule():
    factory = RequestFactory()

    def ip(forwarded, proxies, remote="10.0.0.1"):
        from django.test import override_settings

        with override_settings(NINJA_NUM_PROXIES=proxies):
            request = factory.get("/", REMOTE_ADDR=remote, **({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}))
            return client_ip(request)

    assert ip("1.1.1.1", None) == "10.0.0.1"
    assert ip("1.1.1.1, 2.2.2.2", 0) == "10.0.0.1"
    assert ip("1.1.1.1, 2.2.2.2", 1) == "2.2.2.2"
    assert ip("6.6.6.6, 1.1.1.1, 2.2.2.2", 2) == "1.1.1.1"
    assert ip("2.2.2.2", 2) == "10.0.0.1"  # fewer entries than proxies: not through them all
    assert ip(None, 1) == "10.0.0.1"
