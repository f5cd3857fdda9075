"""The table of journal entry kinds (dmtx/journal/kinds.py): a new measure is one row.

The main test adds two made-up measures to the table, a 0-10 score and a timed count with
its own unit, and shows that with no other change each one is checked when added,
described, listed, charted, exported and imported in CSV and JSON, and charted with its
trend in the checklist's "Since your last visit".
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from test_architecture import import_graph

from dmtx.errors import UsageProblem
from dmtx.journal import commands as journal_commands
from dmtx.journal import entries as E
from dmtx.journal import kinds
from dmtx.journal.entries import Entry
from dmtx.journal.summary import build_part
from dmtx.knowledge import load

from conftest import BUNDLED, Dmtx, assert_clean_error

TODAY = dt.date.today()
EARLIER, LATER = (TODAY - dt.timedelta(days=20)).isoformat(), (TODAY - dt.timedelta(days=5)).isoformat()


def _read_stands(fields: kinds.Fields) -> kinds.Values:
    raw = fields.value.strip()
    value = E.check_number(raw, "A sit-to-stand count", high=60)
    if not value.is_integer():
        raise UsageProblem(f"A sit-to-stand count is a whole number, not {raw}.")
    return kinds.Values(value=value)


STANDS = kinds.Kind(
    "stands",
    None,
    "Add how many times you stood up from a chair in 30 seconds.",
    _read_stands,
    ("value",),
    "Sit-to-stand {value} {unit}",
    unit="stands in 30 s",
    chart="Sit-to-stand (stands in 30 s)",
    draw="stands",
    nothing="sit-to-stand counts",
    trend=kinds.Trend("points", 2),
    summary=kinds.CHART,
)


@pytest.fixture
def new_measures(monkeypatch: pytest.MonkeyPatch) -> None:
    """The table with a new score ("appetite") and a new kind ("stands"): two rows, nothing else."""
    rows = list(kinds.TABLE)
    at = [row.kind for row in rows].index(kinds.NOTE)
    monkeypatch.setattr(kinds, "TABLE", (*rows[:at], kinds.score_row("appetite"), STANDS, *rows[at:]))


@pytest.fixture
def journal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "journal.sqlite3"
    monkeypatch.setenv("DMTX_JOURNAL", str(path))
    return path


def _add_stands(journal: Path, value: str, day: str) -> Entry:
    return journal_commands.add(str(journal), "stands", kinds.Fields(value=value), day=day, note=None)


def test_a_new_score_and_a_new_kind_are_one_row_each(
    new_measures: None, journal: Path, dmtx: Dmtx, capsys: pytest.CaptureFixture[str]
) -> None:
    # Added: the score through `dmtx journal add score`, the new kind through the same checks.
    added = dmtx("journal", "add", "score", "Appetite", "3", "--date", EARLIER, "--note", "woke at 4")
    assert added.exit_code == 0 and added.stdout == f"Added entry 1: appetite 3 of 10 on {EARLIER}.\n"
    assert dmtx("journal", "add", "score", "appetite", "6", "--date", LATER).exit_code == 0
    assert_clean_error(dmtx("journal", "add", "score", "appetite", "11"), 2, "A appetite score must be a whole number")
    assert _add_stands(journal, "9", EARLIER) == Entry(EARLIER, "stands", value=9.0)
    assert _add_stands(journal, "14", LATER).value == 14.0
    assert "Added entry 4: Sit-to-stand 14 stands in 30 s" in capsys.readouterr().out
    for bad, words in (("61", "too large"), ("7.5", "whole number"), ("-1", "cannot be negative")):
        with pytest.raises(UsageProblem, match=words):
            _add_stands(journal, bad, LATER)

    # Described and listed.
    listed = dmtx("journal", env={"COLUMNS": "100"}).stdout
    assert "appetite 3 of 10" in listed and "Sit-to-stand 9 stands in 30 s" in listed

    # Charted: by kind, by score name.
    chart = dmtx("journal", "chart", "stands", env={"COLUMNS": "60"}).stdout
    assert chart.startswith(f"Sit-to-stand (stands in 30 s), {EARLIER} to {LATER}\n")
    assert dmtx("journal", "chart", "appetite").stdout.startswith(f"Appetite (0-10), {EARLIER} to {LATER}\n")
    assert dmtx("journal", "chart", "score", "appetite").exit_code == 0
    assert "stands" in dmtx("journal", "chart", "blood").stderr  # the choices name the new kind

    # Exported and imported, CSV and JSON, and exported again the same.
    for fmt in ("csv", "json"):
        exported = dmtx("journal", "export", "--format", fmt).stdout
        assert "stands" in exported and "appetite" in exported
        copy = journal.with_name(f"copy-{fmt}.sqlite3")
        source = journal.with_name(f"export.{fmt}")
        source.write_text(exported, encoding="utf-8")
        imported = dmtx("journal", "import", str(source), env={"DMTX_JOURNAL": str(copy)})
        assert imported.stdout == "Imported 4 of 4 entries.\n", imported.stderr
        assert dmtx("journal", "export", "--format", fmt, env={"DMTX_JOURNAL": str(copy)}).stdout == exported
    data = json.loads(dmtx("journal", "export", "--format", "json").stdout)
    assert data["entries"][1] == {  # date order: appetite, stands, appetite, stands
        "date": EARLIER, "kind": "stands", "name": None, "value": 9, "unit": None, "per": None,
        "course": None, "range": None, "drug": None, "origin": None, "note": None,
    }  # fmt: skip
    bad = journal.with_name("bad.csv")
    bad.write_text(f"date,kind,name,value\n{LATER},stands,legs,12\n", encoding="utf-8")
    assert_clean_error(dmtx("journal", "import", str(bad)), 2, "A stands entry has no name")

    # In "Since your last visit": a chart each, with the row's unit and trend.
    text = dmtx("checklist", "--journal", "-f", "text", "-t", "1", env={"COLUMNS": "100"}).stdout
    assert f"From 9 stands in 30 s on {EARLIER} to 14 stands in 30 s on {LATER}: went up." in text
    assert f"From 3 of 10 on {EARLIER} to 6 of 10 on {LATER}: went up." in text
    assert "appetite 3 of 10: woke at 4" in text


def test_the_summary_charts_follow_the_table_order(new_measures: None) -> None:
    entries = [
        Entry(EARLIER, "stands", value=10.0, id=1),
        Entry(EARLIER, "score", "appetite", 5.0, id=2),
        Entry(EARLIER, "ck", value=400.0, id=3),
        Entry(LATER, "stands", value=11.0, id=4),
        Entry(LATER, "score", "appetite", 5.0, id=5),
        Entry(LATER, "ck", value=300.0, id=6),
    ]
    part = build_part(load(BUNDLED), entries, today=TODAY)
    assert [c.series.id for c in part.charts] == ["ck", "score-appetite", "stands"]
    assert [c.trend.rsplit(": ", 1)[1] for c in part.charts] == ["went down.", *["stayed about the same."] * 2]


# --------------------------------------------------------------------------- the table itself


def test_every_kind_shown_as_a_chart_has_a_label_and_a_trend() -> None:
    for row in kinds.TABLE:
        if row.summary == kinds.CHART:
            assert row.chart and row.trend and row.draw, row
        assert row.summary in (kinds.CHART, kinds.MEDICINE, kinds.PERIOD, kinds.NOTES), row
        assert set(row.columns) <= set(kinds.FIELDS), row
        assert kinds.help_of(row.kind).endswith("."), row


def test_the_kinds_and_scores_are_todays() -> None:
    assert kinds.kind_names() == ("ck", "dose", "score", "stand", "lab", "note", "visit")
    assert kinds.names(kinds.SCORE) == (
        "weakness",
        "fatigue",
        "pain",
        "skin",
        "swallowing",
        "sleep",
        "brain-fog",
        "global",
    )
    assert kinds.names(kinds.LAB) == ("aldolase", "alt", "ast", "ldh")
    assert kinds.of_summary(kinds.CHART) == ("ck", "score", "stand", "lab")
    assert kinds.draw_choices() == ("ck", "stand", "score NAME", "lab NAME", "dose MEDICINE")


def test_the_knowledge_file_may_name_exactly_the_tables_scores() -> None:
    from dmtx.knowledge.schema import JOURNAL_RULE

    choices = JOURNAL_RULE["score"].choices
    assert callable(choices) and choices() == kinds.names(kinds.SCORE)


@pytest.mark.parametrize(
    ("first", "last", "words"),
    [
        (100, 110, "stayed about the same"),
        (100, 110.5, "went up"),
        (100, 90, "stayed about the same"),
        (100, 89.5, "went down"),
        (0, 0.1, "stayed about the same"),
        (0, 0.2, "went up"),
    ],
)
def test_the_ck_trend_is_a_change_of_more_than_a_tenth(first: float, last: float, words: str) -> None:
    ck = kinds.find(kinds.CK)
    assert ck is not None and ck.trend is not None
    assert ck.trend.words(first, last) == words


@pytest.mark.parametrize(
    ("first", "last", "words"),
    [(4, 5, "stayed about the same"), (4, 6, "went up"), (6, 4, "went down"), (0, 10, "went up")],
)
def test_a_score_trend_is_a_move_of_two_points(first: float, last: float, words: str) -> None:
    for name in kinds.names(kinds.SCORE):
        row = kinds.find(kinds.SCORE, name)
        assert row is not None and row.trend is not None
        assert row.trend.words(first, last) == words


def test_entries_are_described_as_before() -> None:
    shown = [
        kinds.describe(Entry("2026-01-01", "ck", value=850.0)),
        kinds.describe(Entry("2026-01-01", "dose", "prednisone", 7.5, "mg", "day")),
        kinds.describe(Entry("2026-01-01", "dose", "ivig", 2, "g/kg")),
        kinds.describe(Entry("2026-01-01", "score", "weakness", 6.0)),
        kinds.describe(Entry("2026-01-01", "note", note="x")),
        kinds.describe(Entry("2026-01-01", "visit")),
    ]
    assert shown == [
        "CK 850 U/L",
        "prednisone 7.5 mg a day",
        "ivig 2 g/kg",
        "weakness 6 of 10",
        "Note",
        "Doctor's visit",
    ]


def test_make_checks_fields_then_date_then_note() -> None:
    with pytest.raises(UsageProblem, match="not a score dmtx keeps"):
        kinds.make(kinds.SCORE, kinds.Fields("appetite", "3"), day="bad", note=None)
    with pytest.raises(UsageProblem, match="not a date"):
        kinds.make(kinds.SCORE, kinds.Fields("pain", "3"), day="bad", note="\x00")
    with pytest.raises(UsageProblem, match="The note is empty"):
        kinds.make(kinds.NOTE, kinds.Fields(), day=None, note="  ")
    with pytest.raises(UsageProblem, match="'blood' is not a kind of entry; use one of ck, dose, score, stand, lab"):
        kinds.make("blood", kinds.Fields(), day=None, note=None)
    dose = kinds.make(
        kinds.DOSE, kinds.Fields("Rayos", "5", "MG", "Day"), day="2026-01-01", note=None, resolve=str.lower
    )
    # The name stays as typed; the resolver gives the drug it matched.
    assert dose == Entry("2026-01-01", "dose", "Rayos", 5.0, "mg", "day", drug="rayos")


def test_the_table_sits_low_enough_for_the_knowledge_checker() -> None:
    """kinds reads only the entry checks and errors, so dmtx.knowledge may read the score names from it."""
    graph = import_graph()
    assert graph["dmtx.journal.kinds"] <= {"dmtx.errors", "dmtx.journal.entries"}
    assert graph["dmtx.journal.entries"] <= {"dmtx.errors", "dmtx.model", "dmtx.sanitize"}
    assert "dmtx.journal.kinds" in graph["dmtx.knowledge.schema"]  # inside a function: validation only
