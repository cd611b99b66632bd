"""Appraisal rules, tried through the actions: conflicts, score ranges, hidden scores, concurrency,
audit, lock after decision, notifications on commit, clarification rounds."""

import datetime
from decimal import Decimal as D

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from appraisal import actions
from appraisal.conflicts import is_conflicted
from appraisal.models import Assignment, ConflictType, Rubric, Score, ScoreAudit
from appraisal.rules import can_see_discussion, can_see_scores
from initiatives.models import InitiativePage
from initiatives.status import InitiativeStatus
from tests.factories import UnitFactory, make_member
from units.models import Affiliation

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
SOFT, HARD = TODAY + datetime.timedelta(days=7), TODAY + datetime.timedelta(days=14)


@pytest.fixture
def w(appraisal_world):
    return appraisal_world


@pytest.fixture
def rnd(w):
    return actions.open_round(w["chair"], w["council"], "Đợt 1/2024", SOFT, HARD, min_reviewers=2)


@pytest.fixture
def entry(w, rnd):
    return actions.add_entries(w["chair"], rnd, [w["i_lka"]])[0]


def criteria():
    return list(Rubric.default().criteria.all())


def full_sheet(values=(8, 7, 6, 9, 5), comment=""):
    return {c.pk: {"value": v, "comment": comment} for c, v in zip(criteria(), values, strict=True)}


def assign(w, rnd, entry, *members):
    created, _ = actions.assign_members(w["chair"], rnd, mode="manual", entry=entry, members=list(members))
    return created


def score_and_submit(member, assignment, values=(8, 7, 6, 9, 5), comment=""):
    sheet = actions.record_score(member, assignment, full_sheet(values, comment), version=assignment.sheet.version,
                                 confidence="high")
    return actions.submit_scoresheet(member, assignment, version=sheet.version)


# --- Conflicts of interest ------------------------------------------------------------------------

def test_automatic_conflicts_same_unit_parent_child(w):
    assert is_conflicted(w["m_lka"], w["i_lka"])            # same commune
    assert is_conflicted(w["m_hong_ngu"], w["i_lka"])       # the district above the commune
    assert not is_conflicted(w["m_tam_nong"], w["i_lka"])   # another district
    assert not is_conflicted(w["m_province"], w["i_lka"])   # the province oversees all: not a conflict
    district_page = w["i_lka"].__class__.objects.get(pk=w["i_lka"].pk)
    district_page.origin_unit = w["hong_ngu"]
    assert is_conflicted(w["m_lka"], district_page)          # a commune under the initiative's district


def test_conflict_across_the_2025_reorganisation(w):
    """A member of the merged commune that succeeded Long Khánh A is conflicted on its initiative."""
    lka = w["lka"]
    lka.valid_until = datetime.date(2025, 6, 30)
    lka.save()
    merged = UnitFactory(code="29951", key="29951", name="Xã Long Khánh", parent=w["province"])
    lka.successors.add(merged)
    member = make_member("Thành viên hội đồng", merged, username="tv_xa_moi")
    assert is_conflicted(member, InitiativePage.objects.get(pk=w["i_lka"].pk))


def test_declared_conflict(w):
    assert not is_conflicted(w["m_tam_nong"], w["i_lka"])
    actions.declare_conflict(w["m_tam_nong"], w["i_lka"], ConflictType.FAMILY, "Vợ là cán bộ xã")
    assert is_conflicted(w["m_tam_nong"], w["i_lka"])


def test_conflicted_member_cannot_be_assigned_by_hand(w, rnd, entry):
    with pytest.raises(ValidationError) as error:
        assign(w, rnd, entry, w["m_province"], w["m_lka"])
    assert "xung đột lợi ích" in str(error.value)
    assert not Assignment.objects.filter(entry=entry).exists()  # all or nothing


