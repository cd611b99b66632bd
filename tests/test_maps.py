"""The maps of replication (units/geo.py, rollout/maps.py) on the real units: the geometry, the
archipelagos on every map, the data behind the marks and the shading, size and query count at
national scale (an initiative adopted by all 3,321 communes of today)."""

import datetime
import re
import time
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.site_setup import setup_site
from initiatives.status import InitiativeStatus
from public import unit_map_store
from rollout.maps import adoptions_by_province, initiative_map, national_map, status_at, timeline_years
from rollout.models import Adoption, AdoptionStatus, AdoptionStatusChange
from tests.factories import make_initiative
from units import geo
from units.models import AdministrativeUnit, current_successors_map

pytestmark = pytest.mark.django_db

ARCHIPELAGO_LABELS = ("Quần đảo Hoàng Sa", "Quần đảo Trường Sa")


def assert_archipelagos(svg_text):
    """Both archipelagos drawn (islands as dots) and labelled, as Vietnamese territory."""
    for key, label, province in (("hoang-sa", "Quần đảo Hoàng Sa", "48"), ("truong-sa", "Quần đảo Trường Sa", "56")):
        group = re.search(rf'<g class="map-archipelago[^"]*" data-archipelago="{key}" data-province="{province}">(.*?)</g>',
                          svg_text, re.S)
        assert group, f"{key} missing"
        assert group.group(1).count("<circle") >= 3, f"{key}: islands not drawn"
        assert re.search(rf"<text[^>]*>{label} \(", group.group(1)), f"{key}: no label"


# ------------------------------------------------------------------ pure parts, no database

def test_geometry_has_todays_34_provinces_and_stays_small():
    data = geo.geometry()
    assert len(data["provinces"]) == 34
    assert {"01", "48", "56", "79"} <= set(data["provinces"])  # Hà Nội, Đà Nẵng, Khánh Hòa, TP HCM
    assert all(p["path"].startswith("M") for p in data["provinces"].values())
    assert geo.DATA_FILE.stat().st_size < 40_000
    width, height = geo.size()
    # Mercator keeps the shape: Vietnam is taller than wide in this frame.
    assert height > width


def test_projection_places_known_places_in_order():
    hanoi, hcm = geo.project(105.85, 21.03), geo.project(106.70, 10.78)
    assert hanoi[1] < hcm[1]  # north is up
    width, height = geo.size()
    for x, y in (hanoi, hcm):
        assert 0 < x < width and 0 < y < height


def test_any_map_draws_and_labels_hoang_sa_and_truong_sa():
    svg = str(geo.render_map(map_id="m", title="Bản đồ"))
    assert_archipelagos(svg)
    assert 'role="img"' in svg and 'aria-labelledby="m-title"' in svg


def test_shade_thresholds_and_classes():
    assert geo.shade_thresholds([]) == []
    bounds = geo.shade_thresholds([1, 4, 9, 100, 0])
    assert bounds[-1] == 100 and bounds == sorted(set(bounds))
    assert geo.shade_class(0, bounds) == ""
    assert geo.shade_class(1, bounds) == "map-shade-1"
    assert geo.shade_class(100, bounds) == f"map-shade-{len(bounds)}"
    assert geo.legend_rows([3, 10]) == [("map-shade-1", 1, 3), ("map-shade-2", 4, 10)]


def test_aggregate_groups_close_points_only():
    groups = geo.aggregate([(1, 1, "a"), (2, 2, "b"), (50, 50, "c")], cell=7)
    assert [(len(items)) for _x, _y, items in groups] == [2, 1]
    assert groups[0][:2] == (1.5, 1.5)


def test_status_at_end_of_year_and_timeline_years():
    changes = [(datetime.date(2021, 3, 1), "piloting"), (datetime.date(2023, 5, 1), "operating")]
    assert status_at(changes, datetime.date(2021, 12, 31), "operating") == "piloting"
    assert status_at(changes, datetime.date(2023, 12, 31), "planned") == "operating"
    assert timeline_years([datetime.date(2019, 1, 1), None, datetime.date(2022, 1, 1)]) == [2019, 2020, 2021, 2022]
    assert timeline_years([datetime.date(2000, 1, 1), datetime.date(2025, 1, 1)], limit=12)[0] == 2014
    assert timeline_years([None]) == []


