"""Issue #25: help that every reader can use: plain where it must be, nothing cut when narrow,
examples at the end of every command's help, the checklist's common options first."""

from __future__ import annotations

import re
import shlex

import pytest
from typer.main import get_command

from dmtx.cli import app
from dmtx.cli.app import EXAMPLES

from conftest import Dmtx, Terminal

BOXES = re.compile("[\u2500-\u257f]")


def _paths() -> list[str]:
    found: list[str] = []

    def walk(command: object, path: str) -> None:
        found.append(path)
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path} {name}".strip())

    walk(get_command(app), "")
    return found


PATHS = _paths()


def test_the_tree_was_read() -> None:
    assert {"", "checklist", "journal add ck", "help"} <= set(PATHS)


@pytest.mark.parametrize("path", PATHS, ids=[p or "dmtx" for p in PATHS])
def test_every_help_ends_with_two_or_three_examples_that_parse(dmtx: Dmtx, path: str) -> None:
    result = dmtx(*path.split(), "--help", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    tail = result.stdout.rstrip().split("Examples:")[-1].strip().splitlines()
    assert 2 <= len(tail) <= 3, tail
    assert [line.strip() for line in tail] == list(EXAMPLES[path])
    for example in EXAMPLES[path]:
        words = shlex.split(example)
        assert words[0] == "dmtx" and " ".join(words[1:]).startswith(path), example
        _parses(words[1:])


def _parses(words: list[str]) -> None:
    """The example's words name a real command and its options and arguments parse (nothing is run)."""
    command = get_command(app)
    context = command.make_context("dmtx", [], resilient_parsing=True)
    while words and getattr(command, "commands", None) and words[0] in command.commands:  # type: ignore[attr-defined]
        command = command.commands[words[0]]  # type: ignore[attr-defined]
        context = command.make_context(words[0], [], parent=context, resilient_parsing=True)
        words = words[1:]
    command.make_context(command.name or "dmtx", list(words), parent=context.parent)


def test_a_wrong_example_would_fail_the_parse() -> None:
    with pytest.raises(Exception, match="No such option"):
        _parses(["checklist", "--nope"])


@pytest.mark.parametrize("path", PATHS, ids=[p or "dmtx" for p in PATHS])
def test_nothing_is_cut_at_40_columns(dmtx: Dmtx, path: str) -> None:
    result = dmtx(*path.split(), "--help", env={"COLUMNS": "40"})
    assert result.exit_code == 0, result.stderr
    assert "\u2026" not in result.stdout and not BOXES.search(result.stdout)
    long = [line for line in result.stdout.splitlines() if len(line) > 40]
    assert long == [], long


def test_the_checklist_options_are_whole_at_40_columns(dmtx: Dmtx) -> None:
    text = dmtx("checklist", "--help", env={"COLUMNS": "40"}).stdout
    for option in ("--patient", "--visit-date", "--situation", "--journal-file", "--force-format", "--large"):
        assert re.search(rf"(^|[ ,]){option}\b", text, re.MULTILINE), option


def test_the_checklists_common_options_come_first(dmtx: Dmtx) -> None:
    text = dmtx("checklist", "--help").stdout
    place = {option: text.index(f"{option} ") for option in re.findall(r"--[a-z-]+", text) if f"{option} " in text}
    common = ["--topic", "--drug", "--situation", "--patient", "--format", "--output", "--large"]
    assert [place[o] for o in common] == sorted(place[o] for o in common)
    assert max(place[o] for o in common) < min(place[o] for o in ("--name", "--space", "--blank", "--paper", "--data"))


@pytest.mark.parametrize(
    ("env", "args"),
    [
        ({"ACCESSIBLE": "1"}, []),
        ({"NO_COLOR": "1"}, []),
        ({}, ["--plain"]),
    ],
)
def test_help_is_plain_when_asked_on_a_terminal(
    on_terminal: Terminal, monkeypatch: pytest.MonkeyPatch, env: dict[str, str], args: list[str]
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = on_terminal("checklist", *args, "--help", cols=100)
    assert result.exit_code == 0, result.stderr
    assert not BOXES.search(result.stdout) and "\x1b[" not in result.stdout, result.stdout[:400]
    assert "Examples:" in result.stdout and "--patient" in result.stdout


def test_a_wide_colour_terminal_keeps_richs_help(on_terminal: Terminal) -> None:
    """The contrast that shows the cases above are plain because they asked: here the boxes stay."""
    result = on_terminal("checklist", "--help", cols=100)
    assert BOXES.search(result.stdout)


def test_a_narrow_terminal_gets_plain_help_with_whole_names(on_terminal: Terminal) -> None:
    result = on_terminal("checklist", "--help", cols=40)
    assert not BOXES.search(result.stdout) and "\u2026" not in result.stdout
    assert "--patient" in result.stdout


def test_help_in_a_pipe_is_plain(dmtx: Dmtx) -> None:
    from conftest import run_process

    result = run_process("checklist", "--help", env={"TERM": "xterm-256color"})
    assert result.exit_code == 0 and not BOXES.search(result.stdout) and "\x1b[" not in result.stdout


def _on_a_pty(args: list[str], env: dict[str, str]) -> str:
    """What `python -m dmtx ARGS` writes to a 100-column terminal with this environment."""
    import os

    from conftest import dmtx_on_a_pty

    full = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "ACCESSIBLE", "COLUMNS")}
    full.update(PAGER="cat", **env)
    return dmtx_on_a_pty(args, full, size=(50, 100))


def test_help_is_plain_on_a_dumb_terminal() -> None:
    assert BOXES.search(_on_a_pty(["checklist", "--help"], {"TERM": "xterm-256color"}))
    plain = _on_a_pty(["checklist", "--help"], {"TERM": "dumb"})
    assert not BOXES.search(plain) and "\x1b[" not in plain and "--patient" in plain


def test_help_takes_the_shared_output_options_and_is_plain_with_them(on_terminal: Terminal) -> None:
    result = on_terminal("help", "checklist", "--plain", cols=100)
    assert result.exit_code == 0, result.stderr
    assert not BOXES.search(result.stdout) and "--patient" in result.stdout
    assert on_terminal("help", "drug", "--no-color", "--no-pager", cols=100).exit_code == 0
