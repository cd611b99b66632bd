"""Issue 13, item 3: password guessing is no longer free. Wrong passwords on /admin/login/ and on the
Django admin login lock the account (from anywhere) and the address (over any accounts); while locked
even the right password is refused with a Vietnamese page; an administrator unlocks; the address is
core.addresses.client_ip (a forged X-Forwarded-For does not escape)."""

import itertools
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse

from core import lockout, roles
from tests.factories import UserFactory, make_member

PASSWORD = "matkhau-thu-nghiem"
LOCKED_TEXT = "Đăng nhập tạm bị khóa"
WAGTAIL_LOGIN = "/admin/login/"
DJANGO_LOGIN = "/django-admin/login/"


def attempt(client, username, password, *, url=WAGTAIL_LOGIN, address="203.0.113.7", **extra):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address, **extra)


def logged_in(client):
    return "_auth_user_id" in client.session


@pytest.fixture
def officer(site, commune):
    return make_member(roles.COMMUNE_OFFICERS, commune, username="canbo_thu")


@pytest.fixture
def colleague(site, other_commune):
    return make_member(roles.COMMUNE_OFFICERS, other_commune, username="canbo_ban")


def test_the_combined_count_is_exactly_either_limit(settings):
    settings.LOGIN_LOCKOUT_FAILURES, settings.LOGIN_LOCKOUT_ADDRESS_FAILURES = 5, 20
    for by_account, by_address in itertools.product(range(0, 30), repeat=2):
        if by_account > by_address:
            continue  # an account's failures from this address are among the address's failures
        locked = lockout.combined_failures(by_account, by_address) >= lockout.account_limit()
        assert locked == (by_account >= 5 or by_address >= 20), (by_account, by_address)
    settings.LOGIN_LOCKOUT_ADDRESS_FAILURES = 2  # never below the per-account limit
    assert lockout.address_limit() == 5


def test_five_wrong_passwords_then_the_right_one_is_refused_in_vietnamese(officer):
    client = Client()
    for _ in range(4):
        response = attempt(client, "canbo_thu", "doan-sai")
        assert response.status_code == 200 and LOCKED_TEXT not in response.content.decode()
    response = attempt(client, "canbo_thu", "doan-sai")
    assert response.status_code == 429 and LOCKED_TEXT in response.content.decode()
    response = attempt(client, "canbo_thu", PASSWORD)
    html = response.content.decode()
    assert response.status_code == 429 and not logged_in(client)
    assert LOCKED_TEXT in html and "30 phút" in html and "quản trị viên" in html and "axes_reset_username" in html
    # Per account: another address does not help the guesser.
    response = attempt(Client(), "canbo_thu", PASSWORD, address="198.51.100.9")
    assert response.status_code == 429


def test_another_account_from_the_same_address_still_signs_in(officer, colleague):
    for _ in range(5):
        attempt(Client(), "canbo_thu", "doan-sai")
    client = Client()
    response = attempt(client, "canbo_ban", PASSWORD)
    assert response.status_code == 302 and logged_in(client)


def test_one_password_tried_on_many_accounts_locks_the_address(officer, colleague, settings):
    assert settings.LOGIN_LOCKOUT_ADDRESS_FAILURES == 20
    for n in range(20):  # four tries each on five names: no account reaches its own limit
        attempt(Client(), f"nguoi_{n % 5}", "matkhau123")
    client = Client()
    response = attempt(client, "canbo_ban", PASSWORD)
    assert response.status_code == 429 and not logged_in(client)
    client = Client()
    assert attempt(client, "canbo_ban", PASSWORD, address="198.51.100.9").status_code == 302 and logged_in(client)


def test_a_rotating_forged_forwarded_header_is_still_one_address(officer, colleague, settings):
    settings.NINJA_NUM_PROXIES = None
    for n in range(20):
        attempt(Client(), f"nguoi_{n % 5}", "matkhau123", HTTP_X_FORWARDED_FOR=f"10.0.{n}.1")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}
    assert attempt(Client(), "canbo_ban", PASSWORD).status_code == 429


def test_behind_a_trusted_proxy_each_client_is_counted_apart(officer, colleague, settings):
    settings.NINJA_NUM_PROXIES = 1
    for n in range(20):
        attempt(Client(), f"nguoi_{n % 5}", "matkhau123", address="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.50")
    assert attempt(Client(), "canbo_ban", PASSWORD, address="10.0.0.2",
                   HTTP_X_FORWARDED_FOR="192.0.2.50").status_code == 429
    client = Client()
    response = attempt(client, "canbo_ban", PASSWORD, address="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.51")
    assert response.status_code == 302 and logged_in(client)


def test_the_django_admin_login_is_locked_too(db):
    UserFactory(username="quantri", is_staff=True, is_superuser=True)
    for _ in range(5):
        attempt(Client(), "quantri", "doan-sai", url=DJANGO_LOGIN)
    client = Client()
    response = attempt(client, "quantri", PASSWORD, url=DJANGO_LOGIN)
    assert response.status_code == 429 and LOCKED_TEXT in response.content.decode() and not logged_in(client)
    # The lock is the account's, whichever login page it was guessed on.
    assert attempt(Client(), "quantri", PASSWORD).status_code == 429


def test_an_administrator_unlocks_the_account(officer):
    for _ in range(5):
        attempt(Client(), "canbo_thu", "doan-sai")
    assert attempt(Client(), "canbo_thu", PASSWORD).status_code == 429
    call_command("axes_reset_username", "canbo_thu", stdout=open("/dev/null", "w"))
    client = Client()
    response = attempt(client, "canbo_thu", PASSWORD)
    assert response.status_code == 302 and logged_in(client)


def test_the_lock_ends_after_the_cool_off(officer, settings):
    for _ in range(5):
        attempt(Client(), "canbo_thu", "doan-sai")
    assert attempt(Client(), "canbo_thu", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.first().attempt_time
                                 - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES + 1))
    client = Client()
    assert attempt(client, "canbo_thu", PASSWORD).status_code == 302 and logged_in(client)


def test_a_successful_login_forgets_the_accounts_failures_not_the_addresses(officer, colleague):
    for n in range(4):
        attempt(Client(), f"nguoi_{n}", "matkhau123")
    for _ in range(4):
        attempt(Client(), "canbo_thu", "doan-sai")
    assert attempt(Client(), "canbo_thu", PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username="canbo_thu").exists()
    assert AccessAttempt.objects.filter(ip_address="203.0.113.7").count() == 4


def test_authenticate_with_a_request_checks_the_lock(officer):
    from django.contrib.auth import authenticate

    for _ in range(5):
        attempt(Client(), "canbo_thu", "doan-sai")
    request = RequestFactory().post(WAGTAIL_LOGIN, REMOTE_ADDR="203.0.113.7")
    assert authenticate(request, username="canbo_thu", password=PASSWORD) is None
    assert reverse("wagtailadmin_login") == WAGTAIL_LOGIN
