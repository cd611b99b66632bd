"""Recognition of initiatives as Decree 13/2012/NĐ-CP (Initiative Regulation) and Circular 18/2013/TT-BKHCN
frame it: receipt and clocks, the Art. 3 checks, ballots and quorum, the decision, the scope of influence,
council levels after 1 July 2025, and the papers (PDF text extracted, one page rendered to an image)."""

import datetime
import io
from decimal import Decimal as D

import pypdf
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from appraisal import actions
from appraisal.models import Council, Decision
from initiatives import actions as initiative_actions
from initiatives.clock import compute_clock
from initiatives.models import ApplicationReceipt, InitiativeAuthor, InitiativePage
from initiatives.status import InitiativeStatus
from tests.factories import make_council, make_initiative

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def text_of(pdf_bytes):
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf_bytes)).pages)


# --- the clocks (pure) -----------------------------------------------------------------------------

def test_clock_counts_calendar_days_from_the_receipt_and_stops_while_returned():
    received = datetime.date(2026, 3, 2)
    clock = compute_clock(received, [], datetime.date(2026, 3, 10), acceptance_days=30, decision_months=3)
    assert clock.acceptance_due == datetime.date(2026, 4, 1) and clock.days_left(datetime.date(2026, 3, 10)) == 22
    assert clock.decision_due == datetime.date(2026, 7, 1)  # at the latest: acceptance deadline + 03 tháng
    # Accepted on 10/3 (entered a round): the decision deadline runs from the acceptance (Art. 7(1)).
    changes = [(datetime.date(2026, 3, 10), "under_appraisal")]
    clock = compute_clock(received, changes, datetime.date(2026, 3, 20), acceptance_days=30, decision_months=3)
    assert clock.accepted_on == datetime.date(2026, 3, 10) and clock.due == datetime.date(2026, 6, 10)
    # Returned on 1/4, resubmitted on 11/4: ten days not counted.
    changes += [(datetime.date(2026, 4, 1), "returned"), (datetime.date(2026, 4, 11), "submitted"),
                (datetime.date(2026, 4, 11), "under_appraisal")]
    clock = compute_clock(received, changes, datetime.date(2026, 5, 1), acceptance_days=30, decision_months=3)
    assert clock.paused_days == 10 and clock.due == datetime.date(2026, 6, 20)
    assert clock.pauses == [(datetime.date(2026, 4, 1), datetime.date(2026, 4, 11))]
    # Still returned: the clock is stopped, nothing is overdue however late it is.
    stopped = compute_clock(received, changes[:2], datetime.date(2026, 12, 1), acceptance_days=30, decision_months=3)
    assert stopped.stopped_since == datetime.date(2026, 4, 1) and not stopped.is_overdue(datetime.date(2026, 12, 1))
    # Overdue without a return.
    late = compute_clock(received, [], datetime.date(2026, 4, 3), acceptance_days=30, decision_months=3)
    assert late.is_overdue(datetime.date(2026, 4, 3)) and late.days_left(datetime.date(2026, 4, 3)) == -2
    assert compute_clock(received, changes + [(datetime.date(2026, 5, 2), "recognised")],
                         datetime.date(2026, 9, 1)).days_left(datetime.date(2026, 9, 1)) is None


def test_decision_deadline_is_three_calendar_months_not_ninety_days():
    """Regulation Art. 7(1): "03 tháng kể từ ngày chấp nhận đơn"; a shorter month ends on its last day."""
    from initiatives.clock import add_months

    assert add_months(datetime.date(2026, 3, 31), 3) == datetime.date(2026, 6, 30)
    assert add_months(datetime.date(2026, 11, 30), 3) == datetime.date(2027, 2, 28)
    assert add_months(datetime.date(2027, 11, 29), 3) == datetime.date(2028, 2, 29)
    assert add_months(datetime.date(2026, 10, 15), 3) == datetime.date(2027, 1, 15)
    received = datetime.date(2026, 9, 1)
    changes = [(datetime.date(2026, 9, 5), "under_appraisal")]
    clock = compute_clock(received, changes, datetime.date(2026, 9, 6), acceptance_days=30)
    assert clock.decision_due == datetime.date(2026, 12, 5)  # 91 days, not 90
    # Returned for changes after the acceptance, for 7 days: the deadline moves by 7 days.
    changes += [(datetime.date(2026, 10, 1), "returned"), (datetime.date(2026, 10, 8), "under_appraisal")]
    clock = compute_clock(received, changes, datetime.date(2026, 10, 9), acceptance_days=30)
    assert clock.decision_due == datetime.date(2026, 12, 12) and clock.paused_days == 7


