"""Each demo role walks its main task in the Vietnamese admin, in headless Chromium; screenshots of
each role's dashboard ("Việc cần làm") and of the unit chooser go to test-artifacts/screenshots/.
(Registering and submitting, and scoring, are walked in test_journeys.py.)"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from appraisal import actions as appraisal_actions
from appraisal.models import Decision
from campaigns.actions import propose_award
from campaigns.models import Award, AwardStatus
from core import roles
from rollout.models import Metric, Observation
from tests.browser.conftest import login
from tests.factories import make_campaign, make_member

DAY = datetime.timedelta(days=1)


def test_officer_enters_an_indicator_through_the_chooser_search(page, live_server, site, commune, other_commune,
                                                                 screenshot):
    officer = make_member(roles.COMMUNE_OFFICERS, commune, username="canbo_chiso")
    login(page, live_server, officer.username)
    expect(page.locator("#todo-initiatives, [id^='todo-initiatives']").first).to_be_attached()
    expect(page.locator("main")).to_contain_text("Việc cần làm")
    screenshot("dashboard")
    page.goto(live_server.url + reverse("wagtailsnippets_rollout_observation:add"))
    # Their own unit is already chosen; "Chọn đơn vị hành chính khác" opens the chooser.
    expect(page.locator("input#id_unit")).to_have_value(str(commune.pk))
    page.locator("button[data-w-dropdown-target='toggle'][aria-describedby='id_unit-title']").click()
    page.locator("button[data-chooser-action-choose][aria-describedby='id_unit-title']").click()
    modal = page.locator(".modal-content")
    expect(modal).to_contain_text("Chọn đơn vị hành chính")
    modal.locator("#id_q").fill("long khanh")
    results = modal.locator("#search-results")
    expect(results).to_contain_text("Xã Long Khánh A")
    expect(results).not_to_contain_text("Phú Thuận A")  # not a unit the officer may act for
    screenshot("unit-chooser")
    results.locator("a[data-chooser-modal-choice]", has_text="Xã Long Khánh A").first.click()
    expect(page.locator("input#id_unit")).to_have_value(str(commune.pk))
    metric = Metric.objects.get(code="sipas")
    page.locator("#id_metric").evaluate("(el, v) => el.value = v", str(metric.pk))
    page.fill("#id_period_text", "Quý 3/2026")
    page.fill("#id_value", "97,5")
    page.fill("#id_source", "Báo cáo quý")
    page.locator("footer button.action-save, footer button[type=submit]").first.click()
    expect(page.locator(".messages .success")).to_contain_text(
        f"Đã lưu số liệu {metric.name_vi}, Quý 3/2026, Xã Long Khánh A")
    assert Observation.objects.get(unit=commune, metric=metric).period_key == "2026-Q3"


@pytest.fixture
def decided_world(appraisal_world):
    w = appraisal_world
    today = timezone.localdate()
    rnd = appraisal_actions.open_round(w["chair"], w["council"], "Đợt 2 năm 2026", today + 7 * DAY, today + 14 * DAY,
                                       min_reviewers=1)
    [entry] = appraisal_actions.add_entries(w["chair"], rnd, [w["i_lka"]])
    [assignment], _short = appraisal_actions.assign_members(w["chair"], rnd, mode="manual", entry=entry,
                                                            members=[w["m_province"]])
    values = {c.pk: {"value": "8", "comment": ""} for c in rnd.rubric.criteria.all()}
    sheet = appraisal_actions.record_score(w["m_province"], assignment, values, version=assignment.sheet.version,
                                           confidence="high")
    appraisal_actions.submit_scoresheet(w["m_province"], assignment, version=sheet.version)
    return {**w, "round": rnd, "entry": entry}


def test_chair_decides_after_the_confirmation_page(page, live_server, decided_world, screenshot, settings):
    from tests.browser.conftest import prepare_recognition_vote

    w = decided_world
    settings.RECOGNITION_MIN_BALLOTS = 1
    assert prepare_recognition_vote(w) >= 1
    login(page, live_server, w["chair"].username)
    expect(page.locator("main")).to_contain_text("Đợt thẩm định do tôi chủ trì")
    expect(page.locator("main")).to_contain_text("Chờ ghi quyết định")
    screenshot("dashboard")
    page.goto(live_server.url + reverse("appraisal_rounds:entry", args=[w["entry"].pk]))
    page.select_option("select[name=outcome]", "recognised")
    page.select_option("select[name=level]", "province")
    page.fill("input[name=decision_number]", "21/QĐ-HĐTĐ")
    page.fill("input[name=decision_date]", "2026-11-20")
    page.fill("textarea[name=reasoning]", "Mô hình hiệu quả.")
    page.locator("form[action$='/decide/'] button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Bước này không hoàn tác được.")
    expect(page.locator("main")).to_contain_text("21/QĐ-HĐTĐ ngày 20/11/2026")
    screenshot("confirm-decision")
    assert not Decision.objects.exists()
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".messages .success")).to_contain_text("Đã ghi quyết định")
    assert Decision.objects.get().decision_number == "21/QĐ-HĐTĐ"


def test_member_dashboard_lists_assignments_with_deadlines(page, live_server, appraisal_world, screenshot):
    w = appraisal_world
    today = timezone.localdate()
    rnd = appraisal_actions.open_round(w["chair"], w["council"], "Đợt 3 năm 2026", today + 7 * DAY, today + 14 * DAY,
                                       min_reviewers=1)
    [entry] = appraisal_actions.add_entries(w["chair"], rnd, [w["i_lka"]])
    appraisal_actions.assign_members(w["chair"], rnd, mode="manual", entry=entry, members=[w["m_province"]])
    login(page, live_server, w["m_province"].username)
    panel = page.locator("main")
    expect(panel).to_contain_text("Sáng kiến được phân công chấm")
    expect(panel).to_contain_text("Chưa nộp phiếu")
    expect(panel).to_contain_text((today + 7 * DAY).strftime("%d/%m/%Y"))
    # the council member's menu path to the award proposals
    expect(page.locator("body")).to_contain_text("Khen thưởng thi đua")
    screenshot("dashboard")


def test_editor_confirms_an_award_proposal(page, live_server, site, commune, province, screenshot):
    campaign = make_campaign()
    member = make_member(roles.COUNCIL_MEMBERS, province, username="hoidong_kt")
    award = propose_award(member, campaign, "bk_tinh", "Thành tích xuất sắc", unit=commune)
    editor = make_member(roles.EDITORS, username="bientap_kt")
    login(page, live_server, editor.username)
    expect(page.locator("main")).to_contain_text("Đề nghị khen thưởng chờ xác nhận")
    expect(page.locator("main")).to_contain_text("Xã Long Khánh A")
    screenshot("dashboard")
    page.locator("main a", has_text="Xã Long Khánh A").first.click()
    page.wait_for_url(re.compile(r"/khen-thuong/$"))
    form = page.locator(f"form[action$='/{award.pk}/xac-nhan/']")
    form.locator("input[name=decision_number]").fill("99/QĐ-UBND")
    form.locator("input[name=decision_date]").fill("2026-11-25")
    form.locator("button[type=submit]").click()
    expect(page.locator(".messages .success")).to_have_count(1)
    assert Award.objects.get().status == AwardStatus.CONFIRMED
    screenshot("confirmed")
