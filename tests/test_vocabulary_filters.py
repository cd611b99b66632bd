"""Search facets, the search province filter, the initiative index's province filter and the
leaderboard's province list speak today's map (units.vocabulary), on the real unit data: only current
provinces are offered, "Phú Yên" (merged into Đắk Lắk on 01/07/2025) finds Đắk Lắk's initiatives in
search and in the filters, and cards print today's province (the old one labelled "(trước 01/07/2025)")."""

import pytest

from initiatives.status import InitiativeStatus
from tests.factories import load_real_unit_subset, make_initiative
from units.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(site, django_capture_on_commit_callbacks):
    load_real_unit_subset({"h562"})  # Huyện Tây Hòa, Tỉnh Phú Yên (before 01/07/2025)
    tay_hoa = AdministrativeUnit.objects.get(key="h562")
    phu_yen = tay_hoa.province
    dak_lak = phu_yen.current_successors()[0]
    assert phu_yen.is_historic and dak_lak.name == "Tỉnh Đắk Lắk" and not dak_lak.is_historic
    with django_capture_on_commit_callbacks(execute=True):
        old = make_initiative(site["index"], tay_hoa, title="Một cửa thân thiện Tây Hòa",
                              status=InitiativeStatus.SUBMITTED)
        new = make_initiative(site["index"], dak_lak, title="Chuyển đổi số tỉnh mới",
                              status=InitiativeStatus.SUBMITTED)
    return {"old": old, "new": new, "phu_yen": phu_yen, "dak_lak": dak_lak, "index": site["index"]}


def _search(client, **params):
    response = client.get("/api/v1/search/", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_search_files_old_units_under_todays_province_and_offers_only_current_provinces(client, world):
    everything = _search(client)
    keys = {bucket["value"] for bucket in everything["facets"]["province"]}
    assert keys == {world["dak_lak"].key}  # never Phú Yên's old key
    for name in ("Phú Yên", "phu yen", world["phu_yen"].key, world["dak_lak"].key, "Đắk Lắk"):
        found = _search(client, province=name)
        assert {hit["id"] for hit in found["results"]} == {world["old"].pk, world["new"].pk}, name
    text = _search(client, q="Phú Yên")  # the old name in the text finds today's province's initiatives
    assert {hit["id"] for hit in text["results"]} == {world["old"].pk, world["new"].pk}
    assert client.get("/api/v1/search/", {"province": "87;--"}).status_code == 400  # still refused, named


def test_search_card_prints_todays_province_and_the_old_one_labelled(client, world):
    html = client.get("/tim-kiem/", {"q": "Tây Hòa"}).content.decode()
    assert "Huyện Tây Hòa, Phú Yên (trước 01/07/2025), Tỉnh Đắk Lắk" in html


def test_initiative_index_filter_reads_old_names_and_offers_only_current_provinces(client, world):
    url = world["index"].url
    listing = client.get(url)
    assert [p.key for p in listing.context["provinces"]] == [world["dak_lak"].key]
    for name in ("Phú Yên", world["phu_yen"].key):
        page = client.get(url, {"province": name})
        titles = {i.title for i in page.context["initiatives"]}
        assert titles == {"Một cửa thân thiện Tây Hòa", "Chuyển đổi số tỉnh mới"}, name
        assert page.context["selected"]["province"] == world["dak_lak"].key
    html = client.get(url, {"province": "Phú Yên"}).content.decode()
    assert "Huyện Tây Hòa (trước 01/07/2025), Đắk Lắk" in html
    assert not client.get(url, {"province": "Không có tỉnh này"}).context["initiatives"]


def test_leaderboard_offers_only_todays_provinces(world):
    from django.test import RequestFactory

    from campaigns.models import LeaderboardRow
    from campaigns.views import campaign_page_context
    from tests.factories import make_campaign

    campaign = make_campaign()
    tay_hoa = world["old"].origin_unit
    # A row computed before the board stored today's province still names Phú Yên: never offered.
    LeaderboardRow.objects.create(campaign=campaign, unit=tay_hoa, province=world["phu_yen"], level="district",
                                  rank=1, position=1, points=5, period="2025")
    LeaderboardRow.objects.create(campaign=campaign, unit=world["dak_lak"], province=world["dak_lak"],
                                  level="province", rank=2, position=2, points=3, period="2025")
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    context = campaign_page_context(campaign, request)
    assert [p.key for p in context["provinces"]] == [world["dak_lak"].key]
