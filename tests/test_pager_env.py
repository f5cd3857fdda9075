"""Issues #23 and #25: the pager: 0 rows is never paged; less gets LESS=FRX as git gives it, and a prompt saying how to leave."""

from __future__ import annotations

import os
import shlex
import stat
from pathlib import Path

import pytest

from dmtx import output, terminal

from conftest import dmtx_on_a_pty


def test_a_terminal_of_height_0_is_never_paged(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LINES", raising=False)
    monkeypatch.setattr(os, "get_terminal_size", lambda fd=1: os.terminal_size((80, 0)))
    paged: list[str] = []
    monkeypatch.setattr(output, "page_through", lambda text, display: paged.append(text) or True)
    monkeypatch.setattr(output, "write_stdout", lambda text, display=None: None)
    assert not terminal.fills_the_screen("line\n" * 100)
    output.emit("line\n" * 100, output.Display(rich=False, width=80, ascii_only=False, page=True))
    assert paged == [], "a terminal that reports 0 rows went to the pager (which waits for a key forever)"


def test_a_known_height_still_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LINES", raising=False)
    monkeypatch.setattr(os, "get_terminal_size", lambda fd=1: os.terminal_size((80, 24)))
    assert terminal.fills_the_screen("line\n" * 30) and not terminal.fills_the_screen("line\n" * 3)


def _fake_less(folder: Path) -> Path:
    """A `less` on PATH that records the LESS it was started with."""
    record = folder / "LESS.seen"
    less = folder / "less"
    less.write_text(f'#!/bin/sh\ncat > /dev/null\nprintf "%s" "${{LESS-<unset>}}" > {shlex.quote(str(record))}\n')
    less.chmod(0o755)
    return record


@pytest.mark.parametrize("pager", [None, "less", "less -S"])
def test_less_gets_LESS_FRX_when_LESS_is_unset(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, pager: str | None
) -> None:
    record = _fake_less(tmp_path)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.delenv("LESS", raising=False)
    if pager is None:
        monkeypatch.delenv("PAGER", raising=False)
    else:
        monkeypatch.setenv("PAGER", pager)
    assert output.page_through("text\n", output.Display(rich=False, width=80, ascii_only=False, page=True))
    # The prompt that says how to leave comes only with the less dmtx chose itself (no PAGER).
    assert record.read_text() == ("FRX " + output.LESS_PROMPT if pager is None else "FRX")
    assert "LESS" not in os.environ, "dmtx's own environment is left as it was"


def test_a_users_LESS_and_other_pagers_are_left_alone(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    record = _fake_less(tmp_path)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("PAGER", "less")
    monkeypatch.setenv("LESS", "-M")
    output.page_through("text\n", output.Display(rich=False, width=80, ascii_only=False, page=True))
    assert record.read_text() == "-M"
    other = tmp_path / "mypager"
    other.write_text(f'#!/bin/sh\ncat > /dev/null\nprintf "%s" "${{LESS-<unset>}}" > {shlex.quote(str(record))}\n')
    other.chmod(0o755)
    monkeypatch.delenv("LESS")
    monkeypatch.setenv("PAGER", str(other))
    output.page_through("text\n", output.Display(rich=False, width=80, ascii_only=False, page=True))
    assert record.read_text() == "<unset>"
    assert stat.S_IMODE(other.stat().st_mode) == 0o755


def test_a_users_LESS_keeps_dmtxs_less_without_the_prompt(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    record = _fake_less(tmp_path)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.delenv("PAGER", raising=False)
    monkeypatch.setenv("LESS", "")
    output.page_through("text\n", output.Display(rich=False, width=80, ascii_only=False, page=True))
    assert record.read_text() == ""


def _screen_of_less(argv: list[str], env: dict[str, str]) -> str:
    """What a terminal 60x10 shows while dmtx pages through the real less; q is pressed at the prompt."""
    return dmtx_on_a_pty(argv, env, until=b"quit", then=b"q")


@pytest.mark.skipif(not __import__("shutil").which("less"), reason="needs less")
def test_the_real_less_says_how_to_leave() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PAGER", "LESS", "NO_COLOR", "ACCESSIBLE", "LESSOPEN")}
    env.update(LINES="10", COLUMNS="60", TERM="xterm")
    assert "q to quit, space for more" in _screen_of_less(["topic", "1"], env)
