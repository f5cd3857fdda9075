"""On a 40- or 60-column colour terminal (a real pty), no title or text is cut off."""

from __future__ import annotations

import os
import re
import sys

import pexpect
import pytest

from dmtx.knowledge import load

from conftest import ROOT

KNOWLEDGE = load()
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")
BOX = re.compile(r"[│╭╮╰╯─]")


def screen(*args: str, columns: int) -> str:
    env = {
        "TERM": "xterm-256color",
        "FORCE_COLOR": "1",
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(ROOT),
        "DMTX_CACHE_DIR": os.environ["DMTX_CACHE_DIR"],
    }
    # --no-pager: the layout is read straight from the pty, not from inside less (tested in test_visit).
    child = pexpect.spawn(
        sys.executable,
        ["-m", "dmtx", "--no-pager", *args],
        env=env,
        encoding="utf-8",
        timeout=30,
        dimensions=(60, columns),
    )
    child.expect(pexpect.EOF)
    child.close()
    raw = child.before
    assert "\x1b[" in raw and "╭" in raw, "expected a colour terminal with boxes"
    lines = ANSI.sub("", raw).replace("\r", "").split("\n")
    assert max(len(line) for line in lines) <= columns, max(lines, key=len)
    return " ".join(BOX.sub(" ", "\n".join(lines)).split())


@pytest.mark.parametrize("columns", [40, 60])
@pytest.mark.parametrize("number", [1, 2, 3, 4, 5, 6])
def test_topic_titles_are_whole(columns: int, number: int) -> None:
    point = KNOWLEDGE.topic(number)
    out = screen("topic", str(number), columns=columns)
    assert f"Point {number}: {point.title}" in out
    assert " ".join(point.summary.split()) in out
    assert KNOWLEDGE.meta.disclaimer in out


@pytest.mark.parametrize("columns", [40, 60])
@pytest.mark.parametrize(
    ("args", "title"),
    [
        (["topics"], "Treatment points"),
        (["drug", "Imuran"], "azathioprine"),
        (["references"], "References"),
        (["checklist", "-t", "4"], "Questions to ask your doctor"),
        ([], KNOWLEDGE.meta.title),
    ],
)
def test_other_screens_keep_their_titles(columns: int, args: list[str], title: str) -> None:
    out = screen(*args, columns=columns)
    assert title in out


@pytest.mark.parametrize("columns", [40, 60])
def test_checklist_section_titles_are_whole(columns: int) -> None:
    out = screen("checklist", "--all", columns=columns)
    for point in KNOWLEDGE.topics:
        assert f"Point {point.number}: {point.title}" in out
