"""Journal entries as chart series: the values of one kind (and name), labelled as the kinds table says."""

from __future__ import annotations

from dmtx.document.chart import Series
from dmtx.journal import kinds
from dmtx.journal.entries import Entry

__all__ = ["Series", "series_for"]


def series_for(entries: list[Entry], kind: str, name: str | None = None) -> Series | None:
    """The values of one kind (and name) as a chart series, labelled as the table says; None when there are none."""
    chosen = [e for e in entries if e.kind == kind and (name is None or e.name == name) and e.value is not None]
    row = kinds.find(kind, name)
    if not chosen or row is None:
        return None
    points = tuple((e.day, float(e.value or 0)) for e in chosen)
    label = row.fill(row.chart or "{name}", name=str(name), Name=str(name).capitalize(), units=_units(chosen))
    return Series(kind if name is None else f"{kind}-{name}", label, points, row.high)


def _units(entries: list[Entry]) -> str:
    """The units (and schedules) of a medicine's doses: "mg a day" or "mg a day or mg a week"."""
    units = {(e.unit, e.per) for e in entries}
    return " or ".join(sorted(f"{u}{' a ' + p if p else ''}" for u, p in units if u))
