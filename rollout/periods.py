"""Reporting periods as value objects: a kind (month, quarter, half, year, year-to-date) plus a
year and a number, with a canonical string key ("2024", "2024-Q1", "2024-H1", "2024-M03",
"2020-L11") and the dates it covers. Pure Python: the importer and tests use it without a DB.

Vietnamese reports also give cumulative figures "11 tháng năm 2020" (lũy kế từ đầu năm); they are
neither a month nor a year, so they get their own kind rather than being passed off as a year.
"""

import calendar
import dataclasses
import datetime
import re

from django.db import models
from django.utils.translation import gettext, gettext_noop, ngettext
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Tháng")
    QUARTER = "quarter", _("Quý")
    HALF = "half", _("6 tháng")
    YEAR = "year", _("Năm")
    YEAR_TO_DATE = "ytd", _("Lũy kế từ đầu năm")


# How many of each kind fit in a year, and the months each one spans.
_COUNT = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4, PeriodKind.HALF: 2, PeriodKind.YEAR: 1,
          PeriodKind.YEAR_TO_DATE: 12}
_MONTHS = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.HALF: 6, PeriodKind.YEAR: 12}
_KEY_RE = re.compile(r"^(?P<year>\d{4})(?:-(?P<letter>[MQHL])(?P<number>\d{1,2}))?$")
_LETTER = {PeriodKind.MONTH: "M", PeriodKind.QUARTER: "Q", PeriodKind.HALF: "H", PeriodKind.YEAR_TO_DATE: "L"}
_KIND_OF_LETTER = {letter: kind for kind, letter in _LETTER.items()}
# One message per month, so that a language can name the month ("March 2024").
_MONTH_LABELS = (
    gettext_noop("Tháng 01/%(year)s"), gettext_noop("Tháng 02/%(year)s"), gettext_noop("Tháng 03/%(year)s"),
    gettext_noop("Tháng 04/%(year)s"), gettext_noop("Tháng 05/%(year)s"), gettext_noop("Tháng 06/%(year)s"),
    gettext_noop("Tháng 07/%(year)s"), gettext_noop("Tháng 08/%(year)s"), gettext_noop("Tháng 09/%(year)s"),
    gettext_noop("Tháng 10/%(year)s"), gettext_noop("Tháng 11/%(year)s"), gettext_noop("Tháng 12/%(year)s"),
)


@dataclasses.dataclass(frozen=True, order=True)
class Period:
    year: int
    kind: str = PeriodKind.YEAR
    number: int = 1

    def __post_init__(self):
        kind = PeriodKind(self.kind)
        object.__setattr__(self, "kind", kind)
        if not 1900 <= self.year <= 2200:
            raise ValueError(f"year out of range: {self.year}")
        if not 1 <= self.number <= _COUNT[kind]:
            raise ValueError(f"{kind} number out of range: {self.number}")

    @classmethod
    def year_of(cls, year):
        return cls(year, PeriodKind.YEAR, 1)

    @classmethod
    def month(cls, year, month):
        return cls(year, PeriodKind.MONTH, month)

    @classmethod
    def quarter(cls, year, quarter):
        return cls(year, PeriodKind.QUARTER, quarter)

    @classmethod
    def half(cls, year, half):
        return cls(year, PeriodKind.HALF, half)

    @classmethod
    def year_to_date(cls, year, months):
        """Cumulative from January to the end of month `months` ("11 tháng năm 2020")."""
        return cls(year, PeriodKind.YEAR_TO_DATE, months)

    @classmethod
    def from_key(cls, key):
        """Parse a canonical key; raises ValueError for anything else."""
        match = _KEY_RE.match((key or "").strip())
        if not match:
            raise ValueError(f"not a period key: {key!r}")
        year = int(match["year"])
        if not match["letter"]:
            return cls(year, PeriodKind.YEAR, 1)
        return cls(year, _KIND_OF_LETTER[match["letter"]], int(match["number"]))

    @property
    def key(self):
        if self.kind == PeriodKind.YEAR:
            return str(self.year)
        width = 2 if self.kind in (PeriodKind.MONTH, PeriodKind.YEAR_TO_DATE) else 1
        return f"{self.year}-{_LETTER[self.kind]}{self.number:0{width}d}"

    @property
    def first_month(self):
        if self.kind == PeriodKind.YEAR_TO_DATE:
            return 1
        return (self.number - 1) * _MONTHS[self.kind] + 1

    @property
    def last_month(self):
        if self.kind == PeriodKind.YEAR_TO_DATE:
            return self.number
        return self.number * _MONTHS[self.kind]

    @property
    def start(self):
        return datetime.date(self.year, self.first_month, 1)

    @property
    def end(self):
        last = self.last_month
        return datetime.date(self.year, last, calendar.monthrange(self.year, last)[1])

    @property
    def label_vi(self):
        """How Vietnamese reports name the period: "Quý 1/2024", "6 tháng đầu năm 2024", "Tháng 03/2024".
        Never translated: files (CSV/XLSX) and admin forms carry it, and the importer reads it back."""
        kind, n, y = self.kind, self.number, self.year
        if kind == PeriodKind.YEAR:
            return f"Năm {y}"
        if kind == PeriodKind.QUARTER:
            return f"Quý {n}/{y}"
        if kind == PeriodKind.HALF:
            return f"6 tháng đầu năm {y}" if n == 1 else f"6 tháng cuối năm {y}"
        if kind == PeriodKind.MONTH:
            return f"Tháng {n:02d}/{y}"
        return f"{n} tháng năm {y}"

    @property
    def label(self):
        """label_vi in the page's language ("Q1 2024", "H1 2024", "March 2024" in English)."""
        kind, n, y = self.kind, self.number, self.year
        if kind == PeriodKind.YEAR:
            return gettext("Năm %(year)s") % {"year": y}
        if kind == PeriodKind.QUARTER:
            return gettext("Quý %(quarter)s/%(year)s") % {"quarter": n, "year": y}
        if kind == PeriodKind.HALF:
            text = gettext("6 tháng đầu năm %(year)s") if n == 1 else gettext("6 tháng cuối năm %(year)s")
            return text % {"year": y}
        if kind == PeriodKind.MONTH:
            return gettext(_MONTH_LABELS[n - 1]) % {"year": y}
        return ngettext("%(months)s tháng năm %(year)s", "%(months)s tháng năm %(year)s", n) % {"months": n, "year": y}

    @property
    def short_label(self):
        """For chart axes: "2023", "Q1/2024", "6T đầu 2024", "T03/2024", "11T 2020" (translated)."""
        kind, n, y = self.kind, self.number, self.year
        if kind == PeriodKind.YEAR:
            return str(y)
        if kind == PeriodKind.QUARTER:
            return gettext("Q%(quarter)s/%(year)s") % {"quarter": n, "year": y}
        if kind == PeriodKind.HALF:
            text = gettext("6T đầu %(year)s") if n == 1 else gettext("6T cuối %(year)s")
            return text % {"year": y}
        if kind == PeriodKind.MONTH:
            return gettext("T%(month)s/%(year)s") % {"month": f"{n:02d}", "year": y}
        return gettext("%(months)sT %(year)s") % {"months": n, "year": y}

    def __str__(self):
        return self.key


def period_label(key):
    """Label of a stored key; the key itself if it does not parse (never raises in templates)."""
    try:
        return Period.from_key(key).label
    except ValueError:
        return key


def period_label_vi(key):
    """period_label in Vietnamese whatever the page's language (downloads keep Vietnamese values)."""
    try:
        return Period.from_key(key).label_vi
    except ValueError:
        return key
