"""Numbers are written the Vietnamese way everywhere: decimal comma, thousands dot."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from core.formatting import format_number, format_percent


@pytest.mark.parametrize("value, expected", [
    (98.9, "98,9"),
    (9470, "9.470"),
    (1234.5, "1.234,5"),
    (Decimal("17329.00"), "17.329"),
    (Decimal("88.78"), "88,78"),
    (0, "0"),
    (-1234567.25, "-1.234.567,25"),
    ("9315", "9.315"),
    (None, ""),
    ("", ""),
])
def test_format_number(value, expected):
    assert format_number(value) == expected


def test_format_number_with_fixed_decimals():
    assert format_number(98, 1) == "98,0"
    assert format_number(Decimal("98.735"), 2) == "98,74"


@pytest.mark.parametrize("value, expected", [
    (98.9, "98,9%"),
    (Decimal("98.73"), "98,73%"),
    (100, "100%"),
    (None, ""),
])
def test_format_percent(value, expected):
    assert format_percent(value) == expected


def test_text_that_is_not_a_number_is_left_as_is():
    assert format_number("khoảng 1/3") == "khoảng 1/3"


def test_template_filters():
    html = Template("{% load vn %}{{ a|vn_number }} / {{ b|vn_percent }} / {{ c|vn_number:1 }}").render(
        Context({"a": 9470, "b": Decimal("98.90"), "c": 61.5}))
    assert html == "9.470 / 98,9% / 61,5"
