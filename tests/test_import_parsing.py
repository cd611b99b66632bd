"""Pure parsing of numbers, dates and periods as Vietnamese offices write them."""

import datetime
from decimal import Decimal

import pytest

from rollout.importing.parsing import ParseError, parse_date, parse_number, parse_period, period_from_dates


@pytest.mark.parametrize("raw, expected", [
    ("98,9", "98.9"),
    ("98,9%", "98.9"),
    ("98,52 %", "98.52"),
    ("9.470", "9470"),
    ("9.315", "9315"),
    ("1.234,5", "1234.5"),
    ("1,234.5", "1234.5"),  # both marks: the last one is the decimal mark
    ("1.234.567", "1234567"),
    ("1,234,567", "1234567"),
    ("1.5", "1.5"),  # a lone dot not followed by three digits is a decimal point
    ("98.52", "98.52"),
    ("0.125", "0.125"),  # "0." is never a thousands group
    ("9 470", "9470"),
    ("9\u00a0470", "9470"),
    ("-5", "-5"),
    ("−3,2", "-3.2"),  # Unicode minus
    ("(5)", "-5"),
    ("+7", "7"),
    ("0", "0"),
    (42, "42"),
    (98.9, "98.9"),
    (Decimal("1.25"), "1.25"),
])
def test_numbers(raw, expected):
    assert parse_number(raw) == Decimal(expected)


@pytest.mark.parametrize("raw", [None, "", "   ", "-", "—"])
def test_blank_numbers_are_none(raw):
    assert parse_number(raw) is None


@pytest.mark.parametrize("raw", ["abc", "12a", "1,2,3", "1.23.4", "1,2.3,4", "%", "1.234,5,6", True])
def test_bad_numbers_are_refused_in_vietnamese(raw):
    with pytest.raises(ParseError) as error:
        parse_number(raw)
    assert "số" in str(error.value) or "dấu" in str(error.value)


@pytest.mark.parametrize("raw, expected", [
    ("06/08/2024", datetime.date(2024, 8, 6)),
    ("6/8/2024", datetime.date(2024, 8, 6)),
    ("31-12-2023", datetime.date(2023, 12, 31)),
    ("01.07.2025", datetime.date(2025, 7, 1)),
    ("2024-08-06", datetime.date(2024, 8, 6)),
    (datetime.datetime(2024, 8, 6, 10, 0), datetime.date(2024, 8, 6)),
    ("", None),
])
def test_dates_day_first(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["31/02/2024", "13/13/2024", "2024/08/06", "hôm qua"])
def test_bad_dates(raw):
    with pytest.raises(ParseError, match="ngày|Ngày"):
        parse_date(raw)


@pytest.mark.parametrize("raw, key, start, end", [
    ("Quý 1/2024", "2024-Q1", "2024-01-01", "2024-03-31"),
    ("Quý I/2024", "2024-Q1", "2024-01-01", "2024-03-31"),
    ("quý IV/2024", "2024-Q4", "2024-10-01", "2024-12-31"),
    ("Q1/2024", "2024-Q1", "2024-01-01", "2024-03-31"),
    # issue 18: the ways offices write a period, word for word
    ("Quí I/2026", "2026-Q1", "2026-01-01", "2026-03-31"),
    ("Q1/2026", "2026-Q1", "2026-01-01", "2026-03-31"),
    ("Quý I năm 2026", "2026-Q1", "2026-01-01", "2026-03-31"),
    ("T7/2024", "2024-M07", "2024-07-01", "2024-07-31"),
    ("Quy 2 nam 2024", "2024-Q2", "2024-04-01", "2024-06-30"),
    ("6 tháng đầu năm 2024", "2024-H1", "2024-01-01", "2024-06-30"),
    ("6 tháng cuối năm 2024", "2024-H2", "2024-07-01", "2024-12-31"),
    ("6 THÁNG ĐẦU NĂM 2024", "2024-H1", "2024-01-01", "2024-06-30"),
    ("9 tháng đầu năm 2024", "2024-L09", "2024-01-01", "2024-09-30"),
    ("11 tháng năm 2020", "2020-L11", "2020-01-01", "2020-11-30"),
    ("2023", "2023", "2023-01-01", "2023-12-31"),
    ("Năm 2023", "2023", "2023-01-01", "2023-12-31"),
    (2023, "2023", "2023-01-01", "2023-12-31"),
    (2023.0, "2023", "2023-01-01", "2023-12-31"),
    ("T3/2024", "2024-M03", "2024-03-01", "2024-03-31"),
    ("Tháng 3/2024", "2024-M03", "2024-03-01", "2024-03-31"),
    ("Tháng 02/2024", "2024-M02", "2024-02-01", "2024-02-29"),
    ("03/2024", "2024-M03", "2024-03-01", "2024-03-31"),
    ("2024-Q1", "2024-Q1", "2024-01-01", "2024-03-31"),
    ("2024-H2", "2024-H2", "2024-07-01", "2024-12-31"),
    ("2024-M03", "2024-M03", "2024-03-01", "2024-03-31"),
    ("01/01/2024 - 31/03/2024", "2024-Q1", "2024-01-01", "2024-03-31"),
    ("Từ 01/07/2024 đến 31/12/2024", "2024-H2", "2024-07-01", "2024-12-31"),
])
def test_periods(raw, key, start, end):
    period = parse_period(raw)
    assert period.key == key
    assert period.start == datetime.date.fromisoformat(start)
    assert period.end == datetime.date.fromisoformat(end)


@pytest.mark.parametrize("raw", ["", None, "Quý 5/2024", "Tháng 13/2024", "T0/2024", "quý trước", "1850",
                                 "01/01/2024 - 15/03/2024", "24"])
def test_bad_periods_are_refused_in_vietnamese(raw):
    with pytest.raises(ParseError) as error:
        parse_period(raw)
    assert "kỳ" in str(error.value).lower() or "khoảng" in str(error.value).lower() or "năm" in str(error.value).lower()


def test_period_labels_read_back():
    """Exports write the label; importing it again must give the same period."""
    for raw in ("Quý 3/2024", "6 tháng cuối năm 2024", "Năm 2023", "Tháng 03/2024", "9 tháng năm 2024"):
        period = parse_period(raw)
        assert parse_period(period.label) == period


def test_period_from_dates_needs_an_exact_period():
    assert period_from_dates(datetime.date(2024, 4, 1), datetime.date(2024, 6, 30)).key == "2024-Q2"
    with pytest.raises(ParseError):
        period_from_dates(datetime.date(2024, 4, 2), datetime.date(2024, 6, 30))
