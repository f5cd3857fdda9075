"""Journal charts drawn into the PDF as vector lines and text: the same chart as the HTML's SVG.

Axis and date labels are 12 pt (14 pt in large print); doctor's visits are dashed vertical
lines labelled "visit", as in every other format. Black on white, so it prints and copies.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING

from dmtx.document.chart import Series
from dmtx.journal.entries import number_text
from dmtx.render.chart import grouped, nice_ceiling

if TYPE_CHECKING:
    from fpdf import FPDF

PT = 25.4 / 72  # one point in mm
MAX_POINTS = 400


def chart_height(label_pt: float) -> float:
    """The height in mm a chart takes: plot, dates below it, and a little air."""
    return 42.0 + 3.2 * label_pt * PT


def draw_chart(pdf: FPDF, series: Series, *, left: float, top: float, width: float, label_pt: float) -> float:
    """Draw `series` with its top-left corner at (left, top), `width` mm wide; return the height used."""
    points, _ = grouped(series.points, MAX_POINTS)
    text_h = label_pt * PT
    axis_w = _label_width(pdf, series, points, label_pt)
    plot_left, plot_top = left + axis_w + 2.5, top + 1.0
    plot_w, plot_h = width - axis_w - 4.0, 38.0
    high = series.high or nice_ceiling(max((v for _, v in points), default=1.0))
    first_day, last_day = series.span()
    start, end = _days(first_day), _days(last_day)
    span = max(1, end - start)

    def x(day: str) -> float:
        return plot_left + (plot_w / 2 if start == end else (_days(day) - start) / span * plot_w)

    def y(value: float) -> float:
        return plot_top + plot_h - min(1.0, value / high) * plot_h

    pdf.set_draw_color(0)
    pdf.set_text_color(0)
    pdf.set_font("dejavu", "", label_pt)
    pdf.set_line_width(0.3)
    pdf.rect(plot_left, plot_top, plot_w, plot_h)
    for tick in (0.0, high / 2, high):
        ty = y(tick)
        pdf.set_draw_color(150)
        pdf.set_dash_pattern(dash=1.0, gap=1.0)
        pdf.line(plot_left, ty, plot_left + plot_w, ty)
        pdf.set_dash_pattern()
        label = number_text(tick)
        pdf.text(plot_left - 1.5 - pdf.get_string_width(label), ty + text_h / 3, label)
    pdf.set_draw_color(0)
    days = [first_day, last_day] if start != end else [first_day]
    date_w = pdf.get_string_width(first_day) + 3.0  # a date and the space after it
    if end - start > 30 and 3 * date_w <= plot_w:  # a middle date only where three fit side by side
        days.insert(1, _dt.date.fromordinal(start + (end - start) // 2).isoformat())
    if len(days) == 2 and 2 * date_w > plot_w:  # a very narrow chart: the first and last would run together
        days = [first_day]
    for n, day in enumerate(days):
        w = pdf.get_string_width(day)
        shift = 0.0 if n == 0 and len(days) > 1 else w if n == len(days) - 1 and len(days) > 1 else w / 2
        pdf.text(x(day) - shift, plot_top + plot_h + text_h + 1.0, day)
    for day in series.marks:
        pdf.set_line_width(0.35)
        pdf.set_dash_pattern(dash=2.0, gap=1.0)
        pdf.line(x(day), plot_top, x(day), plot_top + plot_h)
        pdf.set_dash_pattern()
        pdf.text(x(day) + 1.0, plot_top + text_h, "visit")
    pdf.set_line_width(0.6)
    coords = [(x(day), y(value)) for day, value in points]
    if len(coords) > 1:
        pdf.polyline(coords)
    if len(points) <= 60:
        pdf.set_line_width(0.4)
        pdf.set_fill_color(255)
        for cx, cy in coords:
            pdf.rect(cx - 1.0, cy - 1.0, 2.0, 2.0, style="DF")
    return plot_h + 2.4 * text_h + 4.0


def _label_width(pdf: FPDF, series: Series, points: list[tuple[str, float]], label_pt: float) -> float:
    pdf.set_font("dejavu", "", label_pt)
    high = series.high or nice_ceiling(max((v for _, v in points), default=1.0))
    return max(pdf.get_string_width(number_text(v)) for v in (0.0, high / 2, high))


def _days(day: str) -> int:
    return _dt.date.fromisoformat(day).toordinal()
