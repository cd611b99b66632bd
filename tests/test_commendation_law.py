"""Commendation as Law 06/2022/QH15 defines it (issue 15): titles and forms as data, historic district
kinds readable but not proposable, individuals with a workplace (personal data kept off public pages),
one award per achievement and year (Art. 5), and eligibility hints from recognised initiatives."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from campaigns.actions import confirm_award, propose_award, revoke_award
from campaigns.eligibility import criteria, longest_streak
from campaigns.models import Award, AwardStatus, CommendationKind, Person
from core.roles import COUNCIL_MEMBERS, EDITORS
from initiatives.status import InitiativeStatus
from tests.factories import make_campaign, make_initiative, make_member


@pytest.fixture(autouse=True)
def own_keys(settings, tmp_path):
    settings.CREDENTIAL_KEY_DIR = tmp_path / "keys"


@pytest.fixture
def world(site, province, commune):
    person = Person.objects.create(full_name="Nguyễn Thị Minh Họa", position="Công chức Văn phòng - Thống kê",
                                   workplace_unit=commune, workplace_name="UBND xã", email="minhhoa@example.vn",
                                   phone="0912 345 678")
    return {"campaign": make_campaign(), "council": make_member(COUNCIL_MEMBERS, province),
            "editor": make_member(EDITORS), "unit": commune, "person": person, "index": site["index"]}


def propose(world, kind, year=2025, **recipient):
    return propose_award(world["council"], world["campaign"], kind, "Thành tích xuất sắc.", year=year,
                         issuer_name="Chủ tịch UBND xã Long Khánh A", **recipient)


def test_the_law_is_data_with_levels_authorities_and_recipients(db):
    kinds = {k.code: k for k in CommendationKind.objects.all()}
    assert {"ld_tien_tien", "cstd_co_so", "cstd_tinh", "cstd_toan_quoc", "tt_ld_tien_tien", "tt_ld_xuat_sac",
            "co_thi_dua_tinh", "co_thi_dua_cp", "bk_tinh", "bk_thu_tuong", "gk_xa", "gk_huyen"} <= set(kinds)
    assert kinds["ld_tien_tien"].get_recipients_display() == "Cá nhân"
    assert kinds["co_thi_dua_tinh"].get_category_display() == "Danh hiệu thi đua"
    assert "Điều 80" in kinds["gk_xa"].legal_basis and kinds["cstd_co_so"].required_recognition == "commune"
    assert kinds["gk_huyen"].label == "Giấy khen của Chủ tịch UBND huyện (trước 01/07/2025)"
    assert "gk_huyen" not in set(CommendationKind.proposable().values_list("code", flat=True))


def test_a_historic_kind_cannot_be_proposed_but_old_awards_stay_readable(world, client):
    with pytest.raises(ValidationError) as refused:
        propose(world, "gk_huyen", unit=world["unit"])
    assert "01/07/2025" in str(refused.value)
    # An award of 2024 migrated with its old code reads with the label.
    old = Award.objects.create(campaign=world["campaign"], kind="gk_huyen", recipient_unit=world["unit"],
                               citation="Hoàn thành xuất sắc nhiệm vụ năm 2024.", achievement_year=2024,
                               status=AwardStatus.CONFIRMED, decision_number="88/QĐ-UBND",
                               decision_date=datetime.date(2024, 12, 30))
    assert old.kind_label == "Giấy khen của Chủ tịch UBND huyện (trước 01/07/2025)"
    # The admin form does not offer it either.
    from campaigns.admin_forms import ProposeAwardForm

    form = ProposeAwardForm({"kind": "gk_huyen", "unit_key": world["unit"].key, "year": 2025, "citation": "x"})
    assert not form.is_valid() and "kind" in form.errors


def test_one_achievement_one_award(world):
    first = propose(world, "bk_tinh", unit=world["unit"])
    with pytest.raises(ValidationError) as refused:
        propose(world, "gk_xa", unit=world["unit"])
    message = " ".join(refused.value.messages)
    assert "Bằng khen của Chủ tịch UBND tỉnh" in message and "2025" in message and "Điều 5" in message
    assert propose(world, "gk_xa", year=2024, unit=world["unit"]).pk  # another year's achievement
    confirm_award(world["editor"], first, "1/QĐ", datetime.date(2025, 12, 1))
    revoke_award(world["editor"], first, "Sai sót hồ sơ")
    assert propose(world, "gk_xa", unit=world["unit"]).pk  # the revoked award no longer counts
    from wagtail.models import ModelLogEntry

    rows = ModelLogEntry.objects.filter(object_id=str(first.pk), action__startswith="nhanrong.award.")
    assert [r.action for r in rows.order_by("timestamp", "pk")] == [
        "nhanrong.award.propose", "nhanrong.award.confirm", "nhanrong.award.revoke"]
    assert rows.get(action="nhanrong.award.revoke").data["note"] == "Sai sót hồ sơ"
    assert rows.get(action="nhanrong.award.confirm").user_id == world["editor"].pk


def test_titles_go_to_the_recipients_the_law_names(world):
    with pytest.raises(ValidationError, match="chỉ tặng cho tập thể"):
        propose(world, "tt_ld_tien_tien", person=world["person"])
    with pytest.raises(ValidationError, match="chỉ tặng cho cá nhân"):
        propose(world, "ld_tien_tien", unit=world["unit"])
    assert propose(world, "ld_tien_tien", person=world["person"]).recipient_name == "Nguyễn Thị Minh Họa"


def test_a_person_is_public_by_name_position_and_workplace_only(world, client):
    award = confirm_award(world["editor"], propose(world, "ld_tien_tien", person=world["person"]), "5/QĐ-UBND",
                          datetime.date(2025, 12, 15))
    page = client.get(f"/xac-minh/{award.uuid}/").content.decode()
    assert "Nguyễn Thị Minh Họa" in page and "Công chức Văn phòng - Thống kê" in page and "Xã Long Khánh A" in page
    assert "minhhoa@example.vn" not in page and "0912 345 678" not in page
    credential = client.get(f"/xac-minh/{award.uuid}.json").content.decode()
    assert "Nguyễn Thị Minh Họa" in credential and "minhhoa" not in credential and "0912" not in credential
    import io

    from pypdf import PdfReader

    pdf = client.get(f"/xac-minh/{award.uuid}/giay-chung-nhan.pdf").content
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "LAO ĐỘNG TIÊN TIẾN" in text and "Nguyễn Thị Minh Họa" in text and "Xã Long Khánh A" in text
    assert "minhhoa" not in text
    achievement_id = client.get(f"/xac-minh/{award.uuid}.json").json()["credentialSubject"]["achievement"]["id"]
    from urllib.parse import urlsplit

    achievement = client.get(urlsplit(achievement_id).path).json()
    assert achievement["name"] == "Lao động tiên tiến" and "Điều 24" in achievement["criteria"]["narrative"]
    rows = client.get("/api/v1/awards/").json()
    assert "minhhoa" not in str(rows) and "Nguyễn Thị Minh Họa" in str(rows)


def test_an_author_is_eligible_from_a_recognised_initiative(world, client):
    recognised = make_initiative(world["index"], world["unit"], title="Một cửa không chờ", status=InitiativeStatus.RECOGNISED,
                                 recognition_level="commune", decision_number="12/QĐ-HĐSK")
    person = world["person"]
    kinds = {k.code: k for k in CommendationKind.objects.all()}
    [hint] = criteria(kinds["cstd_tinh"], 2025, person=person)[:1]
    assert not hint.met  # no initiative yet
    person.authored_initiatives.add(recognised)
    base = criteria(kinds["cstd_co_so"], 2025, person=person)
    assert base[0].met and "Một cửa không chờ" in base[0].evidence[0][0] and "12/QĐ-HĐSK" in base[0].evidence[0][0]
    assert base[1].label.startswith("Đạt danh hiệu “Lao động tiên tiến”") and not base[1].met
    # A base-level recognition does not reach the province's title (scope of influence, Art. 22).
    province = criteria(kinds["cstd_tinh"], 2025, person=person)
    assert not province[0].met and not province[1].met
    # The proposer sees it in the admin.
    client.force_login(world["council"])
    page = client.get(f"/admin/thi-dua/{world['campaign'].pk}/khen-thuong/",
                      {"kind": "cstd_co_so", "person": person.pk, "year": 2025}).content.decode()
    assert "Đạt" in page and "Một cửa không chờ" in page and "Chưa đạt" in page


def test_streaks_count_consecutive_years():
    assert longest_streak([2022, 2023, 2024], 2025) == 3
    assert longest_streak([2021, 2023, 2024, 2025], 2025) == 3
    assert longest_streak([2020, 2022], 2025) == 0


def test_an_unconfirmed_power_is_configuration(db, settings):
    kind = CommendationKind.objects.get(code="cstd_co_so")
    settings.COMMENDATION_COMMUNE_HAS_DISTRICT_POWERS = False
    assert "chỉ khi cấu hình cho phép" in kind.authority_today
    settings.COMMENDATION_COMMUNE_HAS_DISTRICT_POWERS = True
    assert "Chủ tịch UBND cấp xã (theo cấu hình" in kind.authority_today
    assert "cấu hình" not in CommendationKind.objects.get(code="gk_xa").authority_today


def test_awards_decided_before_signing_get_signed(world, client):
    import io

    from django.core.management import call_command

    old = Award.objects.create(campaign=world["campaign"], kind="gk_xa", recipient_unit=world["unit"],
                               citation="Hoàn thành xuất sắc nhiệm vụ.", achievement_year=2024,
                               status=AwardStatus.CONFIRMED, decision_number="9/QĐ-UBND",
                               decision_date=datetime.date(2024, 12, 30))
    page = client.get(f"/xac-minh/{old.uuid}/").content.decode()
    assert "KHÔNG HỢP LỆ" in page and "chưa có chứng chỉ số" in page and "9/QĐ-UBND" in page
    out = io.StringIO()
    call_command("sign_award_credentials", stdout=out)
    assert "1" in out.getvalue()
    assert ">HỢP LỆ<" in client.get(f"/xac-minh/{old.uuid}/").content.decode()
    call_command("sign_award_credentials", stdout=out)  # idempotent
    old.refresh_from_db()
    assert old.signing_kid


def test_cluster_leaders_are_proposed_for_the_flag(world, client, other_commune):
    from django.utils import timezone

    from campaigns.models import LeaderboardRow, PeerGroup

    group = PeerGroup.objects.get(slug="xa-nong-thon")
    for rank, unit, points in ((1, world["unit"], 120), (2, other_commune, 80)):
        LeaderboardRow.objects.create(campaign=world["campaign"], peer_group=group, unit=unit, level="commune",
                                      points=points, rank=rank, position=rank, period="2026-12")
    flag = CommendationKind.objects.get(code="co_thi_dua_tinh")
    [leader] = criteria(flag, 2025, unit=world["unit"], campaign=world["campaign"])
    assert leader.met and group.name in leader.evidence[0][0]
    assert not criteria(flag, 2025, unit=other_commune, campaign=world["campaign"])[0].met
    client.force_login(world["council"])
    url = f"/admin/thi-dua/{world['campaign'].pk}/khen-thuong/"
    page = client.get(url).content.decode()
    assert "Đơn vị dẫn đầu cụm, khối thi đua" in page and f"unit_key={world['unit'].key}" in page
    assert "Xã Phú Thuận A" not in page.split("Đơn vị dẫn đầu cụm")[1].split("</table>")[0]
    form = client.get(url, {"de_nghi": "co_thi_dua_tinh", "unit_key": world["unit"].key}).context["form"]
    assert form.initial == {"kind": "co_thi_dua_tinh", "unit_key": world["unit"].key}
    propose(world, "co_thi_dua_tinh", year=timezone.localdate().year, unit=world["unit"])
    assert "Đã có: Cờ thi đua của UBND tỉnh" in client.get(url).content.decode()
