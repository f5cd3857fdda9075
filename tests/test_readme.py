"""README's two commands stay true: CI runs the second one word for word."""

from __future__ import annotations

from conftest import ROOT


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("```", 2)[1]
    return [line for line in block.strip().splitlines() if line]


def test_readme_starts_with_install_run_and_test_commands() -> None:
    install_run, install_test = _readme_commands()
    assert install_run.startswith("python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/dmtx")
    assert "'.[test]'" in install_test and "pytest" in install_test


def test_ci_runs_the_readme_test_command_exactly() -> None:
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert _readme_commands()[1] in ci_lines
