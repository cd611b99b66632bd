"""The same rules through the admin screens, form posts, the public page and the API."""

import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from appraisal import actions
from appraisal.models import Assignment, ConflictDeclaration, ConflictType, Rubric, Score
from initiatives.models import InitiativePage
from initiatives.status import InitiativeStatus
from tests.confirming import confirmed_post
from tests.factories import make_member

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def w(appraisal_world):
    w = appraisal_world
    w["round"] = actions.open_round(w["chair"], w["council"], "Đợt 1/2024", TODAY + datetime.timedelta(days=7),
                                    TODAY + datetime.timedelta(days=14), min_reviewers=2)
    w["entry"] = actions.add_entries(w["chair"], w["round"], [w["i_lka"]])[0]
    w["a1"], w["a2"] = actions.assign_members(w["chair"], w["round"], mode="manual", entry=w["entry"],
                                              members=[w["m_province"], w["m_tam_nong"]])[0]
    return w


def criteria():
    return list(Rubric.default().criteria.all())


def form_data(values, version, action="save", comment="", confidence="high"):
    data = {"version": str(version), "action": action, "confidence": confidence, "overall_comment": comment}
    for criterion, value in zip(criteria(), values, strict=True):
        data[f"score-{criterion.pk}"] = str(value)
        data[f"comment-{criterion.pk}"] = f"{comment} {criterion.name}" if comment else ""
    return data


def score_url(assignment):
    return reverse("appraisal_work:score", args=[assignment.pk])


def refused(response):
    return response.status_code in (302, 403) and response.status_code != 200


def submit_via_form(client, user, assignment, values, comment=""):
    client.force_login(user)
    sheet = Assignment.objects.get(pk=assignment.pk).sheet
    response = client.post(score_url(assignment), form_data(values, sheet.version, "submit", comment))
    assert response.status_code == 302, response.content.decode()[:2000]


def test_member_scores_and_submits_through_the_form(client, w):
    submit_via_form(client, w["m_province"], w["a1"], (8, "7,5", 6, 9, 5), comment="Nhận xét")
    sheet = Assignment.objects.get(pk=w["a1"].pk).sheet
    assert sheet.is_submitted and sheet.confidence == "high"
    assert Score.objects.filter(assignment=w["a1"]).count() == 5
    assert Score.objects.get(assignment=w["a1"], criterion=criteria()[1]).value == D("7.5")


def test_form_refuses_out_of_range_and_unknown_criterion(client, w):
    client.force_login(w["m_province"])
    data = form_data((11, 7, 6, 9, 5), 0)
    response = client.post(score_url(w["a1"]), data, follow=True)
    page = response.content.decode()
    assert "Tính mới, tính sáng tạo" in page and "nằm ngoài khoảng 0–10" in page
    data = form_data((8, 7, 6, 9, 5), 0)
    data["score-999999"] = "5"
    page = client.post(score_url(w["a1"]), data).content.decode()
    assert "không thuộc bộ tiêu chí" in page
    assert not Score.objects.exists()


def test_form_stale_version_gets_a_conflict_message(client, w):
    client.force_login(w["m_province"])
    assert client.post(score_url(w["a1"]), form_data((8, 7, 6, 9, 5), 0)).status_code == 302  # tab 1
    response = client.post(score_url(w["a1"]), form_data((1, 1, 1, 1, 1), 0))           # tab 2, stale
    page = response.content.decode()
    assert response.status_code == 200 and "tải lại trang" in page and "chưa được lưu" in page
    assert Score.objects.get(assignment=w["a1"], criterion=criteria()[0]).value == D("8")


def test_conflicted_member_refused_on_score_page_get_and_post(client, w):
    ConflictDeclaration.objects.create(member=w["m_tam_nong"], initiative=w["i_lka"], type=ConflictType.FAMILY)
    client.force_login(w["m_tam_nong"])
    assert refused(client.get(score_url(w["a2"])))
    assert refused(client.post(score_url(w["a2"]), form_data((8, 7, 6, 9, 5), 0, "submit")))
    assert not Score.objects.filter(assignment=w["a2"]).exists()


def test_member_cannot_open_or_post_another_members_sheet(client, w):
    client.force_login(w["m_tam_nong"])
    assert refused(client.get(score_url(w["a1"])))
    assert refused(client.post(score_url(w["a1"]), form_data((1, 1, 1, 1, 1), 0)))
    assert not Score.objects.exists()


def test_chair_cannot_assign_conflicted_member_by_form(client, w):
    client.force_login(w["chair"])
    url = reverse("appraisal_rounds:round_action", args=[w["round"].pk, "assign"])
    response = client.post(url, {"mode": "manual", "entry": w["entry"].pk, "members": [w["m_lka"].pk]}, follow=True)
    assert "xung đột lợi ích" in response.content.decode()
    assert not Assignment.objects.filter(member=w["m_lka"]).exists()


