"""A visitor looks at where the most adopted demo model spread, on a phone and on a desktop: the map
shows the origin and every adopting unit, the timeline plays year by year (static JS), the national
map on the home page is shaded, and axe-core finds nothing serious. Screenshots of the maps land in
test-artifacts/screenshots/."""

import datetime
import io
import re
from pathlib import Path

import axe_playwright_python
import pytest
from django.db.models import Count

from initiatives import demo as initiatives_demo
from rollout import demo as rollout_demo
from rollout.actions import record_adoption
from rollout.models import Adoption, AdoptionStatus
from tests.browser.conftest import ARTIFACTS, DESKTOP, PHONE
from tests.factories import _real_unit_source, load_real_unit_subset
from units.models import AdministrativeUnit

AXE_JS = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


@pytest.fixture
def demo_world(site):
    from initiatives.models import InitiativePage

    # The demo's units and the communes of Xuân Lộc district, where its models were replicated.
    xuan_loc = {key for key, row in _real_unit_source().rows.items() if row.parent_key == "h741"}
    load_real_unit_subset(set(initiatives_demo.required_unit_keys()) | xuan_loc)
    out = io.StringIO()
    initiatives_demo.load(out)
    rollout_demo.load(out)
    top = (InitiativePage.objects.annotate(n=Count("adoptions")).order_by("-n", "pk").first())
    assert top.n > 1
    # A new adoption a year later, recorded by the action officers use: the timeline then has two years.
    adopted = set(Adoption.objects.filter(initiative=top).values_list("unit_id", flat=True))
    newcomer = (AdministrativeUnit.objects.current().communes().exclude(pk__in=adopted)
                .exclude(pk=top.origin_unit_id).order_by("key").first())
    editor = initiatives_demo.demo_user("editor")
    record_adoption(editor, top, newcomer, status=AdoptionStatus.PILOTING, start_date=datetime.date(2024, 9, 1))
    return {"initiative": InitiativePage.objects.get(pk=top.pk), "adopters": Adoption.objects.filter(initiative=top).count()}


def _axe(page):
    page.evaluate(AXE_JS)  # through the DevTools protocol: the page's CSP (no inline script) stays on
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:5]}" for v in result["violations"]
            if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_visitor_watches_the_most_adopted_model_spread(page, live_server, demo_world, viewport):
    initiative = demo_world["initiative"]
    page.goto(f"{live_server.url}{initiative.url}")
    svg = page.locator(f"#map-initiative-{initiative.pk}")
    svg.scroll_into_view_if_needed()
    assert svg.is_visible()
    # The origin and every adopter (marks stand for one or more units).
    assert svg.locator(f'[data-origin="{initiative.origin_unit.key}"]').count() == 1
    counts = svg.locator("circle[data-count]").evaluate_all("els => els.map(e => Number(e.dataset.count))")
    assert sum(counts) == demo_world["adopters"]
    for name in ("Quần đảo Hoàng Sa", "Quần đảo Trường Sa"):
        assert svg.locator("text.map-label", has_text=name).count() == 1
    name = "phone" if viewport == PHONE else "desktop"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.locator(".map-section").first.screenshot(path=str(ARTIFACTS / f"map-initiative-{name}.png"))

    # The timeline: small multiples became a player; play it to the last year.
    timeline = page.locator("[data-timeline]")
    timeline.scroll_into_view_if_needed()
    assert "is-player" in timeline.get_attribute("class")
    years = timeline.locator(".map-frame").evaluate_all("els => els.map(e => e.dataset.year)")
    assert years == ["2023", "2024"]
    play = timeline.get_by_role("button", name="Phát")
    play.click()
    page.wait_for_function("() => document.querySelector('[data-timeline]').dataset.played === 'true'", timeout=10_000)
    assert timeline.get_attribute("data-current-year") == "2024"
    assert timeline.locator(".map-frame.is-current").count() == 1
    last = timeline.locator(".map-frame.is-current")
    assert re.search(rf"{demo_world['adopters']}\s+đơn vị", last.inner_text())
    timeline.screenshot(path=str(ARTIFACTS / f"map-timeline-{name}.png"))
    # The slider shows an earlier year.
    timeline.locator("input[type=range]").fill("0")
    assert timeline.get_attribute("data-current-year") == "2023"
    assert _axe(page) == []

    # The national picture on the home page.
    page.goto(f"{live_server.url}/")
    national = page.locator("#map-national")
    national.scroll_into_view_if_needed()
    assert national.locator("path.map-province[class*='map-shade-']").count() >= 1
    page.locator(".map-section").first.screenshot(path=str(ARTIFACTS / f"map-national-{name}.png"))
    assert _axe(page) == []
