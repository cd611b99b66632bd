"""The demo officer's day in the Vietnamese admin, in headless Chromium (issue 16): register an
initiative, submit it with the primary "Gửi thẩm định" button, enter an indicator through the unit
chooser's search "long khanh" and the metric chooser's search, download the import template and
upload it unchanged. Screenshots go to test-artifacts/screenshots/."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from core import roles
from initiatives.models import InitiativePage
from initiatives.status import InitiativeStatus
from rollout.models import ImportJob, ImportStatus, Metric, Observation
from tests.browser.conftest import ARTIFACTS, login
from tests.factories import make_member


def test_officer_registers_submits_enters_an_indicator_and_imports_the_template(page, live_server, site, commune,
                                                                                 other_commune, screenshot):
    officer = make_member(roles.COMMUNE_OFFICERS, commune, username="canbo_hanhtrinh")
    login(page, live_server, officer.username)
    expect(page.locator("main")).to_contain_text("Việc cần làm")
    screenshot("dashboard")

    # 1. register
    page.goto(live_server.url + reverse("wagtailadmin_pages:add", args=["initiatives", "initiativepage",
                                                                      site["index"].pk]))
    title = "Một cửa không chờ tại xã Long Khánh A"
    page.fill("#id_title", title)
    # Leaving the title fills the slug (Wagtail's w-sync on blur), as an officer tabbing to the next field
    # does; without it the save could be clicked with the slug still empty ("Trường này là bắt buộc").
    page.locator("#id_title").press("Tab")
    # ... the Vietnamese way (core.slugs.VietnameseSlugInput): Wagtail's own dropped "ộ", "ử", "ờ".
    expect(page.locator("#id_slug")).to_have_value("mot-cua-khong-cho-tai-xa-long-khanh-a")
    page.fill("#id_summary", "Hồ sơ được tiếp nhận và trả kết quả trong ngày, không hẹn lại.")
    expect(page.locator("input#id_origin_unit")).to_have_value(str(commune.pk))
    page.select_option("select#id_reform_area", label="Cải cách thủ tục hành chính")
    page.locator("footer button.action-save").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    initiative = InitiativePage.objects.get(title=title)
    assert initiative.status == InitiativeStatus.DRAFT and initiative.slug == "mot-cua-khong-cho-tai-xa-long-khanh-a"

    # 2. submit: "Gửi thẩm định" is the primary (first, visible) button of the footer
    submit = page.locator("footer [name='action-submit-appraisal']").first
    expect(submit).to_be_visible()  # not hidden in the Save-draft dropdown
    expect(submit).to_have_text(re.compile("Gửi thẩm định"))
    expect(page.locator("[data-lifecycle-status]")).to_have_attribute("data-lifecycle-status", "draft")
    screenshot("draft")
    submit.click()
    page.wait_for_url(f"{live_server.url}/admin/pages/{initiative.pk}/edit/")
    expect(page.locator(".messages .success")).to_contain_text(title)
    expect(page.locator("[data-lifecycle-status]")).to_have_text(re.compile("Đã gửi thẩm định", re.I))
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.SUBMITTED

    # 3. an indicator through the choosers
    page.goto(live_server.url + reverse("wagtailsnippets_rollout_observation:add"))
    page.locator("button[data-w-dropdown-target='toggle'][aria-describedby='id_unit-title']").click()
    page.locator("button[data-chooser-action-choose][aria-describedby='id_unit-title']").click()
    modal = page.locator(".modal-content")
    modal.locator("#id_q").fill("long khanh")
    page.wait_for_load_state("networkidle")
    expect(modal.locator("#search-results")).to_contain_text("Xã Long Khánh A")
    expect(modal.locator("#search-results")).not_to_contain_text("Phú Thuận A")
    screenshot("unit-chooser")
    modal.locator("a[data-chooser-modal-choice]", has_text="Xã Long Khánh A").first.click()
    expect(page.locator("input#id_unit")).to_have_value(str(commune.pk))
    metric = Metric.objects.get(code="sipas")
    page.get_by_text("Chọn chỉ tiêu", exact=True).click()
    modal.locator("#id_q").fill("hai long")
    # The typed search replaces the list when its answer comes: click in the list it settles on, not in
    # the one it replaces (under load the click landed in the old list and chose nothing).
    page.wait_for_load_state("networkidle")
    expect(modal.locator("#search-results")).to_contain_text("sipas")
    screenshot("metric-chooser")
    modal.locator("a[data-chooser-modal-choice]", has_text=metric.name_vi).first.click()
    expect(page.locator("input#id_metric")).to_have_value(str(metric.pk))
    page.fill("#id_period_text", "Quý 3/2026")
    page.fill("#id_value", "97,5")
    page.fill("#id_source", "Báo cáo quý")
    page.locator("footer button.action-save, footer button[type=submit]").first.click()
    expect(page.locator(".messages .success")).to_contain_text(
        f"Đã lưu số liệu {metric.name_vi}, Quý 3/2026, Xã Long Khánh A")
    assert Observation.objects.get(unit=commune, metric=metric).period_key == "2026-Q3"

    # 4. the import template, downloaded and uploaded unchanged
    page.goto(live_server.url + reverse("rollout_import"))
    expect(page.locator("input[name=don_vi]")).to_have_value(str(commune.pk))
    screenshot("import")
    with page.expect_download() as download_info:
        page.locator("form.import-template button[type=submit]").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx") and "29950" in download.suggested_filename
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS.parent / download.suggested_filename
    download.save_as(str(path))
    page.set_input_files("input[name=file]", str(path))
    page.locator("form[enctype='multipart/form-data'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/nhap-so-lieu/\d+/$"))
    job = ImportJob.objects.get(user=officer)
    assert job.status != ImportStatus.FAILED and job.errors == [] and job.message == "", (job.message, job.errors)
    expect(page.locator("[data-import-status]")).not_to_have_attribute("data-import-status", "failed")
    screenshot("imported")
    path.unlink(missing_ok=True)