def test_scores_hidden_from_members_before_submitting_and_from_conflicted(client, w):
    actions.add_private_note(w["m_province"], w["entry"], "GHI CHÚ NỘI BỘ")
    submit_via_form(client, w["m_province"], w["a1"], (8, 7, 6, 9, 5), comment="BÍ MẬT A")
    client.force_login(w["m_tam_nong"])
    assert "BÍ MẬT A" not in client.get(score_url(w["a2"])).content.decode()
    assert "BÍ MẬT A" not in client.get(reverse("appraisal_rounds:entry", args=[w["entry"].pk])).content.decode()
    client.force_login(w["m_lka"])  # conflicted council member
    page = client.get(reverse("appraisal_rounds:entry", args=[w["entry"].pk])).content.decode()
    assert "BÍ MẬT A" not in page and "GHI CHÚ NỘI BỘ" not in page and "xung đột lợi ích" in page
    assert refused(client.post(reverse("appraisal_rounds:entry_action", args=[w["entry"].pk, "note"]), {"body": "x"}))
    client.force_login(w["chair"])
    page = client.get(reverse("appraisal_rounds:entry", args=[w["entry"].pk])).content.decode()
    assert "BÍ MẬT A" in page and "GHI CHÚ NỘI BỘ" in page
    submit_via_form(client, w["m_tam_nong"], w["a2"], (6, 5, 4, 7, 3))
    assert "BÍ MẬT A" in client.get(score_url(w["a2"])).content.decode()


def test_commune_officer_cannot_open_council_screens(client, w):
    client.force_login(w["officer"])
    assert refused(client.get(reverse("appraisal_rounds:round", args=[w["round"].pk])))
    assert refused(client.get(reverse("appraisal_rounds:entry", args=[w["entry"].pk])))


def test_my_work_menu_and_dashboard_panel(client, w):
    client.force_login(w["m_province"])
    page = client.get(reverse("appraisal_work:index")).content.decode()
    assert "Thứ Năm không hẹn" in page and (TODAY + datetime.timedelta(days=7)).strftime("%d/%m/%Y") in page
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Việc cần làm — Sáng kiến được phân công chấm" in dashboard and "Thứ Năm không hẹn" in dashboard
    # The sidebar menu is JSON (non-ASCII escaped): the "Thẩm định" group with "Việc của tôi" in it.
    assert '"label": "Th\\u1ea9m \\u0111\\u1ecbnh"' in dashboard and "/admin/appraisal/my-work/" in dashboard


def test_chair_flow_through_forms_and_public_result(client, w, settings):
    submit_via_form(client, w["m_province"], w["a1"], (8, 7, 6, 9, 5), comment="BÍ MẬT A")      # 71,5
    submit_via_form(client, w["m_tam_nong"], w["a2"], (6, 5, 4, 7, 3), comment="BÍ MẬT B")       # 51,5
    client.force_login(w["chair"])
    round_page = client.get(reverse("appraisal_rounds:round", args=[w["round"].pk])).content.decode()
    assert "61,5" in round_page and "chênh lệch nhiều" not in round_page  # spread 71,5 − 51,5 = 20: not above 20
    settings.APPRAISAL_DISAGREEMENT_SPREAD = 15
    round_page = client.get(reverse("appraisal_rounds:round", args=[w["round"].pk])).content.decode()
    assert "chênh lệch nhiều" in round_page
    decide_url = reverse("appraisal_rounds:entry_action", args=[w["entry"].pk, "decide"])
    data = {"outcome": "recognised", "level": "province", "decision_number": "1234/QĐ-UBND",
            "decision_date": "2024-12-20", "reasoning": "Rút ngắn thời gian trả kết quả."}
    client.force_login(w["m_province"])
    assert refused(client.post(decide_url, data))
    assert InitiativePage.objects.get(pk=w["i_lka"].pk).status == InitiativeStatus.UNDER_APPRAISAL
    client.force_login(w["chair"])
    # Without the Art. 3 checks and the ballots, the decision is refused and nothing is written.
    assert refused(confirmed_post(client, decide_url, data))
    assert InitiativePage.objects.get(pk=w["i_lka"].pk).status == InitiativeStatus.UNDER_APPRAISAL
    checks_url = reverse("appraisal_rounds:entry_action", args=[w["entry"].pk, "checks"])
    vote_url = reverse("appraisal_rounds:entry_action", args=[w["entry"].pk, "vote"])
    client.post(checks_url, {"is_new": "yes", "is_applied": "yes", "not_excluded": "yes", "reasons": ""})
    for member in (w["chair"], w["m_province"], w["m_tam_nong"]):
        client.force_login(member)
        client.post(vote_url, {"vote": "for"})
    client.force_login(w["chair"])
    assert client.post(decide_url, data).status_code == 200  # the confirmation page; nothing decided yet
    assert confirmed_post(client, decide_url, data).status_code == 302
    page = InitiativePage.objects.get(pk=w["i_lka"].pk)
    assert (page.status, page.decision_number, page.final_score) == ("recognised", "1234/QĐ-UBND", D("61.50"))
    # Locked: a late form post changes nothing.
    client.force_login(w["m_province"])
    client.post(score_url(w["a1"]), form_data((1, 1, 1, 1, 1), 99), follow=True)
    assert Score.objects.get(assignment=w["a1"], criterion=criteria()[0]).value == D("8")
    # The public page: level, number, date, final score; never members' comments.
    client.logout()
    public = client.get(page.url).content.decode()
    assert "1234/QĐ-UBND" in public and "20/12/2024" in public and "61,5" in public and "Cấp tỉnh" in public
    assert "BÍ MẬT" not in public and "tv_tinh" not in public
    # The API: the same public facts only.
    api = client.get("/api/v1/appraisal/decisions/").json()
    assert api["count"] == 1
    item = api["items"][0]
    assert (item["decision_number"], item["final_score"], item["recognition_level"]) == ("1234/QĐ-UBND", "61.50", "province")
    assert "BÍ MẬT" not in str(api) and "score" not in " ".join(k for k in item if k != "final_score")
    one = client.get(f"/api/v1/appraisal/initiatives/{page.pk}/decision/").json()
    assert one["council"] == "Hội đồng thẩm định sáng kiến tỉnh Đồng Tháp"


