"""Issue 14: the council chair's path in the Vietnamese admin, in headless Chromium, from the receipt of an
application to the certificate of initiative (and on to the scope-of-influence screen). Members' own
steps (scoring, their votes) go through the actions: they are walked in test_journeys.py. Screenshots
of each step go to test-artifacts/screenshots/."""

import datetime
import io

import pypdf
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from appraisal import actions
from appraisal.models import AppraisalRound, Decision
from initiatives import actions as initiative_actions
from initiatives.models import InitiativePage
from tests.browser.conftest import login

DAY = datetime.timedelta(days=1)


def pdf_text(response):
    assert response.ok and response.headers["content-type"] == "application/pdf"
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(response.body())).pages)


def test_chair_goes_from_the_receipt_to_the_certificate(page, live_server, appraisal_world, screenshot):
    w = appraisal_world
    today = timezone.localdate()
    initiative = InitiativePage.objects.get(pk=w["i_lka"].pk)
    receipt = initiative_actions.issue_receipt(w["officer"], initiative, today - 5 * DAY)

    # 1. The list of applications: the receipt, the deadline, the days left.
    login(page, live_server, w["chair"].username)
    page.goto(live_server.url + reverse("appraisal_rounds:applications"))
    main = page.locator("main")
    expect(main).to_contain_text("Thứ Năm không hẹn")
    expect(main).to_contain_text(receipt.number)
    expect(main).to_contain_text("còn 25 ngày")
    expect(main).to_contain_text((today - 5 * DAY).strftime("%d/%m/%Y"))
    screenshot("1-applications")
    href = main.locator("a", has_text=receipt.number).get_attribute("href")
    assert "GIẤY BIÊN NHẬN ĐƠN" in pdf_text(page.request.get(live_server.url + href))

    # 2. Open a round and put the application into it (= acceptance of the application).
    page.goto(live_server.url + reverse("appraisal_rounds:index"))
    page.fill("input[name=name]", "Đợt 1 năm 2026")
    page.fill("input[name=soft_deadline]", (today + 7 * DAY).isoformat())
    page.fill("input[name=hard_deadline]", (today + 14 * DAY).isoformat())
    page.fill("input[name=min_reviewers]", "1")
    page.locator("main form button[type=submit]", has_text="Mở đợt").click()
    expect(page.locator(".messages .success")).to_contain_text("Đã mở đợt thẩm định.")
    page.locator("label", has_text="Thứ Năm không hẹn").click()
    page.locator("form[action$='/entries/'] button[type=submit]").click()
    expect(page.locator(".messages .success")).to_contain_text("Đã đưa sáng kiến vào đợt.")
    page.locator("form[action$='/assign/'] button[type=submit]").click()
    expect(page.locator(".messages .success")).to_contain_text("Đã phân công")
    screenshot("2-round")
    appraisal_round = AppraisalRound.objects.get(name="Đợt 1 năm 2026")
    entry = appraisal_round.entries.get()
    # The assigned member scores and submits (their own path, walked elsewhere).
    for assignment in entry.assignments.select_related("member", "sheet"):
        values = {c.pk: {"value": "8", "comment": ""} for c in appraisal_round.rubric.criteria.all()}
        sheet = actions.record_score(assignment.member, assignment, values, version=assignment.sheet.version,
                                     confidence="high")
        actions.submit_scoresheet(assignment.member, assignment, version=sheet.version)

    # 3. The Art. 3 checks, the chair's vote; two members vote too.
    page.goto(live_server.url + reverse("appraisal_rounds:entry", args=[entry.pk]))
    for name in ("is_new", "is_applied", "not_excluded"):
        page.locator(f"input[name={name}][value=yes]").check()
    page.locator("form[action$='/checks/'] button[type=submit]").click()
    expect(page.locator(".messages .success")).to_contain_text("Đã ghi kết quả kiểm tra điều kiện công nhận.")
    page.locator("input[name=vote][value=for]").check()
    page.locator("form[action$='/vote/'] button[type=submit]").click()
    expect(page.locator(".messages .success")).to_contain_text("Đã ghi phiếu biểu quyết.")
    for member in (w["m_province"], w["m_tam_nong"]):
        actions.cast_vote(member, entry, True)
    page.reload()
    expect(main).to_contain_text("Đã có 3 phiếu (tối thiểu 3): 3 đồng ý, 0 không đồng ý.")
    screenshot("3-checks-and-ballots")

    # 4. The decision, through the confirmation page.
    page.select_option("select[name=outcome]", "recognised")
    page.select_option("select[name=level]", "province")
    page.fill("input[name=decision_number]", "31/QĐ-HĐSK")
    page.fill("input[name=decision_date]", today.isoformat())
    page.fill("textarea[name=reasoning]", "Đạt đủ điều kiện Điều 3; hội đồng biểu quyết đồng ý.")
    page.locator("form[action$='/decide/'] button[type=submit]").click()
    expect(main).to_contain_text("Bước này không hoàn tác được.")
    screenshot("4-confirm-decision")
    assert not Decision.objects.exists()
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".messages .success")).to_contain_text("Đã ghi quyết định.")
    assert Decision.objects.get().outcome == "recognised"

    # 5. The papers: the minutes and the certificate of initiative.
    certificate = main.locator("a", has_text="Giấy chứng nhận sáng kiến (PDF)")
    expect(certificate).to_be_visible()
    screenshot("5-decided")
    text = pdf_text(page.request.get(live_server.url + certificate.get_attribute("href")))
    for expected in ("GIẤY CHỨNG NHẬN SÁNG KIẾN", "Thứ Năm không hẹn", "31/QĐ-HĐSK", today.strftime("%d/%m/%Y")):
        assert expected in text, expected
    minutes = main.locator("a", has_text="Biên bản họp hội đồng (PDF)").get_attribute("href")
    assert "Đồng ý: 3; không đồng ý: 0" in pdf_text(page.request.get(live_server.url + minutes))

    # 6. Later: the scope of influence, on the evidence dossier.
    main.locator("a", has_text="Phạm vi ảnh hưởng").click()
    expect(main).to_contain_text("Hồ sơ minh chứng nhân rộng")
    expect(main.locator("a", has_text="Đọc hồ sơ minh chứng nhân rộng")).to_be_visible()
    screenshot("6-scope")
