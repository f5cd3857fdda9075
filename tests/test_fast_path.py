"""The start-up fast path answers exactly as the Typer commands do, and only for simple shapes."""

from __future__ import annotations

import pytest

from dmtx.main import fast_call

from conftest import run_process

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
    fast = run_process(*args)
    # --no-color is an option, so this run goes through Typer; the output is plain either way.
    typer = run_process(*args[:-1], "--no-color", args[-1]) if args[0] == "--data" else run_process("--no-color", *args)
    assert (fast.exit_code, fast.stdout, fast.stderr) == (typer.exit_code, typer.stdout, typer.stderr)


@pytest.mark.parametrize("args", [[], ["--format", "text"], ["-f", "text"]])
def test_plain_checklist_matches_typer(args: list[str]) -> None:
    assert fast_call(["checklist", *args]) is not None
    fast = run_process("checklist", *args)
    typer = run_process("checklist", "--format", "text", "--no-color")
    assert fast.exit_code == 0 and fast.stdout == typer.stdout


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
