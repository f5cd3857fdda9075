"""The journal on a colour terminal (dmtx/journal/table.py): the list as a table and the chart with
coloured bars, read as drawn (escape codes and all), in this process so that mutmut sees them.

Subprocess and 40-column tests elsewhere cover the same screens; these pin what a change to the
drawing code would alter: the styles, the column order and alignment, the 60-column switch to
plain lines, the bar lengths and the value column.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import Dmtx, Terminal

ESCAPE = re.compile(r"\x1b\[[0-9;]*m")
BOLD, DIM, CYAN, MAGENTA = "\x1b[1m", "\x1b[2m", "\x1b[36m", "\x1b[35m"


def plain(text: str) -> list[str]:
    """The screen's lines without colour codes or trailing spaces."""
    return [ESCAPE.sub("", line).rstrip() for line in text.splitlines()]


@pytest.fixture
def journal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dmtx: Dmtx) -> Path:
    """Three CK results around a visit; the first has a note written like markup."""
    path = tmp_path / "journal.sqlite3"
    monkeypatch.setenv("DMTX_JOURNAL", str(path))
    for entry in (
        ("visit", "--date", "2026-03-01"),
        ("ck", "300", "--date", "2026-02-01", "--note", "[red]loud[/red] note"),
        ("ck", "1250", "--date", "2026-03-10"),
        ("ck", "90", "--date", "2026-04-10"),
    ):
        assert dmtx("journal", "add", *entry).exit_code == 0
    return path


# --------------------------------------------------------------------------- the list


def test_on_a_wide_terminal_the_list_is_a_table_in_date_order(journal: Path, on_terminal: Terminal) -> None:
    shown = on_terminal("journal", "list", cols=80)
    assert shown.exit_code == 0, shown.stderr
    lines = plain(shown.stdout)
    assert f"{BOLD}" in shown.stdout.splitlines()[0] and lines[0].strip() == "Your journal: 4 entries"
    header = next(line for line in lines if "Date" in line)
    assert header.split() == ["No.", "Date", "Entry", "Note"]
    rule = lines[lines.index(header) + 1].strip()
    assert rule and set(rule) == {"\u2500"}
    # That is the only rule (box.SIMPLE_HEAD): none between rows, none at the foot.
    assert [line for line in lines if "\u2500" in line] == [lines[lines.index(header) + 1]]
    rows = [line for line in lines if re.match(r"\s+\d+\s+2026-", line)]
    assert [row.split()[:2] for row in rows] == [
        ["2", "2026-02-01"],
        ["1", "2026-03-01"],
        ["3", "2026-03-10"],
        ["4", "2026-04-10"],
    ]
    first = lines.index(rows[0])
    assert lines[first : first + 4] == rows  # no blank line between rows
    assert "CK 300 U/L" in rows[0] and "Doctor's visit" in rows[1] and "CK 1250 U/L" in rows[2]
    assert rows[1].endswith("Doctor's visit")  # no note: nothing in the note column
    # Columns line up: the date, the entry and the note start where the header's names start.
    for name, text in (("Date", "2026-02-01"), ("Entry", "CK 300 U/L"), ("Note", "[red]loud[/red] note")):
        assert rows[0].index(text) == header.index(name), name
    assert all(len(line) <= 80 for line in lines)
    # A note is the patient's text: shown as typed, never read as colour markup.
    assert "[red]loud[/red] note" in shown.stdout and "\x1b[31m" not in shown.stdout
    assert f"{DIM}Delete one with: dmtx journal delete NUMBER" in shown.stdout


def daily_ck(dmtx: Dmtx, days: int) -> None:
    """A CK result on each of the first `days` days of May 2026, in a new journal."""
    for day in range(1, days + 1):
        assert dmtx("journal", "add", "ck", str(100 + day), "--date", f"2026-05-{day:02d}").exit_code == 0


@pytest.fixture
def new_journal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DMTX_JOURNAL", str(tmp_path / "journal.sqlite3"))


@pytest.mark.usefixtures("new_journal")
def test_the_number_column_is_right_aligned(dmtx: Dmtx, on_terminal: Terminal) -> None:
    daily_ck(dmtx, 10)
    lines = plain(on_terminal("journal", "list", cols=80).stdout)
    nine, ten = (next(line for line in lines if f"2026-05-{d:02d}" in line) for d in (9, 10))
    assert nine.index("9 ") == ten.index("10 ") + 1  # units under units


@pytest.mark.usefixtures("new_journal")
def test_a_long_journal_says_it_shows_the_last_twenty(dmtx: Dmtx, on_terminal: Terminal) -> None:
    daily_ck(dmtx, 21)
    lines = plain(on_terminal("journal", "list", cols=80).stdout)
    assert lines[0].strip() == "Your journal: the last 20 of 21 entries"
    assert not any("2026-05-01" in line for line in lines) and any("2026-05-21" in line for line in lines)


def test_a_note_of_two_lines_keeps_its_line_break_in_the_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dmtx: Dmtx, on_terminal: Terminal
) -> None:
    monkeypatch.setenv("DMTX_JOURNAL", str(tmp_path / "journal.sqlite3"))
    assert (
        dmtx("journal", "add", "ck", "300", "--note", "first line\nsecond line", "--date", "2026-05-01").exit_code == 0
    )
    lines = plain(on_terminal("journal", "list", cols=100).stdout)
    first = next(line for line in lines if "first line" in line)
    assert "second line" not in first
    assert lines[lines.index(first) + 1].strip() == "second line"


