"""Whole printed pages, exactly: a changed blank line, width or label shows up here.

The content tests elsewhere check what a page says; these check how it is laid out, for a few
small, fixed pages. After a deliberate change of layout, look at the difference, then rewrite
the files with DMTX_UPDATE_SNAPSHOTS=1 and commit them with the change.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest

from conftest import Dmtx, Terminal

SNAPSHOTS = Path(__file__).parent / "snapshots"
FILLED = ["-t", "2", "-d", "IVIG", "-a", "Can I <still> garden [bold]outside[/]?", "--name", "Zoë Lee"]
FILLED += ["--visit-date", "2026-12-01", "--doctor", "Dr. Ray", "--space", "2"]
BLANK = ["-t", "6", "--limit", "2", "--space", "0"]

PAGES: dict[str, tuple[list[str], str]] = {
    "checklist-filled.txt": (["checklist", *FILLED], "60"),
    "checklist-blank-40.txt": (["checklist", *BLANK], "40"),
    "checklist-filled.md": (["checklist", "-f", "markdown", *FILLED, "--space", "3"], "80"),
    "checklist-blank.md": (["checklist", "-f", "markdown", *BLANK], "80"),
    "checklist-filled.html": (["checklist", "-f", "html", *FILLED, "--paper", "a4"], "80"),
    "checklist-blank.html": (["checklist", "-f", "html", *BLANK], "80"),
    "checklist-filled.json": (["checklist", "-f", "json", *FILLED], "80"),
    "topic-2-60.txt": (["topic", "2"], "60"),
    "drug-imuran-40.txt": (["drug", "Imuran"], "40"),
    "term-ck-80.txt": (["term", "creatinine kinase"], "80"),
    "welcome-80.txt": ([], "80"),
    "quiz-answers-seed-7-60.txt": (["quiz", "--no-interactive", "--seed", "7", "-n", "3"], "60"),
    "quiz-handout-topic-6.md": (["quiz", "--no-interactive", "-f", "markdown", "-t", "6"], "80"),
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_layout_is_unchanged(dmtx: Dmtx, name: str) -> None:
    args, columns = PAGES[name]
    result = dmtx(*args, env={"COLUMNS": columns})
    assert (result.exit_code, result.stderr) == (0, "")
    check_snapshot(name, result.stdout)


def check_snapshot(name: str, page: str) -> None:
    """The page must equal tests/snapshots/NAME (today's date written TODAY)."""
    page = page.replace(dt.date.today().isoformat(), "TODAY")
    snapshot = SNAPSHOTS / name
    if os.environ.get("DMTX_UPDATE_SNAPSHOTS"):
        snapshot.write_text(page, encoding="utf-8")
    assert snapshot.is_file(), f"no snapshot {name}: run with DMTX_UPDATE_SNAPSHOTS=1 and check it by eye"
    assert page == snapshot.read_text(encoding="utf-8")


ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
# On a colour terminal (Rich), compared without the colour codes: the boxes, tick boxes and wrapping.
TERMINAL_PAGES: dict[str, tuple[list[str], int]] = {
    "terminal-checklist-filled-60.txt": (["checklist", *FILLED], 60),
    "terminal-checklist-blank-40.txt": (["checklist", *BLANK], 40),
    "terminal-topic-2-60.txt": (["topic", "2"], 60),
}


@pytest.mark.parametrize("name", sorted(TERMINAL_PAGES))
def test_colour_page_layout_is_unchanged(on_terminal: Terminal, name: str) -> None:
    args, columns = TERMINAL_PAGES[name]
    result = on_terminal(*args, cols=columns)
    assert (result.exit_code, result.stderr) == (0, "")
    assert "\x1b[" in result.stdout
    check_snapshot(name, ANSI.sub("", result.stdout))


# Rich's SGR codes: 1 bold, 1;35 bold magenta, 2 dim, 2;3 dim italic, 3;36 italic cyan, 1;33 bold yellow.
COLOUR_MARKS: dict[tuple[str, ...], list[str]] = {
    ("checklist", "-t", "2"): [
        "\x1b[1mQuestions to ask your doctor\x1b[0m",  # the title, bold, inside the box
        "\x1b[1mName",
        "\x1b[1;35mPoint 2: Stopping prednisone",
        "\x1b[2;3m (for adults)\x1b[0m",
        "\x1b[1mA teaching aid, not medical advice.",
        "\x1b[2;3mBased on 'Treatment Of Dermatomyositis'",
        "\x1b[2mChecklist made on",
    ],
    ("drug", "Imuran"): [
        "\x1b[1mazathioprine\x1b[0m",  # the title, bold, inside the box
        "\x1b[3;36mImuran is a brand name",
        "\x1b[1;35mOther names",
        "\x1b[1m\u2022\x1b[0m",
        "\x1b[2;3mA teaching aid, not medical advice.",
    ],
    ("drug", "prednisolone"): ["\x1b[1;33mprednisolone is not prednisone."],
}


@pytest.mark.parametrize("args", list(COLOUR_MARKS), ids=" ".join)
def test_colours_mark_titles_notes_warnings_and_the_disclaimer(on_terminal: Terminal, args: tuple[str, ...]) -> None:
    result = on_terminal(*args, cols=100)
    assert (result.exit_code, result.stderr) == (0, "")
    for mark in COLOUR_MARKS[args]:
        assert mark in result.stdout, (mark, result.stdout)
