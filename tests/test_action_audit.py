"""Every write action leaves an audit row (issue 12), table-driven: the test lists the functions of
every actions module (appraisal, rollout, campaigns, initiatives, units), fails on one that is in
neither the table of writes nor the list of reads, and calls each write to see its row stored
(Wagtail's log tables, or the score's own ScoreAudit for a draft score), with the actor."""

import datetime
import inspect

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry, PageLogEntry

from appraisal import actions as appraisal_actions
from appraisal import recognition_actions, scoring_actions, setup_actions
from appraisal.models import Council, CouncilMembership, Criterion, RecognitionThreshold, Rubric, ScoreAudit
from campaigns import actions as campaign_actions
from campaigns import catalogue_actions, rule_actions
from campaigns.models import Award, AwardKind, AwardStatus, BadgeDefinition, CommendationKind, PeerGroup, Person, PointRule
from core import roles
from initiatives import actions as initiative_actions
from initiatives.models import InitiativePage
from initiatives.status import InfluenceScope, InitiativeStatus, RecognitionLevel
from rollout import actions as rollout_actions
from rollout.models import AdoptionStatus, Metric, ScoredIndicator, ScoreGroup
from rollout.periods import Period
from tests.factories import UnitFactory, UserFactory, make_campaign, make_initiative, make_member
from units import actions as unit_actions
from units.models import Affiliation

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
SOFT, HARD = TODAY + datetime.timedelta(days=7), TODAY + datetime.timedelta(days=14)

MODULES = [appraisal_actions, scoring_actions, recognition_actions, setup_actions, rollout_actions,
           campaign_actions, rule_actions, catalogue_actions, initiative_actions, unit_actions]

# Functions of the actions modules that write nothing (checks, reads, pure arithmetic), with why.
READS = {
    "ensure_entry_open": "a check (raises when the entry is decided or its round closed)",
    "scope_councils": "which councils a user may decide a scope of influence in (issue 14's screen)",
    "not_recognised_error": "a check: the refusal of a scope decision on an unrecognised initiative",
    "scope_errors": "a check: why a scope decision would be refused (decide_scope writes)",
    "vote_tally": "counts ballots",
    "expected_outcome": "pure rule",
    "check_recognition_rules": "the errors of a decision, read under the caller's lock",
    "required_ballots": "the ballot minimum of a round (its own, raised by the provincial rules)",
    "is_active_member": "a role check (re-exported)",
    "derived_value": "pure arithmetic of a rate",
    "period_errors": "validation",
    "observation_errors": "validation",
    "adoption_start": "a date",
    "can_propose_awards": "a role check",
    "same_achievement": "a query",
    "rounds_using": "a query",
    "ensure_rubric_unlocked": "a check",
    "ensure_not_superseded": "a check (a rubric version with a newer one never changes)",
    "sign_award": "imported helper of confirm_award (signs, writes nothing itself)",
}


def action_functions():
    names = set()
    for module in MODULES:
        for name, func in inspect.getmembers(module, inspect.isfunction):
            # A package of actions (rollout.actions) re-exports its modules' functions.
            if name.startswith("_") or not any(func.__module__ == m.__name__ or func.__module__.startswith(m.__name__ + ".")
                                               for m in MODULES):
                continue
            names.add(name)
    return names


@pytest.fixture
def w(appraisal_world):
    w = dict(appraisal_world)
    w["admin"] = UserFactory(username="quantri_audit", is_superuser=True, is_staff=True)
    w["editor"] = make_member(roles.EDITORS, username="bientap_audit_all")
    return w


def _round(w):
    return appraisal_actions.open_round(w["chair"], w["council"], "Đợt ghi vết", SOFT, HARD, min_reviewers=1)


def _entry(w):
    return appraisal_actions.add_entries(w["chair"], _round(w), [w["i_lka"]])[0]


def _assignment(w):
    entry = _entry(w)
    created, _short = appraisal_actions.assign_members(w["chair"], entry.round, mode="manual", entry=entry,
                                                       members=[w["m_province"]])
    return created[0]


def _scored(w):
    assignment = _assignment(w)
    values = {c.pk: {"value": 5, "comment": ""} for c in assignment.entry.round.rubric.criteria.all()}
    sheet = appraisal_actions.record_score(w["m_province"], assignment, values, version=assignment.sheet.version,
                                           confidence="high")
    return assignment, sheet


def _clarification(w):
    entry = _entry(w)
    return appraisal_actions.request_clarification(w["chair"], entry, "Bổ sung số liệu", TODAY)


def _recognised(w):
    page = w["i_lka"]
    InitiativePage.objects.filter(pk=page.pk).update(status=InitiativeStatus.RECOGNISED)
    page.refresh_from_db()
    return page


