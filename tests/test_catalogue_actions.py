"""The campaigns' catalogues behind named actions (issue 12): peer groups, kinds of commendation and
persons are saved and deleted by the admin's snippet views through campaigns.catalogue_actions, each
leaving an audit row the snippet's History shows; a peer group's change refreshes the leaderboards; a
person's contact details never reach the log; what an award uses cannot be deleted."""

import json
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from wagtail.models import ModelLogEntry

from campaigns import catalogue_actions
from campaigns.models import Award, AwardKind, CommendationKind, PeerGroup, Person
from core import roles
from tests.factories import UserFactory, make_campaign, make_member

pytestmark = pytest.mark.django_db


def rows(instance):
    return list(ModelLogEntry.objects.filter(content_type__model=instance._meta.model_name, object_id=str(instance.pk))
                .order_by("timestamp", "pk"))


def form_data(client, url, **changes):
    form = client.get(url).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = value
    data.update(changes)
    return data


@pytest.fixture
def admin(db):
    return UserFactory(username="quantri_danhmuc", is_superuser=True, is_staff=True)


def test_a_peer_groups_members_are_audited_and_the_leaderboards_refreshed(client, admin, site, commune, other_commune,
                                                                         django_capture_on_commit_callbacks):
    group = catalogue_actions.save_peer_group(admin, PeerGroup(name="Nhóm thử nghiệm", slug="nhom-thu-nghiem-ghi-vet"))
    group.units.set([commune])
    client.force_login(admin)
    url = f"/admin/snippets/campaigns/peergroup/edit/{group.pk}/"
    data = form_data(client, url, unit_keys=f"{commune.code}\n{other_commune.code}")
    with mock.patch("campaigns.tasks.refresh_all_leaderboards.delay") as refresh, \
            django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    refresh.assert_called_once_with()
    assert set(group.units.values_list("pk", flat=True)) == {commune.pk, other_commune.pk}
    row = rows(group)[-1]
    assert row.action == "nhanrong.peer_group.edit" and row.user_id == admin.pk
    assert row.data["changes"]["units"] == [[commune.pk], sorted([commune.pk, other_commune.pk])]
    history = client.get(f"/admin/snippets/campaigns/peergroup/history/{group.pk}/").content.decode()
    assert "Sửa nhóm đơn vị tương đồng (thành viên)" in history
    # A bad line: a Vietnamese error naming the line, nothing written, no row.
    count = len(rows(group))
    response = client.post(url, dict(data, unit_keys="Xã Không Có Thật"))
    assert response.status_code == 200 and "Dòng 1" in response.content.decode()
    assert len(rows(group)) == count
    officer = make_member(roles.COMMUNE_OFFICERS, commune, username="canbo_nhom")
    with pytest.raises(PermissionDenied):
        catalogue_actions.save_peer_group(officer, group)
    with mock.patch("campaigns.tasks.refresh_all_leaderboards.delay") as refresh, \
            django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/snippets/campaigns/peergroup/delete/{group.pk}/")
    assert response.status_code == 302 and not PeerGroup.objects.filter(pk=group.pk).exists()
    refresh.assert_called_once_with()
    deleted = ModelLogEntry.objects.filter(object_id=str(group.pk), action="wagtail.delete",
                                           content_type__model="peergroup").get()
    assert deleted.user_id == admin.pk and deleted.data["units"] == sorted([commune.pk, other_commune.pk])


def test_a_commendation_kinds_edit_is_audited_and_a_kind_in_use_is_not_deleted(client, admin, site, commune):
    kind = CommendationKind.objects.get(code="bk_tinh")
    client.force_login(admin)
    url = f"/admin/snippets/campaigns/commendationkind/edit/{kind.pk}/"
    response = client.post(url, form_data(client, url, criteria="Tiêu chuẩn theo Điều 72 (sửa thử)"))
    assert response.status_code == 302, response.content.decode()[:3000]
    kind.refresh_from_db()
    assert kind.criteria == "Tiêu chuẩn theo Điều 72 (sửa thử)"
    [row] = rows(kind)
    assert row.action == "nhanrong.commendation_kind.edit" and row.user_id == admin.pk
    assert row.data["changes"]["criteria"][1] == "Tiêu chuẩn theo Điều 72 (sửa thử)"
    history = client.get(f"/admin/snippets/campaigns/commendationkind/history/{kind.pk}/").content.decode()
    assert "Sửa danh hiệu, hình thức khen thưởng" in history
    Award.objects.create(campaign=make_campaign("thi-dua-danh-muc"), kind=AwardKind.GIAY_KHEN_XA, recipient_unit=commune,
                         citation="Khen")
    used = CommendationKind.objects.get(code=AwardKind.GIAY_KHEN_XA)
    response = client.post(f"/admin/snippets/campaigns/commendationkind/delete/{used.pk}/", follow=True)
    assert CommendationKind.objects.filter(pk=used.pk).exists()
    assert "không xoá được" in response.content.decode()
    assert not ModelLogEntry.objects.filter(object_id=str(used.pk), action="wagtail.delete").exists()


