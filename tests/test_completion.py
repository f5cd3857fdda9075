"""Shell completion, driven the way dmtx's own bash, zsh and fish scripts drive it: the line so far, one process."""

from __future__ import annotations

import os
import shlex
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


def complete_with_meaning(line: str) -> list[str]:
    """What dmtx answers a completion script for this line: 'name<TAB>meaning' lines."""
    return _complete({"_DMTX_COMPLETE": "1", "_DMTX_WORDS": line})


def bash(line: str) -> list[str]:
    return [found.split("\t", 1)[0] for found in complete_with_meaning(line)]


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


def _script(shell: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "dmtx", "completion", shell], capture_output=True, text=True, cwd=ROOT, timeout=30
    )
    assert done.returncode == 0 and done.stderr == "", done.stderr
    return done.stdout


def test_the_bash_script_does_not_fall_back_to_file_names() -> None:
    script = _script("bash")
    assert "complete -F _dmtx_completion dmtx" in script
    assert "-o default" not in script and "compgen -f" not in script


def _bash_completes(tmp_path, line: str) -> list[str]:
    """What the real bash script puts in COMPREPLY for this line (the cursor at its end)."""
    import shutil

    bash_path = shutil.which("bash")
    if bash_path is None:
        pytest.skip("bash is not installed")
    folder = tmp_path / "bin"
    folder.mkdir(exist_ok=True)
    launcher = folder / "dmtx"
    launcher.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m dmtx "$@"\n', encoding="utf-8")
    launcher.chmod(0o755)
    (tmp_path / "dmtx.bash").write_text(_script("bash"), encoding="utf-8")
    driver = (
        "source dmtx.bash\n"
        f"COMP_LINE={shlex.quote(line)}\n"
        "COMP_POINT=${#COMP_LINE}\n"
        "_dmtx_completion dmtx\n"
        "printf '%s\\n' \"${COMPREPLY[@]}\"\n"
    )
    env = {**os.environ, "PATH": f"{folder}:{os.environ['PATH']}", "PYTHONPATH": str(ROOT)}
    env.pop("DMTX_DATA", None)
    done = subprocess.run([bash_path, "-c", driver], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)
    assert done.returncode == 0, done.stderr
    return [line for line in done.stdout.splitlines() if line]


def test_bash_inserts_a_two_word_name_quoted(tmp_path) -> None:
    """`dmtx checklist -d Carim<Tab>` must give one argument, not `Carimune NF` split in two."""
    assert _bash_completes(tmp_path, "dmtx checklist -d Carim") == ["Carimune\\ NF"]
    assert _bash_completes(tmp_path, "dmtx drug Imu") == ["Imuran"]
    assert _bash_completes(tmp_path, "dmtx drug READ") == []


def test_every_shell_has_a_script_and_zsh_never_offers_file_names() -> None:
    zsh = _script("zsh")
    assert "compdef _dmtx_completion dmtx" in zsh and "compadd --" in zsh and "_files" not in zsh
    fish = _script("fish")
    assert "complete --command dmtx --no-files" in fish


def test_names_come_with_their_meaning() -> None:
    assert complete_with_meaning("dmtx drug Imu") == ["Imuran\tazathioprine"]
    assert complete_with_meaning("dmtx drug zzz") == []
    assert complete_with_meaning("dmtx checklist -d Carim") == ["Carimune NF\tintravenous immunoglobulin (IVIG)"]


def test_subcommands_and_options_complete() -> None:
    assert bash("dmtx jo") == ["journal"]
    assert bash("dmtx journal add ") == ["ck", "dose", "lab", "note", "score", "stand", "visit"]
    assert "--journal-file" in bash("dmtx journal --j")
    assert bash("dmtx checklist --pat") == ["--patient"]
