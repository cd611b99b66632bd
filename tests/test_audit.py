"""Writes leave an audit row in Wagtail's log: a page's History shows submit, return and recognise
with who and why; award confirmations and revocations, points corrections and observation deletions
keep their previous state, actor and time (issue 12)."""

import datetime

import pytest
from wagtail.models import ModelLogEntry, PageLogEntry

from campaigns import actions as campaign_actions
from campaigns.models import Award, AwardKind, AwardStatus
from core import roles
from initiatives import actions
from initiatives.status import RecognitionLevel
from rollout import actions as rollout_actions
from rollout.models import Metric
from rollout.periods import Period
from tests.factories import make_campaign, make_initiative, make_member

pytestmark = pytest.mark.django_db


def test_a_pages_history_shows_submit_return_and_recognise(client, site, commune):
    officer = make_member(roles.COMMUNE_OFFICERS, commune, username="canbo_audit")
    editor = make_member(roles.EDITORS, username="bientap_audit")
    page = make_initiative(site["index"], commune, title="Mô hình ghi vết", live=False)
    actions.submit_initiative(officer, page, note="Gửi lần đầu")
    actions.start_appraisal(editor, page)
    actions.return_for_changes(editor, page, "Thiếu số liệu")
    actions.submit_initiative(officer, page, note="Đã bổ sung")
    actions.start_appraisal(editor, page)
    actions.recognise_initiative(editor, page, RecognitionLevel.PROVINCE, "Đạt")
    entries = list(PageLogEntry.objects.filter(page=page).order_by("timestamp", "pk"))
    names = [entry.action for entry in entries if entry.action.startswith("nhanrong.")]
    # the first submission also issues the receipt (Circular 18/2013 Art. 6), logged once
    assert names == ["nhanrong.initiative.submit", "nhanrong.recognition.receipt", "nhanrong.initiative.start_appraisal",
                     "nhanrong.initiative.return", "nhanrong.initiative.submit",
                     "nhanrong.initiative.start_appraisal", "nhanrong.initiative.recognise"]
    returned = next(e for e in entries if e.action == "nhanrong.initiative.return")
    assert returned.user_id == editor.pk and returned.data["note"] == "Thiếu số liệu"
    assert returned.data["from"] == "under_appraisal" and returned.data["to"] == "returned"
    client.force_login(editor)
    history = client.get(f"/admin/pages/{page.pk}/history/").content.decode()
    for label in ("Gửi thẩm định", "Trả lại để bổ sung", "Công nhận sáng kiến"):
        assert label in history


def test_award_confirmation_revocation_and_points_correction_are_audited(site, commune):
    editor = make_member(roles.EDITORS, username="bientap_award")
    campaign = make_campaign("thi-dua-ghi-vet")
    award = Award.objects.create(campaign=campaign, kind=AwardKind.GIAY_KHEN_XA, recipient_unit=commune,
                                 citation="Khen", status=AwardStatus.PROPOSED)
    campaign_actions.confirm_award(editor, award, "7/QĐ", datetime.date(2025, 1, 2))
    campaign_actions.revoke_award(editor, award, "Sai đối tượng")
    rows = list(ModelLogEntry.objects.filter(object_id=str(award.pk), action__startswith="nhanrong.award")
                .order_by("timestamp", "pk"))
    assert [(r.action, r.data["from"], r.user_id) for r in rows] == [
        ("nhanrong.award.confirm", "proposed", editor.pk), ("nhanrong.award.revoke", "confirmed", editor.pk)]
    assert rows[1].data["note"] == "Sai đối tượng" and rows[1].timestamp is not None
    entry = campaign_actions.correct_points(editor, campaign, commune, -5, "Trùng sự kiện")
    row = ModelLogEntry.objects.get(object_id=str(entry.pk), action="nhanrong.points.correct")
    assert row.user_id == editor.pk and row.data["points"] == -5 and row.data["note"] == "Trùng sự kiện"


def test_deleting_an_observation_keeps_what_it_was_and_tells_the_listeners(site, commune,
                                                                            django_capture_on_commit_callbacks):
    from rollout.signals import observation_recorded

    editor = make_member(roles.EDITORS, username="bientap_obs")
    metric = Metric.objects.get(code="sipas")
    observation, _created = rollout_actions.record_observation(editor, commune, metric, Period.year_of(2024), "97.5",
                                                             "BC")
    pk = observation.pk
    heard = []
    observation_recorded.connect(lambda **kw: heard.append(kw), weak=False, dispatch_uid="tests.audit.obs")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            rollout_actions.delete_observation(editor, observation)
    finally:
        observation_recorded.disconnect(dispatch_uid="tests.audit.obs")
    row = ModelLogEntry.objects.get(object_id=str(pk), action="wagtail.delete")
    assert row.user_id == editor.pk and row.data["value"] == "97.5" and row.deleted
    assert heard and heard[0]["observation_ids"] == [pk] and heard[0]["deleted"] == 1


def test_a_new_conflict_declaration_keeps_the_previous_one_with_actor_and_time(appraisal_world):
    from appraisal import actions as appraisal_actions
    from appraisal.models import ConflictDeclaration

    w = appraisal_world
    member, page = w["m_province"], w["i_lka"]
    first = appraisal_actions.declare_conflict(member, page, "family", "Em họ của tác giả")
    appraisal_actions.declare_conflict(member, page, "authored", "Đã tư vấn cho đơn vị")
    current = ConflictDeclaration.objects.get(member=member, initiative=page)
    assert (current.type, current.note) == ("authored", "Đã tư vấn cho đơn vị")
    rows = list(ModelLogEntry.objects.filter(object_id=str(current.pk), action="nhanrong.conflict.declare")
                .order_by("timestamp", "pk"))
    assert [(r.data["type"], r.user_id) for r in rows] == [("family", member.pk), ("authored", member.pk)]
    assert rows[0].data["previous"] is None and rows[0].data["note"] == "Em họ của tác giả"
    previous = rows[1].data["previous"]
    assert (previous["type"], previous["note"]) == ("family", "Em họ của tác giả")
    assert previous["created_at"] == first.created_at.isoformat() and rows[1].timestamp >= rows[0].timestamp
