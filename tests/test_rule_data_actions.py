"""Rule-bearing data behind named actions (issue 12): a council's chair and members, a rubric's criteria,
a unit's parent and successors, a user's affiliation, point rules and badge definitions are saved by
the admin's create/edit views through their actions, each leaving an audit row the History shows;
a rubric a round still uses cannot change (admin post and action); a point rule's change rebuilds
the running campaigns' leaderboards in Celery."""

import datetime
from decimal import Decimal as D
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from wagtail.models import ModelLogEntry

from appraisal import actions, setup_actions
from appraisal.models import Criterion, Rubric
from campaigns import rule_actions
from campaigns.models import BadgeDefinition, Enrolment, PointEntry, PointRule
from core import roles
from tests.factories import UnitFactory, UserFactory, make_campaign, make_member
from units import actions as unit_actions
from units.models import Affiliation

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def rows(instance, prefix="nhanrong."):
    return list(ModelLogEntry.objects.filter(content_type__model=instance._meta.model_name, object_id=str(instance.pk),
                                             action__startswith=prefix).order_by("timestamp", "pk"))


@pytest.fixture
def admin(db):
    return UserFactory(username="quantri", is_superuser=True, is_staff=True)


def criterion_post(criterion, **changes):
    data = {"rubric": criterion.rubric_id, "name": criterion.name, "description": criterion.description,
            "weight": str(criterion.weight), "max_score": criterion.max_score, "sort_order": criterion.sort_order}
    data.update(changes)
    return data


# --- councils ---------------------------------------------------------------------------------------
def test_changing_a_councils_chair_in_the_admin_is_an_audited_action(client, admin, appraisal_world):
    council, new_chair = appraisal_world["council"], appraisal_world["m_province"]
    client.force_login(admin)
    response = client.post(f"/admin/appraisal/councils/edit/{council.pk}/", {
        "name": council.name, "level": council.level, "scope_units": [appraisal_world["province"].pk],
        "chair": new_chair.pk, "rubric": council.rubric_id})
    assert response.status_code == 302, response.content.decode()[:2000]
    council.refresh_from_db()
    assert council.chair == new_chair
    [row] = rows(council)
    assert row.action == "nhanrong.council.edit" and row.user_id == admin.pk and row.timestamp
    assert row.data["changes"]["chair"] == [appraisal_world["chair"].pk, new_chair.pk]
    history = client.get(f"/admin/appraisal/councils/history/{council.pk}/").content.decode()
    assert "Sửa hội đồng thẩm định" in history


def test_a_members_term_is_audited_on_the_council_and_an_officer_cannot_change_it(appraisal_world, admin):
    council, member = appraisal_world["council"], appraisal_world["m_lka"]
    membership = council.memberships.get(user=member)
    membership.term_end = TODAY - datetime.timedelta(days=1)
    with pytest.raises(PermissionDenied):
        setup_actions.save_membership(appraisal_world["officer"], membership)
    setup_actions.save_membership(admin, membership)
    [row] = rows(council)
    assert row.action == "nhanrong.council.member_edit" and row.data["member"] == member.pk
    assert row.data["changes"]["term_end"] == [None, str(membership.term_end)]
    setup_actions.delete_membership(admin, membership)
    assert [r.action for r in rows(council)][-1] == "nhanrong.council.member_remove"
    assert not council.memberships.filter(user=member).exists()