def test_a_persons_contact_details_never_reach_the_log(client, admin, site, commune):
    client.force_login(admin)
    url = "/admin/snippets/campaigns/person/add/"
    response = client.post(url, form_data(client, url, full_name="Nguyễn Thị Khen", position="Công chức",
                                          workplace_key=commune.code, email="khen.nguyen@example.vn",
                                          phone="0912345678"))
    assert response.status_code == 302, response.content.decode()[:3000]
    person = Person.objects.get(full_name="Nguyễn Thị Khen")
    assert person.workplace_unit == commune and person.email == "khen.nguyen@example.vn"
    [row] = rows(person)
    assert row.action == "nhanrong.person.create" and row.user_id == admin.pk
    stored = json.dumps(row.data, ensure_ascii=False)
    assert "khen.nguyen@example.vn" not in stored and "0912345678" not in stored
    assert row.data["changes"]["email"] == "changed" and row.data["changes"]["workplace_key"][1] == commune.pk
    edit = f"/admin/snippets/campaigns/person/edit/{person.pk}/"
    assert client.post(edit, form_data(client, edit, phone="0987654321")).status_code == 302
    assert rows(person)[-1].data["changes"] == {"phone": "changed"}
    history = client.get(f"/admin/snippets/campaigns/person/history/{person.pk}/").content.decode()
    assert "Thêm cá nhân được khen" in history and "Sửa thông tin cá nhân được khen" in history
    Award.objects.create(campaign=make_campaign("thi-dua-ca-nhan"), kind=AwardKind.GIAY_KHEN_XA,
                         recipient_person=person, citation="Khen")
    client.post(f"/admin/snippets/campaigns/person/delete/{person.pk}/")
    assert Person.objects.filter(pk=person.pk).exists()


def test_the_bulk_delete_of_snippets_goes_through_their_actions(client, admin, site, commune):
    """Several rows deleted at once from a snippet list: each through its action (audit row with the
    actor, after-commit work), all or nothing when one is refused."""
    first = PeerGroup.objects.create(name="Nhóm một", slug="nhom-mot-xoa")
    second = PeerGroup.objects.create(name="Nhóm hai", slug="nhom-hai-xoa")
    client.force_login(admin)
    url = f"/admin/bulk/campaigns/peergroup/delete/?id={first.pk}&id={second.pk}"
    assert client.get(url).status_code == 200  # Wagtail's confirmation page, nothing deleted yet
    assert PeerGroup.objects.filter(pk__in=[first.pk, second.pk]).count() == 2
    with mock.patch("campaigns.tasks.refresh_all_leaderboards.delay"):
        response = client.post(url)
    assert response.status_code == 302
    assert not PeerGroup.objects.filter(pk__in=[first.pk, second.pk]).exists()
    deleted = ModelLogEntry.objects.filter(content_type__model="peergroup", action="wagtail.delete",
                                           object_id__in=[str(first.pk), str(second.pk)])
    assert deleted.count() == 2 and {row.user_id for row in deleted} == {admin.pk}
    # One kind in use: neither is deleted, the reason is shown.
    Award.objects.create(campaign=make_campaign("thi-dua-xoa-loat"), kind=AwardKind.GIAY_KHEN_XA, recipient_unit=commune,
                         citation="Khen")
    spare = CommendationKind.objects.exclude(code=AwardKind.GIAY_KHEN_XA).order_by("pk").first()
    url = f"/admin/bulk/campaigns/commendationkind/delete/?id={spare.pk}&id={AwardKind.GIAY_KHEN_XA}"
    response = client.post(url, follow=True)
    assert "không xoá được" in response.content.decode()
    assert CommendationKind.objects.filter(pk__in=[spare.pk, AwardKind.GIAY_KHEN_XA]).count() == 2


def test_a_metrics_direction_is_audited_recomputes_impact_and_only_administrators_change_it(
        client, admin, site, commune, django_capture_on_commit_callbacks):
    from rollout import actions as rollout_actions
    from rollout.models import Metric
    from rollout.periods import Period

    metric = Metric.objects.get(code="sipas")
    client.force_login(admin)
    url = f"/admin/snippets/rollout/metric/edit/{metric.pk}/"
    flipped = "lower" if metric.direction == "higher" else "higher"
    with mock.patch("rollout.tasks.refresh_all_impacts.delay") as refresh, \
            django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, form_data(client, url, direction=flipped))
    assert response.status_code == 302, response.content.decode()[:3000]
    refresh.assert_called_once_with()
    row = rows(metric)[-1]
    assert row.action == "nhanrong.metric.edit" and row.user_id == admin.pk
    assert row.data["changes"]["direction"] == [metric.direction, flipped]
    assert "Sửa chỉ tiêu (chiều tốt, giới hạn)" in client.get(
        f"/admin/snippets/rollout/metric/history/{metric.pk}/").content.decode()
    editor = make_member(roles.EDITORS, username="bientap_chitieu")
    with pytest.raises(PermissionDenied):
        rollout_actions.save_metric(editor, metric)
    rollout_actions.record_observation(editor, commune, metric, Period.year_of(2024), "90", "BC")
    client.post(f"/admin/snippets/rollout/metric/delete/{metric.pk}/")
    assert Metric.objects.filter(pk=metric.pk).exists()
