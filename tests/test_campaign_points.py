"""Points: each rule on a known scenario (totals and ranks, ties included), idempotence under replay,
task retry and rebuild, corrections, and the leaderboard's query count."""

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.utils import timezone

from campaigns import tasks
from campaigns.actions import correct_points, enrol_unit
from campaigns.leaderboard import refresh_leaderboard
from campaigns.models import Enrolment, LeaderboardRow, PeerGroup, PointEntry
from initiatives.actions import recognise_initiative, submit_initiative
from core.roles import EDITORS
from initiatives.status import RecognitionLevel
from rollout.actions import change_adoption_status, record_adoption
from rollout.models import AdoptionStatus, Metric, Observation, Period, Verification
from tests.factories import UnitFactory, make_campaign, make_initiative, make_member


def board(campaign, peer_group=None):
    return {row.unit.name: (row.points, row.rank) for row in
            LeaderboardRow.objects.filter(campaign=campaign, peer_group=peer_group).select_related("unit")}


def totals(campaign):
    result = {}
    for entry in PointEntry.objects.filter(campaign=campaign).select_related("unit"):
        result[entry.unit.name] = result.get(entry.unit.name, 0) + entry.points
    return result


def observe(unit, code, period, value, entered_at):
    obs = Observation(unit=unit, metric=Metric.objects.get(code=code), value=Decimal(value), entered_at=entered_at,
                      verification=Verification.OFFICIAL)  # earns points (self-reported: test_observation_verification)
    obs.set_period(period)
    obs.save()
    return obs


@pytest.fixture
def world(site, province, django_capture_on_commit_callbacks):
    units = {name: UnitFactory(name=name, parent=province) for name in ("Xã An", "Xã Bình", "Xã Cát", "Xã Dương")}
    outsider = UnitFactory(name="Xã Ngoài Cuộc", parent=province)
    editor = make_member(EDITORS)
    campaign = make_campaign(targets=[("dossiers_on_time_pct", 98), ("sipas", 90)])
    with django_capture_on_commit_callbacks(execute=True):
        for unit in units.values():
            enrol_unit(editor, campaign, unit)
    return {"units": units, "outsider": outsider, "editor": editor, "campaign": campaign, "site": site}


def run_scenario(world, capture):
    """A: province-level recognition, adopted by B and C. B: commune-level recognition, its adoption
    of A's model reaches operating. C: submitted only, reaches two indicator targets (reported late).
    The outsider is not enrolled."""
    u, editor, index = world["units"], world["editor"], world["site"]["index"]
    today = timezone.localdate()
    with capture(execute=True):
        a = make_initiative(index, u["Xã An"], title="Một cửa số")
        b = make_initiative(index, u["Xã Bình"], title="Ngày không hẹn")
        c = make_initiative(index, u["Xã Cát"], title="Tổ công nghệ số")
        x = make_initiative(index, world["outsider"], title="Sáng kiến ngoài phong trào")
        for page in (a, b, c, x):
            submit_initiative(editor, page)
        recognise_initiative(editor, a, RecognitionLevel.PROVINCE)
        recognise_initiative(editor, b, RecognitionLevel.COMMUNE)
        adoption_b = record_adoption(editor, a, u["Xã Bình"], status=AdoptionStatus.PILOTING)
        change_adoption_status(editor, adoption_b, AdoptionStatus.OPERATING)
        record_adoption(editor, a, u["Xã Cát"], status=AdoptionStatus.PILOTING)
        record_adoption(editor, b, u["Xã Dương"], status=AdoptionStatus.PLANNED)  # planned: no points yet
        period = Period.month(today.year - 1, 3)
        late = timezone.now()
        obs = [observe(u["Xã Cát"], "dossiers_on_time_pct", period, "99.1", late),
               observe(u["Xã Cát"], "sipas", period, "92", late),
               observe(u["Xã Dương"], "sipas", period, "85", late)]  # below target
        tasks.award_observation_points.delay([o.pk for o in obs])
    return {"a": a, "b": b, "c": c, "x": x, "adoption_b": adoption_b}


