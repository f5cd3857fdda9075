"""The journal's pure logic, called directly: trend words, the visit window, the rules and their boundaries.

Each test names a bug a planted-bug audit slipped past the suite (issue #26); the CLI tests show the same words.
"""

from __future__ import annotations

import datetime as dt

import pytest

from dmtx.document.chart import Series
from dmtx.journal import kinds
from dmtx.journal.entries import Entry
from dmtx.journal.rules import make_record, rules_met, taken_since
from dmtx.journal.summary import _trend
from dmtx.knowledge import load

from conftest import BUNDLED

CK = kinds.row_of("ck")
WEAKNESS = kinds.find("score", "weakness")
assert WEAKNESS is not None

RULES = {rule.id: rule for rule in load(BUNDLED, use_cache=False).journal_rules}
MYOPATHY = RULES["steroid-myopathy"]
TODAY = dt.date(2026, 3, 1)


def trend(row: kinds.Kind, *values: float) -> str:
    """The summary's sentence for these values, one a day from 2026-01-01, after a visit."""
    entries = [Entry("2025-12-31", "visit", id=1)]
    entries += [Entry(f"2026-01-{n:02d}", row.kind, row.name, v, id=n + 1) for n, v in enumerate(values, 1)]
    return _trend(make_record(entries, TODAY), row, row.name)


# --------------------------------------------------------------------------- trend words


@pytest.mark.parametrize(
    ("first", "last", "word"),
    [
        (900, 950, "stayed about the same"),  # +5.6 %: never "went down"
        (900, 1000, "went up"),  # +11 %
        (1000, 850, "went down"),
        (1000, 1100, "stayed about the same"),  # exactly +10 %: not more than 10 %
        (1000, 900, "stayed about the same"),  # exactly -10 %
        (1000, 1101, "went up"),
        (1000, 899, "went down"),
        (1000, 1000, "stayed about the same"),
        (0, 5, "went up"),  # from 0: measured against 1 U/L
    ],
)
def test_ck_trend_words(first: float, last: float, word: str) -> None:
    assert trend(CK, first, last).endswith(f": {word}.")


@pytest.mark.parametrize(
    ("first", "last", "word"),
    [(4, 6, "went up"), (4, 5, "stayed about the same"), (6, 4, "went down"), (6, 5, "stayed about the same")],
)
def test_score_trend_words_move_at_two_points(first: float, last: float, word: str) -> None:
    assert trend(WEAKNESS, first, last).endswith(f": {word}.")


def test_the_trend_sentence_names_both_ends() -> None:
    text = trend(CK, 900, 700, 950)
    assert text == "From 900 U/L on 2026-01-01 to 950 U/L on 2026-01-03: stayed about the same."
    assert trend(CK, 900) == "One value: 900 U/L on 2026-01-01."


# --------------------------------------------------------------------------- "since your last visit"


def entry(n: int, day: str, kind: str, name: str | None = None, value: float | None = None) -> Entry:
    unit, per = ("mg", "day") if kind == "dose" else (None, None)
    return Entry(day, kind, name, value, unit, per, None, n)


def test_entries_on_the_visit_day_count_when_made_after_the_visit() -> None:
    before = entry(1, "2026-02-01", "ck", value=900)  # the morning's lab, typed before the visit
    visit = entry(2, "2026-02-01", "visit")
    after = entry(3, "2026-02-01", "ck", value=950)  # typed after the visit, the same day
    later = entry(4, "2026-02-02", "ck", value=990)
    earlier = entry(5, "2026-01-31", "ck", value=800)  # typed late, dated the day before the visit
    record = make_record([earlier, before, visit, after, later], TODAY)
    assert record.last_visit == visit
    assert [e.id for e in record.recent("ck")] == [3, 4]
    assert [record.in_window(e) for e in (earlier, before, visit, after, later)] == [False, False, False, True, True]


def test_without_a_visit_the_window_is_the_last_365_days_inclusive() -> None:
    first_day = (TODAY - dt.timedelta(days=365)).isoformat()
    day_before = (TODAY - dt.timedelta(days=366)).isoformat()
    record = make_record([entry(1, day_before, "ck", value=1), entry(2, first_day, "ck", value=2)], TODAY)
    assert record.window_start() == first_day
    assert [e.id for e in record.recent("ck")] == [2]


# --------------------------------------------------------------------------- taken_since


def test_daily_doses_of_the_same_medicine_count_from_the_first_day() -> None:
    doses = [entry(n, f"2026-01-{n:02d}", "dose", "prednisone", 20) for n in range(1, 8)]
    assert taken_since(make_record(doses, TODAY), "prednisone") == "2026-01-01"


def test_a_pause_restarts_the_count_and_a_last_zero_dose_means_not_taken() -> None:
    doses = [
        entry(1, "2026-01-01", "dose", "prednisone", 20),
        entry(2, "2026-01-05", "dose", "prednisone", 0),  # a pause
        entry(3, "2026-01-10", "dose", "prednisone", 10),
        entry(4, "2026-01-11", "dose", "prednisone", 10),
    ]
    assert taken_since(make_record(doses, TODAY), "prednisone") == "2026-01-10"
    assert taken_since(make_record(doses[:2], TODAY), "prednisone") is None
    assert taken_since(make_record(doses, TODAY), "methotrexate") is None


# --------------------------------------------------------------------------- steroid myopathy


