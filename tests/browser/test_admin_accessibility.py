"""axe-core on the admin pages each role reaches (issue 16): the dashboard, a page's editor, the
observation form, the import page, the award screen, a chooser modal. No violation of impact
"serious" or "critical" from our templates. Violations that come from Wagtail's own widgets, which
our templates cannot reach, are listed in WAGTAIL_OWN with the reason; any other fails the test."""

import re

import pytest
from django.urls import reverse

from campaigns.actions import propose_award
from core import roles
from tests.browser.conftest import ARTIFACTS, login
from tests.browser.test_accessibility import AXE_JS, BLOCKING, describe
from tests.factories import make_campaign, make_member

# (rule, pattern of the offending element's HTML, why it is Wagtail's and not fixable here)
WAGTAIL_OWN = [
    ("aria-input-field-name", r"public-DraftEditor-content",
     "Draftail, Wagtail's rich-text editor (summary/body rich text), renders its contenteditable textbox "
     "without an accessible name; the visible field label is not linked to it. Wagtail's React code."),
    ("label", r"ui-autocomplete-input",
     "The tag field (Wagtail's tag-it jQuery widget) adds a second, unlabelled text input for typing tags."),
    ("label", r'name="body-\d+-value"',
     "A plain block of Wagtail's StreamField (our heading/paragraph blocks): Wagtail renders the block "
     "type as the header, not as a <label> of the input."),
    ("aria-dialog-name", r'class="modal fade',
     "Wagtail's ModalWorkflow opens every chooser in a role=dialog without aria-labelledby (the "
     "heading inside the modal is not linked to it)."),
]


def _ours(violation):
    """The nodes of `violation` not explained by WAGTAIL_OWN (None when all are)."""
    nodes = [n for n in violation["nodes"] if not any(
        violation["id"] == rule and re.search(pattern, n["html"]) for rule, pattern, _why in WAGTAIL_OWN)]
    return {**violation, "nodes": nodes} if nodes else None


def _check(page, name, failures):
    page.evaluate(AXE_JS)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    ours = [v for v in (_ours(v) for v in result["violations"] if v["impact"] in BLOCKING) if v]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"a11y-admin-{name}.png"), full_page=True)
    if ours:
        failures[name] = describe(ours)


@pytest.fixture
def admin_world(appraisal_world):
    w = appraisal_world
    campaign = make_campaign(scope_unit=w["province"])
    propose_award(w["m_province"], campaign, "bk_tinh", "Thành tích xuất sắc", unit=w["lka"])
    editor = make_member(roles.EDITORS, username="bientap_a11y")
    return {**w, "campaign": campaign, "editor": editor}


def test_admin_pages_of_each_role_have_no_serious_violations_of_ours(browser, live_server, admin_world):
    w = admin_world
    awards = reverse("campaigns_admin_awards", args=[w["campaign"].pk])
    walks = {
        "officer": (w["officer"], [("dashboard", "/admin/"),
                                   ("page-edit", reverse("wagtailadmin_pages:edit", args=[w["i_lka"].pk])),
                                   ("observation", reverse("wagtailsnippets_rollout_observation:add")),
                                   ("import", reverse("rollout_import"))]),
        "member": (w["m_province"], [("dashboard", "/admin/"), ("my-work", "/admin/appraisal/my-work/"),
                                     ("awards", awards)]),
        "chair": (w["chair"], [("dashboard", "/admin/"), ("rounds", "/admin/appraisal/rounds/")]),
        "editor": (w["editor"], [("dashboard", "/admin/"), ("awards", awards),
                                 ("campaign-edit", reverse("wagtailadmin_pages:edit", args=[w["campaign"].pk]))]),
    }
    failures = {}
    for role, (user, paths) in walks.items():
        context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        login(page, live_server, user.username)
        for name, path in paths:
            response = page.goto(live_server.url + path)
            assert response.status == 200, f"{role} {name} ({path}): HTTP {response.status}"
            _check(page, f"{role}-{name}", failures)
        if role == "officer":  # the unit chooser modal, searched
            page.goto(live_server.url + reverse("wagtailsnippets_rollout_observation:add"))
            page.get_by_text("Chọn chỉ tiêu", exact=True).click()
            page.locator(".modal-content #id_q").fill("ho so")
            page.locator(".modal-content #search-results").wait_for()
            page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
            page.wait_for_timeout(400)
            _check(page, "officer-metric-chooser", failures)
        if role == "member":  # the person chooser of the award form
            page.goto(live_server.url + awards)
            page.get_by_text("Chọn cá nhân", exact=True).last.click()
            page.locator(".modal-content").wait_for()
            # The modal fades in: axe-core reads colours mid-fade (blended with the backdrop) otherwise.
            page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
            page.wait_for_timeout(400)
            _check(page, "member-person-chooser", failures)
        context.close()
    assert not failures, "axe-core found serious or critical violations of ours:\n" + "\n".join(
        f"\n== {where}\n{text}" for where, text in failures.items())