# --- receipt on submission -------------------------------------------------------------------------

@pytest.mark.django_db
def test_submission_issues_one_receipt_and_refuses_a_future_first_application(site, commune):
    from tests.factories import UserFactory

    editor = UserFactory(is_superuser=True)
    page = make_initiative(site["index"], commune, live=False)
    page.first_applied_on = TODAY + DAY
    page.save_revision()
    with pytest.raises(ValidationError) as error:
        initiative_actions.submit_initiative(editor, page)
    assert "Ngày áp dụng lần đầu" in str(error.value)
    assert not ApplicationReceipt.objects.exists()
    assert InitiativePage.objects.get(pk=page.pk).status == InitiativeStatus.DRAFT
    page.first_applied_on = TODAY - 30 * DAY
    page.save_revision()
    initiative_actions.submit_initiative(editor, page)
    receipt = ApplicationReceipt.objects.get(initiative=page)
    assert receipt.received_on == TODAY and receipt.number.endswith(f"/BN-{TODAY.year}")
    # A return and resubmission keep the first receipt; the history shows the stop.
    initiative_actions.return_for_changes(editor, page, "Bổ sung số liệu")
    initiative_actions.submit_initiative(editor, InitiativePage.objects.get(pk=page.pk))
    assert ApplicationReceipt.objects.filter(initiative=page).count() == 1
    assert [c.to_status for c in page.status_changes.all()] == ["submitted", "returned", "submitted"]
    from wagtail.models import PageLogEntry

    assert PageLogEntry.objects.filter(page=page, action="nhanrong.recognition.receipt").count() == 1


# --- the decision ----------------------------------------------------------------------------------

@pytest.fixture
def w(appraisal_world):
    w = appraisal_world
    w["round"] = actions.open_round(w["chair"], w["council"], "Đợt 1/2026", TODAY + 7 * DAY, TODAY + 14 * DAY)
    w["entry"] = actions.add_entries(w["chair"], w["round"], [w["i_lka"]])[0]
    a1, = actions.assign_members(w["chair"], w["round"], mode="manual", entry=w["entry"], members=[w["m_province"]])[0]
    criteria = list(w["round"].rubric.criteria.all())
    sheet = actions.record_score(w["m_province"], a1, {c.pk: {"value": "8"} for c in criteria}, version=0,
                                 confidence="medium")
    actions.submit_scoresheet(w["m_province"], a1, version=sheet.version)
    return w


def decide(w, outcome="recognised", **kwargs):
    return actions.record_decision(w["chair"], w["entry"], outcome, decision_number="15/QĐ-HĐSK",
                                   decision_date=TODAY, reasoning="Hội đồng biểu quyết.", **kwargs)


def vote_all(w, in_favour=True):
    for member in (w["chair"], w["m_province"], w["m_tam_nong"]):
        actions.cast_vote(member, w["entry"], in_favour)


def test_decision_without_checks_is_refused_and_nothing_is_written(w):
    vote_all(w)
    with pytest.raises(ValidationError) as error:
        decide(w)
    assert "Điều kiện công nhận (Điều 3)" in str(error.value)
    assert not Decision.objects.exists()
    assert InitiativePage.objects.get(pk=w["i_lka"].pk).status == InitiativeStatus.UNDER_APPRAISAL


