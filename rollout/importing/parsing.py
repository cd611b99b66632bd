"""Pure parsing of the cells Vietnamese offices type into their spreadsheets: numbers, dates and
reporting periods. No database, no Django models: small functions with exhaustive unit tests.

Numbers (Vietnamese first):
- "98,9" = 98.9 and "1.234,5" = 1234.5 (decimal comma, thousands dot);
- when both "." and "," appear, the last one is the decimal mark ("1,234.5" = 1234.5 too);
- a lone "." followed by exactly three digits is a thousands dot ("9.470" = 9470), any other lone
  "." is a decimal point ("98.52" = 98.52, "1.5" = 1.5): offices mix both habits, and a value
  like "9.470" is always a count in the source reports;
- several dots or several commas are thousands separators ("1.234.567", "1,234,567");
- a trailing "%" is dropped ("98,9%" = 98.9: percentages are stored in percent);
- negatives: "-5", "−5" (Unicode minus) or accounting "(5)"; spaces inside are thousands spaces.
"""

import datetime
import functools
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from rollout.periods import Period, PeriodKind
from units.text import fold


class ParseError(ValueError):
    """A cell that cannot be read; the message is Vietnamese and shown to the user as is."""


# ---------------------------------------------------------------- numbers

_NUMBER_CHARS = re.compile(r"^[0-9.,]+$")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