def test_one_entry_is_an_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dmtx: Dmtx, on_terminal: Terminal
) -> None:
    monkeypatch.setenv("DMTX_JOURNAL", str(tmp_path / "journal.sqlite3"))
    assert dmtx("journal", "add", "ck", "300", "--date", "2026-05-01").exit_code == 0
    assert plain(on_terminal("journal", "list", cols=80).stdout)[0].strip() == "Your journal: 1 entry"


@pytest.mark.parametrize(("cols", "table"), [(60, True), (59, False)])
def test_below_sixty_columns_the_list_is_plain_lines(
    journal: Path, on_terminal: Terminal, cols: int, table: bool
) -> None:
    shown = on_terminal("journal", "list", cols=cols)
    lines = plain(shown.stdout)
    assert any(line.split() == ["No.", "Date", "Entry", "Note"] for line in lines) is table
    assert all(len(line) <= cols for line in lines)
    if not table:
        assert lines[:2] == ["Your journal: 4 entries", ""]
        assert lines[2:4] == ["2  2026-02-01  CK 300 U/L", "   [red]loud[/red] note"]
        assert lines[-1] == "Delete one with: dmtx journal delete NUMBER"


# --------------------------------------------------------------------------- the chart


def test_the_chart_draws_each_value_as_a_coloured_bar_of_its_share(journal: Path, on_terminal: Terminal) -> None:
    shown = on_terminal("journal", "chart", "ck", cols=80)
    assert shown.exit_code == 0, shown.stderr
    raw = shown.stdout.splitlines()
    lines = plain(shown.stdout)
    assert lines[0] == "CK (U/L), 2026-02-01 to 2026-04-10" and raw[0].startswith(BOLD)
    bars = {line[:10]: line for line in lines if re.match(r"2026-\d\d-\d\d \u2588", line)}
    assert set(bars) == {"2026-02-01", "2026-03-10", "2026-04-10"}
    # 80 columns: the date (10), a space, the bar (80 - 12 - 4 = 64), a space, the value at the width of "1250".
    width = 64
    for day, value in (("2026-02-01", 300), ("2026-03-10", 1250), ("2026-04-10", 90)):
        line = ESCAPE.sub("", next(r for r in raw if day in r and "\u2588" in r))
        assert len(line) == 80 and line.endswith(" " + str(value).rjust(4)), line
        eighths = round(value / 1250 * width * 8)
        assert line[11:].count("\u2588") == eighths // 8, day
    for row in (r for r in raw if "\u2588" in r):
        assert f"{DIM}2026-" in row and CYAN + "\u2588" in row and BOLD in row.rsplit("\u2588", 1)[1]
    visit = next(r for r in raw if "doctor's visit" in r)
    assert MAGENTA in visit and ESCAPE.sub("", visit).startswith("2026-03-01 \u2504")
    assert len(ESCAPE.sub("", visit)) == 80  # as wide as the bars and values
    # In date order, the visit between the results around it.
    days = [line[:10] for line in lines[1:] if line]
    assert days == ["2026-02-01", "2026-03-01", "2026-03-10", "2026-04-10"]


def test_a_long_chart_says_how_it_groups(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dmtx: Dmtx, on_terminal: Terminal
) -> None:
    monkeypatch.setenv("DMTX_JOURNAL", str(tmp_path / "journal.sqlite3"))
    for month in range(1, 11):
        for day in (3, 17, 28):
            assert (
                dmtx("journal", "add", "ck", str(100 * month + day), "--date", f"2026-{month:02d}-{day:02d}").exit_code
                == 0
            )
    shown = on_terminal("journal", "chart", "ck", cols=60)
    raw = shown.stdout.splitlines()
    assert ESCAPE.sub("", raw[1]) == "One line per month: the last value of each month." and raw[1].startswith(DIM)
    assert len([line for line in raw if "\u2588" in line]) == 10  # one per month
    assert all(len(line) <= 60 for line in plain(shown.stdout))


def test_the_hint_fills_a_narrow_terminal_to_its_last_column(journal: Path, on_terminal: Terminal) -> None:
    hint = "Delete one with: dmtx journal delete NUMBER"
    assert plain(on_terminal("journal", "list", cols=len(hint)).stdout)[-1] == hint
    assert plain(on_terminal("journal", "list", cols=len(hint) - 1).stdout)[-2:] == [
        "Delete one with: dmtx journal delete",
        "NUMBER",
    ]


def test_a_long_note_wraps_under_itself_in_plain_lines(dmtx: Dmtx, new_journal: None, on_terminal: Terminal) -> None:
    note = "legs weak on the stairs again today and tired after the short walk to the shop"
    assert dmtx("journal", "add", "ck", "300", "--date", "2026-05-01", "--note", note).exit_code == 0
    for cols in (20, 40):
        lines = plain(on_terminal("journal", "list", cols=cols).stdout)
        assert all(len(line) <= cols for line in lines), (cols, lines)
        noted = [line for line in lines if line.startswith("   ") and line.strip()]
        assert " ".join(line.strip() for line in noted).endswith(note) and len(noted) > 1
        assert lines[-1].startswith("NUMBER") or lines[-1].endswith("NUMBER")