def test_a_failed_condition_needs_reasons_and_forces_a_refusal_the_applicant_reads(w, django_capture_on_commit_callbacks):
    with pytest.raises(ValidationError) as error:
        actions.record_legal_checks(w["chair"], w["entry"], is_new=False, is_applied=True, not_excluded=True)
    assert "Lý do" in str(error.value)
    with pytest.raises(ValidationError):
        actions.record_legal_checks(w["chair"], w["entry"], is_new=None, is_applied=True, not_excluded=True)
    with pytest.raises(PermissionDenied):
        actions.record_legal_checks(w["m_province"], w["entry"], is_new=True, is_applied=True, not_excluded=True)
    actions.record_legal_checks(w["chair"], w["entry"], is_new=False, is_applied=True, not_excluded=True,
                                reasons="Xã lân cận đã áp dụng cách làm này từ năm 2022.")
    vote_all(w, True)
    with pytest.raises(ValidationError) as error:
        decide(w, "recognised")
    assert "chỉ có thể từ chối" in str(error.value)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decide(w, "not_recognised")
    page = InitiativePage.objects.get(pk=w["i_lka"].pk)
    assert page.status == InitiativeStatus.NOT_RECOGNISED
    assert "Xã lân cận đã áp dụng" in page.status_changes.last().note
    assert [m.to for m in mail.outbox] == [[w["officer"].email]]


