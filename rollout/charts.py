"""Server-side SVG line charts: no JavaScript, no CDN, readable by screen readers (role="img" with
<title>/<desc>; every page also renders the same numbers as a table next to the chart)."""

import datetime
import hashlib
import math
from decimal import Decimal
from html import escape

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.formatting import format_number

MAX_CHARTS = 8  # series charted on one page (and adopters remembered for them by rollout.impact_store)

WIDTH, HEIGHT = 640, 260
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 56, 16, 28, 44


def nice_ticks(low, high, count=4):
    """Round tick values spanning [low, high] (1, 2 or 5 × 10^n apart)."""
    low, high = float(low), float(high)
    if high == low:  # a single value: show it against zero rather than a meaningless sliver
        low, high = min(0.0, low), max(0.0, high) or 1.0
    raw = (high - low) / max(count, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks, value = [], start
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(value, 10))
    return ticks


def _fmt(value, decimals=None):
    return format_number(Decimal(str(value)), decimals)


def _point(p):
    label = p[2] if len(p) > 2 else p[0].strftime("%d/%m/%Y")
    return p[0], Decimal(p[1]), label, p[3] if len(p) > 3 else label, p[4] if len(p) > 4 else ""


def _day(date):
    return date.toordinal()


def line_chart_svg(points, marker_date=None, *, title, desc="", suffix="", decimals=None,
                   marker_label=None, width=WIDTH, height=HEIGHT, chart_id=None, format_value=None,
                   lower_is_better=False):
    """An SVG line chart of `points` [(date, value[, label[, short label[, group]]]), …] placed on a
    time axis, with a dashed vertical line at `marker_date` (the adoption date). Points of different
    groups (kinds of period: years, quarters, months…) share the axis, each group its own line.
    `lower_is_better` turns the value axis upside down so that improvement goes up, and the chart says
    so; an axis that does not start at zero says so too. `format_value(value)` overrides how values
    are written (e.g. a rating's name). Returns safe markup."""
    points = sorted((_point(p) for p in points), key=lambda p: p[0])
    marker_label = marker_label or _("Bắt đầu áp dụng")
    show = format_value or (lambda v: _fmt(v, decimals) + suffix)
    chart_id = chart_id or "chart-" + hashlib.sha1(repr((title, points, marker_date)).encode()).hexdigest()[:10]
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    if not desc:
        desc = describe(points, marker_date, show=show, marker_label=marker_label)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{chart_id}" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="{title_id} {desc_id}" preserveAspectRatio="xMidYMid meet">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(desc)}</desc>',
    ]
    if not points:
        parts.append(f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" class="chart-empty">'
                     f'{escape(_("Chưa có số liệu"))}</text></svg>')
        return mark_safe("".join(parts))

    days = [_day(p[0]) for p in points] + ([_day(marker_date)] if marker_date else [])
    x_low, x_high = min(days), max(days)
    if x_high == x_low:
        x_low, x_high = x_low - 180, x_high + 180
    span = x_high - x_low
    x_low, x_high = x_low - span * 0.04, x_high + span * 0.04
    ticks = nice_ticks(min(p[1] for p in points), max(p[1] for p in points))
    y_low, y_high = ticks[0], ticks[-1]
    plot_w, plot_h = width - PAD_LEFT - PAD_RIGHT, height - PAD_TOP - PAD_BOTTOM

    def x(date):
        return PAD_LEFT + (_day(date) - x_low) / (x_high - x_low) * plot_w

    def y(value):
        share = (float(value) - y_low) / ((y_high - y_low) or 1)
        return PAD_TOP + (share if lower_is_better else 1 - share) * plot_h

    parts.append('<g class="chart-axis" aria-hidden="true">')
    for tick in ticks:
        ty = y(tick)
        parts.append(f'<line x1="{PAD_LEFT}" x2="{width - PAD_RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}" class="chart-grid"/>')
        parts.append(f'<text x="{PAD_LEFT - 6}" y="{ty + 4:.1f}" text-anchor="end">{escape(_fmt(tick))}</text>')
    if len(points) <= 8:  # few points: name each period under it
        for date, _v, _l, short, _g in points:
            parts.append(f'<text x="{x(date):.1f}" y="{height - PAD_BOTTOM + 18}" text-anchor="middle">'
                         f'{escape(short)}</text>')
    else:  # many: one label per year
        for year in range(datetime.date.fromordinal(int(x_low) + 1).year,
                          datetime.date.fromordinal(int(x_high)).year + 1):
            mid = datetime.date(year, 7, 1)
            if x_low <= _day(mid) <= x_high:
                parts.append(f'<text x="{x(mid):.1f}" y="{height - PAD_BOTTOM + 18}" text-anchor="middle">{year}</text>')
    parts.append("</g>")
    notes = []
    if lower_is_better:
        notes.append(_("Trục đảo ngược: càng thấp càng tốt, nên cải thiện hiện lên phía trên"))
    if y_low > 0:
        notes.append(_("Trục giá trị không bắt đầu từ 0"))
    if notes:
        parts.append(f'<text class="chart-note" x="{PAD_LEFT}" y="{PAD_TOP - 14}">{escape("; ".join(notes))}</text>')

    if marker_date:
        mx = x(marker_date)
        parts.append(f'<g class="chart-marker"><line x1="{mx:.1f}" x2="{mx:.1f}" y1="{PAD_TOP - 8}" '
                     f'y2="{height - PAD_BOTTOM}" stroke-dasharray="5 4"/>'
                     f'<text x="{mx + 4:.1f}" y="{PAD_TOP - 12}">{escape(marker_label)} '
                     f'{marker_date.strftime("%d/%m/%Y")}</text></g>')

    coords = [(x(p[0]), y(p[1])) for p in points]
    groups = list(dict.fromkeys(p[4] for p in points))
    for number, group in enumerate(groups):  # one line per kind of period: a year is not joined to a month
        line = [c for c, p in zip(coords, points) if p[4] == group]
        if len(line) > 1:
            path = " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in line)
            parts.append(f'<polyline class="chart-line chart-line-{number}" fill="none" points="{path}"/>')
    if len(groups) > 1:
        for number, group in enumerate(groups):
            parts.append(f'<text class="chart-legend chart-line-{number}" x="{width - PAD_RIGHT}" '
                         f'y="{PAD_TOP + 12 * number}" text-anchor="end">{escape(group)}</text>')
    for (cx, cy), (date, value, label, _s, _g) in zip(coords, points):
        text = f"{label}: {show(value)}"
        parts.append(f'<circle class="chart-point" cx="{cx:.1f}" cy="{cy:.1f}" r="4"><title>{escape(text)}</title></circle>')
    if len(points) <= 8:  # label values directly when there is room
        for (cx, cy), (_d, value, _l, _s, _g) in zip(coords, points):
            parts.append(f'<text class="chart-value" x="{cx:.1f}" y="{cy - 9:.1f}" text-anchor="middle">'
                         f'{escape(show(value))}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def describe(points, marker_date=None, *, show=None, marker_label=None):
    """A one-sentence text alternative: range of periods, first and last value, the marker."""
    show = show or _fmt
    if not points:
        return _("Chưa có số liệu.")
    first, last = points[0], points[-1]
    if len(points) == 1:
        text = _("1 kỳ số liệu: %(period)s (%(value)s).") % {"period": first[2], "value": show(first[1])}
    else:
        text = ngettext(
            "%(count)s kỳ số liệu, từ %(first)s (%(first_value)s) đến %(last)s (%(last_value)s).",
            "%(count)s kỳ số liệu, từ %(first)s (%(first_value)s) đến %(last)s (%(last_value)s).",
            len(points)) % {"count": len(points), "first": first[2], "first_value": show(first[1]),
                            "last": last[2], "last_value": show(last[1])}
    if marker_date:
        text += " " + _("%(marker)s: %(date)s.") % {"marker": marker_label or _("Bắt đầu áp dụng"),
                                                    "date": marker_date.strftime("%d/%m/%Y")}
    return text
