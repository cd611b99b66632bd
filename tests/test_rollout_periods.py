"""Period value objects: canonical keys, covered dates, Vietnamese labels."""

import datetime

import pytest

from rollout.periods import Period, PeriodKind, period_label


@pytest.mark.parametrize("period, key, start, end, label", [
    (Period.year_of(2024), "2024", (2024, 1, 1), (2024, 12, 31), "Năm 2024"),
    (Period.quarter(2024, 1), "2024-Q1", (2024, 1, 1), (2024, 3, 31), "Quý 1/2024"),
    (Period.half(2024, 1), "2024-H1", (2024, 1, 1), (2024, 6, 30), "6 tháng đầu năm 2024"),
    (Period.half(2023, 2), "2023-H2", (2023, 7, 1), (2023, 12, 31), "6 tháng cuối năm 2023"),
    (Period.month(2024, 2), "2024-M02", (2024, 2, 1), (2024, 2, 29), "Tháng 02/2024"),
    (Period.year_to_date(2020, 11), "2020-L11", (2020, 1, 1), (2020, 11, 30), "11 tháng năm 2020"),
])
def test_keys_dates_and_labels(period, key, start, end, label):
    assert period.key == key
    assert (period.start, period.end) == (datetime.date(*start), datetime.date(*end))
    assert period.label == label
    assert Period.from_key(key) == period


@pytest.mark.parametrize("bad", ["", "24", "2024-Q5", "2024-H3", "2024-M13", "2024-X1", "Quý 1/2024", None])
def test_invalid_keys_are_refused(bad):
    with pytest.raises(ValueError):
        Period.from_key(bad)


def test_kind_numbers_are_checked_and_labels_never_raise():
    with pytest.raises(ValueError):
        Period(2024, PeriodKind.QUARTER, 0)
    assert period_label("rác") == "rác"
