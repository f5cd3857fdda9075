"""Shell completion, driven the way bash, zsh and fish drive it: environment variables, one process."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import ROOT


def _complete(env: dict[str, str]) -> list[str]:
    full = {k: v for k, v in os.environ.items() if k not in ("DMTX_DATA", "FORCE_COLOR")}
    full.update(env)
    done = subprocess.run(
        [sys.executable, "-m", "dmtx"], capture_output=True, text=True, env=full, cwd=ROOT, timeout=30
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return [line for line in done.stdout.splitlines() if line]


def bash(line: str) -> list[str]:
    words = line.split(" ")
    return _complete({"_DMTX_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)})


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("dmtx drug Imu", ["Imuran"]),
        ("dmtx drug aza", ["azasan", "azathioprine"]),
        ("dmtx drug Gamu", ["Gamunex-C"]),
        ("dmtx term remi", ["remission"]),
        ("dmtx term CD8", ["CD8 cell", "CD8 cells"]),
        ("dmtx topic ster", ["steroid-myopathy"]),
        ("dmtx checklist --patient ", ["adult", "child"]),
        ("dmtx checklist -d Trex", ["Trexall"]),
        ("dmtx checklist --topic iv", ["ivig"]),
        ("dmtx quiz -t 6", ["6"]),
    ],
)
def test_bash_completes_names(line: str, expected: list[str]) -> None:
    assert bash(line) == expected


def test_topics_complete_by_number_and_name() -> None:
    found = bash("dmtx topic ")
    assert found[:6] == ["1", "2", "3", "4", "5", "6"]
    assert {"prednisone", "stopping", "ivig", "cancer"} <= set(found)


def test_no_file_names_for_names() -> None:
    assert (ROOT / "README.md").exists()
    assert bash("dmtx drug READ") == []
    assert bash("dmtx search ") == []


def test_the_bash_script_does_not_fall_back_to_file_names() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "dmtx", "--show-completion", "bash"],
        capture_output=True,
        text=True,
        env={**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"},
        cwd=ROOT,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr
    assert "complete -F _dmtx_completion dmtx" in done.stdout
    assert "-o default" not in done.stdout


def test_zsh_and_fish_get_names_with_their_meaning() -> None:
    zsh = _complete({"_DMTX_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "dmtx drug Imu"})
    assert zsh == ['_arguments \'*: :(("Imuran":"azathioprine"))\'']
    assert _complete({"_DMTX_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "dmtx drug zzz"}) == []
    fish = _complete(
        {
            "_DMTX_COMPLETE": "complete_fish",
            "_TYPER_COMPLETE_FISH_ACTION": "get-args",
            "_TYPER_COMPLETE_ARGS": "dmtx drug Imu",
        }
    )
    assert fish == ["Imuran\tazathioprine"]