EXPECTED = {
    # 5 submitted + 40 province + 2 × 15 adopted by another unit
    "Xã An": (75, 1),
    # 5 submitted + 10 commune + 10 its adoption operating
    "Xã Bình": (25, 2),
    # 5 submitted + 2 × 5 indicator targets reached (reported late: no on-time points)
    "Xã Cát": (15, 3),
    # nothing: planned adoption, SIPAS below target, no initiative
    "Xã Dương": (0, 4),
}


def test_each_rule_on_a_known_scenario(world, django_capture_on_commit_callbacks):
    run_scenario(world, django_capture_on_commit_callbacks)
    campaign = world["campaign"]
    assert totals(campaign) == {k: v[0] for k, v in EXPECTED.items() if v[0]}
    assert board(campaign) == EXPECTED
    assert not PointEntry.objects.filter(unit=world["outsider"]).exists()
    keys = set(PointEntry.objects.filter(campaign=campaign).values_list("event_key", flat=True))
    a = LeaderboardRow.objects.get(campaign=campaign, unit__name="Xã An", peer_group=None)
    assert a.movement == "new"
    assert any(k.startswith("initiative_recognised:") and k.endswith(":province") for k in keys)


def test_ties_share_a_rank_and_the_next_rank_skips(world, django_capture_on_commit_callbacks):
    run_scenario(world, django_capture_on_commit_callbacks)
    campaign = world["campaign"]
    # Xã Cát gains 10 by correction: tied with Xã Bình at 25.
    correct_points(world["editor"], campaign, world["units"]["Xã Cát"], 10, "Bổ sung điểm báo cáo")
    refresh_leaderboard(campaign)
    assert board(campaign) == {"Xã An": (75, 1), "Xã Bình": (25, 2), "Xã Cát": (25, 2), "Xã Dương": (0, 4)}
    order = list(LeaderboardRow.objects.filter(campaign=campaign, peer_group=None).values_list("unit__name", flat=True))
    assert order == ["Xã An", "Xã Bình", "Xã Cát", "Xã Dương"]  # within the tie: by name


def test_on_time_reporting_earns_once_per_period(world, django_capture_on_commit_callbacks):
    unit = world["units"]["Xã Dương"]
    period = Period.month(timezone.localdate().year - 1, 6)
    on_time = timezone.make_aware(datetime.datetime.combine(period.end + datetime.timedelta(days=3), datetime.time(9)))
    obs = [observe(unit, "sipas", period, "70", on_time), observe(unit, "dossiers_on_time_pct", period, "90", on_time)]
    with django_capture_on_commit_callbacks(execute=True):
        tasks.award_observation_points.delay([o.pk for o in obs])
    assert list(PointEntry.objects.filter(unit=unit).values_list("event_key", "points")) == [
        (f"indicators_on_time:{unit.pk}:{period.key}", 2)]


def test_replay_retry_and_rebuild_never_count_twice(world, django_capture_on_commit_callbacks):
    ids = run_scenario(world, django_capture_on_commit_callbacks)
    campaign = world["campaign"]
    count = PointEntry.objects.count()
    # Replay every event and task.
    tasks.award_initiative_points.delay([p.pk for p in (ids["a"], ids["b"], ids["c"], ids["x"])])
    tasks.award_adoption_points.delay([ids["adoption_b"].pk])
    tasks.award_observation_points.delay(list(Observation.objects.values_list("pk", flat=True)))
    # Rebuild twice, through the command.
    call_command("rebuild_ledger", campaign.slug, stdout=mock.MagicMock())
    call_command("rebuild_ledger", campaign.slug, stdout=mock.MagicMock())
    assert PointEntry.objects.count() == count
    assert board(campaign) == EXPECTED