def test_auto_assignment_balanced_and_never_conflicted(w, rnd, entry):
    other = actions.add_entries(w["chair"], rnd, [w["i_phu_duc"]])[0]
    created, shortfalls = actions.assign_members(w["chair"], rnd, mode="auto")
    assert shortfalls == []
    by_entry = {}
    for a in created:
        by_entry.setdefault(a.entry_id, []).append(a.member)
        assert not is_conflicted(a.member, a.entry.initiative)
    assert len(by_entry[entry.pk]) == 2 and len(by_entry[other.pk]) == 2
    load = {}
    for a in created:
        load[a.member_id] = load.get(a.member_id, 0) + 1
    assert max(load.values()) == 1  # 4 reviews over 5 members: nobody gets two
    # Running it again adds nobody: every entry already has its reviewers.
    assert actions.assign_members(w["chair"], rnd, mode="auto")[0] == []


def test_assign_all_skips_conflicted_members(w, rnd, entry):
    created, _ = actions.assign_members(w["chair"], rnd, mode="all")
    members = {a.member for a in created}
    assert members == {w["chair"], w["m_province"], w["m_tam_nong"]}


def test_member_declaring_conflict_after_assignment_cannot_score(w, rnd, entry):
    assignment, = assign(w, rnd, entry, w["m_tam_nong"])
    actions.declare_conflict(w["m_tam_nong"], w["i_lka"], ConflictType.AUTHORED)
    assignment.refresh_from_db()
    with pytest.raises(PermissionDenied):
        actions.record_score(w["m_tam_nong"], assignment, full_sheet(), version=0)
    assert not Score.objects.exists()
    assert not can_see_scores(w["m_tam_nong"], entry) and not can_see_discussion(w["m_tam_nong"], entry)


def test_conflicted_member_cannot_write_notes(w, entry):
    with pytest.raises(PermissionDenied):
        actions.add_private_note(w["m_lka"], entry, "Tôi thấy sáng kiến rất tốt")
    actions.add_private_note(w["m_province"], entry, "Cần số liệu trước/sau")
    assert entry.notes.count() == 1


def test_only_chair_opens_rounds_and_adds_entries(w, rnd):
    with pytest.raises(PermissionDenied):
        actions.open_round(w["m_province"], w["council"], "Đợt lạ", SOFT, HARD)
    with pytest.raises(PermissionDenied):
        actions.add_entries(w["m_province"], rnd, [w["i_lka"]])


def test_add_entries_refuses_drafts_and_out_of_scope(w, rnd):
    from tests.factories import ProvinceFactory, make_initiative

    draft = make_initiative(w["index"], w["lka"], title="Bản nháp", status=InitiativeStatus.DRAFT)
    elsewhere = UnitFactory(code="26000", key="26000", name="Xã Ngoài Tỉnh", parent=ProvinceFactory(code="26", key="26"))
    foreign = make_initiative(w["index"], elsewhere, title="Sáng kiến tỉnh khác", status=InitiativeStatus.SUBMITTED)
    with pytest.raises(ValidationError) as error:
        actions.add_entries(w["chair"], rnd, [draft, foreign])
    text = " ".join(error.value.messages)
    assert "“Bản nháp”" in text and "không thuộc phạm vi" in text
    assert not rnd.entries.exists()


# --- Scoring -------------------------------------------------------------------------------------

def test_out_of_range_and_unknown_criterion_refused(w, rnd, entry):
    assignment, = assign(w, rnd, entry, w["m_province"])
    first = criteria()[0]
    for bad, expected in [("11", "nằm ngoài khoảng 0–10"), ("-1", "nằm ngoài khoảng 0–10"), ("bảy", "không phải là số")]:
        with pytest.raises(ValidationError) as error:
            actions.record_score(w["m_province"], assignment, {first.pk: {"value": bad}}, version=0)
        assert expected in " ".join(error.value.messages) and first.name in " ".join(error.value.messages)
    foreign_rubric = Rubric.objects.create(name="Bộ khác")
    alien = foreign_rubric.criteria.create(name="Tiêu chí lạ", weight=1, max_score=10)
    with pytest.raises(ValidationError) as error:
        actions.record_score(w["m_province"], assignment, {alien.pk: {"value": "5"}}, version=0)
    assert "không thuộc bộ tiêu chí" in " ".join(error.value.messages)
    assert not Score.objects.exists() and not ScoreAudit.objects.exists()
    assignment.sheet.refresh_from_db()
    assert assignment.sheet.version == 0