# --- rubrics ----------------------------------------------------------------------------------------
def test_a_criterion_edit_is_refused_while_a_round_uses_the_rubric(client, admin, appraisal_world):
    w = appraisal_world
    criterion = Rubric.default().criteria.first()
    client.force_login(admin)
    url = f"/admin/appraisal/criteria/edit/{criterion.pk}/"
    # No round yet: the edit goes through the action and is audited on the rubric.
    assert client.post(url, criterion_post(criterion, weight="30")).status_code == 302
    criterion.refresh_from_db()
    assert criterion.weight == D("30")
    row = rows(criterion.rubric)[-1]
    assert row.action == "nhanrong.rubric.criterion_edit" and row.user_id == admin.pk
    assert row.data["criterion"] == criterion.pk and row.data["changes"]["weight"][1] == "30"
    rnd = actions.open_round(w["chair"], w["council"], "Đợt khoá bộ tiêu chí", TODAY, TODAY)
    audited = len(rows(criterion.rubric))
    response = client.post(url, criterion_post(criterion, weight="40"))
    page = response.content.decode()
    assert response.status_code == 200 and "đang được dùng trong đợt thẩm định" in page and rnd.name in page
    criterion.refresh_from_db()
    assert criterion.weight == D("30") and len(rows(criterion.rubric)) == audited
    # Adding and deleting are refused too, in the admin and through the action.
    response = client.post("/admin/appraisal/criteria/new/", criterion_post(criterion, name="Tiêu chí mới"))
    assert response.status_code == 200 and not Criterion.objects.filter(name="Tiêu chí mới").exists()
    client.post(f"/admin/appraisal/criteria/delete/{criterion.pk}/")
    assert Criterion.objects.filter(pk=criterion.pk).exists()
    criterion.max_score = 5
    with pytest.raises(ValidationError, match="không được sửa tiêu chí"):
        setup_actions.save_criterion(admin, criterion)
    with pytest.raises(ValidationError):  # nor the council or rubric the round uses be deleted
        setup_actions.delete_council(admin, w["council"])
    with pytest.raises(ValidationError):
        setup_actions.delete_rubric(admin, criterion.rubric)
    threshold = criterion.rubric.thresholds.first()
    if threshold is not None:
        with pytest.raises(ValidationError):
            setup_actions.delete_threshold(admin, threshold)
    # The rubric's name is not a rule: it may change, audited.
    rubric = criterion.rubric
    rubric.description = "Mô tả mới"
    setup_actions.save_rubric(admin, rubric)
    assert rows(rubric)[-1].action == "nhanrong.rubric.edit"
    # Once the round is decided (here: closed with nothing left to decide) the rubric is free again.
    actions.close_round(w["chair"], rnd)
    rnd.refresh_from_db()
    assert rnd.status == "decided"
    setup_actions.save_criterion(admin, Criterion.objects.get(pk=criterion.pk))


def test_a_criterion_cannot_be_moved_out_of_a_rubric_in_use(admin, appraisal_world):
    w = appraisal_world
    actions.open_round(w["chair"], w["council"], "Đợt đang chấm", TODAY, TODAY)
    other = setup_actions.save_rubric(admin, Rubric(name="Bộ tiêu chí 2026"))
    criterion = Criterion.objects.get(pk=Rubric.default().criteria.first().pk)
    criterion.rubric = other
    with pytest.raises(ValidationError):
        setup_actions.save_criterion(admin, criterion)
    assert Criterion.objects.get(pk=criterion.pk).rubric_id == Rubric.default().pk
    added = setup_actions.save_criterion(admin, Criterion(rubric=other, name="Tính lan toả", weight=10, max_score=10))
    assert rows(other)[-1].action == "nhanrong.rubric.criterion_add" and rows(other)[-1].data["criterion"] == added.pk


