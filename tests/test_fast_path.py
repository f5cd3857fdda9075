"""The start-up fast path answers exactly as the Typer commands do, and only for simple shapes."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from dmtx.main import fast_call

from conftest import ROOT, Result

SLOW_LIBRARIES = {"typer", "click", "rich"}


TYPER_ONLY = "import sys; from dmtx.cli import run; sys.exit(run(sys.argv[1:]))"


def run_traced(*args: str, typer: bool = False) -> tuple[Result, set[str]]:
    """`python -m dmtx ARGS` with -X importtime: its result (trace removed) and the top-level modules it imported.

    With typer, the Typer app parses the arguments whatever their shape.
    """
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR", "DMTX_DATA", "COLUMNS")}
    env["TERM"] = "dumb"
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *(["-c", TYPER_ONLY] if typer else ["-m", "dmtx"]), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
        cwd=ROOT,
    )
    trace = [line for line in done.stderr.splitlines(keepends=True) if line.startswith("import time:")]
    stderr = "".join(line for line in done.stderr.splitlines(keepends=True) if not line.startswith("import time:"))
    modules = {line.rsplit("|", 1)[1].strip().split(".")[0] for line in trace[1:]}
    return Result(done.returncode, done.stdout, stderr), modules


SAME = [
    ["topics"],
    ["topic", "1"],
    ["topic", "IVIG"],
    ["drugs"],
    ["drug", "prednisone"],
    ["drug", "Imuran"],
    ["drug", "metotrexate"],
    ["drug", ""],
    ["terms"],
    ["term", "creatinine", "kinase"],
    ["references"],
    ["search", "muscle", "weakness"],
    ["search", "xylophone"],
    ["topic", "9"],
    ["--data", "data/guidelines.yaml", "drug", "Imuran"],
    ["--data", "data/none.yaml", "topics"],
    # The shared options, read from the one table Typer's commands are built from.
    ["topics", "--no-color"],
    ["drug", "--plain", "Imuran"],
    ["--no-pager", "topic", "2"],
    ["search", "--data", "data/guidelines.yaml", "weakness"],
    ["term", "--data=data/guidelines.yaml", "CK", "--no-color", "--plain", "--no-pager"],
    ["--plain", "references"],
]


@pytest.mark.parametrize("args", SAME, ids=lambda a: " ".join(a) or "(empty)")
def test_fast_path_matches_typer(args: list[str]) -> None:
    assert fast_call(args) is not None
    fast, fast_modules = run_traced(*args)
    assert not fast_modules & SLOW_LIBRARIES, "the fast path was not taken"
    typer, typer_modules = run_traced(*args, typer=True)
    assert "typer" in typer_modules
    assert (fast.exit_code, fast.stdout, fast.stderr) == (typer.exit_code, typer.stdout, typer.stderr)


@pytest.mark.parametrize("args", [[], ["--format", "text"], ["-f", "text"]])
def test_plain_checklist_matches_typer(args: list[str]) -> None:
    assert fast_call(["checklist", *args]) is not None
    fast, modules = run_traced("checklist", *args)
    assert not modules & SLOW_LIBRARIES, "the fast path was not taken"
    typer, _ = run_traced("checklist", *args, typer=True)
    assert fast.exit_code == 0 and fast.stdout == typer.stdout and fast.stderr == ""


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["topic"],
        ["topic", "1", "2"],
        ["topics", "x"],
        ["drug", "--help"],
        ["drug"],
        ["checklist", "-t", "1"],
        ["--version"],
        ["topic", "-1"],
        ["quiz"],
        ["validate"],
        ["--data"],
        ["--data", "x.yaml"],
        ["--data", "", "topics"],
        ["--data", "--no-color", "topics"],
        ["topics", "--nocolor"],
        ["topics", "--plain=yes"],
        ["search", "--", "-x"],
        ["drug", "-h"],
        ["checklist", "--plain", "-f", "text"],
        ["checklist", "-f", "text", "--all"],
    ],
)
def test_other_shapes_go_to_typer(args: list[str]) -> None:
    assert fast_call(args) is None
