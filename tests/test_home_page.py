"""The home page a visitor lands on: headline figures (cached, kept fresh by signals), featured
models, the current campaign's top 10, the latest recognitions; drafts never shown; constant queries."""

import datetime
import re

import pytest
from django.core.cache import cache

from campaigns.models import LeaderboardRow
from home import figures
from initiatives import actions as initiative_actions
from initiatives.models import StatusChange
from initiatives.status import InitiativeStatus, RecognitionLevel
from rollout import actions
from rollout.models import AdoptionStatus
from tests.factories import UnitFactory, make_campaign, make_initiative
from tests.showcase_data import add_more, build_world


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(site, province):
    return build_world(site, province)


def home(client):
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def figure(html, label):
    match = re.search(r"<strong>([\d.]+)</strong> " + re.escape(label), html)
    return match and match.group(1)


def test_headline_figures_count_public_initiatives_started_adoptions_and_units(client, world):
    html = home(client)
    # Public: the two recognised models and the submitted one (not the draft, not the unpublished page).
    assert figure(html, "sáng kiến, mô hình đã công bố") == "3"
    assert figure(html, "được công nhận") == "2"
    # B, C, D and A started a model; E only plans to; D's adoption of the draft does not count.
    assert figure(html, "lượt nhân rộng") == "4"
    # A, B, C originated public initiatives; B, C, D, A adopted: four distinct units (E only plans).
    assert figure(html, "đơn vị tham gia") == "4"


def test_drafts_and_unpublished_pages_never_appear(client, world):
    html = home(client)
    assert "Bản nháp bí mật" not in html and "Chưa đăng bao giờ" not in html
    assert "Mô hình nổi bật" in html and "Một cửa không chờ" in html


def test_latest_recognitions_newest_first_with_vietnamese_dates(client, world, site, province):
    # Recognised through the named action, without a decision date: dated by the recorded change.
    later = make_initiative(site["index"], world["units"]["D"], title="Tiếp nhận hồ sơ tại nhà",
                            status=InitiativeStatus.UNDER_APPRAISAL)
    initiative_actions.recognise_initiative(world["editor"], later, RecognitionLevel.COMMUNE, authorised=True)
    StatusChange.objects.filter(initiative=later).update(
        created_at=datetime.datetime(2025, 1, 9, 3, 0, tzinfo=datetime.timezone.utc))
    html = home(client)
    section = html.split('id="recognitions-title"')[1].split("</section>")[0]
    assert section.index("Tiếp nhận hồ sơ tại nhà") < section.index("Ngày không dùng tiền mặt") \
        < section.index("Một cửa không chờ")
    assert "công nhận ngày 09/01/2025" in section and "công nhận ngày 06/08/2024" in section
    assert "công nhận ngày 05/03/2024" in section
    assert "Chưa đăng bao giờ" not in section and "Đang chờ thẩm định" not in section


def test_top_10_of_the_current_campaign_with_vietnamese_numbers(client, world, province):
    past = make_campaign("thi-dua-cu", title="Phong trào đã kết thúc", phases=[
        ("implementation", datetime.date(2020, 1, 1), datetime.date(2020, 12, 31))])
    campaign = make_campaign("thi-dua-2025", title="Thi đua cải cách hành chính 2025")
    extra = [UnitFactory(name=f"Xã Thi Đua {i:02d}", parent=province) for i in range(11)]
    for position, unit in enumerate(extra, start=1):
        LeaderboardRow.objects.create(campaign=campaign, unit=unit, province=province, level=unit.level,
                                      points=2500 - position * 100, rank=position, position=position, period="2025-01")
    LeaderboardRow.objects.create(campaign=past, unit=extra[0], province=province, level="commune", points=7,
                                  rank=1, position=1, period="2020-12")
    html = home(client)
    section = html.split('id="campaign-title"')[1].split("</section>")[0]
    assert "Thi đua cải cách hành chính 2025" in section and "Phong trào đã kết thúc" not in section
    assert "2.400" in section and "1.500" in section     # places 1 and 10
    assert "Xã Thi Đua 09" in section and "Xã Thi Đua 10" not in section   # the 11th is not shown
    assert f'href="{campaign.url}"' in section
    assert "<caption" in section and 'scope="col"' in section


