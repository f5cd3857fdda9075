"""Every `$ dmtx ...` example in README.md and docs/*.md is real output, so the docs cannot drift.

Each page's examples run in order, as a reader following the page would type them: plain
output, 72 columns, stderr after stdout, in a fresh folder of their own (see `workspace`)
with a fresh journal, the review day fixed by DMTX_TODAY and the day a checklist was made
read as DATE. An example that ends in `...` shows only its first lines. To refresh every
page after changing content or layout, run:

    .venv/bin/python tests/test_readme_examples.py --update
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
PAGES = [README, *sorted((ROOT / "docs").glob("*.md"))]
WIDTH = 72
# The review day every example is judged by (dmtx.clock), the same as the tests' (conftest.REVIEW_DAY).
REVIEW_DAY = "2027-06-01"
# Files a reader's folder holds when a page's examples start: name in the folder -> file in the repository.
SEED_FILES = {
    "class.yaml": ROOT / "data" / "guidelines.yaml",  # a teacher's copy of the knowledge file
    "portal.xml": ROOT / "tests" / "fixtures" / "records" / "ccda" / "synthetic_dm_results.xml",  # a made-up download
}

# Examples that cannot run here as written, each with its reason.
NOT_RUN: dict[str, str] = {}
_TODAY = re.compile(r"made on \d{4}-\d{2}-\d{2}")


class Example(NamedTuple):
    command: str
    expected: list[str]
    start: int  # index of the `$` line in the page's lines
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


def page_examples(page: Path) -> list[Example]:
    """The examples of one page that are run (all but NOT_RUN's)."""
    return [e for e in examples(page.read_text(encoding="utf-8").splitlines()) if e.command not in NOT_RUN]


def workspace() -> Path:
    """A fresh folder for one page's examples: the seed files, typo.yaml, and an empty private journal folder."""
    folder = Path(tempfile.mkdtemp(prefix="dmtx-docs-"))
    for name, source in SEED_FILES.items():
        shutil.copyfile(source, folder / name)
    # A teacher's copy with one typo, to show what `dmtx validate` says about a mistake.
    typo = (folder / "class.yaml").read_text(encoding="utf-8").replace("\n    summary:", "\n    sumary:", 1)
    (folder / "typo.yaml").write_text(typo, encoding="utf-8")
    (folder / "journal").mkdir(mode=0o700)
    return folder


def run_example(command: str, folder: Path) -> list[str]:
    """The example's output as the page shows it: plain, 72 columns, stderr after stdout."""
    words = shlex.split(command.split("|", 1)[0])
    env = {
        **os.environ,
        "COLUMNS": str(WIDTH),
        "NO_COLOR": "1",
        "TERM": "dumb",
        "DMTX_TODAY": REVIEW_DAY,
        "DMTX_JOURNAL": str(folder / "journal" / "journal.sqlite3"),
        "HOME": str(folder),
    }
    # The knowledge cache is on, as for a user, in the page's own fresh HOME: the first example checks the
    # file and the others read the checked copy (about 0.1 s less each).
    for name in (
        "FORCE_COLOR",
        "DMTX_DATA",
        "ACCESSIBLE",
        "LINES",
        "CLICOLOR_FORCE",
        "DMTX_NO_CACHE",
        "XDG_CACHE_HOME",
    ):
        env.pop(name, None)
    done = subprocess.run(
        [sys.executable, "-m", "dmtx", *words[1:]],
        capture_output=True,
        text=True,
        env=env,
        cwd=folder,
        timeout=120,
        check=False,
    )
    out = (done.stdout + done.stderr).splitlines()
    head = re.search(r"\|\s*head -(\d+)\s*$", command)
    return out[: int(head.group(1))] if head else out


def _comparable(lines: list[str]) -> list[str]:
    return [_TODAY.sub("made on DATE", line.rstrip()) for line in lines]


def _shown(example: Example, actual: list[str]) -> list[str]:
    """What the page should show for this output: all of it, or its first lines and `...`."""
    if example.expected and example.expected[-1] == "...":
        return [*actual[: len(example.expected) - 1], "..."]
    return actual


def out_of_date(page: Path) -> list[str]:
    """The commands of the page whose shown output is not what they print now, run in order."""
    folder = workspace()
    try:
        return [
            e.command
            for e in page_examples(page)
            if _comparable(_shown(e, run_example(e.command, folder))) != _comparable(e.expected)
        ]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# The topics each reader's page must cover, each in its own `## ` section with at least one example.
TOPICS = {
    "README.md": ["The five things most people do"],
    "patients.md": ["Looking things up", "Search tips", "A checklist for your visit", "Large print", "Screen readers"],
    "caregivers.md": [
        "Printing on paper",
        "The journal",
        "Lab results from a patient portal or the Health app",
        "Privacy: what dmtx keeps, and where",
    ],
    "teachers.md": [
        "Slides in the terminal",
        "Slides for a projector or on paper",
        "Quiz handouts and answer sheets",
        "Adapting the content for your class",
    ],
    "content.md": [
        "The parts of the file",
        "Corrections: editor's and safety notes",
        "Beyond the 2014 page",
        "Review dates and `dmtx about`",
        "Everyday words",
        "Journal rules",
        "Checking a file: `dmtx validate`",
        "The sources, and how they were checked",
    ],
    "development.md": ["Exit codes", "How search ranks", "Release"],
}


def sections(lines: list[str]) -> dict[str, list[str]]:
    """The page's `## ` sections (outside code blocks): heading -> the commands of its examples."""
    found: dict[str, list[str]] = {}
    starts = [e.start for e in examples(lines)]
    inside = False
    heading = ""
    for index, line in enumerate(lines):
        if line.startswith("```"):
            inside = not inside
        elif not inside and line.startswith("## "):
            heading = line[3:].strip()
            found[heading] = []
        elif index in starts and heading:
            found[heading].append(line[2:])
    return found


def test_each_page_covers_its_topics_with_examples() -> None:
    pages = {page.name: sections(page.read_text("utf-8").splitlines()) for page in PAGES}
    missing = [
        f"{name}: {topic}" for name, topics in TOPICS.items() for topic in topics if not pages.get(name, {}).get(topic)
    ]
    assert missing == []
    assert set(NOT_RUN) <= {c for found in pages.values() for cs in found.values() for c in cs}, "NOT_RUN: gone"


def test_a_section_without_an_example_is_noticed() -> None:
    lines = ["## One", "```", "$ dmtx topics", "```", "## Two", "```", "dmtx topics", "```", "## Three"]
    assert sections(lines) == {"One": ["dmtx topics"], "Two": [], "Three": []}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_page_examples_are_real_output(page: Path) -> None:
    stale = out_of_date(page)
    assert stale == [], f"{page.name}: out of date: {stale}; run {__doc__.split(':')[-1].strip()}"


def test_a_changed_example_is_noticed(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("```\n$ dmtx term CK\ncreatine kinase (CK)\n===\n...\n```\n", encoding="utf-8")
    assert out_of_date(page) == ["dmtx term CK"]
    page.write_text("```\n$ dmtx term CK\ncreatine kinase (CK)\n====================\n...\n```\n", encoding="utf-8")
    assert out_of_date(page) == []


def test_examples_share_one_journal_in_page_order(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    lines = ["```", "$ dmtx journal add ck 850 --date 2026-11-02", "Added entry 1: CK 850 U/L on 2026-11-02."]
    page.write_text(
        "\n".join(
            [*lines, "$ dmtx journal add ck 900 --date 2026-11-03", "Added entry 2: CK 900 U/L on 2026-11-03.", "```"]
        )
        + "\n",
        encoding="utf-8",
    )
    assert out_of_date(page) == []


def update(page: Path) -> None:
    """Rewrite every example's output in the page with real output."""
    lines = page.read_text(encoding="utf-8").splitlines()
    folder = workspace()
    try:
        outputs = [(e, _shown(e, run_example(e.command, folder))) for e in page_examples(page)]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    for example, actual in reversed(outputs):
        lines[example.start + 1 : example.end] = [line.rstrip() for line in actual]
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--update"]:
        for each in PAGES:
            update(each)
    else:
        print(__doc__)