# ------------------------------------------------------------------ real units

@pytest.fixture
def national(real_units):
    """An initiative of the first commune of today adopted by every other commune of today, plus 40
    communes of the old era (placed at their coordinates, counted for today's province)."""
    site = setup_site()
    index = site[1]
    origin = AdministrativeUnit.objects.current().communes().order_by("key").first()
    page = make_initiative(index, origin, title="Một cửa số", status=InitiativeStatus.RECOGNISED)
    communes = list(AdministrativeUnit.objects.current().communes().exclude(pk=origin.pk).order_by("key"))
    historic = list(AdministrativeUnit.objects.historic().communes().order_by("key")[::250][:40])
    statuses = list(AdoptionStatus.values)
    adoptions = [Adoption(initiative=page, unit=u, status=statuses[i % len(statuses)],
                          start_date=datetime.date(2019 + i % 7, 1 + i % 12, 1))
                 for i, u in enumerate(communes + historic)]
    Adoption.objects.bulk_create(adoptions, batch_size=1000)
    first = Adoption.objects.filter(initiative=page).order_by("pk").first()
    AdoptionStatusChange.objects.create(adoption=first, to_status="piloting", effective_date=first.start_date)
    unit_map_store.rebuild()  # a bulk write: the unit maps' tables once, as the nightly job would
    return {"page": page, "origin": origin, "communes": communes, "historic": historic}


def test_counts_per_province_equal_the_database(national):
    page = national["page"]
    counts = adoptions_by_province(Adoption.objects.filter(initiative=page))
    # The database's answer, found another way: each adopting unit's current successors (a unit of
    # today is its own), then their province.
    units = list(AdministrativeUnit.objects.filter(adoptions__initiative=page).select_related("province"))
    succ = current_successors_map(units)
    province_keys = dict(AdministrativeUnit.objects.provinces().values_list("pk", "key"))
    expected = Counter()
    for u in units:
        today = succ[u.pk][0]
        expected[province_keys[today.province_id]] += 1
    assert counts == dict(expected)
    assert sum(counts.values()) == len(national["communes"]) + len(national["historic"])
    assert len(counts) == 34

    # The map's table and marks say the same.
    data = initiative_map(page)
    assert {r.key: r.total for r in data["province_rows"]} == dict(expected)
    svg = str(data["svg"])
    assert sum(int(n) for n in re.findall(r'data-count="(\d+)"', svg)) == data["adopter_count"] == sum(expected.values())
    assert f'data-origin="{national["origin"].key}"' in svg
    assert_archipelagos(svg)
    # Historic adopters keep their own place and name their successor.
    assert data["historic_count"] == 40
    first = data["historic"][0]
    assert "trước 01/07/2025" in first.label and "nay thuộc" in first.label


def test_national_scale_page_is_small_with_constant_queries(national, client):
    page = national["page"]
    initiative_map(page)  # the provinces' successors are read once per process (units.vocabulary)
    with CaptureQueriesContext(connection) as big:
        started = time.perf_counter()
        data = initiative_map(page)
        elapsed = time.perf_counter() - started
    print(f"initiative_map for {data['adopter_count']} adopters: {elapsed * 1000:.0f} ms, {len(big)} queries")
    assert data["adopter_count"] == 3320 + 40
    # Same number of queries for an initiative with two adopters.
    small = make_initiative(page.get_parent(), national["origin"], title="Nhỏ")
    for unit in [national["communes"][0], national["historic"][0]]:
        Adoption.objects.create(initiative=small, unit=unit, status="operating", start_date=datetime.date(2024, 1, 1))
    with CaptureQueriesContext(connection) as few:
        initiative_map(small)
    assert len(few) == len(big)

    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert len(response.content) < 300_000, len(response.content)
    assert_archipelagos(html)
    # The timeline: one small map per year 2019..2025, each reusing the main map's base.
    frames = re.findall(r'<li class="map-frame" data-year="(\d+)" data-total="(\d+)"', html)
    assert [int(y) for y, _n in frames] == list(range(2019, 2026))
    assert int(frames[-1][1]) == 3360
    assert html.count(f'<use href="#map-initiative-{page.pk}-base"/>') == 7
    assert "Bảng số liệu của bản đồ" in html


