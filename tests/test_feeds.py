"""Atom feeds (issue 19): each parses as Atom 1.0 without error (feedparser, bozo == 0), lists
exactly the database's public items, never a draft, unpublished or restricted initiative, and is
linked from its page with <link rel="alternate">."""

import datetime

import feedparser
import pytest
from wagtail.models import PageViewRestriction

from campaigns.actions import confirm_award, propose_award
from campaigns.models import AwardKind
from core.roles import COMMUNE_OFFICERS, COUNCIL_MEMBERS, EDITORS
from initiatives.models import StatusChange
from initiatives.status import InitiativeStatus
from public import rules
from rollout.actions import record_adoption
from rollout.models import AdoptionStatus
from tests.factories import UnitFactory, make_campaign, make_initiative, make_member


@pytest.fixture
def world(site, province, commune, other_commune):
    index = site["index"]
    public = make_initiative(index, commune, title="Một cửa không chờ", slug="mot-cua")
    second = make_initiative(index, other_commune, title="Thứ Năm không hẹn", slug="thu-nam")
    draft = make_initiative(index, commune, title="Bản nháp bí mật", slug="ban-nhap", live=False)
    restricted = make_initiative(index, commune, title="Sáng kiến có mật khẩu", slug="co-mat-khau")
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.PASSWORD, password="x")
    unpublished = make_initiative(index, commune, title="Đã gỡ xuống", slug="da-go")
    unpublished.unpublish()
    third = UnitFactory(code="29960", key="29960", name="Xã Tân Hộ Cơ", short_name="Tân Hộ Cơ", parent=province)
    officer = make_member(COMMUNE_OFFICERS, other_commune, username="canbo_pta")
    officer3 = make_member(COMMUNE_OFFICERS, third, username="canbo_thc")
    record_adoption(officer, public, other_commune, status=AdoptionStatus.OPERATING)
    record_adoption(officer3, public, third, status=AdoptionStatus.PILOTING)
    record_adoption(officer3, second, third)  # planned: not replication, not in a feed
    record_adoption(officer3, restricted, third, status=AdoptionStatus.OPERATING)
    for page in (public, draft, restricted, unpublished):
        StatusChange.objects.create(initiative=page, from_status=InitiativeStatus.UNDER_APPRAISAL,
                                    to_status=InitiativeStatus.RECOGNISED)
    campaign = make_campaign(title="Đẩy mạnh CCHC")
    council, editor = make_member(COUNCIL_MEMBERS, province), make_member(EDITORS)
    citation = "Đã có thành tích xuất sắc trong phong trào thi đua cải cách hành chính."
    confirmed = confirm_award(editor, propose_award(council, campaign, AwardKind.BANG_KHEN_TINH, citation,
                                                    unit=commune, issuer_name="Chủ tịch UBND tỉnh"),
                              "12/QĐ-UBND", datetime.date(2025, 12, 20))
    propose_award(council, campaign, AwardKind.BANG_KHEN_TINH, citation, unit=other_commune)  # a proposal
    return {"public": public, "second": second, "draft": draft, "restricted": restricted,
            "unpublished": unpublished, "campaign": campaign, "award": confirmed, "province": province,
            "commune": commune}


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


HIDDEN = ("Bản nháp bí mật", "Sáng kiến có mật khẩu", "Đã gỡ xuống")


def test_unit_initiatives_feed(client, world):
    feed = parse(client, f"/nguon-tin/don-vi/{world['province'].key}/sang-kien.atom")
    expected = set(rules.public_initiatives().values_list("title", flat=True))
    assert {e.title for e in feed.entries} == expected == {"Một cửa không chờ", "Thứ Năm không hẹn"}
    commune = parse(client, f"/nguon-tin/don-vi/{world['commune'].key}/sang-kien.atom")
    assert [e.title for e in commune.entries] == ["Một cửa không chờ"]
    assert all(e.id.startswith("tag:") and e.updated for e in feed.entries)
    assert client.get("/nguon-tin/don-vi/khong-co/sang-kien.atom").status_code == 404


def test_recognitions_feed_only_public(client, world):
    feed = parse(client, "/nguon-tin/cong-nhan.atom")
    assert [e.title for e in feed.entries] == ["Công nhận: Một cửa không chờ"]
    assert not any(hidden in str(feed) for hidden in HIDDEN)


def test_adoptions_feed_equals_started_public_adoptions(client, world):
    feed = parse(client, f"/nguon-tin/sang-kien/{world['public'].pk}/nhan-rong.atom")
    expected = rules.started_adoptions().filter(initiative=world["public"])
    assert len(feed.entries) == expected.count() == 2
    assert {e.title.split(" áp dụng")[0] for e in feed.entries} == {"Xã Phú Thuận A", "Xã Tân Hộ Cơ"}
    assert parse(client, f"/nguon-tin/sang-kien/{world['second'].pk}/nhan-rong.atom").entries == []  # planned only
    for name in ("draft", "restricted", "unpublished"):
        assert client.get(f"/nguon-tin/sang-kien/{world[name].pk}/nhan-rong.atom").status_code == 404, name


def test_campaign_awards_feed(client, world):
    feed = parse(client, f"/nguon-tin/thi-dua/{world['campaign'].slug}/khen-thuong.atom")
    assert len(feed.entries) == rules.public_awards().filter(campaign=world["campaign"]).count() == 1
    [entry] = feed.entries
    assert "Xã Long Khánh A" in entry.title and str(world["award"].uuid) in entry.link
    assert "Phú Thuận A" not in str(feed)  # the proposal is not public
    world["campaign"].unpublish()
    assert client.get(f"/nguon-tin/thi-dua/{world['campaign'].slug}/khen-thuong.atom").status_code == 404


def test_pages_link_their_feeds(client, world):
    def alternates(url):
        html = client.get(url).content.decode()
        return [line for line in html.splitlines() if 'rel="alternate" type="application/atom+xml"' in line]

    assert any(f"/nguon-tin/sang-kien/{world['public'].pk}/nhan-rong.atom" in a for a in alternates(world["public"].url))
    assert any(f"/thi-dua/{world['campaign'].slug}/khen-thuong.atom" in a for a in alternates(world["campaign"].url))
    assert any(f"/nguon-tin/don-vi/{world['commune'].key}/sang-kien.atom" in a
               for a in alternates(f"/don-vi/{world['commune'].key}/"))
    assert any(f"/nguon-tin/don-vi/{world['province'].key}/sang-kien.atom" in a
               for a in alternates(f"/sang-kien/?province={world['province'].key}"))
    assert any("/nguon-tin/cong-nhan.atom" in a for a in alternates("/"))
    # Every advertised feed answers and parses.
    for line in alternates(world["public"].url) + alternates(f"/don-vi/{world['commune'].key}/"):
        parse(client, line.split('href="')[1].split('"')[0])
