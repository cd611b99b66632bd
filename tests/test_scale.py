"""The national-scale generator (scale) and the constant-query-count guarantee of public pages.

Runs on a few factory-made units (not the full unit load), so it is fast on SQLite and PostgreSQL.
The benchmark itself (`make bench`) is not part of the suite: it needs a served app and minutes.
"""

import random

import pytest
from django.db import connection
from django.db.models import Count, F, Max, Min
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from bench.targets import discover
from scale.generator import SLUG_PREFIX, Scale, clear, generate
from scale.pages import generated_pages
from scale.rows import ledger_available
from scale.shapes import metric_bounds, metric_value, zipf_counts
from initiatives.models import InitiativeIndexPage, InitiativePage
from rollout.models import Adoption, Metric, Observation
from tests.factories import ProvinceFactory, UnitFactory, UserFactory


# -- pure shapes --------------------------------------------------------------------------------

def test_zipf_counts_exact_capped_and_skewed():
    counts = zipf_counts(1000, 10_000, 300, random.Random(1))
    assert sum(counts) == 10_000
    assert max(counts) <= 300
    ordered = sorted(counts, reverse=True)
    # A few initiatives are adopted very widely, most rarely.
    assert sum(ordered[:10]) > 0.25 * 10_000
    assert ordered[len(ordered) // 2] <= 5
    assert zipf_counts(1000, 10_000, 300, random.Random(1)) == counts  # deterministic


def test_zipf_counts_refuses_more_than_fits():
    with pytest.raises(ValueError):
        zipf_counts(3, 10, 3, random.Random(1))


@pytest.mark.parametrize("better", [True, False])
def test_metric_value_stays_in_range_and_drifts_the_good_way(better):
    rng = random.Random(3)
    low, high = metric_bounds("percent", 0, 100)
    early = [metric_value(low, high, 2, better, 0.0, rng.uniform) for _ in range(500)]
    late = [metric_value(low, high, 2, better, 1.0, rng.uniform) for _ in range(500)]
    assert all(low <= v <= high for v in early + late)
    assert (sum(late) > sum(early)) == better


# -- the generator on factory units --------------------------------------------------------------

@pytest.fixture
def small_units(site):
    province = ProvinceFactory(code="91", key="91", name="Tỉnh Sinh Thử", short_name="Sinh Thử")
    communes = [UnitFactory(parent=province, name=f"Xã Sinh Thử {n}") for n in range(40)]
    return province, communes


SMALL = Scale(initiatives=200, adoptions=1000, observations=2000, ledger=500, seed=7)


def _counts():
    counts = {"initiatives": generated_pages().count(),
              "adoptions": Adoption.objects.filter(initiative__slug__startswith=SLUG_PREFIX).count(),
              "observations": Observation.objects.filter(adoption__initiative__slug__startswith=SLUG_PREFIX).count()}
    if ledger_available():
        from campaigns.models import PointEntry

        counts["ledger"] = PointEntry.objects.filter(event_key__startswith="gen:").count()
    return counts


def _first_titles(n=5):
    return list(generated_pages().order_by("path").values_list("title", flat=True)[:n])


@pytest.mark.django_db
def test_generator_makes_the_requested_rows_in_a_valid_tree(small_units, client):
    generate(SMALL, quiet=True)
    expected = {"initiatives": 200, "adoptions": 1000, "observations": 2000}
    if ledger_available():
        expected["ledger"] = 500
    assert _counts() == expected

    # The tree is what treebeard would have built: no path/depth/numchild problems.
    assert all(not problems for problems in Page.find_problems())
    index = InitiativeIndexPage.objects.get()
    assert index.numchild == index.get_children().count()
    assert InitiativePage.objects.live().child_of(index).filter(slug__startswith=SLUG_PREFIX).count() == 200

    # Every observation lies inside its metric's range and in the five campaign years.
    for metric in Metric.objects.filter(observations__isnull=False).distinct():
        span = metric.observations.aggregate(low=Min("value"), high=Max("value"),
                                             first=Min("period_start"), last=Max("period_end"))
        low, high = metric_bounds(metric.unit, metric.min_value, metric.max_value)
        assert low <= span["low"] and span["high"] <= high, metric.code
        assert span["first"].year >= 2021 and span["last"].year <= 2025

    # Adoptions never go to the initiative's own unit, and are Zipf-like: few pages take most.
    assert not Adoption.objects.filter(initiative__slug__startswith=SLUG_PREFIX,
                                       unit=F("initiative__origin_unit")).exists()
    per_page = sorted(Adoption.objects.values("initiative").annotate(n=Count("pk")).values_list("n", flat=True),
                      reverse=True)
    assert per_page[0] >= 5 * per_page[len(per_page) // 2]

    # Generated pages are served to the public and open in the admin editor.
    page = generated_pages().order_by("path").first()
    response = client.get(page.url)
    assert response.status_code == 200
    assert page.title.split("“")[0].strip() in response.content.decode()
    client.force_login(UserFactory(username="admin-scale", is_superuser=True, is_staff=True))
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200


@pytest.mark.django_db
def test_generator_is_deterministic_for_a_seed_and_clear_removes_everything(small_units):
    generate(SMALL, quiet=True, search_index=False)
    counts, titles = _counts(), _first_titles()
    units = list(Adoption.objects.order_by("initiative__path", "unit__key").values_list("unit__key", flat=True)[:50])

    removed = clear(quiet=True)
    assert removed["initiatives"] == 200
    assert all(value == 0 for value in _counts().values())
    assert InitiativeIndexPage.objects.get().numchild == 0

    generate(SMALL, quiet=True, search_index=False)
    assert _counts() == counts
    assert _first_titles() == titles
    assert list(Adoption.objects.order_by("initiative__path", "unit__key")
                .values_list("unit__key", flat=True)[:50]) == units

    clear(quiet=True)
    generate(Scale(initiatives=200, adoptions=1000, observations=2000, ledger=0, seed=8), quiet=True,
             search_index=False)
    assert _first_titles() != titles


# -- query counts do not grow with the data -------------------------------------------------------

# Pages of one kind share one bound: an initiative with one adopter and one with many are the same
# page; the bound measured on small data must hold for every page of the kind on 10× the data.
KIND = {"initiative_top": "initiative_detail", "initiative_typical": "initiative_detail"}


def _query_counts(client, targets):
    counts = {}
    for name, path in targets.items():
        client.get(path)  # warm per-process caches (site root, content types)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        assert response.status_code == 200, (name, path, response.status_code)
        counts[name] = len(ctx.captured_queries)
    return counts


def _bounds(counts):
    bounds = {}
    for name, count in counts.items():
        kind = KIND.get(name, name)
        bounds[kind] = max(bounds.get(kind, 0), count)
    return bounds


@pytest.mark.django_db
def test_public_pages_run_the_same_number_of_queries_on_10x_the_data(small_units, client,
                                                                     django_assert_max_num_queries):
    generate(Scale(initiatives=30, adoptions=150, observations=300, ledger=200, seed=11), quiet=True)
    small_targets = discover()
    small_bounds = _bounds(_query_counts(client, small_targets))
    assert {"home", "initiative_index", "initiative_detail", "unit_commune", "unit_province",
            "search_facets", "compare_units"} <= set(small_bounds)

    # Nine times more on top: the same pages now sit among 10× the data, and the busiest ones grew.
    generate(Scale(initiatives=270, adoptions=1350, observations=2700, ledger=1800, seed=12), quiet=True)
    large_targets = discover()
    checks = [(name, path) for name, path in small_targets.items()]
    checks += [(name, path) for name, path in large_targets.items() if path != small_targets.get(name)]
    for name, path in checks:
        bound = small_bounds.get(KIND.get(name, name))
        if bound is None:
            continue
        client.get(path)
        with django_assert_max_num_queries(bound, info=f"{name} {path}"):
            assert client.get(path).status_code == 200


def test_communes_report_unit_wide_histories_so_the_generated_adoptions_have_a_measured_impact(small_units):
    """Values measuring an adoption from its start never give it a baseline: a dataset of those alone
    has no measured impact, and the benchmark of writes and of the showcase's impact order would read
    empty contributions. With unit_histories every commune reports its own monthly values over the 60
    months, so the adoptions started after January 2021 are measured; `clear` removes them too."""
    from rollout.models import ImpactContribution, InitiativeImpact

    _province, communes = small_units
    generate(Scale(initiatives=30, adoptions=150, observations=300, ledger=0, seed=13, unit_histories=1),
             quiet=True, search_index=False)
    on_time = Metric.objects.get(code="dossiers_on_time_pct")
    own = Observation.objects.filter(adoption__isnull=True, metric=on_time)
    assert own.count() == len(communes) * 60
    assert set(own.values_list("unit_id", flat=True)) == {c.pk for c in communes}
    low, high = metric_bounds(on_time.unit, on_time.min_value, on_time.max_value)
    assert all(low <= v <= high for v in own.values_list("value", flat=True))
    measured = ImpactContribution.objects.filter(metric=on_time)
    started_after_the_first_month = Adoption.objects.filter(start_date__gt="2021-01-31").count()
    assert measured.count() == started_after_the_first_month > 0
    assert InitiativeImpact.objects.filter(measured__gt=0).exists()
    clear(quiet=True)
    assert not own.exists() and not ImpactContribution.objects.exists()


def test_the_bench_writer_enters_a_communes_next_month_through_the_action(small_units):
    """`make bench` times writes through the real actions; every other observation is a commune's next
    month of an indicator it reports itself, which moves the latest value of each of its adoptions.
    Its writes are marked and removed afterwards."""
    from bench.writer import BENCH_SOURCE, Writer, delete_bench_writes
    from rollout.models import ImpactContribution

    generate(Scale(initiatives=30, adoptions=150, observations=300, ledger=0, seed=14, unit_histories=1),
             quiet=True, search_index=False)
    UserFactory(is_superuser=True)
    writer = Writer(seed=3)
    assert [m.code for m in writer.histories] == ["dossiers_on_time_pct"]
    writer.observation()()  # a value of 2025 without one
    writer.observation()()  # the next month of the commune's own history
    new_month = Observation.objects.get(source=BENCH_SOURCE, adoption__isnull=True, period_key__startswith="2026-")
    moved = ImpactContribution.objects.filter(unit_id=new_month.unit_id, metric=new_month.metric)
    started = Adoption.objects.filter(unit_id=new_month.unit_id, start_date__gt="2021-01-31").count()
    assert moved.count() == started > 0
    assert set(moved.values_list("latest_key", flat=True)) == {new_month.period_key}
    delete_bench_writes()
    assert not Observation.objects.filter(source=BENCH_SOURCE).exists()
