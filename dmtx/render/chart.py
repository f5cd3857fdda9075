"""Charts drawn: a dated bar list for text and terminals, an SVG for print (the values: dmtx.document.chart).

No charting library: a bar per date (or per week, month, quarter or year when there are
many) reads well at 40 columns, in ASCII when piped, and on paper in black and white.
"""

from __future__ import annotations

import datetime as _dt
from html import escape
from typing import NamedTuple

from dmtx.document.chart import Series
from dmtx.journal.entries import number_text

_EIGHTHS = " ▏▎▍▌▋▊▉"
_PERIODS = ("week", "month", "quarter", "year")


VISIT_MARK = "visit"


class Row(NamedTuple):
    """One line of a text chart: its date, the bar's share of the full width (0-1), the value shown.

    A doctor's visit is a row of its own: `visit` true, no bar, the value "visit".
    """

    day: str
    share: float
    value: str
    visit: bool = False


class Layout(NamedTuple):
    """A text chart laid out: title, an optional line saying how values were grouped, rows, bar width."""

    title: str
    grouping: str | None
    rows: tuple[Row, ...]
    bar_width: int


def _period_key(day: str, period: str) -> tuple[int, int]:
    date = _dt.date.fromisoformat(day)
    if period == "week":
        iso = date.isocalendar()
        return iso[0], iso[1]
    if period == "month":
        return date.year, date.month
    if period == "quarter":
        return date.year, (date.month - 1) // 3
    return date.year, 0


def grouped(points: tuple[tuple[str, float], ...], max_rows: int) -> tuple[list[tuple[str, float]], str | None]:
    """At most max_rows points: all of them, or the last value of each week/month/quarter/year."""
    if len(points) <= max_rows:
        return list(points), None
    for period in _PERIODS:
        last: dict[tuple[int, int], tuple[str, float]] = {}
        for day, value in points:
            last[_period_key(day, period)] = (day, value)
        if len(last) <= max_rows or period == "year":
            kept = list(last.values())[-max_rows:]
            return kept, period
    return list(points)[-max_rows:], None  # pragma: no cover - the loop always returns


def layout(series: Series, width: int, *, max_rows: int = 24) -> Layout:
    """Lay out a text chart to fit `width` columns."""
    points, period = grouped(series.points, max_rows)
    values = [number_text(v) for _, v in points]
    value_width = max((len(v) for v in values), default=1)
    bar_width = max(4, width - 10 - 2 - value_width)
    high = series.high or max((v for _, v in points), default=1.0) or 1.0
    drawn = [Row(day, min(1.0, max(0.0, v / high)), text) for (day, v), text in zip(points, values, strict=True)]
    visits = [Row(day, 0.0, VISIT_MARK, visit=True) for day in series.marks if not points or day >= points[0][0]]
    visits += [Row(day, 0.0, VISIT_MARK, visit=True) for day in series.marks if points and day < points[0][0]][-1:]
    rows = tuple(sorted(drawn + visits, key=lambda row: (row.day, not row.visit)))
    first, last = series.span()
    title = f"{series.label}, {first} to {last}" if first != last else f"{series.label}, {first}"
    grouping = f"One line per {period}: the last value of each {period}." if period else None
    return Layout(title, grouping, rows, bar_width)


def bar(share: float, width: int, *, unicode: bool) -> str:
    """A horizontal bar `share` of `width` long: block characters, or '#' in ASCII."""
    if not unicode:
        return "#" * round(share * width)
    eighths = round(share * width * 8)
    full, part = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[part] if part else "")


def text_lines(series: Series, width: int, *, unicode: bool, max_rows: int = 24) -> list[str]:
    """The chart as plain lines no wider than `width`."""
    import textwrap

    chart = layout(series, width, max_rows=max_rows)
    lines = textwrap.wrap(chart.title, max(20, width))
    if chart.grouping:
        lines += textwrap.wrap(chart.grouping, max(20, width))
    value_width = max((len(r.value) for r in chart.rows if not r.visit), default=1)
    for row in chart.rows:
        if row.visit:
            lines.append(visit_line(row.day, chart.bar_width + 1 + value_width, unicode=unicode))
            continue
        drawn = bar(row.share, chart.bar_width, unicode=unicode).ljust(chart.bar_width)
        lines.append(f"{row.day} {drawn} {row.value.rjust(value_width)}".rstrip())
    return lines


