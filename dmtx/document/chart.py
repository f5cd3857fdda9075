"""A chart as data: values over time for one thing, drawn by the renderers (dmtx.render.chart)."""

from __future__ import annotations

from typing import NamedTuple


class Series(NamedTuple):
    """Values over time for one thing: CK, one score, or one medicine's dose."""

    id: str
    label: str
    points: tuple[tuple[str, float], ...]
    high: float
    marks: tuple[str, ...] = ()
    """The days of doctor's visits within the chart's time, drawn as markers in every format."""

    def first_last(self) -> tuple[str, str]:
        """The first and last dates with a value."""
        return self.points[0][0], self.points[-1][0]

    def span(self) -> tuple[str, str]:
        """The first and last dates the chart covers: its values and its visit markers."""
        days = [self.points[0][0], self.points[-1][0], *self.marks]
        return min(days), max(days)