def test_vietnamese_decimal_comma_accepted(w, rnd, entry):
    assignment, = assign(w, rnd, entry, w["m_province"])
    actions.record_score(w["m_province"], assignment, {criteria()[0].pk: {"value": "7,5"}}, version=0)
    assert Score.objects.get().value == D("7.5")


def test_audit_rows_keep_old_and_new(w, rnd, entry):
    assignment, = assign(w, rnd, entry, w["m_province"])
    first = criteria()[0]
    sheet = actions.record_score(w["m_province"], assignment, {first.pk: {"value": "7", "comment": "Khá"}}, version=0)
    actions.record_score(w["m_province"], assignment, {first.pk: {"value": "8", "comment": "Tốt"}}, version=sheet.version)
    rows = list(ScoreAudit.objects.filter(assignment=assignment).values_list(
        "criterion_id", "actor_id", "old_value", "new_value", "old_comment", "new_comment"))
    assert rows == [(first.pk, w["m_province"].pk, None, D("7"), "", "Khá"),
                    (first.pk, w["m_province"].pk, D("7"), D("8"), "Khá", "Tốt")]
    audit = ScoreAudit.objects.first()
    with pytest.raises(ValueError):
        audit.save()
    with pytest.raises(ValueError):
        audit.delete()


def test_same_member_two_tabs_gets_a_conflict_not_an_overwrite(w, rnd, entry):
    assignment, = assign(w, rnd, entry, w["m_province"])
    first = criteria()[0]
    opened_at = assignment.sheet.version  # both tabs opened the sheet at this version
    actions.record_score(w["m_province"], assignment, {first.pk: {"value": "9"}}, version=opened_at)
    with pytest.raises(actions.ScoreConflict) as error:
        actions.record_score(w["m_province"], assignment, {first.pk: {"value": "3"}}, version=opened_at)
    assert "tải lại trang" in " ".join(error.value.messages)
    assert Score.objects.get().value == D("9")
    assert ScoreAudit.objects.count() == 1


def test_two_members_saving_at_once_keep_both(w, rnd, entry):
    a1, a2 = assign(w, rnd, entry, w["m_province"], w["m_tam_nong"])
    first = criteria()[0]
    # Both opened their own sheet at version 0 and save one after the other.
    actions.record_score(w["m_province"], a1, {first.pk: {"value": "9"}}, version=0)
    actions.record_score(w["m_tam_nong"], a2, {first.pk: {"value": "4"}}, version=0)
    assert dict(Score.objects.values_list("assignment_id", "value")) == {a1.pk: D("9"), a2.pk: D("4")}


def test_member_cannot_score_someone_elses_sheet(w, rnd, entry):
    a1, = assign(w, rnd, entry, w["m_province"])
    with pytest.raises(PermissionDenied):
        actions.record_score(w["m_tam_nong"], a1, full_sheet(), version=0)


def test_submit_requires_every_criterion_and_then_sheet_is_final(w, rnd, entry):
    assignment, = assign(w, rnd, entry, w["m_province"])
    sheet = actions.record_score(w["m_province"], assignment, {criteria()[0].pk: {"value": "5"}}, version=0,
                                 confidence="medium")
    with pytest.raises(ValidationError) as error:
        actions.submit_scoresheet(w["m_province"], assignment, version=sheet.version)
    assert "Chưa chấm các tiêu chí" in " ".join(error.value.messages)
    sheet = actions.record_score(w["m_province"], assignment, full_sheet(), version=sheet.version)
    actions.submit_scoresheet(w["m_province"], assignment, version=sheet.version)
    assignment.refresh_from_db()
    with pytest.raises(ValidationError):
        actions.record_score(w["m_province"], assignment, full_sheet((1, 1, 1, 1, 1)), version=assignment.sheet.version)