def test_quorum_refuses_a_decision_unless_the_chair_records_a_reason_shown_in_the_minutes(client, w):
    actions.record_legal_checks(w["chair"], w["entry"], is_new=True, is_applied=True, not_excluded=True)
    actions.cast_vote(w["chair"], w["entry"], True)
    actions.cast_vote(w["m_province"], w["entry"], True)
    with pytest.raises(ValidationError) as error:
        decide(w)
    assert "mới có 2 phiếu, đợt này cần tối thiểu 3" in str(error.value)
    decision = decide(w, quorum_override_reason="Một thành viên ốm, hội đồng thống nhất họp đúng hạn.")
    assert (decision.votes_for, decision.votes_against) == (2, 0)
    client.force_login(w["officer"])  # the applicant may read the minutes
    response = client.get(reverse("recognition_papers:minutes", args=[w["entry"].pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = text_of(response.content)
    for expected in ("BIÊN BẢN HỌP HỘI ĐỒNG", "Một thành viên ốm", "Đồng ý: 2; không đồng ý: 0",
                     "Có tính mới trong phạm vi đơn vị: Đạt", "15/QĐ-HĐSK", TODAY.strftime("%d/%m/%Y"),
                     "tv_lka: cùng đơn vị"):
        assert expected in text, expected
    # Nobody else: a member of another unit who is not on the council, an anonymous visitor.
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(reverse("recognition_papers:minutes", args=[w["entry"].pk])).status_code == 403
    client.logout()
    assert client.get(reverse("recognition_papers:minutes", args=[w["entry"].pk])).status_code == 302


def test_conflicted_member_cannot_vote_and_the_decision_follows_the_vote(w):
    with pytest.raises(PermissionDenied) as error:
        actions.cast_vote(w["m_lka"], w["entry"], True)
    assert "xung đột lợi ích" in str(error.value)
    with pytest.raises(PermissionDenied):
        actions.cast_vote(w["officer"], w["entry"], True)
    actions.record_legal_checks(w["chair"], w["entry"], is_new=True, is_applied=True, not_excluded=True)
    actions.cast_vote(w["chair"], w["entry"], True)
    actions.cast_vote(w["m_province"], w["entry"], False)
    actions.cast_vote(w["m_tam_nong"], w["entry"], False)
    with pytest.raises(ValidationError) as error:
        decide(w, "recognised")
    assert "phải theo biểu quyết (1 đồng ý, 2 không đồng ý)" in str(error.value)
    actions.cast_vote(w["m_tam_nong"], w["entry"], True)  # a member changes their vote before the decision
    decision = decide(w, "recognised")
    page = InitiativePage.objects.get(pk=w["i_lka"].pk)
    assert (decision.votes_for, page.status, page.recognition_level, page.council_name) == (
        2, "recognised", "province", w["council"].name)
    with pytest.raises(ValidationError):
        actions.cast_vote(w["m_province"], w["entry"], True)  # after the decision


# --- the scope of influence -----------------------------------------------------------------------

def test_scope_only_on_a_recognised_initiative_and_by_the_competent_level(w):
    kwargs = {"decision_number": "20/QĐ-HĐSK", "decision_date": TODAY, "reasoning": "Hồ sơ nhân rộng: 3 tỉnh."}
    with pytest.raises(ValidationError) as error:
        actions.decide_scope(w["chair"], w["council"], w["i_lka"], "province", **kwargs)
    assert "chỉ quyết định cho sáng kiến đã được công nhận" in str(error.value)
    actions.record_legal_checks(w["chair"], w["entry"], is_new=True, is_applied=True, not_excluded=True)
    vote_all(w)
    decide(w)
    page = InitiativePage.objects.get(pk=w["i_lka"].pk)
    with pytest.raises(ValidationError) as error:
        actions.decide_scope(w["chair"], w["council"], page, "national", **kwargs)
    assert "không có thẩm quyền" in str(error.value)
    with pytest.raises(PermissionDenied):
        actions.decide_scope(w["m_province"], w["council"], page, "province", **kwargs)
    actions.decide_scope(w["chair"], w["council"], page, "province", **kwargs)
    page.refresh_from_db()
    assert (page.influence_scope, page.scope_decision_number) == ("province", "20/QĐ-HĐSK")


# --- council levels after 1 July 2025 -------------------------------------------------------------

@pytest.mark.django_db
def test_district_councils_are_history_only(appraisal_world):
    w = appraisal_world
    district = make_council(w["chair"], [], [w["hong_ngu"]], name="Hội đồng huyện Hồng Ngự", level="district")
    with pytest.raises(ValidationError):
        Council(name="Hội đồng huyện mới", level="district", chair=w["chair"], rubric=district.rubric).full_clean()
    with pytest.raises(ValidationError) as error:
        actions.open_round(w["chair"], district, "Đợt 2026", TODAY + DAY, TODAY + 2 * DAY)
    assert "cấp huyện" in str(error.value)
    assert district.get_level_display() == "Cấp huyện (trước 01/07/2025)"


# serialized_rollback: its flush must not recreate content types under new ids, or the browser tests
# (live server, serialized rollback) that run after it cannot restore the database.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migration_keeps_district_history_and_marks_district_councils_dissolved():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    before = [("appraisal", "0003_recognition"), ("initiatives", "0004_application_receipt_scope")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    User = old.get_model("auth", "User")
    Rubric = old.get_model("appraisal", "Rubric")
    Council = old.get_model("appraisal", "Council")
    chair = User.objects.create(username="chu_tich_cu")
    rubric = Rubric.objects.create(name="Bộ tiêu chí cũ")
    district = Council.objects.create(name="Hội đồng huyện cũ", level="district", chair=chair, rubric=rubric)
    province = Council.objects.create(name="Hội đồng tỉnh", level="province", chair=chair, rubric=rubric)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    from appraisal.models import Council as NewCouncil

    assert NewCouncil.objects.get(pk=district.pk).dissolved_on == datetime.date(2025, 6, 30)
    assert NewCouncil.objects.get(pk=district.pk).level == "district"  # kept, not rewritten
    assert NewCouncil.objects.get(pk=province.pk).dissolved_on is None


# --- papers and the public side -------------------------------------------------------------------

def _recognise_with_authors(w):
    page = InitiativePage.objects.get(pk=w["i_lka"].pk)
    page.authors = [
        InitiativeAuthor(full_name="Nguyễn Thị Hồng Nhung", birth_date=datetime.date(1985, 4, 7),
                         workplace="UBND xã Long Khánh A", position="Công chức", contribution_pct=D("70")),
        InitiativeAuthor(full_name="Lê Văn Kín Đáo", contribution_pct=D("30"), public_consent=False),
    ]
    page.confidential_info = "MẬT: danh sách số điện thoại người dân"
    page.novelty = "Trả kết quả vào thứ Năm không cần hẹn."
    page.save_revision().publish()
    actions.record_legal_checks(w["chair"], w["entry"], is_new=True, is_applied=True, not_excluded=True)
    vote_all(w)
    decide(w)
    return InitiativePage.objects.get(pk=page.pk)


def test_certificate_receipt_render_and_public_fields(client, w):
    page = _recognise_with_authors(w)
    client.logout()
    response = client.get(reverse("recognition_public:certificate", args=[page.pk]))
    assert response.status_code == 200
    text = text_of(response.content)
    for expected in ("GIẤY CHỨNG NHẬN SÁNG KIẾN", "Nguyễn Thị Hồng Nhung — 70%", "15/QĐ-HĐSK",
                     TODAY.strftime("%d/%m/%Y"), f"/xac-minh/sang-kien/{page.pk}/"):
        assert expected in text, expected
    assert "Kín Đáo" not in text and "1985" not in text
    # Rendered to an image: the page is not blank.
    import pypdfium2

    document = pypdfium2.PdfDocument(response.content)
    image = document[0].render(scale=1).to_pil().convert("L")
    assert image.size[0] > 500 and image.getextrema()[0] < 64  # dark glyphs drawn
    # The public page, the verification page, the API and the downloads: same public fields.
    html = client.get(page.url).content.decode()
    assert "Nguyễn Thị Hồng Nhung" in html and "15/QĐ-HĐSK" in html and "Trả kết quả vào thứ Năm" in html
    for secret in ("Kín Đáo", "07/04/1985", "1985-04-07", "MẬT: danh sách"):
        assert secret not in html
    verify = client.get(reverse("recognition_public:verify", args=[page.pk])).content.decode()
    assert "HỢP LỆ" in verify and "Nguyễn Thị Hồng Nhung" in verify and "Kín Đáo" not in verify
    item = client.get(f"/api/v1/initiatives/{page.pk}/").json()
    assert item["authors"] == ["Nguyễn Thị Hồng Nhung — Công chức, UBND xã Long Khánh A (70%)"]
    assert item["council_name"] == w["council"].name and item["certificate_url"].endswith(f"/giay-to/chung-nhan/{page.pk}.pdf")
    for download in ("/du-lieu-mo/sang-kien.csv", "/api/v1/initiatives/"):
        response = client.get(download)
        body = (b"".join(response.streaming_content).decode("utf-8-sig") if response.streaming
                else str(response.json()))
        assert "Nguyễn Thị Hồng Nhung" in body
        for secret in ("Kín Đáo", "1985", "MẬT: danh sách"):
            assert secret not in body, (download, secret)
    # The receipt: the applicant's officer yes, the public no.
    initiative_actions.issue_receipt(w["officer"], page, TODAY - 20 * DAY)
    assert client.get(reverse("recognition_public:receipt", args=[page.pk])).status_code == 302
    client.force_login(w["officer"])
    receipt = text_of(client.get(reverse("recognition_public:receipt", args=[page.pk])).content)
    assert "GIẤY BIÊN NHẬN ĐƠN" in receipt and "Thứ Năm không hẹn" in receipt


def test_unrecognised_initiative_has_no_certificate(client, w):
    assert client.get(reverse("recognition_public:certificate", args=[w["i_lka"].pk])).status_code == 404


# --- the chair's list and the daily e-mail --------------------------------------------------------

def test_overdue_applications_flagged_for_the_chair_and_mailed_once_a_day(client, w, settings):
    from appraisal.tasks import email_overdue_applications

    ApplicationReceipt.objects.create(initiative=w["i_phu_duc"], number="1/BN-2026", receiving_body="UBND xã Phú Đức",
                                      applicant="Cán bộ", received_on=TODAY - 40 * DAY)
    client.force_login(w["chair"])
    html = client.get(reverse("appraisal_rounds:applications")).content.decode()
    assert "Một cửa không chờ" in html and "QUÁ HẠN 10 ngày" in html
    mail.outbox.clear()
    assert email_overdue_applications() == 1
    assert mail.outbox[0].to == [w["chair"].email] and "Một cửa không chờ" in mail.outbox[0].body
    assert email_overdue_applications() == 0  # idempotent the same day
    assert len(mail.outbox) == 1
    assert "appraisal-overdue-applications" in settings.CELERY_BEAT_SCHEDULE


# --- provincial detail as configuration ------------------------------------------------------------

def test_meeting_quorum_arithmetic():
    from appraisal.provincial import ballots_required, meeting_quorum

    assert [meeting_quorum(n, 2, 3) for n in (3, 4, 5, 6, 7, 9)] == [2, 3, 4, 4, 5, 6]
    assert meeting_quorum(5, None, None) is None and ballots_required(3, 5, None, None) == 3
    assert ballots_required(3, 9, 2, 3) == 6 and ballots_required(5, 3, 2, 3) == 5


def test_provincial_rules_seeded_with_their_source_raise_the_ballot_minimum(client, w):
    from appraisal.models import ProvincialRules

    soc_trang = ProvincialRules.objects.get(name__startswith="Sóc Trăng")
    assert (soc_trang.meeting_quorum_numerator, soc_trang.meeting_quorum_denominator) == (2, 3)
    assert soc_trang.request_limitation_months == 12 and "sokhcn.soctrang.gov.vn" in soc_trang.source_url
    dong_thap = ProvincialRules.objects.get(source_number="132/2025/QĐ-UBND")
    assert dong_thap.source_date == datetime.date(2025, 10, 28) and not dong_thap.has_meeting_quorum
    assert "Chưa đọc được toàn văn" in dong_thap.not_set
    Council.objects.filter(pk=w["council"].pk).update(provincial_rules=soc_trang)
    members = w["council"].active_memberships().count()
    needed = -(-members * 2 // 3)
    assert needed > w["round"].min_ballots  # the provincial rule is what refuses below
    actions.record_legal_checks(w["chair"], w["entry"], is_new=True, is_applied=True, not_excluded=True)
    vote_all(w)  # three ballots: the round's own minimum
    with pytest.raises(ValidationError) as error:
        decide(w)
    assert f"mới có 3 phiếu, đợt này cần tối thiểu {needed} (họp hợp lệ khi có ít nhất 2/3" in str(error.value)
    assert "Sóc Trăng" in str(error.value) and not Decision.objects.exists()
    # The two other members are conflicted (same unit, the unit's district): present, they cannot vote.
    # Ballots stand for attendance, so the chair records that as the reason, printed in the minutes.
    with pytest.raises(PermissionDenied):
        actions.cast_vote(w["m_hong_ngu"], w["entry"], True)
    decide(w, quorum_override_reason="5/5 thành viên dự họp; 2 thành viên có xung đột lợi ích không biểu quyết.")
    client.force_login(w["chair"])
    minutes = client.get(reverse("recognition_papers:minutes", args=[w["entry"].pk])).content
    text = text_of(minutes)
    import pypdfium2  # the minutes rendered to an image, like the certificate: not blank

    image = pypdfium2.PdfDocument(minutes)[0].render(scale=1).to_pil().convert("L")
    assert image.size[0] > 500 and image.getextrema()[0] < 64
    assert f"tối thiểu: {needed} phiếu" in text and "Quy định chi tiết của tỉnh: Sóc Trăng" in text
    assert "5/5 thành viên dự họp" in text
    # The chair's list shows the text, its source and what it does not set.
    html = client.get(reverse("appraisal_rounds:applications")).content.decode()
    for expected in ("Quy định chi tiết của tỉnh", "Sở Khoa học và Công nghệ tỉnh Sóc Trăng", "2/3",
                     "sokhcn.soctrang.gov.vn", "Thời hiệu yêu cầu công nhận: 12 tháng", "chưa đọc được"):
        assert expected in html, expected


# --- bad input and confidentiality, tried against every way out ---------------------------------------

@pytest.mark.django_db
def test_resubmission_with_a_first_application_after_the_receipt_is_refused(site, commune):
    from tests.factories import UserFactory

    editor = UserFactory(is_superuser=True)
    page = make_initiative(site["index"], commune, live=False)
    page.first_applied_on = TODAY - 60 * DAY
    page.save_revision()
    initiative_actions.submit_initiative(editor, page)
    ApplicationReceipt.objects.filter(initiative=page).update(received_on=TODAY - 20 * DAY)
    initiative_actions.return_for_changes(editor, page, "Bổ sung số liệu")
    page = InitiativePage.objects.get(pk=page.pk)
    page.first_applied_on = TODAY - 5 * DAY  # not in the future, but after the receipt
    page.save_revision()
    with pytest.raises(ValidationError) as error:
        initiative_actions.submit_initiative(editor, page)
    message = str(error.value)
    assert "Ngày áp dụng lần đầu" in message and "sau ngày nhận đơn" in message
    assert (TODAY - 20 * DAY).strftime("%d/%m/%Y") in message
    assert InitiativePage.objects.get(pk=page.pk).status == InitiativeStatus.RETURNED
    assert [c.to_status for c in page.status_changes.all()] == ["submitted", "returned"]


def test_a_conflicted_members_vote_writes_nothing(w):
    from appraisal.models import Ballot
    from wagtail.models import PageLogEntry

    with pytest.raises(PermissionDenied) as error:
        actions.cast_vote(w["m_lka"], w["entry"], True)
    assert str(error.value).startswith("Phiếu biểu quyết:")
    assert not Ballot.objects.exists()
    assert not PageLogEntry.objects.filter(action="nhanrong.recognition.vote").exists()


def test_confidential_fields_in_no_download_format_nor_the_api_list(client, w):
    from initiatives.models import FirstApplicationParticipant

    page = _recognise_with_authors(w)
    FirstApplicationParticipant.objects.create(page=page, full_name="Trần Người Thử Nghiệm", task="Nhập hồ sơ")
    page.save_revision().publish()
    client.logout()
    import openpyxl

    response = client.get("/du-lieu-mo/sang-kien.xlsx")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = openpyxl.load_workbook(io.BytesIO(body), read_only=True).active
    cells = " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None)
    assert "Nguyễn Thị Hồng Nhung" in cells
    for secret in ("Kín Đáo", "1985", "MẬT: danh sách", "Trần Người Thử Nghiệm"):
        assert secret not in cells, secret
    for url in ("/api/v1/initiatives/", f"/api/v1/initiatives/{page.pk}/", page.url):
        response = client.get(url)
        import json

        text = (json.dumps(response.json(), ensure_ascii=False) if url.startswith("/api/")
                else response.content.decode())
        assert "Nguyễn Thị Hồng Nhung" in text, url
        for secret in ("Kín Đáo", "MẬT: danh sách", "Trần Người Thử Nghiệm", "Nhập hồ sơ"):
            assert secret not in text, (url, secret)


def test_receipt_pdf_renders_with_its_fields(client, w):
    import pypdfium2

    initiative_actions.issue_receipt(w["officer"], w["i_lka"], TODAY - 3 * DAY)
    client.force_login(w["officer"])
    pdf = client.get(reverse("recognition_public:receipt", args=[w["i_lka"].pk])).content
    text = text_of(pdf)
    for expected in ("GIẤY BIÊN NHẬN ĐƠN", (TODAY - 3 * DAY).strftime("%d/%m/%Y"), "Điều 7 khoản 1"):
        assert expected in text, expected
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=1).to_pil().convert("L")
    assert image.size[0] > 500 and image.getextrema()[0] < 64
