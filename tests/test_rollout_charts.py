"""The SVG chart: points placed in time order, adoption date marked, accessible title/desc."""

import datetime
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

from rollout.charts import line_chart_svg, nice_ticks

NS = {"svg": "http://www.w3.org/2000/svg"}
POINTS = [(datetime.date(2023, 12, 31), Decimal("98.6"), "Năm 2023"),
          (datetime.date(2022, 12, 31), Decimal("98.4"), "Năm 2022"),
          (datetime.date(2024, 12, 31), Decimal("99.1"), "Năm 2024")]


def parse(svg):
    return ET.fromstring(str(svg))


def test_chart_is_valid_accessible_svg_with_points_in_time_order():
    svg = line_chart_svg(POINTS, datetime.date(2023, 3, 1), title="SIPAS — Huyện Tây Hòa", suffix="%", chart_id="c1")
    root = parse(svg)
    assert root.get("role") == "img" and root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find("svg:title", NS).text == "SIPAS — Huyện Tây Hòa"
    desc = root.find("svg:desc", NS).text
    assert "từ Năm 2022 (98,4%) đến Năm 2024 (99,1%)" in desc and "01/03/2023" in desc
    circles = root.findall(".//svg:circle", NS)
    xs = [float(c.get("cx")) for c in circles]
    assert xs == sorted(xs) and len(xs) == 3
    assert [c.find("svg:title", NS).text for c in circles] == ["Năm 2022: 98,4%", "Năm 2023: 98,6%", "Năm 2024: 99,1%"]
    # Higher values are drawn higher (smaller y).
    ys = [float(c.get("cy")) for c in circles]
    assert ys[0] > ys[1] > ys[2]


def test_adoption_marker_sits_between_the_surrounding_periods():
    root = parse(line_chart_svg(POINTS, datetime.date(2023, 6, 30), title="t", chart_id="c2"))
    marker = root.find(".//svg:g[@class='chart-marker']/svg:line", NS)
    x = float(marker.get("x1"))
    xs = [float(c.get("cx")) for c in root.findall(".//svg:circle", NS)]
    assert xs[0] < x < xs[1]
    assert "Bắt đầu áp dụng 30/06/2023" in "".join(root.find(".//svg:g[@class='chart-marker']", NS).itertext())


def test_no_marker_without_date_and_empty_chart_says_so():
    assert "chart-marker" not in line_chart_svg(POINTS, None, title="t")
    empty = parse(line_chart_svg([], None, title="Trống"))
    assert "Chưa có số liệu" in "".join(empty.itertext())


def test_single_point_and_escaping():
    svg = str(line_chart_svg([(datetime.date(2020, 11, 30), 9470, "11 tháng năm 2020")], None,
                             title="Hồ sơ <tiếp nhận> & trả"))
    root = parse(svg)
    assert root.find("svg:title", NS).text == "Hồ sơ <tiếp nhận> & trả"
    assert len(root.findall(".//svg:circle", NS)) == 1 and "9.470" in svg
    assert not re.search(r"<script", svg)


def test_nice_ticks_cover_the_range():
    assert nice_ticks(98.4, 99.1) == [98.4, 98.6, 98.8, 99.0, 99.2]
    assert nice_ticks(0, 100) == [0, 50, 100]
    ticks = nice_ticks(15, 30)
    assert ticks[0] <= 15 and ticks[-1] >= 30


def test_points_are_named_under_the_axis_and_values_can_be_formatted():
    points = [(datetime.date(2022, 12, 31), 3, "Năm 2022", "2022"), (datetime.date(2023, 12, 31), 4, "Năm 2023", "2023")]
    labels = {3: "Khá", 4: "Tốt"}
    root = parse(line_chart_svg(points, None, title="Xếp loại", format_value=lambda v: labels[int(v)]))
    texts = list(root.itertext())
    assert "2022" in texts and "2023" in texts
    assert [c.find("svg:title", NS).text for c in root.findall(".//svg:circle", NS)] == ["Năm 2022: Khá", "Năm 2023: Tốt"]