def test_scores_hidden_until_own_sheet_submitted(w, rnd, entry):
    a1, a2 = assign(w, rnd, entry, w["m_province"], w["m_tam_nong"])
    score_and_submit(w["m_province"], a1)
    assert not can_see_scores(w["m_tam_nong"], entry)      # has not submitted yet
    assert can_see_scores(w["m_province"], entry)          # submitted
    assert not can_see_scores(w["m_lka"], entry)           # conflicted member of the council
    assert not can_see_scores(w["officer"], entry)         # the commune
    assert can_see_scores(w["chair"], entry)
    a2.refresh_from_db()
    score_and_submit(w["m_tam_nong"], a2)
    assert can_see_scores(w["m_tam_nong"], entry)


# --- Decision ------------------------------------------------------------------------------------

def checks_and_votes(w, entry, outcome="recognised"):
    """The Art. 3 checks (all met) and the three unconflicted members' ballots, as the decision needs."""
    if not hasattr(entry, "legal_check"):
        actions.record_legal_checks(w["chair"], entry, is_new=True, is_applied=True, not_excluded=True)
    for member in (w["chair"], w["m_province"], w["m_tam_nong"]):
        actions.cast_vote(member, entry, outcome == "recognised")


def decide(w, entry, user=None, outcome="recognised", level="province"):
    if outcome != "returned" and (user is None or user == w["chair"]):
        checks_and_votes(w, entry, outcome)
    return actions.record_decision(user or w["chair"], entry, outcome, level=level, decision_number="123/QĐ-UBND",
                                   decision_date=datetime.date(2024, 12, 20),
                                   reasoning="Rút ngắn thời gian trả kết quả, dễ nhân rộng.")


