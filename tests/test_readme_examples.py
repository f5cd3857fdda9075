"""Every `$ dmtx ...` example in README.md is real output, so the README cannot drift.

Each example runs as a user would type it (plain output, 72 columns, stderr after
stdout), and its output must match the README. An example that ends in `...` shows only
its first lines. To refresh the README after changing content or layout, run:

    .venv/bin/python tests/test_readme_examples.py --update
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
WIDTH = 72

# Examples that cannot run here as written, each with its reason.
NOT_RUN = {
    "dmtx validate class.yaml": "needs the teacher's broken file the text describes",
    "dmtx quiz --seed 7 --count 2": "a transcript with the answers a student typed",
}
_TODAY = re.compile(r"made on \d{4}-\d{2}-\d{2}")


class Example(NamedTuple):
    command: str
    expected: list[str]
    start: int  # index of the `$` line in the README's lines
    end: int  # index after the example's last line


def examples(lines: list[str]) -> list[Example]:
    """The `$ dmtx` examples in fenced blocks, with the output lines shown under each."""
    found: list[Example] = []
    inside = False
    current: Example | None = None
    for index, line in enumerate(lines):
        if line.startswith("```"):
            if current is not None:
                found.append(current._replace(end=index))
                current = None
            inside = not inside
            continue
        if inside and line.startswith("$ dmtx"):
            if current is not None:
                found.append(current._replace(end=index))
            current = Example(line[2:], [], index, index + 1)
        elif current is not None:
            current.expected.append(line)
    return found


def run_example(command: str) -> list[str]:
    """The example's output as the README shows it: plain, 72 columns, stderr after stdout."""
    words = shlex.split(command.split("|", 1)[0])
    env = {**os.environ, "COLUMNS": str(WIDTH), "NO_COLOR": "1", "TERM": "dumb", "DMTX_NO_CACHE": "1"}
    env.pop("FORCE_COLOR", None)
    done = subprocess.run(
        [sys.executable, "-m", "dmtx", *words[1:]],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    out = (done.stdout + done.stderr).splitlines()
    head = re.search(r"\|\s*head -(\d+)\s*$", command)
    return out[: int(head.group(1))] if head else out


def _comparable(lines: list[str]) -> list[str]:
    return [_TODAY.sub("made on DATE", line.rstrip()) for line in lines]


def _expected_and_actual(example: Example) -> tuple[list[str], list[str]]:
    actual = run_example(example.command)
    expected = example.expected
    if expected and expected[-1] == "...":
        expected = expected[:-1]
        actual = actual[: len(expected)]
    return _comparable(expected), _comparable(actual)


def _readme_examples() -> list[Example]:
    return [e for e in examples(README.read_text(encoding="utf-8").splitlines()) if e.command not in NOT_RUN]


def test_the_readme_has_examples_and_each_one_not_run_says_why() -> None:
    commands = [e.command for e in examples(README.read_text(encoding="utf-8").splitlines())]
    assert len(commands) >= 8
    assert set(NOT_RUN) <= set(commands), "NOT_RUN names an example the README no longer has"


@pytest.mark.parametrize("example", _readme_examples(), ids=lambda e: e.command)
def test_readme_example_is_real_output(example: Example) -> None:
    expected, actual = _expected_and_actual(example)
    assert actual == expected, (
        f"README example '{example.command}' is out of date: run {__doc__.split(':')[-1].strip()}"
    )


def test_a_changed_example_is_noticed() -> None:
    example = _readme_examples()[0]
    changed = example._replace(expected=[*example.expected[:-1], "something else"])
    expected, actual = _expected_and_actual(changed)
    assert actual != expected


def update() -> None:
    """Rewrite every example's output in README.md with real output."""
    lines = README.read_text(encoding="utf-8").splitlines()
    for example in reversed(_readme_examples()):
        actual = run_example(example.command)
        if example.expected and example.expected[-1] == "...":
            actual = [*actual[: len(example.expected) - 1], "..."]
        lines[example.start + 1 : example.end] = [line.rstrip() for line in actual]
    README.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--update"]:
        update()
    else:
        print(__doc__)
