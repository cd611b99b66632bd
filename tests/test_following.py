"""Following by e-mail (issue 19): double opt-in, the weekly digest of public news only, one-click
unsubscribe (RFC 8058), the rate limit and the honeypot, and the address never shown or exported."""

import datetime
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from core.roles import COMMUNE_OFFICERS
from following.models import Subscription, SubscriptionStatus, masked_email
from following.tasks import send_weekly_digests
from initiatives.status import InitiativeStatus
from rollout.actions import change_adoption_status, record_adoption
from rollout.models import AdoptionStatus
from tests.factories import UnitFactory, make_initiative, make_member

ADDRESS = "nguoi.theo.doi@example.vn"


@pytest.fixture
def world(site, province, commune, other_commune):
    cache.clear()
    initiative = make_initiative(site["index"], commune, title="Một cửa không chờ", slug="mot-cua-khong-cho")
    hidden = make_initiative(site["index"], commune, title="Bản nháp bí mật", slug="ban-nhap-bi-mat", live=False)
    third = UnitFactory(code="29960", key="29960", name="Xã Tân Hộ Cơ", short_name="Tân Hộ Cơ", parent=province)
    officer = make_member(COMMUNE_OFFICERS, other_commune, username="canbo_pta")
    officer3 = make_member(COMMUNE_OFFICERS, third, username="canbo_thc")
    yield {"initiative": initiative, "hidden": hidden, "commune": commune, "other": other_commune,
           "third": third, "officer": officer, "officer3": officer3, "province": province}
    cache.clear()


_COMMIT = {}


@pytest.fixture(autouse=True)
def _on_commit(django_capture_on_commit_callbacks):
    """Mail goes out on commit: each request and task here runs its commit callbacks at its end."""
    _COMMIT["capture"] = django_capture_on_commit_callbacks
    yield
    _COMMIT.clear()


def committed(call, *args, **kwargs):
    with _COMMIT["capture"](execute=True):
        return call(*args, **kwargs)


def follow(client, target, kind="initiative", email=ADDRESS, **extra):
    return committed(client.post, "/theo-doi/",
                     {"email": email, "kind": kind, "target": target.pk, "website": "", **extra})


def link(message, pattern):
    return re.search(rf"https?://[^\s]+/theo-doi/{pattern}/[^\s/]+/", message.body).group(0)


def path_of(url):
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def confirmed(client, target, kind="initiative", email=ADDRESS):
    mail.outbox.clear()
    assert follow(client, target, kind, email).status_code == 200
    confirm = path_of(link(mail.outbox[-1], "xac-nhan"))
    assert client.post(confirm).status_code == 200
    mail.outbox.clear()
    return Subscription.objects.get(email=email, kind=kind)


def run_digest(days=8):
    """The beat task runs `days` from now; then the clock catches up (each window starts now again,
    as if that week had passed), so what is recorded next belongs to the next digest."""
    count = committed(send_weekly_digests, now=(timezone.now() + datetime.timedelta(days=days)).isoformat())
    Subscription.objects.filter(status=SubscriptionStatus.ACTIVE).update(digest_since=timezone.now())
    return count


def test_double_opt_in(client, world):
    response = follow(client, world["initiative"])
    assert response.status_code == 200
    assert ADDRESS not in response.content.decode()  # the answer never echoes the address
    subscription = Subscription.objects.get()
    assert subscription.status == SubscriptionStatus.PENDING and subscription.email == ADDRESS
    [message] = mail.outbox
    assert message.to == [ADDRESS] and "Một cửa không chờ" in message.subject
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    confirm = path_of(link(message, "xac-nhan"))
    # A link scanner's GET does not subscribe anyone; the button (POST) does.
    assert client.get(confirm).status_code == 200
    assert Subscription.objects.get().status == SubscriptionStatus.PENDING
    assert client.post(confirm).status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.ACTIVE and subscription.confirmed_at
    # Unconfirmed: no digest, ever.
    pending = follow(client, world["initiative"], email="chua.xac.nhan@example.vn")
    assert pending.status_code == 200
    mail.outbox.clear()
    record_adoption(world["officer"], world["initiative"], world["other"], status=AdoptionStatus.OPERATING)
    assert run_digest() == 1
    assert [m.to for m in mail.outbox] == [[ADDRESS]]


