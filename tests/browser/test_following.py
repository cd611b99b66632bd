"""A visitor follows the most adopted demo model, on a phone and on a desktop (issue 19): the map
shows the origin and every adopter, the timeline plays; they follow it by e-mail, receive the
confirmation (locmem backend: the live server runs in this process, so its mail lands in
django.core.mail.outbox), confirm, and after a new adoption the weekly digest task sends them a
digest naming it; the digest's one-click unsubscribe link works. Screenshots to
test-artifacts/screenshots/."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from rollout.actions import record_adoption
from rollout.models import Adoption, AdoptionStatus
from tests.browser.conftest import ARTIFACTS, DESKTOP, PHONE
from tests.browser.test_maps import _axe, demo_world  # noqa: F401  (the fixture)
from units.models import AdministrativeUnit


def _path(url):
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def _link(message, kind):
    return _path(re.search(rf"https?://\S+/theo-doi/{kind}/\S+/", message.body).group(0))


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_visitor_follows_the_most_adopted_model(page, live_server, demo_world, viewport):  # noqa: F811
    from following.models import Subscription, SubscriptionStatus
    from following.tasks import send_weekly_digests
    from initiatives import demo as initiatives_demo

    name = "phone" if viewport == PHONE else "desktop"
    address = f"nguoi.theo.doi.{name}@example.vn"
    initiative = demo_world["initiative"]
    page.goto(f"{live_server.url}{initiative.url}")
    # The map: the origin and every adopter; the timeline plays to the last year.
    svg = page.locator(f"#map-initiative-{initiative.pk}")
    svg.scroll_into_view_if_needed()
    assert svg.locator(f'[data-origin="{initiative.origin_unit.key}"]').count() == 1
    counts = svg.locator("circle[data-count]").evaluate_all("els => els.map(e => Number(e.dataset.count))")
    assert sum(counts) == demo_world["adopters"]
    timeline = page.locator("[data-timeline]")
    timeline.scroll_into_view_if_needed()
    timeline.get_by_role("button", name="Phát").click()
    page.wait_for_function("() => document.querySelector('[data-timeline]').dataset.played === 'true'", timeout=10_000)
    # The page advertises its Atom feed.
    feed = page.locator('link[rel="alternate"][type="application/atom+xml"]').first.get_attribute("href")
    assert feed == f"/nguon-tin/sang-kien/{initiative.pk}/nhan-rong.atom"

    # Follow by e-mail.
    box = page.locator(".follow-box")
    box.scroll_into_view_if_needed()
    box.get_by_label("Thư điện tử của bạn").fill(address)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    box.screenshot(path=str(ARTIFACTS / f"follow-box-{name}.png"))
    mail.outbox.clear()
    box.get_by_role("button", name="Theo dõi").click()
    page.get_by_role("heading", name="Hãy kiểm tra hộp thư").wait_for()
    assert address not in page.content()
    page.screenshot(path=str(ARTIFACTS / f"follow-check-mail-{name}.png"))
    [confirmation] = mail.outbox
    assert confirmation.to == [address] and initiative.title in confirmation.subject

    # Confirm: the link opens a page with one button.
    page.goto(f"{live_server.url}{_link(confirmation, 'xac-nhan')}")
    page.get_by_role("button", name="Xác nhận").click()
    page.get_by_role("heading", name="Đã xác nhận").wait_for()
    page.screenshot(path=str(ARTIFACTS / f"follow-confirmed-{name}.png"))
    subscription = Subscription.objects.get(email=address)
    assert subscription.status == SubscriptionStatus.ACTIVE

    # A new adoption, then the weekly digest task (the beat's task, a week later).
    adopted = set(Adoption.objects.filter(initiative=initiative).values_list("unit_id", flat=True))
    newcomer = (AdministrativeUnit.objects.current().communes().exclude(pk__in=adopted)
                .exclude(pk=initiative.origin_unit_id).order_by("-key").first())
    record_adoption(initiatives_demo.demo_user("editor"), initiative, newcomer, status=AdoptionStatus.OPERATING)
    mail.outbox.clear()
    assert send_weekly_digests(now=(timezone.now() + datetime.timedelta(days=8)).isoformat()) >= 1
    digests = [m for m in mail.outbox if m.to == [address]]
    assert len(digests) == 1
    [digest] = digests
    assert f"{newcomer.name} áp dụng “{initiative.title}”" in digest.body
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # Unsubscribe from the digest's link: one button.
    page.goto(f"{live_server.url}{_link(digest, 'huy')}")
    page.get_by_role("button", name="Huỷ theo dõi").click()
    page.get_by_role("heading", name="Đã huỷ theo dõi").wait_for()
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.UNSUBSCRIBED
    assert _axe(page) == []