def test_single_value_is_drawn_against_zero():
    assert nice_ticks(4936, 4936)[0] == 0 and nice_ticks(4936, 4936)[-1] >= 4936


def test_a_chart_has_one_point_per_period_the_unit_wide_value_first():
    from types import SimpleNamespace

    from rollout.views import one_per_period

    def obs(pk, key, end, value, adoption=None):
        return SimpleNamespace(pk=pk, period_key=key, period_end=end, period_start=end, value=value,
                               adoption_id=adoption)

    jan, feb = datetime.date(2024, 1, 31), datetime.date(2024, 2, 29)
    # Three values for January (two adoptions measured it, and the unit-wide one), two for February.
    points = one_per_period([obs(1, "2024-M01", jan, 90, adoption=7), obs(2, "2024-M01", jan, 95),
                             obs(3, "2024-M01", jan, 80, adoption=3), obs(4, "2024-M02", feb, 70, adoption=9),
                             obs(5, "2024-M02", feb, 75, adoption=4)])
    assert [(p.period_key, p.value) for p in points] == [("2024-M01", 95), ("2024-M02", 75)]


def _circles(root):
    return {c.find("svg:title", NS).text: float(c.get("cy")) for c in root.findall(".//svg:circle", NS)}


def test_lower_is_better_is_drawn_inverted_and_says_so():
    """A rank or a waiting time: the better (lower) value is drawn higher, and the chart states it."""
    points = [(datetime.date(2023, 12, 31), 12, "Năm 2023"), (datetime.date(2024, 12, 31), 3, "Năm 2024")]
    inverted = parse(line_chart_svg(points, None, title="Thứ hạng", lower_is_better=True))
    cy = _circles(inverted)
    assert cy["Năm 2024: 3"] < cy["Năm 2023: 12"]  # SVG y grows downwards: 3 sits above 12
    assert "Trục đảo ngược: càng thấp càng tốt" in "".join(inverted.itertext())
    upright = parse(line_chart_svg(points, None, title="Số hồ sơ"))
    assert _circles(upright)["Năm 2024: 3"] > _circles(upright)["Năm 2023: 12"]
    assert "Trục đảo ngược" not in "".join(upright.itertext())


def test_an_axis_not_starting_at_zero_says_so():
    texts = "".join(parse(line_chart_svg(POINTS, None, title="Tỷ lệ")).itertext())  # 98,4 … 99,1
    assert "Trục giá trị không bắt đầu từ 0" in texts
    from_zero = [(datetime.date(2023, 12, 31), 0, "Năm 2023"), (datetime.date(2024, 12, 31), 40, "Năm 2024")]
    assert "không bắt đầu từ 0" not in "".join(parse(line_chart_svg(from_zero, None, title="Số")).itertext())


def test_mixed_granularity_shares_one_time_axis_one_line_per_kind():
    """Years, halves, quarters and months of one unit on one time axis: every point drawn, in time
    order, each kind of period its own line and named in the legend."""
    points = [(datetime.date(2024, 12, 31), 90, "Năm 2024", "2024", "Năm"),
              (datetime.date(2025, 6, 30), 91, "6 tháng đầu năm 2025", "H1/25", "6 tháng"),
              (datetime.date(2025, 8, 31), 92, "Tháng 08/2025", "T8/25", "Tháng"),
              (datetime.date(2025, 9, 30), 93, "Tháng 09/2025", "T9/25", "Tháng"),
              (datetime.date(2026, 3, 31), 95, "Quý 1/2026", "Q1/26", "Quý")]
    root = parse(line_chart_svg(points, None, title="SIPAS"))
    circles = root.findall(".//svg:circle", NS)
    assert [c.find("svg:title", NS).text.split(":")[0] for c in circles] == [p[2] for p in points]
    xs = [float(c.get("cx")) for c in circles]
    assert xs == sorted(xs) and len(set(xs)) == 5
    assert len(root.findall(".//svg:polyline", NS)) == 1  # only the months have two points to join
    legend = [t.text for t in root.findall(".//svg:text", NS) if "chart-legend" in (t.get("class") or "")]
    assert legend == ["Năm", "6 tháng", "Tháng", "Quý"]
