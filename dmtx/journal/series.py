"""Journal entries as chart series: the values of one kind (and name), labelled as the kinds table says."""

from __future__ import annotations

from dmtx.document.chart import Series
from dmtx.journal import kinds
from dmtx.journal.entries import Entry, schedule_words

__all__ = ["Series", "series_for"]


def charted(entries: list[Entry], kind: str, name: str | None = None) -> list[Entry]:
    """The entries a chart of one kind (and name) draws: with a value, and a medicine by the name typed
    (any case) or by the guide's drug."""
    wanted = None if name is None else name.casefold()
    return [
        e
        for e in entries
        if e.kind == kind and (wanted is None or wanted in ((e.name or "").casefold(), e.drug)) and e.value is not None
    ]


def series_for(
    entries: list[Entry], kind: str, name: str | None = None, *, marks: tuple[str, ...] = (), start: str | None = None
) -> Series | None:
    """The values of one kind (and name) as a chart series, labelled as the table says; None when there are none.

    A medicine is found by the name typed (any case) or by the guide's drug: 'dose prednisone' draws
    every brand of it, 'dose Rayos' that brand only. `marks` are visit days: those from `start` (else the first value) to the last value are kept.
    """
    wanted = None if name is None else name.casefold()
    chosen = charted(entries, kind, name)
    row = kinds.find(kind, name)
    if not chosen or row is None:
        return None
    points = tuple((e.day, float(e.value or 0)) for e in chosen)
    by_drug = wanted is not None and wanted == chosen[-1].drug  # every brand of it: the guide's name, in any case typed
    shown = chosen[-1].drug if by_drug else chosen[-1].name if row.free_name() and name is not None else name
    label = row.fill(row.chart or "{name}", name=str(shown), Name=str(shown).capitalize(), units=_units(chosen))
    first = start or points[0][0]
    kept = tuple(sorted({day for day in marks if first <= day <= points[-1][0]}))
    return Series(kind if name is None else f"{kind}-{name}", label, points, row.high, kept)


def _units(entries: list[Entry]) -> str:
    """The units (and schedules) of a medicine's doses: "mg a day" or "g every 4 weeks, over 5 days"."""
    units = {(e.unit, schedule_words(e.per, e.course)) for e in entries}
    return " or ".join(sorted(f"{u}{' ' + s if s else ''}" for u, s in units if u))