def test_a_rubric_in_use_gets_a_new_version_open_rounds_keep_the_old_one(client, admin, appraisal_world):
    w = appraisal_world
    old = Rubric.default()
    old_criteria = [(c.name, c.weight, c.max_score) for c in old.criteria.order_by("sort_order", "pk")]
    criterion = old.criteria.order_by("sort_order", "pk").first()
    running = actions.open_round(w["chair"], w["council"], "Đợt dùng phiên bản 1", TODAY, TODAY)
    client.force_login(admin)
    new_version_url = f"/admin/appraisal/rubrics/{old.pk}/new-version/"
    # The refused edit offers the new version (form post path).
    response = client.post(f"/admin/appraisal/criteria/edit/{criterion.pk}/", criterion_post(criterion, weight="40"))
    page = response.content.decode()
    assert response.status_code == 200 and "đang được dùng trong đợt thẩm định" in page
    assert new_version_url in page and "Tạo phiên bản mới" in page
    # So does the rubric list; the page shows what will be copied and the round keeping the old one.
    assert new_version_url in client.get("/admin/appraisal/rubrics/").content.decode()
    confirm = client.get(new_version_url).content.decode()
    assert criterion.name in confirm and running.name in confirm
    # Someone without the permission cannot make one.
    officer = w["officer"]
    client.force_login(officer)
    assert client.post(new_version_url, {"note": "x"}).status_code in (302, 403)
    with pytest.raises(PermissionDenied):
        setup_actions.new_rubric_version(officer, old)
    assert not Rubric.objects.filter(previous_version=old).exists()
    client.force_login(admin)
    response = client.post(new_version_url, {"note": "Thêm tiêu chí lan toả cho năm 2027"})
    new = Rubric.objects.get(previous_version=old)
    assert response.status_code == 302 and response["Location"] == f"/admin/appraisal/rubrics/edit/{new.pk}/"
    assert new.version == 2 and new.name == old.name and str(new) == f"{old.name} (phiên bản 2)"
    assert [(c.name, c.weight, c.max_score) for c in new.criteria.order_by("sort_order", "pk")] == old_criteria
    assert new.thresholds.count() == old.thresholds.count()
    [made] = rows(new)
    assert made.action == "nhanrong.rubric.new_version" and made.user_id == admin.pk
    assert made.data["previous"] == old.pk and made.data["note"] == "Thêm tiêu chí lan toả cho năm 2027"
    assert made.data["rounds_keeping_previous"] == [running.pk]
    assert rows(old)[-1].action == "nhanrong.rubric.superseded" and rows(old)[-1].data["next"] == new.pk
    assert "Tạo phiên bản mới của bộ tiêu chí" in client.get(
        f"/admin/appraisal/rubrics/history/{new.pk}/").content.decode()
    listing = client.get("/admin/appraisal/rubrics/").content.decode()
    assert f"/admin/appraisal/rubrics/{new.pk}/new-version/" in listing and new_version_url not in listing
    # The open round keeps the old version, whose criteria did not change; the old one stays readable.
    running.refresh_from_db()
    assert running.rubric_id == old.pk
    assert [(c.name, c.weight, c.max_score) for c in old.criteria.order_by("sort_order", "pk")] == old_criteria
    assert client.get(f"/admin/appraisal/rubrics/edit/{old.pk}/").status_code == 200
    assert client.get(f"/admin/appraisal/criteria/?rubric={old.pk}").status_code == 200
    # The new version is edited freely, through the admin and audited on it.
    copied = new.criteria.order_by("sort_order", "pk").first()
    assert client.post(f"/admin/appraisal/criteria/edit/{copied.pk}/", criterion_post(copied, weight="45")).status_code == 302
    assert Criterion.objects.get(pk=copied.pk).weight == D("45") and rows(new)[-1].action == "nhanrong.rubric.criterion_edit"
    # New rounds take the newest version (the council still names the first); so does the default.
    later = actions.open_round(w["chair"], w["council"], "Đợt dùng phiên bản 2", TODAY, TODAY)
    assert later.rubric_id == new.pk and Rubric.default() == new
    # Trying to break it: editing the old version mid-round is still refused (admin post and action) …
    assert client.post(f"/admin/appraisal/criteria/edit/{criterion.pk}/",
                       criterion_post(criterion, weight="40")).status_code == 200
    assert client.post("/admin/appraisal/thresholds/new/", {"rubric": old.pk, "min_score": "55", "level": "commune",
                                                           "label": "Thử"}).status_code == 200
    assert Criterion.objects.get(pk=criterion.pk).weight == criterion.weight
    assert not old.thresholds.filter(label="Thử").exists()
    criterion.weight = D("40")
    with pytest.raises(ValidationError):
        setup_actions.save_criterion(admin, criterion)
    # … and still after its round is decided: a version with a newer one never changes again.
    actions.close_round(w["chair"], running)
    with pytest.raises(ValidationError, match="đã có phiên bản mới"):
        setup_actions.save_criterion(admin, Criterion.objects.get(pk=criterion.pk))
    old.refresh_from_db()
    old.description = "Sửa mô tả phiên bản cũ"
    with pytest.raises(ValidationError):
        setup_actions.save_rubric(admin, old)
    with pytest.raises(ValidationError):
        setup_actions.delete_rubric(admin, Rubric.objects.get(pk=old.pk))
    # Nor does the old version fork: a second version is made from the newest only.
    with pytest.raises(ValidationError, match="phiên bản mới nhất"):
        setup_actions.new_rubric_version(admin, old)
    client.post(new_version_url, {"note": "nhánh"})
    assert Rubric.objects.filter(name=old.name).count() == 2
    third = setup_actions.new_rubric_version(admin, new)
    assert third.version == 3 and third.previous_version == new and old.newest() == third


