"""The scope-of-influence screen (issue 14): the competent council's chair (or an administrator) reads the
replication evidence dossier and records the decision through the admin, after a confirmation page;
refused for an unrecognised initiative with a Vietnamese message naming the field; nobody else may.
And the chair's list of applications: the clock stopped while an application is returned, the overdue
flag, the recognised initiatives waiting for a scope decision."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry

from appraisal import actions
from appraisal.models import ScopeDecision
from core.confirmation import FIELD, token_for
from initiatives import actions as initiative_actions
from initiatives.models import ApplicationReceipt, InitiativePage
from rollout.models import Adoption
from tests.factories import UserFactory, make_initiative

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def w(appraisal_world):
    w = appraisal_world
    w["round"] = actions.open_round(w["chair"], w["council"], "Đợt 1/2026", TODAY + 7 * DAY, TODAY + 14 * DAY)
    w["entry"] = actions.add_entries(w["chair"], w["round"], [w["i_lka"]])[0]
    a1, = actions.assign_members(w["chair"], w["round"], mode="manual", entry=w["entry"], members=[w["m_province"]])[0]
    sheet = actions.record_score(w["m_province"], a1, {c.pk: {"value": "8"} for c in w["round"].rubric.criteria.all()},
                                 version=0, confidence="medium")
    actions.submit_scoresheet(w["m_province"], a1, version=sheet.version)
    return w


def recognise(w):
    actions.record_legal_checks(w["chair"], w["entry"], is_new=True, is_applied=True, not_excluded=True)
    for member in (w["chair"], w["m_province"], w["m_tam_nong"]):
        actions.cast_vote(member, w["entry"], True)
    actions.record_decision(w["chair"], w["entry"], "recognised", decision_number="15/QĐ-HĐSK",
                            decision_date=TODAY - 10 * DAY, reasoning="Hội đồng biểu quyết.")
    Adoption.objects.create(initiative=w["i_lka"], unit=w["phu_duc"], status="operating",
                            start_date=TODAY - 60 * DAY)
    return InitiativePage.objects.get(pk=w["i_lka"].pk)


def post(**fields):
    return {"scope": "province", "decision_number": "20/QĐ-HĐSK", "decision_date": TODAY.isoformat(),
            "reasoning": "Hồ sơ minh chứng: nhân rộng ở Tam Nông.", **fields}


def test_chair_reads_the_dossier_and_decides_after_the_confirmation_page(client, w):
    page = recognise(w)
    url = reverse("appraisal_rounds:scope", args=[page.pk])
    client.force_login(w["chair"])
    html = client.get(url).content.decode()
    assert "Hồ sơ minh chứng nhân rộng" in html
    assert "1 đơn vị đã nhân rộng, ở 1 tỉnh/thành phố" in html  # the dossier's summary, through the hook
    assert reverse("dossier:page", args=[page.pk]) in html and reverse("dossier:pdf", args=[page.pk]) in html
    assert "Quyết định công nhận số 15/QĐ-HĐSK" in html
    data = post(council=str(w["council"].pk))
    response = client.post(url, data)
    confirm = response.content.decode()
    assert "Bước này không hoàn tác được." in confirm and "Phạm vi ảnh hưởng, hiệu quả áp dụng: Cấp tỉnh" in confirm
    assert f"20/QĐ-HĐSK ngày {TODAY.strftime('%d/%m/%Y')}" in confirm
    assert not ScopeDecision.objects.exists()  # nothing before the confirmation
    response = client.post(url, {**data, FIELD: token_for(w["chair"], "decide_scope", page.pk)}, follow=True)
    assert "Đã ghi quyết định phạm vi ảnh hưởng." in response.content.decode()
    decision = ScopeDecision.objects.get()
    assert (decision.scope, decision.council, decision.decided_by) == ("province", w["council"], w["chair"])
    page.refresh_from_db()
    assert (page.influence_scope, page.scope_decision_number, page.scope_decision_date) == (
        "province", "20/QĐ-HĐSK", TODAY)
    assert PageLogEntry.objects.filter(page=page, action="nhanrong.recognition.scope").count() == 1
    # The screen now lists the decision; the public page shows the scope.
    assert "Các quyết định phạm vi ảnh hưởng đã ghi" in client.get(url).content.decode()
    client.logout()
    assert "Cấp tỉnh" in client.get(page.url).content.decode()


def test_unrecognised_initiative_is_refused_naming_the_field_and_nothing_is_written(client, w):
    page = InitiativePage.objects.get(pk=w["i_lka"].pk)  # under appraisal
    url = reverse("appraisal_rounds:scope", args=[page.pk])
    client.force_login(w["chair"])
    html = client.get(url).content.decode()
    assert "Phạm vi ảnh hưởng: chỉ quyết định cho sáng kiến đã được công nhận (hiện: Đang thẩm định)" in html
    assert "scope-form" not in html  # no form to fill
    data = post(council=str(w["council"].pk))
    # Even a crafted POST carrying a valid confirmation token: the action refuses.
    for extra in ({}, {FIELD: token_for(w["chair"], "decide_scope", page.pk)}):
        response = client.post(url, {**data, **extra}, follow=True)
        assert response.status_code == 200
        assert "Phạm vi ảnh hưởng: chỉ quyết định cho sáng kiến đã được công nhận" in response.content.decode()
    assert not ScopeDecision.objects.exists()
    page.refresh_from_db()
    assert page.influence_scope == "" or page.influence_scope is None
    assert not PageLogEntry.objects.filter(page=page, action="nhanrong.recognition.scope").exists()


def test_scope_beyond_the_council_and_bad_fields_are_refused(client, w):
    page = recognise(w)
    url = reverse("appraisal_rounds:scope", args=[page.pk])
    client.force_login(w["chair"])
    token = token_for(w["chair"], "decide_scope", page.pk)
    council = str(w["council"].pk)
    html = client.post(url, {**post(council=council, scope="national"), FIELD: token}, follow=True).content.decode()
    assert "Phạm vi ảnh hưởng" in html and not ScopeDecision.objects.exists()  # a province council: not national
    html = client.post(url, {**post(council=council, decision_date=(TODAY - 30 * DAY).isoformat()), FIELD: token},
                       follow=True).content.decode()
    assert "Ngày quyết định: không được trước ngày công nhận sáng kiến" in html
    html = client.post(url, {**post(council=council, reasoning="  "), FIELD: token}, follow=True).content.decode()
    assert "Căn cứ, nhận xét" in html
    assert not ScopeDecision.objects.exists()


def test_only_the_competent_chair_or_an_administrator(client, w):
    page = recognise(w)
    url = reverse("appraisal_rounds:scope", args=[page.pk])
    data = post(council=str(w["council"].pk))
    # A council member, the applicant's officer, a user without admin access: refused (Wagtail turns the
    # PermissionDenied into a redirect to the admin's home with an error message).
    for user in (w["m_province"], w["officer"], UserFactory()):
        client.force_login(user)
        for response in (client.get(url), client.post(url, {**data, FIELD: token_for(user, "decide_scope", page.pk)})):
            assert response.status_code == 302 and response["Location"] in ("/admin/", "/admin/login/?next=" + url)
    assert not ScopeDecision.objects.exists()
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    assert client.get(url).status_code == 200
    client.post(url, {**data, FIELD: token_for(admin, "decide_scope", page.pk)})
    assert ScopeDecision.objects.get().decided_by == admin


def test_links_from_the_chair_list_the_entry_and_the_editor(client, w):
    page = recognise(w)
    url = reverse("appraisal_rounds:scope", args=[page.pk])
    client.force_login(w["chair"])
    listing = client.get(reverse("appraisal_rounds:applications")).content.decode()
    assert "Sáng kiến đã công nhận — quyết định phạm vi ảnh hưởng" in listing and url in listing
    assert "Chưa quyết định" in listing
    assert url in client.get(reverse("appraisal_rounds:entry", args=[w["entry"].pk])).content.decode()
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    assert url in client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    # A member sees the applications but not the scope links.
    client.force_login(w["m_province"])
    assert url not in client.get(reverse("appraisal_rounds:applications")).content.decode()


# --- the chair's list: stopped clock, overdue -------------------------------------------------------

def test_chair_list_says_the_clock_is_stopped_since_the_return_and_flags_the_overdue(client, w):
    editor = UserFactory(is_superuser=True)
    returned = make_initiative(w["index"], w["phu_duc"], title="Hồ sơ trả lại", live=False)
    returned.first_applied_on = TODAY - 90 * DAY
    returned.save_revision()
    initiative_actions.submit_initiative(editor, returned)
    now = timezone.now()
    ApplicationReceipt.objects.filter(initiative=returned).update(received_on=TODAY - 50 * DAY)
    returned.status_changes.update(created_at=now - 50 * DAY)
    initiative_actions.return_for_changes(editor, InitiativePage.objects.get(pk=returned.pk), "Bổ sung số liệu")
    returned.status_changes.filter(to_status="returned").update(created_at=now - 25 * DAY)
    since = timezone.localtime(now - 25 * DAY).date().strftime("%d/%m/%Y")
    late = InitiativePage.objects.get(pk=w["i_phu_duc"].pk)
    ApplicationReceipt.objects.create(initiative=late, number="2/BN-2026", receiving_body="UBND xã Phú Đức",
                                      applicant="Cán bộ", received_on=TODAY - 45 * DAY)
    client.force_login(w["chair"])
    html = client.get(reverse("appraisal_rounds:applications")).content.decode()
    assert f"Dừng tính từ {since} (trả lại bổ sung)" in html
    # 50 days after the receipt (past the 30-day acceptance deadline) but stopped 25 days ago: not overdue.
    row = html[html.index("Hồ sơ trả lại"):]
    row = row[:row.index("</tr>")]
    assert "QUÁ HẠN" not in row and "overdue" not in html[:html.index("Hồ sơ trả lại")].rsplit("<tr", 1)[1]
    late_row = html[html.index("Một cửa không chờ"):]
    assert "QUÁ HẠN 15 ngày" in late_row[:late_row.index("</tr>")]
    assert html.index("Một cửa không chờ") < html.index("Hồ sơ trả lại")  # the running, overdue one first
    # Resubmitted today: the clock runs again, the 25 stopped days added (receipt + 30 + 25 = in 5 days).
    initiative_actions.submit_initiative(editor, InitiativePage.objects.get(pk=returned.pk))
    html = client.get(reverse("appraisal_rounds:applications")).content.decode()
    row = html[html.index("Hồ sơ trả lại"):]
    row = row[:row.index("</tr>")]
    assert "Dừng tính" not in row and "còn 5 ngày" in row