def test_no_campaign_no_section(client, world):
    assert 'id="campaign-title"' not in home(client)


def test_headline_figures_are_cached_and_invalidated_by_signals(client, world, django_capture_on_commit_callbacks):
    assert figure(home(client), "lượt nhân rộng") == "4"
    # A write behind the actions' back is not seen until the cache is refreshed…
    from rollout.models import Adoption

    Adoption.objects.filter(unit=world["units"]["E"]).update(status=AdoptionStatus.PILOTING)
    assert figure(home(client), "lượt nhân rộng") == "4"
    # …an adoption recorded through the named action drops the cached figures on commit.
    with django_capture_on_commit_callbacks(execute=True):
        actions.record_adoption(world["editor"], world["cashless"], world["units"]["C"],
                                status=AdoptionStatus.OPERATING, start_date=datetime.date(2024, 1, 1))
    assert figure(home(client), "lượt nhân rộng") == "6"
    # So does a recognition.
    with django_capture_on_commit_callbacks(execute=True):
        initiative_actions.recognise_initiative(world["editor"], world["submitted"], RecognitionLevel.COMMUNE,
                                                authorised=True)
    assert figure(home(client), "được công nhận") == "3"
    assert cache.get(figures.HEADLINE_CACHE_KEY)["recognised"] == 3
    # Publishing (or unpublishing) an initiative page does too.
    page = make_initiative(world["one_stop"].get_parent().specific, world["units"]["E"], title="Mới đăng")
    assert figure(home(client), "sáng kiến, mô hình đã công bố") == "4"
    page.unpublish()
    assert figure(home(client), "sáng kiến, mô hình đã công bố") == "3"


def test_after_a_change_readers_get_the_previous_figures_while_one_refresh_runs(
        client, world, monkeypatch, django_capture_on_commit_callbacks):
    """Issue 17: the national counts are never recomputed in a visitor's request once cached; after an
    adoption, every reader gets the previous figures and exactly one background refresh is sent."""
    from home import tasks

    assert figure(home(client), "lượt nhân rộng") == "4"
    sent = []
    monkeypatch.setattr(tasks.refresh_headline_figures, "delay", lambda: sent.append(1))  # a worker's queue
    with django_capture_on_commit_callbacks(execute=True):
        actions.record_adoption(world["editor"], world["cashless"], world["units"]["C"],
                                status=AdoptionStatus.OPERATING, start_date=datetime.date(2024, 1, 1))
    compute = figures.compute_headline_figures

    def counted_in_a_request():
        raise AssertionError("the national counts ran in a visitor's request")

    monkeypatch.setattr(figures, "compute_headline_figures", counted_in_a_request)
    assert [figure(home(client), "lượt nhân rộng") for _ in range(3)] == ["4"] * 3
    assert sent == [1]
    monkeypatch.setattr(figures, "compute_headline_figures", compute)
    tasks.refresh_headline_figures.apply()  # the worker runs it
    assert figure(home(client), "lượt nhân rộng") == "5"
    assert sent == [1]


def test_home_queries_do_not_grow_with_the_data(client, world, site, province, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    campaign = make_campaign()
    for position, unit in enumerate(world["units"].values(), start=1):
        LeaderboardRow.objects.create(campaign=campaign, unit=unit, province=province, level=unit.level,
                                      points=100 - position, rank=position, position=position, period="2025-01")
    with CaptureQueriesContext(connection) as small:
        home(client)
    add_more(world, site, province, count=6)
    cache.clear()
    with django_assert_max_num_queries(len(small.captured_queries)):
        home(client)
    with django_assert_max_num_queries(len(small.captured_queries) - 3):   # cached figures: three fewer
        home(client)