# --- units ------------------------------------------------------------------------------------------
def test_a_units_parent_and_successors_are_audited_and_a_self_parent_refused(client, admin, province):
    old = UnitFactory(key="h29950", code="29950", name="Xã Cũ", short_name="Cũ", parent=province,
                      valid_until=datetime.date(2025, 6, 30))
    new = UnitFactory(key="29999", code="29999", name="Xã Mới", short_name="Mới", parent=province)
    old.successors.add(new)
    other = UnitFactory(key="29998", code="29998", name="Xã Khác", short_name="Khác", parent=province)
    client.force_login(admin)
    edit = client.get(f"/admin/snippets/units/administrativeunit/edit/{old.pk}/")
    assert edit.status_code == 200
    form = edit.context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["successors"] = [new.pk, other.pk]
    data["split"] = "on"
    response = client.post(f"/admin/snippets/units/administrativeunit/edit/{old.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert set(old.successors.values_list("pk", flat=True)) == {new.pk, other.pk}
    [row] = rows(old)
    assert row.action == "nhanrong.unit.edit" and row.user_id == admin.pk
    assert row.data["changes"]["successors"] == [[new.pk], sorted([new.pk, other.pk])]
    assert "Sửa đơn vị hành chính" in client.get(f"/admin/snippets/units/administrativeunit/history/{old.pk}/").content.decode()
    new.parent = new
    with pytest.raises(ValidationError):
        unit_actions.save_unit(admin, new)


def test_an_officers_affiliation_change_keeps_the_previous_unit(client, admin, site, commune, other_commune):
    officer = make_member(roles.COMMUNE_OFFICERS, commune, username="canbo_doi")
    affiliation = Affiliation.objects.get(user=officer)
    client.force_login(admin)
    response = client.post(f"/admin/snippets/units/affiliation/edit/{affiliation.pk}/",
                           {"user": officer.pk, "unit": other_commune.pk, "office": "UBND xã"})
    assert response.status_code == 302, response.content.decode()[:3000]
    affiliation.refresh_from_db()
    assert affiliation.unit == other_commune
    [row] = rows(affiliation)
    assert row.data["changes"]["unit"] == [commune.pk, other_commune.pk] and row.user_id == admin.pk
    with pytest.raises(PermissionDenied):
        unit_actions.save_affiliation(officer, affiliation)  # an officer cannot move themselves


# --- point rules and badges -------------------------------------------------------------------------
def test_a_point_rule_change_is_audited_and_rebuilds_the_running_campaigns(client, site, commune,
                                                                           django_capture_on_commit_callbacks):
    editor = make_member(roles.EDITORS, username="bientap_quytac")
    campaign = make_campaign("thi-dua-quy-tac")
    Enrolment.objects.create(campaign=campaign, unit=commune)
    rule = PointRule.objects.order_by("pk").first()
    client.force_login(editor)
    with mock.patch("campaigns.tasks.rebuild_campaign.delay") as rebuild, \
            django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/snippets/campaigns/pointrule/edit/{rule.pk}/", {
            "code": rule.code, "description": rule.description, "points": rule.points + 5, "active": "on",
            "sort_order": rule.sort_order})
    assert response.status_code == 302, response.content.decode()[:3000]
    rebuild.assert_called_once_with(campaign.pk)
    [row] = rows(rule)
    assert row.action == "nhanrong.point_rule.edit" and row.user_id == editor.pk
    assert row.data["changes"]["points"] == [rule.points, rule.points + 5]
    assert "Sửa quy tắc tính điểm" in client.get(f"/admin/snippets/campaigns/pointrule/history/{rule.pk}/").content.decode()
    # The task takes ids and is idempotent: run twice, the ledger does not grow the second time.
    from campaigns import tasks

    tasks.rebuild_after_rule_change([rule.pk])
    count = PointEntry.objects.count()
    tasks.rebuild_after_rule_change([rule.pk])
    assert PointEntry.objects.count() == count
    officer = make_member(roles.COMMUNE_OFFICERS, commune, username="canbo_quytac")
    with pytest.raises(PermissionDenied):
        rule_actions.save_point_rule(officer, rule)


def test_a_badge_definition_change_is_audited_and_reevaluates_badges(site, admin, django_capture_on_commit_callbacks):
    editor = admin  # badges are administrators' data (editors hold no badge permission)
    with pytest.raises(PermissionDenied):
        rule_actions.save_badge(make_member(roles.EDITORS, username="bientap_huyhieu"), BadgeDefinition(code="x"))
    badge = BadgeDefinition.objects.order_by("pk").first() or BadgeDefinition.objects.create(
        code="thu", name="Thử", criterion="sipas_percent")
    badge.name = "Huy hiệu đổi tên"
    with mock.patch("campaigns.tasks.evaluate_badges", return_value=0) as evaluate, \
            django_capture_on_commit_callbacks(execute=True):
        rule_actions.save_badge(editor, badge)
    evaluate.assert_called_once_with(None)
    [row] = rows(badge)
    assert row.data["changes"]["name"][1] == "Huy hiệu đổi tên" and row.user_id == editor.pk
