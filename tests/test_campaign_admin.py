"""Admin screens: awards (council proposes, editor confirms/revokes) and rule data."""

import pytest

from campaigns.models import Award, AwardStatus, PeerGroup, PointRule
from core.roles import COMMUNE_OFFICERS, COUNCIL_MEMBERS, EDITORS
from tests.factories import make_campaign, make_member


@pytest.fixture
def campaign(site):
    return make_campaign()


def test_awards_screen_council_proposes_editor_confirms(campaign, client, commune, province):
    url = f"/admin/thi-dua/{campaign.pk}/khen-thuong/"
    client.force_login(make_member(COMMUNE_OFFICERS, commune))
    denied = client.get(url)  # Wagtail turns PermissionDenied into a redirect to the dashboard
    assert denied.status_code == 302 and denied.url == "/admin/"
    client.force_login(make_member(COUNCIL_MEMBERS, province))
    response = client.post(url, {"kind": "bk_tinh", "unit_key": commune.key, "citation": "Thành tích xuất sắc",
                                 "issuer_name": "Chủ tịch UBND tỉnh Đồng Tháp"})
    assert response.status_code == 302
    award = Award.objects.get()
    # The council cannot confirm its own proposal.
    client.post(f"/admin/thi-dua/khen-thuong/{award.pk}/xac-nhan/",
                {"decision_number": "12/QĐ-UBND", "decision_date": "2025-12-01"})
    assert Award.objects.get().status == AwardStatus.PROPOSED
    client.force_login(make_member(EDITORS))
    assert "Thành tích xuất sắc" in client.get(url).content.decode()
    client.post(f"/admin/thi-dua/khen-thuong/{award.pk}/xac-nhan/",
                {"decision_number": "12/QĐ-UBND", "decision_date": "2025-12-01"})
    award.refresh_from_db()
    assert (award.status, award.decision_number, str(award.decision_date)) == ("confirmed", "12/QĐ-UBND", "2025-12-01")
    client.post(f"/admin/thi-dua/khen-thuong/{award.pk}/thu-hoi/", {"reason": "Sai sót"})
    assert Award.objects.get().status == AwardStatus.REVOKED


def test_rules_and_peer_groups_are_data(campaign, client, commune, other_commune):
    assert PointRule.objects.get(code="initiative_recognised_province").points == 40
    admin = make_member(EDITORS, is_superuser=True)
    client.force_login(admin)
    group = PeerGroup.objects.get(slug="xa-nong-thon")
    response = client.post(f"/admin/snippets/campaigns/peergroup/edit/{group.pk}/", {
        "name": group.name, "slug": group.slug, "description": "", "unit_keys": f"{commune.key}\nkhong-co"})
    assert response.status_code == 200 and "khong-co" in response.content.decode()  # row 2 rejected
    client.post(f"/admin/snippets/campaigns/peergroup/edit/{group.pk}/", {
        "name": group.name, "slug": group.slug, "description": "", "unit_keys": f"{commune.key}\n{other_commune.key}"})
    assert set(group.units.values_list("key", flat=True)) == {commune.key, other_commune.key}
