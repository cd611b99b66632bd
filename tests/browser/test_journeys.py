"""End-to-end journeys in headless Chromium: what a visitor, a commune officer and a council member do.

Controls are picked by role, CSS class or field name (never by an English label): the admin may be
shown in Vietnamese or English. Screenshots of each step go to test-artifacts/screenshots/."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from appraisal import actions as appraisal_actions
from appraisal.models import Assignment, Decision
from core import roles
from initiatives.models import InitiativePage, ReformArea, StatusChange
from initiatives.status import InitiativeStatus, RecognitionLevel
from tests.browser.conftest import login
from tests.factories import make_initiative, make_member

DAY = datetime.timedelta(days=1)


def test_visitor_finds_a_model_without_typing_diacritics(page, live_server, site, province, commune,
                                                         other_commune, screenshot):
    """Titles and summaries from the demo content (Hồng Ngự, 2023); the visitor types no accents."""
    cashless = make_initiative(
        site["index"], commune, title="Ngày không dùng tiền mặt tại Bộ phận Tiếp nhận và Trả kết quả",
        summary="Một ngày cố định, mọi khoản phí, lệ phí tại bộ phận tiếp nhận và trả kết quả được thanh "
                "toán không dùng tiền mặt.", area=ReformArea.objects.get(slug="chinh-phu-so"),
        status=InitiativeStatus.RECOGNISED, recognition_level=RecognitionLevel.DISTRICT)
    make_initiative(site["index"], other_commune, title="Người dân không viết và trả kết quả tại nhà",
                    summary="Cán bộ một cửa điền tờ khai thay cho người dân.")
    make_initiative(site["index"], commune, title="Bản nháp về tiền mặt chưa công bố", live=False)

    page.goto(f"{live_server.url}/")
    page.locator(".main-nav a[href='/tim-kiem/']").click()
    page.wait_for_url(re.compile(r"/tim-kiem/$"))
    page.fill("#search-q", "khong dung tien mat")
    page.locator("form[role=search] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/tim-kiem/\?.*q=khong\+dung\+tien\+mat"))
    hits = page.locator(".search-hit")
    expect(hits).to_have_count(1)
    expect(hits.first.locator("h3")).to_have_text(cashless.title)
    # The words the visitor meant are highlighted with their diacritics.
    expect(hits.first.locator(".snippet mark").first).to_contain_text("không dùng tiền mặt")
    expect(hits.first.locator(".badge-recognised")).to_have_text("Được công nhận — Cấp huyện (trước 01/07/2025)")
    screenshot("results")

    hits.first.locator("h3 a").click()
    page.wait_for_url(f"{live_server.url}{cashless.url}")
    expect(page.locator("h1")).to_have_text(cashless.title)
    expect(page.locator(".initiative .meta").first).to_contain_text("Xã Long Khánh A")
    expect(page.locator(".initiative")).to_contain_text("Chính phủ số")
    expect(page.locator(".status-box .badge-recognised")).to_have_text("Được công nhận — Cấp huyện (trước 01/07/2025)")


def test_officer_registers_and_submits_an_initiative(page, live_server, site, commune, other_commune, screenshot):
    officer = make_member(roles.COMMUNE_OFFICERS, commune, username="canbo_lka")
    login(page, live_server, officer.username)
    page.goto(live_server.url + reverse("wagtailadmin_pages:add", args=["initiatives", "initiativepage",
                                                                      site["index"].pk]))
    title = "Ngày thứ Năm giải quyết thủ tục không hẹn"
    page.fill("#id_title", title)
    page.fill("#id_summary", "Mỗi thứ Năm, cán bộ xã giải quyết thủ tục ngay tại chỗ, trả kết quả trong vòng một giờ.")
    # The officer's own commune is preselected in the unit chooser (which lists only the units they
    # may act for: tests/test_admin_choosers.py).
    expect(page.locator("input#id_origin_unit")).to_have_value(str(commune.pk))
    # The reform area is a plain list, no modal chooser.
    page.select_option("select#id_reform_area", label="Cải cách thủ tục hành chính")
    page.fill("#id_owning_office", "UBND xã Long Khánh A")
    screenshot("form")
    page.locator("footer button.action-save").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    initiative = InitiativePage.objects.get(title=title)
    assert initiative.origin_unit == commune and initiative.status == InitiativeStatus.DRAFT
    assert initiative.reform_area.slug == "thu-tuc-hanh-chinh" and not initiative.live

    # "Gửi thẩm định" sits in the save button's dropdown (opened by its toggle).
    submit = page.locator("[name='action-submit-appraisal']")
    if not submit.is_visible():
        page.locator("footer .dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
    screenshot("actions")
    submit.click()
    page.wait_for_url(f"{live_server.url}/admin/pages/{initiative.pk}/edit/")
    expect(page.locator(".messages .success")).to_contain_text(title)
    screenshot("submitted")
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.SUBMITTED
    change = StatusChange.objects.get(initiative=initiative, to_status=InitiativeStatus.SUBMITTED)
    assert change.actor == officer
    # Submitted: the action is no longer offered.
    expect(page.locator("[name='action-submit-appraisal']")).to_have_count(0)


@pytest.fixture
def open_round(appraisal_world):
    """A round of the provincial council with the Long Khánh A initiative, assigned to one member;
    set up through the named actions, as the chair would in the admin."""
    w = appraisal_world
    today = timezone.localdate()
    appraisal_round = appraisal_actions.open_round(w["chair"], w["council"], "Đợt 1 năm 2026", today + 7 * DAY,
                                                   today + 14 * DAY, min_reviewers=1)
    [entry] = appraisal_actions.add_entries(w["chair"], appraisal_round, [w["i_lka"]])
    [assignment], _short = appraisal_actions.assign_members(w["chair"], appraisal_round, mode="manual", entry=entry,
                                                            members=[w["m_province"]])
    return {**w, "round": appraisal_round, "entry": entry, "assignment": assignment}


def test_council_member_scores_an_initiative(page, live_server, open_round, screenshot):
    w = open_round
    login(page, live_server, w["m_province"].username)
    page.goto(f"{live_server.url}/admin/appraisal/my-work/")
    row = page.locator("table.listing tbody tr", has_text=w["i_lka"].title)
    expect(row).to_have_count(1)
    screenshot("my-work")
    row.locator("td.title a").click()
    page.wait_for_url(re.compile(rf"/admin/appraisal/my-work/{w['assignment'].pk}/$"))
    inputs = page.locator("input[name^='score-']")
    criteria = list(w["round"].rubric.criteria.all())
    expect(inputs).to_have_count(len(criteria))
    for i, value in enumerate(["8", "7,5", "9", "8", "7"][:len(criteria)]):
        inputs.nth(i).fill(value)
    page.fill("textarea[name='overall_comment']", "Mô hình rõ ràng, dễ nhân rộng.")
    page.select_option("select[name='confidence']", index=2)
    screenshot("filled")
    page.locator("button[name='action'][value='submit']").click()
    page.wait_for_url(re.compile(rf"/admin/appraisal/my-work/{w['assignment'].pk}/$"))
    expect(page.locator(".messages .success")).to_have_count(1)
    # The submitted sheet is shown read-only with the Vietnamese decimal comma.
    expect(page.locator("input[name^='score-']")).to_have_count(0)
    expect(page.locator("table.listing").first).to_contain_text("7,5")
    screenshot("submitted")
    assignment = Assignment.objects.select_related("sheet").get(pk=w["assignment"].pk)
    assert assignment.sheet.is_submitted
    assert sorted(str(s.value) for s in assignment.scores.all())[:1] == ["7.00"]


def test_visitor_sees_the_council_decision(page, live_server, open_round, screenshot, settings):
    w = open_round
    assignment, member = w["assignment"], w["m_province"]
    values = {c.pk: {"value": "9", "comment": ""} for c in w["round"].rubric.criteria.all()}
    sheet = appraisal_actions.record_score(member, assignment, values, version=assignment.sheet.version,
                                           confidence="high")
    appraisal_actions.submit_scoresheet(member, assignment, version=sheet.version)

    page.goto(f"{live_server.url}{w['i_lka'].url}")
    status = page.locator(".status-box")
    expect(status).to_contain_text("Đang thẩm định")
    expect(status).not_to_contain_text("Quyết định công nhận")
    screenshot("under-appraisal")

    from tests.browser.conftest import prepare_recognition_vote

    settings.RECOGNITION_MIN_BALLOTS = 1
    assert prepare_recognition_vote(w) >= 1
    appraisal_actions.record_decision(w["chair"], w["entry"], "recognised", level="province",
                                      decision_number="15/QĐ-HĐTĐ", decision_date=datetime.date(2026, 3, 12),
                                      reasoning="Mô hình hiệu quả, dễ nhân rộng.")
    assert Decision.objects.filter(entry=w["entry"]).exists()
    page.reload()
    expect(status.locator(".badge-recognised")).to_have_text("Được công nhận — Cấp tỉnh")
    expect(status).to_contain_text("Số 15/QĐ-HĐTĐ ngày 12/03/2026")
    expect(status).to_contain_text("90")  # mean of the one sheet: 9/10 on every criterion → 90 points
    expect(page.locator("ol.history")).to_contain_text("Được công nhận — Cấp tỉnh")
    # Individual scores never reach the public page.
    expect(page.locator("body")).not_to_contain_text(member.username)
