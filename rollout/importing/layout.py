"""Which column holds what: the header row, read in Vietnamese or English, decides the layout.

Long layout: one row per value (unit, metric, period, value [, source, initiative]).
Wide layout: one row per unit and period, one column per metric (header = metric code or name).
Headers are compared folded (no case, no diacritics), so "MÃ ĐƠN VỊ", "Ma don vi" and "mã đơn vị"
are the same column; a trailing "(%)" or "(*)" is ignored.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from units.text import fold

from .reader import FileRefused

UNIT, METRIC, PERIOD, VALUE, SOURCE, INITIATIVE, START, END, NUMERATOR, DENOMINATOR = (
    "unit", "metric", "period", "value", "source", "initiative", "start", "end", "numerator", "denominator")

ALIASES = {
    UNIT: ["ma don vi", "ma dvhc", "ma don vi hanh chinh", "don vi", "ten don vi", "unit", "unit code",
           "unit name", "dia phuong", "xa/phuong"],
    METRIC: ["chi tieu", "ma chi tieu", "ten chi tieu", "chi so", "metric", "metric code", "indicator"],
    PERIOD: ["ky", "ky bao cao", "thoi ky", "period"],
    VALUE: ["gia tri", "so lieu", "ket qua", "value"],
    SOURCE: ["nguon", "nguon so lieu", "source"],
    INITIATIVE: ["sang kien", "mo hinh", "sang kien/mo hinh", "sang kien, mo hinh", "initiative"],
    START: ["tu ngay", "ngay bat dau", "start", "start date", "from"],
    END: ["den ngay", "ngay ket thuc", "end", "end date", "to"],
    # A rate given by its counts (long layout): the value may then be left blank (it is derived).
    NUMERATOR: ["tu so", "numerator"],
    DENOMINATOR: ["mau so", "denominator"],
}
# Columns offices add that carry nothing to import (row counters, remarks, the unit of measure).
IGNORED = {"stt", "tt", "so tt", "so thu tu", "ghi chu", "note", "notes", "don vi tinh", "dvt"}
_ROLE_OF = {alias: role for role, aliases in ALIASES.items() for alias in aliases}
_DECORATION = re.compile(r"\s*(\([^)]*\)|\*|:)\s*$")


def header_key(text):
    """'Giá trị (%)' -> 'gia tri'; 'Mã đơn vị *' -> 'ma don vi'."""
    key = fold(str(text or ""))
    previous = None
    while key != previous:
        previous, key = key, _DECORATION.sub("", key).strip()
    return key


@dataclass
class Layout:
    kind: str  # "long" or "wide"
    columns: dict  # role -> column index
    metric_columns: list = field(default_factory=list)  # wide: [(column index, header text)]
    header: list = field(default_factory=list)

    def label(self, index):
        return str(self.header[index]) if index is not None and index < len(self.header) else ""


def detect_layout(header):
    """The Layout of a header row. Raises FileRefused when the required columns are missing."""
    columns, others = {}, []
    for index, text in enumerate(header):
        key = header_key(text)
        if not key:
            continue
        role = _ROLE_OF.get(key)
        if role and role not in columns:
            columns[role] = index
        elif key not in IGNORED and not role:
            others.append((index, str(text).strip()))
    if UNIT not in columns:
        raise FileRefused(_("Thiếu cột đơn vị (“Mã đơn vị” hoặc “unit”) ở dòng tiêu đề."))
    if PERIOD not in columns and not (START in columns and END in columns):
        raise FileRefused(_("Thiếu cột kỳ báo cáo (“Kỳ” hoặc “period”) ở dòng tiêu đề."))
    if METRIC in columns or VALUE in columns or NUMERATOR in columns:
        has_value = VALUE in columns or (NUMERATOR in columns and DENOMINATOR in columns)
        missing = [label for role, label in ((METRIC, "Chỉ tiêu"), (VALUE, "Giá trị"))
                   if role not in columns and (role != VALUE or not has_value)]
        if missing:
            raise FileRefused(_("Thiếu cột “%(column)s” ở dòng tiêu đề.") % {"column": missing[0]})
        return Layout("long", columns, [], list(header))
    if not others:
        raise FileRefused(_("Không có cột chỉ tiêu nào: cần cột “Chỉ tiêu” và “Giá trị”, "
                            "hoặc mỗi chỉ tiêu một cột (mã hoặc tên chỉ tiêu)."))
    return Layout("wide", columns, others, list(header))