def test_a_task_retried_after_a_failure_counts_once(world, django_capture_on_commit_callbacks):
    ids = run_scenario(world, django_capture_on_commit_callbacks)
    PointEntry.objects.filter(event_key__startswith="initiative_recognised:").delete()  # as if never awarded
    calls = {"n": 0}
    real = tasks.schedule_refresh

    def flaky(campaign_ids):
        calls["n"] += 1
        if calls["n"] == 1:  # the first attempt dies after writing its entries
            raise OperationalError("database is locked")
        return real(campaign_ids)

    assert OperationalError in tasks.award_initiative_points.autoretry_for  # Celery retries on this
    with mock.patch.object(tasks, "schedule_refresh", flaky):
        with pytest.raises(OperationalError):
            tasks.award_initiative_points.run([ids["a"].pk, ids["b"].pk])  # first attempt
        tasks.award_initiative_points.run([ids["a"].pk, ids["b"].pk])  # the retry
    assert calls["n"] == 2
    assert PointEntry.objects.filter(event_key__startswith="initiative_recognised:").count() == 2
    assert board(world["campaign"]) == EXPECTED


def test_enrolling_later_awards_past_events(world, django_capture_on_commit_callbacks):
    run_scenario(world, django_capture_on_commit_callbacks)
    campaign = world["campaign"]
    with django_capture_on_commit_callbacks(execute=True):
        enrol_unit(world["editor"], campaign, world["outsider"])
    assert board(campaign)["Xã Ngoài Cuộc"] == (5, 4)


def test_events_outside_the_period_do_not_count(site, province, django_capture_on_commit_callbacks):
    from campaigns.models import PhaseKind

    unit = UnitFactory(name="Xã Cũ", parent=province)
    editor = make_member(EDITORS)
    old = make_campaign("cu", phases=[(PhaseKind.IMPLEMENTATION, datetime.date(2020, 1, 1), datetime.date(2020, 12, 31))])
    with django_capture_on_commit_callbacks(execute=True):
        enrol_unit(editor, old, unit)
        page = make_initiative(site["index"], unit)
        submit_initiative(editor, page)
    assert not PointEntry.objects.filter(campaign=old).exists()
    assert board(old) == {"Xã Cũ": (0, 1)}


def test_peer_group_board_ranks_within_the_group(world, django_capture_on_commit_callbacks):
    run_scenario(world, django_capture_on_commit_callbacks)
    group = PeerGroup.objects.get(slug="xa-bien-gioi")
    group.units.add(world["units"]["Xã Cát"], world["units"]["Xã Dương"])
    refresh_leaderboard(world["campaign"])
    assert board(world["campaign"], group) == {"Xã Cát": (15, 1), "Xã Dương": (0, 2)}


def test_movement_against_the_previous_period(world, django_capture_on_commit_callbacks):
    run_scenario(world, django_capture_on_commit_callbacks)
    campaign = world["campaign"]
    last_month = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    refresh_leaderboard(campaign, today=last_month)  # last period: Xã An 1st, Xã Dương 4th
    correct_points(world["editor"], campaign, world["units"]["Xã Dương"], 100, "Điều chỉnh theo kết luận kiểm tra")
    refresh_leaderboard(campaign)
    refresh_leaderboard(campaign)  # refreshing again in the same period keeps the comparison
    rows = {r.unit.name: (r.rank, r.previous_rank, r.movement)
            for r in LeaderboardRow.objects.filter(campaign=campaign, peer_group=None).select_related("unit")}
    assert rows["Xã Dương"] == (1, 4, "up")
    assert rows["Xã An"] == (2, 1, "down")
    assert rows["Xã Bình"] == (3, 2, "down")


def test_leaderboard_query_count_does_not_grow_with_the_ledger(world, client, django_assert_max_num_queries):
    campaign = world["campaign"]
    units = list(world["units"].values())

    def add_entries(n, offset):
        PointEntry.objects.bulk_create([
            PointEntry(campaign=campaign, unit=units[i % len(units)], points=1 + i % 7, event_key=f"t:{offset + i}",
                       event_date=timezone.localdate()) for i in range(n)])
        refresh_leaderboard(campaign)

    def measure():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(campaign.url + "?province=87").status_code == 200
            assert client.get(f"/api/v1/campaigns/{campaign.slug}/leaderboard/").status_code == 200
        return len(ctx.captured_queries)

    add_entries(50, 0)
    small = measure()
    add_entries(500, 1000)
    with django_assert_max_num_queries(small):
        assert client.get(campaign.url + "?province=87").status_code == 200
        assert client.get(f"/api/v1/campaigns/{campaign.slug}/leaderboard/").status_code == 200
    assert Enrolment.objects.filter(campaign=campaign).count() == 4