def test_tampered_or_expired_tokens_do_nothing(client, world, settings):
    follow(client, world["initiative"])
    confirm = path_of(link(mail.outbox[0], "xac-nhan"))
    assert client.post(confirm[:-3] + "xx/").status_code == 404
    unsubscribe = path_of(link(mail.outbox[0], "huy"))
    assert client.post(unsubscribe.replace("/huy/", "/xac-nhan/")).status_code == 404  # salts differ
    from following import tokens

    original = tokens.CONFIRM_MAX_AGE
    tokens.CONFIRM_MAX_AGE = -1
    try:
        assert client.post(confirm).status_code == 404
    finally:
        tokens.CONFIRM_MAX_AGE = original
    assert Subscription.objects.get().status == SubscriptionStatus.PENDING


def test_digest_lists_new_public_adoptions_once(client, world):
    subscription = confirmed(client, world["initiative"])
    record_adoption(world["officer"], world["initiative"], world["other"], status=AdoptionStatus.OPERATING)
    planned = record_adoption(world["officer3"], world["initiative"], world["third"])  # planned: not news yet
    assert run_digest() == 1
    [message] = mail.outbox
    assert message.to == [ADDRESS]
    assert "Tin mới trong tuần" in message.subject
    assert "Xã Phú Thuận A áp dụng “Một cửa không chờ”" in message.body
    assert "Tân Hộ Cơ" not in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert "List-Unsubscribe=One-Click" == message.extra_headers["List-Unsubscribe-Post"]
    assert path_of(link(message, "huy")) in message.extra_headers["List-Unsubscribe"]
    # Idempotent: a retried task for a window already sent sends nothing.
    mail.outbox.clear()
    from following.tasks import send_digest

    subscription.refresh_from_db()
    assert committed(send_digest, subscription.pk, subscription.digest_since.isoformat()) is False
    assert mail.outbox == []
    assert committed(send_weekly_digests) == 0  # not a week yet: not due
    # The next week shows only what is new then.
    change_adoption_status(world["officer3"], planned, AdoptionStatus.PILOTING)
    assert run_digest() == 1
    [message] = mail.outbox
    assert "Xã Tân Hộ Cơ áp dụng" in message.body and "Phú Thuận A" not in message.body


def test_digest_never_names_a_private_initiative(client, world):
    confirmed(client, world["province"], kind="unit")
    hidden = world["hidden"]
    record_adoption(world["officer"], hidden, world["other"], status=AdoptionStatus.OPERATING)
    assert run_digest() == 1  # due, but nothing public happened: no e-mail
    assert mail.outbox == []
    record_adoption(world["officer"], world["initiative"], world["other"], status=AdoptionStatus.OPERATING)
    run_digest()
    [message] = mail.outbox
    assert "Một cửa không chờ" in message.body and "Bản nháp bí mật" not in message.body


def test_recognition_in_digest(client, world):
    confirmed(client, world["initiative"])
    from initiatives.models import StatusChange

    StatusChange.objects.create(initiative=world["initiative"], from_status=InitiativeStatus.UNDER_APPRAISAL,
                                to_status=InitiativeStatus.RECOGNISED)
    run_digest()
    [message] = mail.outbox
    assert "Sáng kiến được công nhận" in message.body


def test_cannot_follow_what_is_not_public(client, world):
    assert follow(client, world["hidden"]).status_code == 404
    assert client.post("/theo-doi/", {"email": ADDRESS, "kind": "initiative", "target": "99999999999"}).status_code == 400
    assert client.post("/theo-doi/", {"email": "không phải thư", "kind": "initiative",
                                      "target": world["initiative"].pk}).status_code == 400
    assert Subscription.objects.count() == 0 and mail.outbox == []


