"""A chart as data: values over time for one thing, drawn by the renderers (dmtx.render.chart)."""

from __future__ import annotations

from typing import NamedTuple


class Series(NamedTuple):
    """Values over time for one thing: CK, one score, or one medicine's dose."""

    id: str
    label: str
    points: tuple[tuple[str, float], ...]
    high: float

    def first_last(self) -> tuple[str, str]:
        """The first and last dates with a value."""
        return self.points[0][0], self.points[-1][0]