def myopathy(
    weakness: tuple[float, float], ck: tuple[float, float], *, score: str = "weakness", dose: float = 20
) -> bool:
    entries = [
        entry(1, "2025-12-01", "dose", "prednisone", dose),
        entry(2, "2026-01-01", "visit"),
        entry(3, "2026-01-05", "score", score, weakness[0]),
        entry(4, "2026-01-05", "ck", value=ck[0]),
        entry(5, "2026-02-05", "score", score, weakness[1]),
        entry(6, "2026-02-05", "ck", value=ck[1]),
    ]
    return [rule for rule, _ in rules_met((MYOPATHY,), make_record(entries, TODAY))] == [MYOPATHY]


def test_the_myopathy_rule_reads_its_settings_from_the_knowledge_file() -> None:
    assert (MYOPATHY.score, MYOPATHY.drugs, MYOPATHY.rise_points, MYOPATHY.rise_days) == (
        "weakness",
        ("prednisone",),
        3,
        4,
    )


@pytest.mark.parametrize(
    ("weakness", "ck", "met"),
    [
        ((4, 6), (1000, 1000), True),  # weaker by 2 points, CK steady
        ((4, 5), (1000, 1000), False),  # weaker by 1 point only
        ((8, 8), (1000, 1000), False),  # high but steady weakness is not weakness rising
        ((9, 9), (400, 400), False),
        ((6, 4), (1000, 1000), False),  # stronger
        ((4, 6), (1000, 1200), True),  # CK up exactly 20 %
        ((4, 6), (1000, 800), True),  # CK down exactly 20 %
        # Weaker on the steroid: one neutral question whatever CK did ("the DM or the prednisone?", issue #21).
        ((4, 6), (1000, 1201), True),
        ((4, 6), (1000, 799), True),
        ((4, 6), (0, 0), True),
        ((4, 6), (0, 1), True),
    ],
)
def test_steroid_myopathy_boundaries(weakness: tuple[float, float], ck: tuple[float, float], met: bool) -> None:
    assert myopathy(weakness, ck) is met


def test_only_the_weakness_score_counts_for_myopathy() -> None:
    assert not myopathy((2, 9), (1000, 1000), score="pain")
    assert not myopathy((2, 9), (1000, 1000), score="fatigue")


def test_myopathy_needs_prednisone_taken_now() -> None:
    assert not myopathy((4, 6), (1000, 1000), dose=0)


# --------------------------------------------------------------------------- properties of the window

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

DAYS = st.integers(min_value=0, max_value=4).map(lambda n: f"2026-02-0{n + 1}")
KINDS = st.sampled_from(["ck", "visit", "note"])


@given(st.lists(st.tuples(DAYS, KINDS), min_size=1, max_size=12))
def test_the_window_holds_exactly_what_came_after_the_last_visit(typed: list[tuple[str, str]]) -> None:
    """Any journal, entries on a visit's own day included (before and after it): the window is what follows it."""
    entries = sorted(
        (entry(n, day, kind, value=1.0 if kind == "ck" else None) for n, (day, kind) in enumerate(typed, 1)),
        key=lambda e: (e.day, e.id or 0),
    )
    record = make_record(entries, TODAY)
    visits = [e for e in entries if e.kind == "visit"]
    if not visits:
        assert record.last_visit is None
        assert all(record.in_window(e) for e in entries)  # all are within the last 12 months
        return
    last = visits[-1]
    assert record.last_visit == last
    for e in entries:
        after = (e.day, e.id or 0) > (last.day, last.id or 0)
        assert record.in_window(e) == after, (e, last)
    same_day_after = [e for e in entries if e.day == last.day and (e.id or 0) > (last.id or 0)]
    assert all(e in record.recent(e.kind) for e in same_day_after if e.kind != "visit")


# --------------------------------------------------------------------------- charts that group by period


def test_a_long_chart_groups_by_quarter_with_the_last_value_of_each() -> None:
    from dmtx.render.chart import grouped, layout

    # Weekly values over two years: too many for weeks or months in 8 rows, so quarters.
    start = dt.date(2025, 1, 6)
    points = tuple(((start + dt.timedelta(weeks=w)).isoformat(), float(w)) for w in range(100))
    kept, period = grouped(points, 8)
    assert period == "quarter"
    # The last value of each of the last 8 quarters: a quarter ends in March, June, September, December.
    assert [day for day, _ in kept] == [
        "2025-03-31",
        "2025-06-30",
        "2025-09-29",
        "2025-12-29",
        "2026-03-30",
        "2026-06-29",
        "2026-09-28",
        "2026-11-30",
    ][-len(kept) :]
    assert [day[:7] for day, _ in kept] == [
        "2025-03",
        "2025-06",
        "2025-09",
        "2025-12",
        "2026-03",
        "2026-06",
        "2026-09",
        "2026-11",
    ]
    chart = layout(Series("ck", "CK", points, 0.0), 60, max_rows=8)
    assert chart.grouping == "One line per quarter: the last value of each quarter."
    assert [row.day for row in chart.rows] == [day for day, _ in kept]


def test_a_quarter_boundary_day_belongs_to_its_own_quarter() -> None:
    from dmtx.render.chart import grouped

    points = (("2026-03-31", 1.0), ("2026-04-01", 2.0), ("2026-06-30", 3.0), ("2026-07-01", 4.0))
    points += tuple((f"2026-{m:02d}-15", float(m)) for m in range(8, 13))
    kept, period = grouped(points, 4)
    assert period == "quarter"
    assert kept == [("2026-03-31", 1.0), ("2026-06-30", 3.0), ("2026-09-15", 9.0), ("2026-12-15", 12.0)]
