"""A write costs what it touches (issue 17): one `record_observation` or `record_adoption`, with
everything that runs on its commit in the embedded default (eager Celery: campaign points, the
leaderboard, badges, the page-cache invalidation), issues no more queries on 10× the adopters, the
initiatives and the ledger than on the small set; and an observation evaluates only the badges
that read its indicator."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaigns import badges, tasks
from core.roles import EDITORS
from initiatives.status import InitiativeStatus
from rollout import actions
from rollout.models import Adoption, AdoptionStatus, Metric, Observation
from rollout.periods import Period
from tests.factories import UnitFactory, make_campaign, make_initiative, make_member

START = datetime.date(2024, 1, 1)


def build(site, province, editor, campaign, scale, capture):
    """`scale` × (10 adopters of one initiative, 1 initiative the writing unit adopted first in its
    province), each adopter enrolled and with a baseline and a later SIPAS value (written in bulk)."""
    from campaigns.models import Enrolment
    from rollout import impact_store

    origin = UnitFactory(name=f"Xã Gốc {scale}", parent=province)
    writer_unit = UnitFactory(name=f"Xã Ghi {scale}", parent=province)
    adopters = [UnitFactory(name=f"Xã Áp Dụng {scale}-{k}", parent=province) for k in range(10 * scale)]
    page = make_initiative(site["index"], origin, title=f"Mô hình {scale}", status=InitiativeStatus.RECOGNISED)
    sipas = Metric.objects.get(code="sipas")
    with capture(execute=True):
        Enrolment.objects.bulk_create(Enrolment(campaign=campaign, unit=unit) for unit in [writer_unit, *adopters])
        Adoption.objects.bulk_create(Adoption(initiative=page, unit=unit, status=AdoptionStatus.OPERATING,
                                              start_date=START) for unit in [writer_unit, *adopters])
        for k in range(scale):
            other = make_initiative(site["index"], origin, title=f"Sáng kiến {scale}-{k}",
                                    status=InitiativeStatus.RECOGNISED)
            Adoption.objects.create(initiative=other, unit=writer_unit, status=AdoptionStatus.OPERATING,
                                    start_date=START)
        rows = []
        for unit in [writer_unit, *adopters]:
            for year, value in ((2023, 80), (2024, 85)):
                obs = Observation(unit=unit, metric=sipas, value=Decimal(value),
                                  entered_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC))
                obs.set_period(Period.year_of(year))
                rows.append(obs)
        Observation.objects.bulk_create(rows)
        impact_store.refresh([page.pk])
    return writer_unit, page, sipas


def record_official(editor, unit, metric, period, value, source):
    """A figure that earns points at once: an editor's entry from an official source (issue 15: a
    self-reported one earns nothing until the level above verifies it)."""
    return actions.bulk_upsert_observations(
        editor, [actions.ObservationInput(unit, metric, period, value, source)], official=True)


def write_queries(editor, unit, page, sipas, capture, year):
    """Queries of one observation and of one adoption, the on-commit work run (eager)."""
    counts = []
    with CaptureQueriesContext(connection) as ctx, capture(execute=True):
        record_official(editor, unit, sipas, Period.year_of(year), Decimal("97"), "Khảo sát")
    counts.append(len(ctx.captured_queries))
    newcomer = UnitFactory(name=f"Xã Mới {year}", parent=unit.parent)
    with CaptureQueriesContext(connection) as ctx, capture(execute=True):
        actions.record_adoption(editor, page, newcomer, status=AdoptionStatus.OPERATING, start_date=START)
    counts.append(len(ctx.captured_queries))
    return counts


@pytest.fixture
def setting(settings):
    settings.CAMPAIGNS_EAGER_REFRESH_SECONDS = 0  # the board refreshed inside each write: the worst case
    return settings


def test_a_write_issues_the_same_bounded_number_of_queries_on_ten_times_the_data(
        site, province, setting, django_capture_on_commit_callbacks):
    editor = make_member(EDITORS, username="bientap_ghi")
    campaign = make_campaign(targets=[("sipas", 90)])
    small_unit, small_page, sipas = build(site, province, editor, campaign, 1, django_capture_on_commit_callbacks)
    small = write_queries(editor, small_unit, small_page, sipas, django_capture_on_commit_callbacks, 2025)
    big_unit, big_page, sipas = build(site, province, editor, campaign, 10, django_capture_on_commit_callbacks)
    big = write_queries(editor, big_unit, big_page, sipas, django_capture_on_commit_callbacks, 2025)
    assert small[0] <= 60 and small[1] <= 75, small  # the whole write, points, board and badges included
    assert big[0] <= small[0] and big[1] <= small[1], (small, big)
    # The observation earned its points (target 90 reached) and the board shows them.
    assert campaign.point_entries.filter(unit=big_unit, event_key__startswith="indicator_target_reached:").exists()


def test_an_observation_evaluates_only_the_badges_that_read_its_indicator(
        site, province, setting, django_capture_on_commit_callbacks, monkeypatch):
    editor = make_member(EDITORS, username="bientap_huy_hieu")
    campaign = make_campaign(targets=[("sipas", 90)])
    unit, page, sipas = build(site, province, editor, campaign, 1, django_capture_on_commit_callbacks)
    called = []
    for code, func in list(badges.EVALUATORS.items()):
        monkeypatch.setitem(badges.EVALUATORS, code, lambda ids, code=code, func=func: called.append(code) or func(ids))
    with django_capture_on_commit_callbacks(execute=True):
        record_official(editor, unit, sipas, Period.year_of(2025), Decimal("97"), "Khảo sát")
    assert called == ["sipas_percent"]
    other = Metric.objects.exclude(code__in=["sipas", badges.ON_TIME_METRIC]).filter(max_value__isnull=True).first()
    called.clear()
    with django_capture_on_commit_callbacks(execute=True):
        record_official(editor, unit, other, Period.year_of(2025), Decimal("3"), "Báo cáo")
    assert called == []  # no badge reads that indicator
    called.clear()
    newcomer = UnitFactory(name="Xã Mới Huy Hiệu", parent=province)
    with django_capture_on_commit_callbacks(execute=True):
        actions.record_adoption(editor, page, newcomer, status=AdoptionStatus.OPERATING, start_date=START)
    assert sorted(called) == ["first_adopter_in_province", "initiative_replicated"]


def test_criteria_for_is_what_each_criterion_reads():
    assert badges.criteria_for(adoptions=True) == ["first_adopter_in_province", "initiative_replicated"]
    assert badges.criteria_for(metric_codes=["sipas", "x"]) == ["sipas_percent"]
    assert badges.criteria_for() == []


def test_a_queued_badge_evaluation_absorbs_the_same_units_sent_meanwhile(monkeypatch):
    from django.core.cache import cache

    cache.clear()
    sent = []
    monkeypatch.setattr(tasks.evaluate_unit_badges, "delay", lambda ids, criteria=None: sent.append((ids, criteria)))
    tasks.schedule_badges([3, 1], ["sipas_percent"])
    tasks.schedule_badges([1, 2], ["sipas_percent"])  # 1 is already waiting
    tasks.schedule_badges([1], None)  # other criteria: sent
    assert sent == [([1, 3], ["sipas_percent"]), ([2], ["sipas_percent"]), ([1], None)]
    assert tasks.schedule_badges([5], []) == []  # nothing this write can change


def test_without_a_worker_the_board_refreshes_at_most_once_per_interval(settings, monkeypatch):
    from django.core.cache import cache

    cache.clear()
    settings.CAMPAIGNS_EAGER_REFRESH_SECONDS = 15
    refreshed = []
    monkeypatch.setattr(tasks.refresh_campaign_leaderboard, "apply_async",
                        lambda args, countdown=None: (refreshed.append(args[0]), cache.delete(tasks._refresh_key(args[0]))))
    for _ in range(5):
        tasks.schedule_refresh([7])
    assert refreshed == [7]
    cache.delete(tasks._recent_key(7))  # the interval has passed
    tasks.schedule_refresh([7])
    assert refreshed == [7, 7]
    settings.CAMPAIGNS_EAGER_REFRESH_SECONDS = 0
    tasks.schedule_refresh([7])
    tasks.schedule_refresh([7])
    assert refreshed == [7, 7, 7, 7]


def test_the_campaign_and_unit_pages_say_when_the_board_was_computed(site, province, client,
                                                                     django_capture_on_commit_callbacks):
    from django.core.cache import cache
    from django.utils import timezone

    from campaigns.leaderboard import refresh_leaderboard
    from campaigns.models import Enrolment

    cache.clear()
    campaign = make_campaign(slug="thi-dua-cap-nhat")
    unit = UnitFactory(name="Xã Cập Nhật", parent=province)
    Enrolment.objects.create(campaign=campaign, unit=unit)
    with django_capture_on_commit_callbacks(execute=True):
        refresh_leaderboard(campaign)
    when = timezone.localtime(cache.get(f"campaigns:leaderboard-computed:{campaign.pk}")).strftime("%d/%m/%Y %H:%M")
    assert f"Cập nhật lúc {when}" in client.get(campaign.url).content.decode()
    assert f"(bảng xếp hạng cập nhật lúc {when})" in client.get(f"/don-vi/{unit.key}/").content.decode()