def visit_line(day: str, width: int, *, unicode: bool) -> str:
    """A visit marker row: the date, then 'doctor's visit' in a dashed rule."""
    dash = "┄" if unicode else "-"
    words = " doctor's visit "
    return f"{day} {dash * 2}{words}{dash * max(0, width - len(words) - 2)}".rstrip()


# --------------------------------------------------------------------------- SVG for print


def _days(day: str) -> int:
    return _dt.date.fromisoformat(day).toordinal()


def nice_ceiling(value: float) -> float:
    """The next round number at or above value (1, 2 or 5 times a power of ten), for an axis."""
    import math

    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value)


def svg(series: Series, *, width: int = 640, font: int = 16, max_points: int = 400) -> str:
    """An inline SVG line chart: black on white, labelled axes and dates, no script.

    Labels are `font` user units high: drawn 1:1 (the page shows it `width` px wide) that is
    16 px = 12 pt, or 19 px = 14 pt and more for large print; the chart grows with its labels.
    """
    points, _ = grouped(series.points, max_points)
    height = round(128 + 3 * font)
    high = series.high or nice_ceiling(max((v for _, v in points), default=1.0))
    # Room at the left for the widest number ("20000"), about 0.62 of the font size a digit; the label
    # is the figure's caption (a rotated title overlapped five-digit numbers and was cut when long).
    widest = max(len(number_text(tick)) for tick in (0.0, high / 2, high))
    left, right, top, bottom = round(widest * 0.62 * font + 12), 16, font, round(font * 3)
    plot_w, plot_h = width - left - right, height - top - bottom
    first_day, last_day = series.span()
    start, end = _days(first_day), _days(last_day)
    span = max(1, end - start)

    def x(day: str) -> float:
        return left + (plot_w / 2 if start == end else (_days(day) - start) / span * plot_w)

    def y(value: float) -> float:
        return top + plot_h - min(1.0, value / high) * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(series.label)}">',
        f"<title>{escape(series.label)}</title>",
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="#fff" stroke="#000" stroke-width="1"/>',
    ]
    for tick in (0.0, high / 2, high):
        ty = y(tick)
        parts.append(
            f'<line x1="{left}" y1="{ty:.1f}" x2="{left + plot_w}" y2="{ty:.1f}" stroke="#999" '
            'stroke-width="0.6" stroke-dasharray="3 3"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{ty + font / 3:.1f}" text-anchor="end" font-size="{font}">{number_text(tick)}</text>'
        )
    days = [first_day, last_day]
    if end - start > 30:
        days.insert(1, _dt.date.fromordinal(start + (end - start) // 2).isoformat())
    anchors = ["start", "middle", "end"] if len(days) == 3 else ["start", "end"]
    if start == end:
        days, anchors = days[:1], ["middle"]
    for day, anchor in zip(days, anchors, strict=True):
        parts.append(
            f'<text x="{x(day):.1f}" y="{top + plot_h + font * 1.2:.1f}" text-anchor="{anchor}" font-size="{font}">{day}</text>'
        )
    parts.append(
        f'<text x="{left + plot_w / 2:.1f}" y="{height - 6}" text-anchor="middle" font-size="{font}">Date</text>'
    )
    for day in series.marks:
        parts.append(
            f'<line class="visit" x1="{x(day):.1f}" y1="{top}" x2="{x(day):.1f}" y2="{top + plot_h}" '
            'stroke="#000" stroke-width="1" stroke-dasharray="6 3"/>'
        )
        parts.append(f'<text x="{x(day) + 3:.1f}" y="{top + font}" font-size="{font}">visit</text>')
    coords = " ".join(f"{x(day):.1f},{y(value):.1f}" for day, value in points)
    if len(points) > 1:
        parts.append(f'<polyline points="{coords}" fill="none" stroke="#000" stroke-width="2"/>')
    if len(points) <= 60:
        for day, value in points:
            parts.append(
                f'<circle cx="{x(day):.1f}" cy="{y(value):.1f}" r="3.5" fill="#fff" stroke="#000" stroke-width="1.5"/>'
            )
    parts.append("</svg>")
    return "".join(parts)