def test_decision_by_chair_only_sets_status_and_public_fields(w, rnd, entry, django_capture_on_commit_callbacks):
    a1, a2 = assign(w, rnd, entry, w["m_province"], w["m_tam_nong"])
    score_and_submit(w["m_province"], a1, (8, 7, 6, 9, 5))    # 71,5
    a2.refresh_from_db()
    score_and_submit(w["m_tam_nong"], a2, (6, 5, 4, 7, 3))    # 51,5
    with pytest.raises(PermissionDenied):
        decide(w, entry, user=w["m_province"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        decision = decide(w, entry)
        assert mail.outbox == []  # nothing leaves before the commit
    assert len(callbacks) >= 1
    page = InitiativePage.objects.get(pk=w["i_lka"].pk)
    assert (page.status, page.recognition_level, page.decision_number, page.decision_date, page.final_score) == (
        InitiativeStatus.RECOGNISED, "province", "123/QĐ-UBND", datetime.date(2024, 12, 20), D("61.50"))
    assert decision.final_score == D("61.50")
    assert [m.to for m in mail.outbox] == [[w["officer"].email]]
    assert "123/QĐ-UBND" in mail.outbox[0].body
    rnd.refresh_from_db()
    assert rnd.status == "open"  # the chair may still add initiatives
    actions.close_round(w["chair"], rnd)
    rnd.refresh_from_db()
    assert rnd.status == "decided"  # closed with every entry decided


def test_closed_round_becomes_decided_with_its_last_decision(w, rnd, entry):
    a1, = assign(w, rnd, entry, w["m_province"])
    score_and_submit(w["m_province"], a1)
    actions.close_round(w["chair"], rnd)
    rnd.refresh_from_db()
    assert rnd.status == "closed"
    with pytest.raises(ValidationError):
        actions.record_score(w["m_province"], a1, full_sheet(), version=a1.sheet.version)
    decide(w, entry)
    rnd.refresh_from_db()
    assert rnd.status == "decided"


def test_scores_locked_after_decision(w, rnd, entry):
    a1, a2 = assign(w, rnd, entry, w["m_province"], w["m_tam_nong"])
    score_and_submit(w["m_province"], a1)
    sheet = actions.record_score(w["m_tam_nong"], a2, {criteria()[0].pk: {"value": "5"}}, version=0)
    decide(w, entry)
    with pytest.raises(ValidationError) as error:
        actions.record_score(w["m_tam_nong"], a2, {criteria()[0].pk: {"value": "9"}}, version=sheet.version)
    assert "đã có quyết định" in " ".join(error.value.messages)
    assert Score.objects.get(assignment=a2).value == D("5")
    with pytest.raises(ValidationError):
        decide(w, entry)
    with pytest.raises(ValidationError):
        assign(w, rnd, entry, w["chair"])


def test_decision_level_cannot_exceed_council_level(w, rnd, entry):
    a1, = assign(w, rnd, entry, w["m_province"])
    score_and_submit(w["m_province"], a1)
    with pytest.raises(ValidationError):
        decide(w, entry, level="national")


def test_assignment_mail_sent_on_commit(w, rnd, entry, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assign(w, rnd, entry, w["m_province"], w["m_tam_nong"])
        assert mail.outbox == []
    assert sorted(m.to[0] for m in mail.outbox) == ["tv_tamnong@example.vn", "tv_tinh@example.vn"]
    assert "Thứ Năm không hẹn" in mail.outbox[0].subject
    # Idempotent: running the task again sends nothing.
    from appraisal.tasks import notify_assignments

    notify_assignments(list(Assignment.objects.values_list("pk", flat=True)))
    assert len(mail.outbox) == 2


# --- Clarification round -------------------------------------------------------------------------

def test_clarification_round_keeps_both_revisions(w, rnd, entry, django_capture_on_commit_callbacks):
    a1, = assign(w, rnd, entry, w["m_province"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        request = actions.request_clarification(w["m_province"], entry, "Số hồ sơ trả trong 1 giờ là bao nhiêu?",
                                                TODAY + datetime.timedelta(days=5))
    page = InitiativePage.objects.get(pk=w["i_lka"].pk)
    assert page.status == InitiativeStatus.RETURNED
    assert mail.outbox and mail.outbox[0].to == [w["officer"].email]
    with pytest.raises(ValidationError):
        decide(w, entry)  # cannot decide while the commune has not answered
    # Another unit's officer cannot answer.
    stranger = make_member("Cán bộ đơn vị", w["phu_duc"], username="canbo_phuduc")
    with pytest.raises(PermissionDenied):
        actions.answer_clarification(stranger, request, "Không phải việc của tôi")
    # The commune edits its initiative (a new revision) and answers.
    first_revision = page.get_latest_revision()
    page.summary = "Tóm tắt đã bổ sung: 312 hồ sơ trả trong 1 giờ."
    page.save_revision(user=w["officer"])
    actions.answer_clarification(w["officer"], request, "Đã bổ sung số liệu vào phần tóm tắt.")
    page = InitiativePage.objects.get(pk=w["i_lka"].pk)
    assert page.status == InitiativeStatus.UNDER_APPRAISAL
    summaries = [r.content["summary"] for r in page.revisions.order_by("created_at", "pk")]
    assert summaries[0] == "Tóm tắt sáng kiến." and summaries[-1].startswith("Tóm tắt đã bổ sung")
    assert first_revision.pk != page.get_latest_revision().pk
    request.refresh_from_db()
    assert request.answered_at is not None and request.answered_by == w["officer"]
    score_and_submit(w["m_province"], a1)
    decide(w, entry)  # now it can be decided


def test_officer_affiliation_is_what_routes_decision_mail(w):
    assert Affiliation.objects.get(user=w["officer"]).unit == w["lka"]


def test_district_succeeded_by_province_does_not_conflict_the_whole_province(w):
    """In the 2025 data a historic district's successor is the (merged) province: that must not make
    every member of the province, or of a neighbouring district, conflicted."""
    hong_ngu, tam_nong = w["hong_ngu"], w["tam_nong"]
    new_province = UnitFactory(code="82", key="82", name="Tỉnh Đồng Tháp (mới)", level="province", unit_type="Tỉnh")
    for old in (hong_ngu, tam_nong, w["province"]):
        old.valid_until = datetime.date(2025, 6, 30)
        old.save()
        old.successors.add(new_province)
    district_page = InitiativePage.objects.get(pk=w["i_lka"].pk)
    district_page.origin_unit = hong_ngu
    assert not is_conflicted(w["m_tam_nong"], district_page)
    assert not is_conflicted(w["m_province"], district_page)
    assert is_conflicted(w["m_hong_ngu"], district_page)
    assert is_conflicted(w["m_lka"], district_page)  # a commune of that district
