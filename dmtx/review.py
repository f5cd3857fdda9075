"""When the parts a screen shows were last checked, and whether their next check is overdue (trust signals).

Every topic, drug, term and beyond-the-page entry carries `reviewed` and `next_review`
(YYYY-MM-DD). A screen's footer names the month of the oldest review among its parts, and
says plainly when a next review date has passed (by `dmtx.clock`, which tests can set).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple, Protocol

from dmtx.clock import today
from dmtx.model import Knowledge

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


class Reviewed(Protocol):
    """Anything with review dates: a topic, drug, term or beyond-the-page entry."""

    @property
    def reviewed(self) -> str: ...

    @property
    def next_review(self) -> str: ...


class ReviewStatus(NamedTuple):
    """The oldest review and the earliest next review among some parts; `parts` says how many."""

    reviewed: str
    due: str
    parts: int = 1


def every_part(knowledge: Knowledge) -> tuple[Reviewed, ...]:
    """Every part of the guide that carries review dates."""
    return (*knowledge.topics, *knowledge.drugs, *knowledge.terms, *knowledge.beyond)


def status_of(parts: Iterable[Reviewed]) -> ReviewStatus | None:
    """The review status of these parts together (None when there are none)."""
    dated = [(p.reviewed, p.next_review) for p in parts]
    if not dated:
        return None
    return ReviewStatus(min(r for r, _ in dated), min(d for _, d in dated), len(dated))


def month(day: str) -> str:
    """'2026-12-02' -> 'December 2026'."""
    return f"{MONTHS[int(day[5:7]) - 1]} {day[:4]}"


def long_date(day: str) -> str:
    """'2027-12-02' -> '2 December 2027'."""
    return f"{int(day[8:10])} {month(day)}"


def footer_lines(status: ReviewStatus | None, *, whole_guide: bool = False) -> tuple[str, ...]:
    """'Reviewed December 2026.', and a plain warning when the next review date has passed."""
    if status is None:
        return ()
    lines = [f"Reviewed {month(status.reviewed)}. Who checks it, and how: dmtx about"]
    if status.due < today():
        what = "Part of this guide was" if whole_guide else "This part was" if status.parts == 1 else "Part of this was"
        lines.append(f"{what} due for review on {long_date(status.due)}; it may be out of date.")
    return tuple(lines)


def overdue(knowledge: Knowledge) -> list[tuple[str, str]]:
    """(what, next review date) for each part whose next review date has passed, in the guide's order."""
    now = today()
    named: list[tuple[str, Reviewed]] = [
        *((f"point {p.number}, {p.title}", p) for p in knowledge.topics),
        *((f"drug {d.name}", d) for d in knowledge.drugs),
        *((f"word {t.term}", t) for t in knowledge.terms),
        *((f"not on the page: {b.title}", b) for b in knowledge.beyond),
    ]
    return [(name, part.next_review) for name, part in named if part.next_review < now]
