"""The start-up fast path answers exactly as the Typer commands do, and only for simple shapes."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from dmtx.main import fast_call

from conftest import ROOT, Result, run_process

SLOW_LIBRARIES = {"typer", "click", "rich"}


def run_traced(*args: str) -> tuple[Result, set[str]]:
    """`python -m dmtx ARGS` with -X importtime: its result (trace removed) and the top-level modules it imported."""
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR", "DMTX_DATA", "COLUMNS")}
    env["TERM"] = "dumb"
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "dmtx", *args],
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
]


@pytest.mark.parametrize("args", SAME, ids=lambda a: " ".join(a) or "(empty)")
def test_fast_path_matches_typer(args: list[str]) -> None:
    assert fast_call(args) is not None
    fast, fast_modules = run_traced(*args)
    assert not fast_modules & SLOW_LIBRARIES, "the fast path was not taken"
    # --no-color is an option, so this run goes through Typer; the output is plain either way.
    typer_args = [*args[:-1], "--no-color", args[-1]] if args[0] == "--data" else ["--no-color", *args]
    typer, typer_modules = run_traced(*typer_args)
    assert "typer" in typer_modules
    assert (fast.exit_code, fast.stdout, fast.stderr) == (typer.exit_code, typer.stdout, typer.stderr)


@pytest.mark.parametrize("args", [[], ["--format", "text"], ["-f", "text"]])
def test_plain_checklist_matches_typer(args: list[str]) -> None:
    assert fast_call(["checklist", *args]) is not None
    fast, modules = run_traced("checklist", *args)
    assert not modules & SLOW_LIBRARIES, "the fast path was not taken"
    typer = run_process("checklist", "--format", "text", "--no-color")
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
    ],
)
def test_other_shapes_go_to_typer(args: list[str]) -> None:
    assert fast_call(args) is None