def test_refresh_is_debounced_while_one_is_pending(world):
    from django.core.cache import cache

    campaign = world["campaign"]
    cache.delete(tasks._refresh_key(campaign.pk))
    with mock.patch.object(tasks.refresh_campaign_leaderboard, "apply_async") as enqueue:
        tasks.schedule_refresh([campaign.pk])
        tasks.schedule_refresh([campaign.pk])  # arrives within the window: shares the pending refresh
        tasks.schedule_refresh([campaign.pk])
    assert enqueue.call_count == 1
    assert enqueue.call_args.kwargs["countdown"] == tasks.REFRESH_DELAY
    tasks.refresh_campaign_leaderboard.run(campaign.pk)  # the refresh starts: the window closes
    with mock.patch.object(tasks.refresh_campaign_leaderboard, "apply_async") as enqueue:
        tasks.schedule_refresh([campaign.pk])
    assert enqueue.call_count == 1


def test_database_ranking_matches_the_rules_and_drops_units_that_left(world):
    """The refresh ranks in SQL; it must agree with ranking.rank_standings (1224, ties in name then
    code order by code point: "Xã Em" before "Xã Đông", which a Vietnamese/English collation reverses),
    on the overall board and on a peer group, and remove rows of units no longer enrolled."""
    from campaigns.ranking import rank_standings

    campaign, province = world["campaign"], world["units"]["Xã An"].parent
    extra = [UnitFactory(name=name, parent=province, code=code)
             for name, code in (("Xã Đông", "91001"), ("Xã Em", "91002"), ("Xã Em", "91000"))]
    for unit in extra:
        Enrolment.objects.create(campaign=campaign, unit=unit)
    units = list(world["units"].values()) + extra
    points = [30, 10, 10, 0, 10, 10, 10]
    PointEntry.objects.bulk_create([
        PointEntry(campaign=campaign, unit=unit, points=p, event_key=f"rank:{i}", event_date=timezone.localdate())
        for i, (unit, p) in enumerate(zip(units, points)) if p])
    group = PeerGroup.objects.create(name="Xã biên giới", slug="xa-bien-gioi-thu")
    group.units.add(*extra, world["units"]["Xã Dương"])

    assert refresh_leaderboard(campaign) == len(units) + 4
    for peer_group, members in ((None, units), (group, extra + [world["units"]["Xã Dương"]])):
        expected = [(r.key, r.rank, r.position) for r in rank_standings(
            [(u.pk, p, u.name, u.code) for u, p in zip(units, points) if u in members])]
        stored = list(LeaderboardRow.objects.filter(campaign=campaign, peer_group=peer_group)
                      .order_by("position").values_list("unit_id", "rank", "position"))
        assert stored == expected
    names = list(LeaderboardRow.objects.filter(campaign=campaign, peer_group=None, points=10)
                 .order_by("position").values_list("unit__name", "unit__code"))
    assert names == [("Xã Bình", world["units"]["Xã Bình"].code), ("Xã Cát", world["units"]["Xã Cát"].code),
                     ("Xã Em", "91000"), ("Xã Em", "91002"), ("Xã Đông", "91001")]

    stamp = LeaderboardRow.objects.get(campaign=campaign, peer_group=None, unit=world["units"]["Xã An"]).updated_at
    Enrolment.objects.filter(campaign=campaign, unit=extra[0]).delete()
    group.units.remove(world["units"]["Xã Dương"])
    assert refresh_leaderboard(campaign) == len(units) - 1 + 2
    assert not LeaderboardRow.objects.filter(campaign=campaign, unit=extra[0]).exists()
    dropped = LeaderboardRow.objects.filter(campaign=campaign, peer_group=group, unit=world["units"]["Xã Dương"])
    assert not dropped.exists()
    # Xã An's row did not change (still first with 30 points): it is not rewritten.
    first = LeaderboardRow.objects.get(campaign=campaign, peer_group=None, unit=world["units"]["Xã An"])
    assert first.updated_at == stamp