def test_api_hides_undecided_and_is_the_same_for_conflicted_members(client, w):
    submit_via_form(client, w["m_province"], w["a1"], (8, 7, 6, 9, 5), comment="BÍ MẬT A")
    client.force_login(w["m_lka"])
    assert client.get(f"/api/v1/appraisal/initiatives/{w['i_lka'].pk}/decision/").status_code == 404
    assert client.get("/api/v1/appraisal/decisions/").json()["count"] == 0


def test_chair_opens_round_adds_entries_and_auto_assigns_by_form(client, w):
    client.force_login(w["chair"])
    response = client.post(reverse("appraisal_rounds:index"), {
        "council": w["council"].pk, "name": "Đợt 2/2024", "soft_deadline": "2099-01-10",
        "hard_deadline": "2099-01-20", "min_reviewers": "2"})
    assert response.status_code == 302
    new_round = w["council"].rounds.get(name="Đợt 2/2024")
    add_url = reverse("appraisal_rounds:round_action", args=[new_round.pk, "entries"])
    assert client.post(add_url, {"initiatives": [w["i_phu_duc"].pk]}).status_code == 302
    assert InitiativePage.objects.get(pk=w["i_phu_duc"].pk).status == InitiativeStatus.UNDER_APPRAISAL
    client.post(reverse("appraisal_rounds:round_action", args=[new_round.pk, "assign"]), {"mode": "auto"})
    assigned = Assignment.objects.filter(entry__round=new_round)
    assert assigned.count() == 2
    page = client.get(reverse("appraisal_rounds:round", args=[new_round.pk])).content.decode()
    assert "Một cửa không chờ" in page


def test_the_new_round_form_takes_dates_day_first_and_names_no_setting(client, w, settings):
    # Vietnamese dates (06/08/2024), in Vietnamese and in English: never month first, never the
    # browser's native date field (its format follows the browser's locale, mm/dd/yyyy in English).
    settings.RECOGNITION_MIN_BALLOTS = 4
    client.force_login(w["chair"])
    form = client.get(reverse("appraisal_rounds:index")).content.decode()
    assert 'type="date"' not in form and "RECOGNITION_MIN_BALLOTS" not in form
    assert "theo mức chung của hệ thống (4 phiếu)" in form and 'placeholder="dd/mm/yyyy"' in form
    for language, name in (("vi", "Đợt 3/2024"), ("en", "Đợt 4/2024")):
        client.cookies["django_language"] = language
        response = client.post(reverse("appraisal_rounds:index"), {
            "council": w["council"].pk, "name": name, "soft_deadline": "08/02/2099",
            "hard_deadline": "20/02/2099", "min_reviewers": "2"}, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 302, response.content.decode()[:2000]
        created = w["council"].rounds.get(name=name)
        assert (created.soft_deadline, created.hard_deadline) == (datetime.date(2099, 2, 8), datetime.date(2099, 2, 20))


def test_commune_answers_clarification_through_the_form(client, w):
    client.force_login(w["officer"])
    answer = f'href="{reverse("appraisal_clarifications:index")}"'
    # The dashboard offers "Trả lời" only when a request waits for an answer.
    assert answer not in client.get("/admin/").content.decode()
    actions.request_clarification(w["m_province"], w["entry"], "Bổ sung số liệu năm 2024", TODAY)
    assert answer in client.get("/admin/").content.decode()
    page = client.get(reverse("appraisal_clarifications:index")).content.decode()
    assert "Bổ sung số liệu năm 2024" in page
    request = w["entry"].clarifications.get()
    response = client.post(reverse("appraisal_clarifications:answer", args=[request.pk]), {"answer": "Đã bổ sung."})
    assert response.status_code == 302
    assert InitiativePage.objects.get(pk=w["i_lka"].pk).status == InitiativeStatus.UNDER_APPRAISAL


def test_only_administrators_edit_councils_and_rubrics(client, w):
    client.force_login(w["chair"])
    assert refused(client.get(reverse("appraisal_councils:index")))
    assert refused(client.get(reverse("appraisal_rubrics:index")))
    admin = make_member("Quản trị viên", username="quantri")
    client.force_login(admin)
    assert client.get(reverse("appraisal_councils:index")).status_code == 200
