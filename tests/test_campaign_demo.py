"""campaigns.demo on the real demo initiatives: enrolled units, points by the real rules, a leaderboard,
a confirmed award with its certificate; running it twice changes nothing."""

import io

import pytest

from campaigns import demo
from campaigns.models import (Award, AwardStatus, CampaignPage, Enrolment, KindCategory, LeaderboardRow,
                              PointEntry)
from initiatives import demo as initiatives_demo


@pytest.mark.django_db
def test_demo_campaign_is_built_from_real_events_and_is_idempotent(site, demo_units, client):
    initiatives_demo.load(io.StringIO())
    demo.load(io.StringIO())
    campaign = CampaignPage.objects.get(slug=demo.SLUG)
    assert campaign.title == "Đẩy mạnh CCHC, nâng cao chất lượng công vụ giai đoạn 2020-2025"
    assert campaign.url == f"/thi-dua/{demo.SLUG}/"
    counts = (Enrolment.objects.count(), PointEntry.objects.count(), LeaderboardRow.objects.count(), Award.objects.count())
    top = LeaderboardRow.objects.filter(campaign=campaign, peer_group=None).select_related("unit").first()
    # Xuân Lộc: three initiatives submitted (3 × 5) and recognised at province level (3 × 40)
    assert (top.unit.key, top.rank, top.points) == ("h741", 1, 135)
    award = Award.objects.get(recipient_person=None)  # a collective's form
    assert award.status == AwardStatus.CONFIRMED and award.recipient_unit == top.unit
    title = Award.objects.get(recipient_person__isnull=False)  # an individual's title
    assert title.kind_id == "ld_tien_tien" and "minh hoạ" in title.recipient_name

    demo.load(io.StringIO())
    assert (Enrolment.objects.count(), PointEntry.objects.count(), LeaderboardRow.objects.count(),
            Award.objects.count()) == counts
    html = client.get(campaign.url).content.decode()
    assert "Huyện Xuân Lộc" in html and "Bằng khen của Chủ tịch UBND tỉnh" in html
    assert (award.kind.category, title.kind.category) == (KindCategory.FORM, KindCategory.TITLE)
    for decided in (award, title):  # both verifiable: the signed credential and the signed PDF
        assert ">HỢP LỆ<" in client.post("/xac-minh/", {"credential": decided.credential_jwt}).content.decode()
        pdf = client.get(f"/xac-minh/{decided.uuid}/giay-chung-nhan.pdf")
        assert pdf.status_code == 200
        page = client.post("/xac-minh/", {"pdf": io.BytesIO(pdf.content)}, format="multipart").content.decode()
        assert ">HỢP LỆ<" in page and "Chữ ký số trên tệp PDF hợp lệ" in page and decided.recipient_name in page