def _draft(w):
    return make_initiative(w["index"], w["lka"], title="Sáng kiến nháp ghi vết", status=InitiativeStatus.DRAFT)


def _under_appraisal(w):
    page = w["i_phu_duc"]
    initiative_actions.start_appraisal(w["editor"], page)
    return page


def _adoption(w):
    officer = make_member(roles.COMMUNE_OFFICERS, w["pta"], username="canbo_pta_audit")
    adoption = rollout_actions.record_adoption(officer, w["i_lka"], w["pta"], status=AdoptionStatus.PLANNED)
    return officer, adoption


def _observation(w):
    return rollout_actions.record_observation(w["editor"], w["lka"], Metric.objects.get(code="sipas"),
                                              Period.year_of(2024), "90", "BC")[0]


def _award(w, status=AwardStatus.PROPOSED, **fields):
    campaign = make_campaign("thi-dua-ghi-vet-tat-ca")
    return Award.objects.create(campaign=campaign, kind=AwardKind.GIAY_KHEN_XA, recipient_unit=w["lka"],
                                citation="Khen", status=status, **fields)


def _threshold(w):
    return RecognitionThreshold.objects.create(rubric=Rubric.default(), min_score=50, level=RecognitionLevel.COMMUNE)


# name → (setup(w) -> call(), the actor key in w or None when the call says it itself)
WRITES = {
    "open_round": lambda w: lambda: _round(w),
    "close_round": lambda w: (lambda r: lambda: appraisal_actions.close_round(w["chair"], r))(_round(w)),
    "add_entries": lambda w: (lambda r: lambda: appraisal_actions.add_entries(w["chair"], r, [w["i_lka"]]))(_round(w)),
    "assign_members": lambda w: (lambda e: lambda: appraisal_actions.assign_members(
        w["chair"], e.round, mode="manual", entry=e, members=[w["m_province"]]))(_entry(w)),
    "declare_conflict": lambda w: lambda: appraisal_actions.declare_conflict(w["m_province"], w["i_lka"], "family"),
    "add_private_note": lambda w: (lambda e: lambda: appraisal_actions.add_private_note(w["chair"], e, "Ý kiến"))(_entry(w)),
    "request_clarification": lambda w: (lambda e: lambda: appraisal_actions.request_clarification(
        w["chair"], e, "Bổ sung", TODAY))(_entry(w)),
    "answer_clarification": lambda w: (lambda r: lambda: appraisal_actions.answer_clarification(
        w["officer"], r, "Đã bổ sung"))(_clarification(w)),
    "record_score": lambda w: (lambda a: lambda: appraisal_actions.record_score(
        w["m_province"], a, {c.pk: {"value": 4, "comment": ""} for c in a.entry.round.rubric.criteria.all()},
        version=a.sheet.version, confidence="high"))(_assignment(w)),
    "submit_scoresheet": lambda w: (lambda a_s: lambda: appraisal_actions.submit_scoresheet(
        w["m_province"], a_s[0], version=a_s[1].version))(_scored(w)),
    "record_legal_checks": lambda w: (lambda e: lambda: appraisal_actions.record_legal_checks(
        w["chair"], e, is_new=True, is_applied=True, not_excluded=True))(_entry(w)),
    "cast_vote": lambda w: (lambda e: lambda: appraisal_actions.cast_vote(w["m_province"], e, True))(_entry(w)),
    "record_decision": lambda w: (lambda e: lambda: appraisal_actions.record_decision(
        w["chair"], e, "returned", decision_number="1/QĐ", decision_date=TODAY, reasoning="Bổ sung"))(_entry(w)),
    "decide_scope": lambda w: (lambda p: lambda: appraisal_actions.decide_scope(
        w["chair"], w["council"], p, InfluenceScope.BASE, decision_number="2/QĐ", decision_date=TODAY,
        reasoning="Hồ sơ nhân rộng"))(_recognised(w)),
    # appraisal's rule-bearing data
    "save_council": lambda w: lambda: setup_actions.save_council(
        w["admin"], Council(name="Hội đồng mới", level="province", chair=w["chair"], rubric=Rubric.default())),
    "delete_council": lambda w: (lambda c: lambda: setup_actions.delete_council(w["admin"], c))(
        Council.objects.create(name="Hội đồng xoá", level="province", chair=w["chair"], rubric=Rubric.default())),
    "delete_rubric": lambda w: (lambda r: lambda: setup_actions.delete_rubric(w["admin"], r))(
        Rubric.objects.create(name="Bộ tiêu chí xoá")),
    "save_membership": lambda w: lambda: setup_actions.save_membership(
        w["admin"], CouncilMembership(council=w["council"], user=w["officer"])),
    "delete_membership": lambda w: lambda: setup_actions.delete_membership(
        w["admin"], w["council"].memberships.get(user=w["m_lka"])),
    "save_rubric": lambda w: lambda: setup_actions.save_rubric(w["admin"], Rubric(name="Bộ tiêu chí mới")),
    "new_rubric_version": lambda w: lambda: setup_actions.new_rubric_version(w["admin"], Rubric.default()),
    "save_criterion": lambda w: lambda: setup_actions.save_criterion(
        w["admin"], Criterion(rubric=Rubric.default(), name="Tiêu chí thêm", weight=5, max_score=10)),
    "delete_criterion": lambda w: lambda: setup_actions.delete_criterion(w["admin"], Rubric.default().criteria.last()),
    "save_threshold": lambda w: lambda: setup_actions.save_threshold(
        w["admin"], RecognitionThreshold(rubric=Rubric.default(), min_score=60, level=RecognitionLevel.COMMUNE)),
    "delete_threshold": lambda w: (lambda t: lambda: setup_actions.delete_threshold(w["admin"], t))(_threshold(w)),
    # initiatives
    "submit_initiative": lambda w: (lambda p: lambda: initiative_actions.submit_initiative(w["officer"], p))(_draft(w)),
    "issue_receipt": lambda w: (lambda p: lambda: initiative_actions.issue_receipt(w["officer"], p, TODAY))(_draft(w)),
    "start_appraisal": lambda w: lambda: initiative_actions.start_appraisal(w["editor"], w["i_phu_duc"]),
    "return_for_changes": lambda w: (lambda p: lambda: initiative_actions.return_for_changes(
        w["editor"], p, "Thiếu số liệu"))(_under_appraisal(w)),
    "recognise_initiative": lambda w: (lambda p: lambda: initiative_actions.recognise_initiative(
        w["editor"], p, RecognitionLevel.PROVINCE, "Đạt"))(_under_appraisal(w)),
    "reject_initiative": lambda w: (lambda p: lambda: initiative_actions.reject_initiative(
        w["editor"], p, "Không đạt"))(_under_appraisal(w)),
    # rollout
    "record_adoption": lambda w: lambda: _adoption(w),
    "change_adoption_status": lambda w: (lambda o_a: lambda: rollout_actions.change_adoption_status(
        o_a[0], o_a[1], AdoptionStatus.PILOTING))(_adoption(w)),
    "update_adoption": lambda w: (lambda o_a: lambda: rollout_actions.update_adoption(
        o_a[0], o_a[1], responsible_office="Bộ phận Một cửa"))(_adoption(w)),
    "delete_adoption": lambda w: (lambda o_a: lambda: rollout_actions.delete_adoption(o_a[0], o_a[1]))(_adoption(w)),
    "record_observation": lambda w: lambda: _observation(w),
    "bulk_upsert_observations": lambda w: lambda: rollout_actions.bulk_upsert_observations(w["editor"], [
        rollout_actions.ObservationInput(w["lka"], Metric.objects.get(code="sipas"), Period.year_of(2023), "80")]),
    "delete_observation": lambda w: (lambda o: lambda: rollout_actions.delete_observation(w["editor"], o))(_observation(w)),
    "save_metric": lambda w: (lambda m: lambda: rollout_actions.save_metric(w["admin"], m))(
        Metric.objects.get(code="sipas")),
    "delete_metric": lambda w: (lambda m: lambda: rollout_actions.delete_metric(w["admin"], m))(
        Metric.objects.create(code="chi-tieu-xoa", name_vi="Chỉ tiêu xoá", unit="percent")),
    "save_score_group": lambda w: lambda: rollout_actions.save_score_group(
        w["admin"], ScoreGroup(code="nhom-moi", name_vi="Nhóm mới", max_points=10)),
    "delete_score_group": lambda w: (lambda g: lambda: rollout_actions.delete_score_group(w["admin"], g))(
        ScoreGroup.objects.create(code="nhom-xoa", name_vi="Nhóm xoá", max_points=5)),
    "save_scored_indicator": lambda w: (lambda i: lambda: rollout_actions.save_scored_indicator(w["admin"], i))(
        ScoredIndicator.objects.order_by("pk").first()),
    "delete_scored_indicator": lambda w: (lambda i: lambda: rollout_actions.delete_scored_indicator(w["admin"], i))(
        ScoredIndicator.objects.order_by("pk").first()),
    # campaigns
    "enrol_unit": lambda w: (lambda c: lambda: campaign_actions.enrol_unit(w["editor"], c, w["lka"]))(
        make_campaign("thi-dua-dang-ky")),
    "correct_points": lambda w: (lambda c: lambda: campaign_actions.correct_points(w["editor"], c, w["lka"], 3, "Bổ sung"))(
        make_campaign("thi-dua-dieu-chinh")),
    "propose_award": lambda w: (lambda c: lambda: campaign_actions.propose_award(
        w["m_province"], c, "bk_tinh", "Thành tích", unit=w["lka"]))(make_campaign("thi-dua-de-nghi")),
    "confirm_award": lambda w: (lambda a: lambda: campaign_actions.confirm_award(w["editor"], a, "7/QĐ", TODAY))(_award(w)),
    "revoke_award": lambda w: (lambda a: lambda: campaign_actions.revoke_award(w["editor"], a, "Sai đối tượng"))(_award(w)),
    "sign_missing_credentials": lambda w: (lambda a: lambda: campaign_actions.sign_missing_credentials(w["editor"]))(
        _award(w, AwardStatus.CONFIRMED, decision_number="8/QĐ", decision_date=TODAY)),
    "save_point_rule": lambda w: lambda: rule_actions.save_point_rule(
        w["admin"], PointRule(code="quy-tac-moi", description="Quy tắc mới", points=2)),
    "delete_point_rule": lambda w: (lambda r: lambda: rule_actions.delete_point_rule(w["admin"], r))(
        PointRule.objects.create(code="quy-tac-xoa", description="Quy tắc xoá", points=1)),
    "save_badge": lambda w: lambda: rule_actions.save_badge(
        w["admin"], BadgeDefinition(code="huy-hieu-moi", name="Huy hiệu mới", criterion="sipas_percent")),
    "delete_badge": lambda w: (lambda b: lambda: rule_actions.delete_badge(w["admin"], b))(
        BadgeDefinition.objects.create(code="huy-hieu-xoa", name="Huy hiệu xoá", criterion="sipas_percent")),
    "save_peer_group": lambda w: lambda: catalogue_actions.save_peer_group(
        w["admin"], PeerGroup(name="Nhóm ghi vết", slug="nhom-ghi-vet")),
    "delete_peer_group": lambda w: (lambda g: lambda: catalogue_actions.delete_peer_group(w["admin"], g))(
        PeerGroup.objects.create(name="Nhóm xoá", slug="nhom-xoa")),
    "save_commendation_kind": lambda w: (lambda k: lambda: catalogue_actions.save_commendation_kind(w["admin"], k))(
        CommendationKind.objects.get(code="bk_tinh")),
    "delete_commendation_kind": lambda w: (lambda k: lambda: catalogue_actions.delete_commendation_kind(w["admin"], k))(
        CommendationKind.objects.create(code="thu-xoa", name="Danh hiệu thử", category="form", level="base",
                                        recipients="both", authority="Chủ tịch UBND xã", legal_basis="Thử")),
    "save_person": lambda w: lambda: catalogue_actions.save_person(w["admin"], Person(full_name="Trần Văn Ghi")),
    "delete_person": lambda w: (lambda p: lambda: catalogue_actions.delete_person(w["admin"], p))(
        Person.objects.create(full_name="Lê Thị Xoá")),
    # units
    "save_unit": lambda w: lambda: unit_actions.save_unit(
        w["admin"], UnitFactory.build(code="29990", key="29990", name="Xã Mới Lập", short_name="Mới Lập",
                                      parent=w["province"], province=w["province"])),
    "save_affiliation": lambda w: lambda: unit_actions.save_affiliation(
        w["admin"], Affiliation(user=UserFactory(username="nguoi_moi"), unit=w["lka"])),
    "delete_affiliation": lambda w: lambda: unit_actions.delete_affiliation(
        w["admin"], Affiliation.objects.get(user=w["officer"])),
}


def audit_rows():
    return (list(ModelLogEntry.objects.order_by("pk").values_list("pk", "action", "user_id"))
            + list(PageLogEntry.objects.order_by("pk").values_list("pk", "action", "user_id"))
            + list(ScoreAudit.objects.order_by("pk").values_list("pk", "criterion_id", "actor_id")))


def test_every_action_function_is_either_a_listed_write_or_a_listed_read():
    found = action_functions()
    assert found - set(WRITES) - set(READS) == set(), "a new action: add it to WRITES (and audit it) or to READS"
    assert set(WRITES) - found == set(), "WRITES names a function no actions module defines"


@pytest.mark.parametrize("name", sorted(WRITES))
def test_each_write_action_leaves_an_audit_row(name, w, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        call = WRITES[name](w)
        before = set(audit_rows())
        call()
    new = [row for row in audit_rows() if row not in before]
    assert new, f"{name} wrote without an audit row"
    assert all(row[2] is not None for row in new), f"{name}: an audit row without its actor"