def test_home_and_showcase_shade_provinces_with_legend_and_numbers(national, client):
    html = client.get("/").content.decode()
    assert_archipelagos(html)
    assert "map-shade-" in html and "Chú giải" in html
    # Planned adoptions do not count as replication (home.figures.started_adoptions).
    started = Adoption.objects.filter(initiative=national["page"]).exclude(status="planned")
    counts = adoptions_by_province(started)
    hanoi = re.search(r'<tr data-province="01"><th scope="row"><a [^>]*>[^<]*</a></th><td class="num">([\d.]+)</td>', html)
    assert hanoi and int(hanoi.group(1).replace(".", "")) == counts["01"]
    showcase = client.get("/mo-hinh-tieu-bieu/").content.decode()
    assert "map-showcase" in showcase
    assert_archipelagos(showcase)


def test_unit_page_maps_its_initiatives_and_what_it_learnt(national, client):
    origin = national["origin"]
    response = client.get(f"/don-vi/{origin.key}/")
    html = response.content.decode()
    assert "Bản đồ: sáng kiến lan toả và nơi đơn vị học tập" in html
    assert_archipelagos(html)
    # An adopter's page: a mark for the unit it learnt from and a line to it.
    adopter = national["communes"][10]
    html = client.get(f"/don-vi/{adopter.key}/").content.decode()
    assert f'data-source="{origin.key}"' in html and 'class="map-link"' in html
    assert "học tập từ" in html


def test_render_budget_national_map(national):
    started = time.perf_counter()
    data = national_map(Adoption.objects.all())
    assert data["total"] == 3360
    assert (time.perf_counter() - started) < 2  # generous on a shared machine; the lead measures


def test_a_unit_that_learnt_many_models_lists_the_first_and_counts_them_all(national, client):
    """A province's communes adopt tens of thousands of models at national scale: the unit page listed
    every one and drew a mark per source (7 MB for Hà Nội, never cached). It lists the first
    LEARNT_LIMIT by title and says how many there are; the sources are marks per grid cell."""
    from rollout.maps import LEARNT_LIMIT

    learner = national["communes"][10]  # already adopted national["page"] (from national["origin"])
    index = national["page"].get_parent()
    sources = national["communes"][100:100 + 2 * LEARNT_LIMIT]  # all over the country
    for n, source in enumerate(sources):
        page = make_initiative(index, source, title=f"Mô hình {n:03d}", status=InitiativeStatus.RECOGNISED)
        Adoption.objects.create(initiative=page, unit=learner, status=AdoptionStatus.OPERATING,
                                start_date=datetime.date(2024, 1, 1))
    total = len(sources) + 1
    html = client.get(f"/don-vi/{learner.key}/").content.decode()
    listed = re.search(r"Mô hình đơn vị đã áp dụng, học tập từ đâu</h3>\s*<ul>(.*?)</ul>", html, re.S).group(1)
    assert listed.count("<li>") == LEARNT_LIMIT
    assert "Mô hình 000 — đang vận hành; học tập từ" in listed  # by title: the first ones
    assert f"Mô hình {LEARNT_LIMIT:03d} " not in listed
    assert f"{LEARNT_LIMIT} mô hình đầu tiên theo tên, trên tổng số {total} mô hình đơn vị đã áp dụng." in html
    # Every source is on the map, alone or in a grid cell's mark, and no more marks than sources.
    marks = re.findall(r'<circle class="map-source"[^>]*?(?:data-count="(\d+)"|data-source="(\w+)")', html)
    assert sum(int(count) if count else 1 for count, _key in marks) == len(sources) + 1
    assert len(marks) <= len(sources) + 1
    assert f'data-source="{national["origin"].key}"' in html or any(count for count, _key in marks)
