"""Awards: who may propose/confirm/revoke, the certificate PDF, the Open Badges 3.0 credential and the
public verification page."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader

from campaigns.actions import confirm_award, propose_award, revoke_award
from campaigns.models import AwardKind, AwardStatus
from core.roles import COMMUNE_OFFICERS, COUNCIL_MEMBERS, EDITORS
from tests.factories import make_campaign, make_member


@pytest.fixture
def setting(site, province, commune):
    campaign = make_campaign(title="Đẩy mạnh CCHC, nâng cao chất lượng công vụ")
    return {"campaign": campaign, "council": make_member(COUNCIL_MEMBERS, province),
            "editor": make_member(EDITORS), "officer": make_member(COMMUNE_OFFICERS, commune), "unit": commune}


def proposed(setting):
    return propose_award(setting["council"], setting["campaign"], AwardKind.BANG_KHEN_TINH,
                         "Đã có thành tích xuất sắc trong phong trào thi đua cải cách hành chính.",
                         unit=setting["unit"], issuer_name="Chủ tịch UBND tỉnh Đồng Tháp")


def confirmed(setting):
    return confirm_award(setting["editor"], proposed(setting), "1234/QĐ-UBND", datetime.date(2025, 12, 20))


def test_only_council_members_propose(setting):
    for user in (setting["officer"], setting["editor"]):
        with pytest.raises(PermissionDenied):
            propose_award(user, setting["campaign"], AwardKind.BANG_KHEN_TINH, "Thành tích", unit=setting["unit"])
    assert proposed(setting).status == AwardStatus.PROPOSED


def test_only_editors_confirm_and_revoke(setting):
    award = proposed(setting)
    for user in (setting["council"], setting["officer"]):
        with pytest.raises(PermissionDenied):
            confirm_award(user, award, "1/QĐ", datetime.date(2025, 1, 1))
    with pytest.raises(ValidationError):
        confirm_award(setting["editor"], award, "", datetime.date(2025, 1, 1))
    award = confirm_award(setting["editor"], award, "1234/QĐ-UBND", datetime.date(2025, 12, 20))
    assert award.status == AwardStatus.CONFIRMED and award.confirmed_by == setting["editor"]
    with pytest.raises(ValidationError):  # a decision is taken once
        confirm_award(setting["editor"], award, "999/QĐ", datetime.date(2026, 1, 1))
    with pytest.raises(PermissionDenied):
        revoke_award(setting["council"], award, "Sai sót hồ sơ")
    assert revoke_award(setting["editor"], award, "Sai sót hồ sơ").status == AwardStatus.REVOKED


def test_certificate_pdf_has_the_names_and_decision(setting, client):
    award = confirmed(setting)
    response = client.get(f"/xac-minh/{award.uuid}/giay-chung-nhan.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert len(response.content) > 5000
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BẰNG KHEN", "Xã Long Khánh A",
                     "Quyết định số 1234/QĐ-UBND ngày 20/12/2025", "Đẩy mạnh CCHC, nâng cao chất lượng công vụ",
                     "CHỦ TỊCH UBND TỈNH ĐỒNG THÁP", f"/xac-minh/{award.uuid}/"):
        assert expected in text, expected


def test_credential_has_the_open_badges_3_required_fields(setting, client):
    award = confirmed(setting)
    response = client.get(f"/xac-minh/{award.uuid}.json")
    assert response.status_code == 200
    data = response.json()
    assert data["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert data["@context"][1].startswith("https://purl.imsglobal.org/spec/ob/v3p0/context")
    assert data["type"] == ["VerifiableCredential", "AchievementCredential"]
    assert data["id"].endswith(f"/xac-minh/{award.uuid}.json")
    assert {"id", "type", "name"} <= set(data["issuer"]) and "Profile" in data["issuer"]["type"]
    assert data["issuer"]["id"].endswith("/xac-minh/to-chuc-cap.json")
    assert data["credentialSubject"]["achievement"]["creator"]["name"] == "Chủ tịch UBND tỉnh Đồng Tháp"
    assert data["validFrom"] == "2025-12-20T00:00:00Z"
    assert data["name"]
    subject = data["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    achievement = subject["achievement"]
    assert {"id", "type", "name", "description", "criteria"} <= set(achievement)
    assert achievement["type"] == ["Achievement"] and achievement["criteria"]["narrative"]
    assert achievement["name"] == "Bằng khen của Chủ tịch UBND tỉnh"


def test_verification_page_valid_then_revoked(setting, client):
    award = confirmed(setting)
    page = client.get(f"/xac-minh/{award.uuid}/").content.decode()
    assert "HỢP LỆ" in page and "1234/QĐ-UBND" in page and "Xã Long Khánh A" in page
    revoke_award(setting["editor"], award, "Phát hiện sai sót trong hồ sơ đề nghị")
    page = client.get(f"/xac-minh/{award.uuid}/").content.decode()
    assert "ĐÃ THU HỒI" in page and ">HỢP LỆ<" not in page and "Phát hiện sai sót" in page
    assert client.get(f"/xac-minh/{award.uuid}/giay-chung-nhan.pdf").status_code == 410
    credential = client.get(f"/xac-minh/{award.uuid}.json")
    assert credential.status_code == 410 and credential.json()["credentialStatus"]["statusListIndex"] == str(award.pk)


def test_proposals_are_not_public(setting, client):
    award = proposed(setting)
    page = client.get(f"/xac-minh/{award.uuid}/")
    assert page.status_code == 404 and "KHÔNG HỢP LỆ" in page.content.decode()  # a clear page, not a bare 404
    assert "Xã Long Khánh A" not in page.content.decode()
    assert client.get(f"/xac-minh/{award.uuid}.json").status_code == 404
    assert client.get(f"/xac-minh/{award.uuid}.jwt").status_code == 404