def test_one_click_unsubscribe_without_csrf(world):
    client = Client(enforce_csrf_checks=True)
    browser = Client()
    subscription = confirmed(browser, world["initiative"])
    record_adoption(world["officer"], world["initiative"], world["other"], status=AdoptionStatus.OPERATING)
    run_digest()
    [message] = mail.outbox
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    # RFC 8058: the mail client POSTs this body, with no cookie and no CSRF token.
    response = client.post(path_of(url), "List-Unsubscribe=One-Click",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.UNSUBSCRIBED
    mail.outbox.clear()
    record_adoption(world["officer3"], world["initiative"], world["third"], status=AdoptionStatus.OPERATING)
    assert run_digest() == 0 and mail.outbox == []
    # The link in the body: GET shows a button, never unsubscribes by itself.
    assert client.get(path_of(link(message, "huy"))).status_code == 200


def test_same_answer_whoever_is_already_subscribed(client, world):
    first = follow(client, world["initiative"]).content
    again = follow(client, world["initiative"]).content  # within 10 minutes: no second e-mail
    assert len(mail.outbox) == 1
    confirmed(client, world["initiative"], email="da.theo.doi@example.vn")
    active = follow(client, world["initiative"], email="da.theo.doi@example.vn").content
    strip = lambda html: re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", html)  # noqa: E731
    assert strip(first) == strip(again) == strip(active)
    assert mail.outbox == []  # an active subscriber is not mailed again


def test_honeypot_looks_like_success_and_does_nothing(client, world):
    normal = follow(client, world["initiative"], email="a@example.vn")
    bot = follow(client, world["initiative"], email="bot@example.vn", website="http://spam.example")
    assert bot.status_code == 200
    assert Subscription.objects.filter(email="bot@example.vn").count() == 0
    assert len(mail.outbox) == 1
    assert "Hãy kiểm tra hộp thư" in normal.content.decode() and "Hãy kiểm tra hộp thư" in bot.content.decode()


def test_rate_limit_per_client_address(client, world, settings):
    settings.FOLLOW_RATE = "3/m"
    settings.NINJA_NUM_PROXIES = None
    statuses = [follow(client, world["initiative"], email=f"n{n}@example.vn",
                       HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(6)]
    assert statuses == [200, 200, 200, 429, 429, 429]
    response = follow(client, world["initiative"], email="n9@example.vn")
    assert response.status_code == 429 and int(response["Retry-After"]) >= 1
    assert "quá nhiều" in response.content.decode()
    assert Subscription.objects.count() == 3
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert follow(other, world["initiative"], email="khac@example.vn").status_code == 200


def test_the_address_is_never_public(client, world, admin_client):
    confirmed(client, world["initiative"])
    confirmed(client, world["commune"], kind="unit")
    record_adoption(world["officer"], world["initiative"], world["other"], status=AdoptionStatus.OPERATING)
    urls = [world["initiative"].url, f"/don-vi/{world['commune'].key}/", "/sang-kien/", "/tim-kiem/?q=mot",
            "/api/v1/initiatives/", "/api/v1/units/", "/api/v1/adoptions/", "/api/v1/awards/",
            f"/api/v1/initiatives/{world['initiative'].pk}/", "/api/v1/schema/", "/du-lieu-mo/",
            "/du-lieu-mo/truong-du-lieu.json"]
    urls += [f"/du-lieu-mo/{name}.{fmt}" for name in ("sang-kien", "don-vi", "nhan-rong", "so-lieu",
                                                      "bang-xep-hang", "khen-thuong") for fmt in ("csv", "xlsx")]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert ADDRESS.encode() not in body and b"nguoi.theo.doi" not in body, url
        assert b"theo-doi@" not in body, url
    # The admin: masked, read-only, not searchable by address.
    listing = admin_client.get("/django-admin/following/subscription/")
    assert listing.status_code == 200
    assert ADDRESS.encode() not in listing.content and masked_email(ADDRESS).encode() in listing.content
    # The audit rows carry the masked label only.
    from wagtail.models import ModelLogEntry

    rows = ModelLogEntry.objects.filter(action__startswith="nhanrong.following.")
    assert rows.count() == 4 and all(ADDRESS not in (r.label + str(r.data)) for r in rows)


def test_masked_email():
    assert masked_email("nguyen.van.a@gmail.com") == "n***@g***.com"
    assert masked_email("") == "***"


def test_follow_box_on_the_three_kinds_of_page(client, world):
    from tests.factories import make_campaign

    campaign = make_campaign()
    for url, kind in ((world["initiative"].url, "initiative"), (f"/don-vi/{world['commune'].key}/", "unit"),
                      (campaign.url, "campaign")):
        html = client.get(url).content.decode()
        assert 'action="/theo-doi/"' in html and f'name="kind" value="{kind}"' in html, url
        assert 'class="hp-field" aria-hidden="true"' in html
