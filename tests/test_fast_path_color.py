"""On a colour terminal the fast path draws exactly what the Typer path draws, without loading Typer."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect
import pytest

from conftest import ROOT

# Runs dmtx through main() (the console script's entry) or straight through the Typer app,
# and records at exit whether Typer was imported.
CHILD = """
import atexit, os, sys
atexit.register(lambda: open(os.environ["MARKER"], "w").write(str("typer" in sys.modules)))
sys.argv = ["dmtx", *sys.argv[2:]]
if sys.argv_mode == "main":
    from dmtx.main import main
    main()
else:
    from dmtx.cli import run
    sys.exit(run(sys.argv[1:]))
""".replace("sys.argv_mode", "os.environ['MODE']")

COMMANDS = [
    ["topics"],
    ["topic", "1"],
    ["drug", "prednisone"],
    ["drug", "Imuran"],
    ["term", "CK"],
    ["search", "weekly"],
    ["checklist"],
    ["drug", "metotrexate"],
    ["drug", "--no-pager", "Imuran"],
    ["topics", "--plain"],
    ["--no-color", "topic", "1"],
]


def _on_a_terminal(mode: str, args: list[str], tmp_path: Path, columns: int = 100) -> tuple[bytes, int, bool]:
    marker = tmp_path / f"{mode}.marker"
    env = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "COLUMNS", "LINES", "FORCE_COLOR"}}
    env.update(TERM="xterm-256color", MODE=mode, MARKER=str(marker), DMTX_NO_CACHE="1", PYTHONIOENCODING="utf-8")
    child = pexpect.spawn(
        sys.executable, ["-c", CHILD, "-", *args], env=env, cwd=str(ROOT), dimensions=(50, columns), timeout=60
    )
    output = child.read()
    child.close()
    return output, child.exitstatus or 0, marker.read_text() == "True"


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_colour_fast_path_draws_what_typer_draws(args: list[str], tmp_path: Path) -> None:
    fast, fast_code, fast_loaded_typer = _on_a_terminal("main", args, tmp_path)
    typer, typer_code, typer_loaded_typer = _on_a_terminal("typer", args, tmp_path)
    assert not fast_loaded_typer and typer_loaded_typer
    if fast_code == 0 and not {"--plain", "--no-color"} & set(args):
        assert b"\x1b[" in fast, "no colour: the run was not on a colour terminal"
    assert (fast, fast_code) == (typer, typer_code)


def test_colour_fast_path_keeps_the_disclaimer(tmp_path: Path) -> None:
    out, code, _ = _on_a_terminal("main", ["drug", "prednisone"], tmp_path, columns=40)
    text = out.decode("utf-8")
    assert code == 0 and "\u256d" in text  # a drawn box
    assert "A teaching aid, not" in text and "medical advice." in text