def parse_number(raw) -> Decimal | None:
    """A cell as a Decimal; None for a blank cell. Raises ParseError otherwise."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ParseError(_("“%(value)s” không phải là số.") % {"value": raw})
    if isinstance(raw, (int, Decimal)):
        return Decimal(raw)
    if isinstance(raw, float):
        # Spreadsheet cells arrive as floats: go through repr so 98.9 stays 98.9, not 98.900000000000005.
        return Decimal(repr(raw))
    text = _SPACES.sub("", str(raw))
    if text in ("", "-", "—", "–"):
        return None
    original = str(raw).strip()
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1]
    if text[:1] in ("-", "\u2212"):
        negative, text = True, text[1:]
    elif text[:1] == "+":
        text = text[1:]
    if text.endswith("%"):
        text = text[:-1]
    if not text or not _NUMBER_CHARS.match(text) or not any(ch.isdigit() for ch in text):
        raise ParseError(_("“%(value)s” không phải là số.") % {"value": original})
    try:
        number = Decimal(_normalise_separators(text, original))
    except InvalidOperation:
        raise ParseError(_("“%(value)s” không phải là số.") % {"value": original}) from None
    return -number if negative else number


def _normalise_separators(text, original):
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        if text.count(decimal_mark) > 1:
            raise ParseError(_("“%(value)s” có nhiều dấu thập phân.") % {"value": original})
        integer, fraction = text.split(decimal_mark)
        _check_groups(integer, thousands, original)
        return integer.replace(thousands, "") + "." + fraction
    if commas > 1 or dots > 1:
        mark = "," if commas else "."
        _check_groups(text, mark, original)
        return text.replace(mark, "")
    if commas == 1:
        return text.replace(",", ".")
    if dots == 1:
        integer, fraction = text.split(".")
        if len(fraction) == 3 and integer and integer != "0":
            return integer + fraction
        return text
    return text


def _check_groups(text, mark, original):
    """'1.234.567' is fine; '1.23.4' is a typo, not a number."""
    groups = text.split(mark)
    if not groups[0] or len(groups[0]) > 3 or any(len(group) != 3 for group in groups[1:]):
        raise ParseError(_("“%(value)s”: dấu phân cách hàng nghìn không đúng chỗ.") % {"value": original})


# ---------------------------------------------------------------- dates

_DATE_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_date(raw) -> datetime.date | None:
    """'06/08/2024', '6/8/2024', '06-08-2024', '06.08.2024' (day first) or ISO '2024-08-06'."""
    if raw is None:
        return None
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    text = str(raw).strip()
    if not text:
        return None
    match = _DATE_DMY.match(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
    else:
        match = _DATE_ISO.match(text)
        if not match:
            raise ParseError(_("“%(value)s” không phải là ngày (dạng dd/mm/yyyy).") % {"value": text})
        year, month, day = (int(part) for part in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ParseError(_("Ngày “%(value)s” không tồn tại.") % {"value": text}) from None


# ---------------------------------------------------------------- periods

# Periods are rollout.periods.Period value objects (shared with the models); this module only reads
# the ways offices write them.
MONTH, QUARTER, HALF, YEAR, YTD = (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR,
                                   PeriodKind.YEAR_TO_DATE)
_MIN_YEAR, _MAX_YEAR = 1990, 2100


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_Y = r"(?:/|-|\s+nam\s+|\s+)\s*(\d{4})"  # "/2024", "-2024", " năm 2024"
_PERIOD_PATTERNS = [
    (re.compile(r"^(\d{4})$"), lambda m: (YEAR, int(m[1]), 1)),
    (re.compile(r"^nam\s+(\d{4})$"), lambda m: (YEAR, int(m[1]), 1)),
    (re.compile(r"^(\d{4})-q([1-4])$"), lambda m: (QUARTER, int(m[1]), int(m[2]))),
    (re.compile(r"^(?:quy|qui|q)\s*(\d+|i{1,3}|iv)" + _Y + "$"),
     lambda m: (QUARTER, int(m[2]), int(_ROMAN.get(m[1], m[1])))),
    (re.compile(r"^(\d{4})-h([12])$"), lambda m: (HALF, int(m[1]), int(m[2]))),
    (re.compile(r"^h([12])" + _Y + "$"), lambda m: (HALF, int(m[2]), int(m[1]))),
    (re.compile(r"^(?:6|sau)\s+thang\s+(dau|cuoi)?\s*(?:nam\s+)?(\d{4})$"),
     lambda m: (HALF, int(m[2]), 2 if m[1] == "cuoi" else 1)),
    # "9 tháng đầu năm 2024", "11 tháng năm 2020": cumulative from January (lũy kế).
    (re.compile(r"^(\d{1,2})\s+thang\s+(?:dau\s+)?(?:nam\s+)?(\d{4})$"), lambda m: (YTD, int(m[2]), int(m[1]))),
    (re.compile(r"^(\d{4})-m?(\d{1,2})$"), lambda m: (MONTH, int(m[1]), int(m[2]))),
    (re.compile(r"^(\d{4})-l(\d{1,2})$"), lambda m: (YTD, int(m[1]), int(m[2]))),
    (re.compile(r"^(?:thang|t)\s*(\d{1,2})" + _Y + "$"), lambda m: (MONTH, int(m[2]), int(m[1]))),
    (re.compile(r"^(\d{1,2})/(\d{4})$"), lambda m: (MONTH, int(m[2]), int(m[1]))),
]
_DATE_RANGE = re.compile(r"^(?:tu\s+)?(\S+?)\s*(?:\s-\s|–|—|\sden\s|-)\s*(\S+)$")


@functools.lru_cache(maxsize=4096)  # a file repeats a few periods on every row
def _parse_period_cached(raw) -> Period:
    return _parse_period(raw)


def parse_period(raw) -> Period:
    if isinstance(raw, (str, int, float)) or raw is None:
        return _parse_period_cached(raw)
    return _parse_period(raw)


def _parse_period(raw) -> Period:
    """'Quý 1/2024', 'Quý I/2024', 'Q1/2024', '6 tháng đầu năm 2024', '6 tháng cuối năm 2024',
    '2023', 'Năm 2023', 'T3/2024', 'Tháng 3/2024', '03/2024', '9 tháng đầu năm 2024' (cumulative),
    canonical keys ('2024-Q1', '2024-L09'), or a date range that is exactly one such period ('01/01/2024 - 31/03/2024')."""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and float(raw).is_integer():
        raw = str(int(raw))  # a year typed in a spreadsheet cell arrives as a number
    text = fold(str(raw or "")).replace(" / ", "/")
    if not text:
        raise ParseError(_("Thiếu kỳ báo cáo."))
    for pattern, build in _PERIOD_PATTERNS:
        match = pattern.match(text)
        if match:
            return _checked(*build(match), raw)
    match = _DATE_RANGE.match(text)
    if match:
        return _period_from_range(match[1], match[2], raw)
    raise ParseError(
        _("Không hiểu kỳ “%(value)s”. Viết theo mẫu: T3/2024, Quý 1/2024, 6 tháng đầu năm 2024, 2023.")
        % {"value": str(raw).strip()})


def _checked(kind, year, number, raw):
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise ParseError(_("Năm %(year)s của kỳ “%(value)s” không hợp lệ.") % {"year": year, "value": raw})
    try:
        return Period(year, kind, number)
    except ValueError:
        raise ParseError(_("Kỳ “%(value)s” không tồn tại.") % {"value": str(raw).strip()}) from None


def period_from_dates(start, end, raw=None) -> Period:
    """The month, quarter, half year or year that starts on `start` and ends on `end` exactly."""
    if start.year == end.year and start.day == 1:
        for kind, months in ((MONTH, 1), (QUARTER, 3), (HALF, 6), (YEAR, 12)):
            if (start.month - 1) % months == 0:
                period = Period(start.year, kind, (start.month - 1) // months + 1)
                if period.end == end:
                    return period
    raise ParseError(
        _("Khoảng “%(value)s” không trùng với một tháng, quý, 6 tháng hay năm.")
        % {"value": raw or f"{start:%d/%m/%Y} - {end:%d/%m/%Y}"})


def _period_from_range(first, second, raw):
    try:
        start, end = parse_date(first), parse_date(second)
    except ParseError:
        raise ParseError(_("Không hiểu kỳ “%(value)s”.") % {"value": str(raw).strip()}) from None
    return period_from_dates(start, end, str(raw).strip())
