"""Golden outputs: what every command prints, plain and in colour, and every file format, byte for byte.

Recorded from main before the house step (issue #24) and compared on every run, so a
redesign that should change nothing really changes nothing. After a deliberate change,
look at the difference, rewrite the files with DMTX_UPDATE_GOLDEN=1 and commit them with
the change. Today's date, the test's temporary folder and the checkout are written TODAY, TMP
and ROOT.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import Dmtx, Terminal, on_ci

GOLDEN = Path(__file__).parent / "golden"
DRUGS = ["prednisone", "methotrexate", "chlorambucil", "cyclosporine", "azathioprine", "ivig"]
DRUGS += ["rituximab", "mycophenolate", "hydroxychloroquine", "tofacitinib"]
BEYOND = ["ivig-approval", "rituximab", "skin-care", "exercise", "cancer-screening", "lungs-antibodies"]
SEARCHES = ["muscle weakness", "creatinine kinase", "IVIG once a month", "methotrexate weekly", "zebra", "[/]"]
QUIZ = ["quiz", "--no-interactive", "--seed", "7"]

# name -> (arguments, columns). Plain text, as in a pipe.
PLAIN: dict[str, tuple[list[str], str]] = {
    "welcome": ([], "80"),
    "version": (["--version"], "80"),
    "topics": (["topics"], "80"),
    "topics-40": (["topics"], "40"),
    "drugs": (["drugs"], "80"),
    "terms": (["terms"], "80"),
    "references": (["references"], "80"),
    "about": (["about"], "80"),
    "situations": (["checklist", "--situations"], "80"),
    "term-biopsy": (["term", "biopsy"], "80"),
    "drug-Trexall-daily": (["drug", "Trexall 2.5 mg daily"], "80"),
    "beyond": (["beyond"], "80"),
    "validate": (["validate", "--today", "2026-12-02"], "80"),
    "drug-Imuran-40": (["drug", "Imuran"], "40"),
    "drug-predisone": (["drug", "predisone"], "80"),
    "drug-prednisolone": (["drug", "prednisolone"], "80"),
    "drug-unknown": (["drug", "aspirin"], "80"),
    "drug-Imdur": (["drug", "Imdur"], "80"),
    "topic-unknown": (["topic", "9"], "80"),
    "term-ck": (["term", "CK"], "80"),
    "term-remission": (["term", "remission"], "80"),
    "checklist": (["checklist"], "80"),
    "checklist-40": (["checklist"], "40"),
    "checklist-all": (["checklist", "--all"], "80"),
    "checklist-child": (["checklist", "--patient", "child"], "80"),
    "checklist-new-diagnosis": (["checklist", "--situation", "new-diagnosis"], "80"),
    "checklist-drug-unknown": (["checklist", "-d", "aspirin", "-t", "1"], "80"),
    "checklist-situations": (["checklist", "--situations"], "80"),
    "checklist-top": (["checklist", "--top", "prednisone-q1", "-d", "prednisone"], "80"),
    "checklist-markdown": (["checklist", "-f", "markdown", "--all"], "80"),
    "checklist-html": (["checklist", "-f", "html", "--all"], "80"),
    "checklist-html-large": (["checklist", "-f", "html", "--large", "-t", "1"], "80"),
    "checklist-json": (["checklist", "-f", "json", "--all"], "80"),
    "quiz-answers": ([*QUIZ], "80"),
    "quiz-handout-text": ([*QUIZ, "-f", "text"], "80"),
    "quiz-handout-markdown": ([*QUIZ, "-f", "markdown"], "80"),
    "quiz-handout-html": ([*QUIZ, "-f", "html"], "80"),
    "quiz-answers-html": ([*QUIZ, "-f", "html", "--answers"], "80"),
    "slides-text": (["present", "--no-interactive"], "80"),
    "slides-html": (["present", "--format", "html", "-t", "1"], "80"),
}
PLAIN |= {f"topic-{n}": (["topic", str(n)], "80") for n in range(1, 7)}
PLAIN |= {f"drug-{name}": (["drug", name], "80") for name in DRUGS}
PLAIN |= {f"beyond-{name}": (["beyond", name], "80") for name in BEYOND}
PLAIN |= {
    f"search-{re.sub(r'[^a-z]+', '-', q.lower()).strip('-') or 'markup'}": (["search", q], "80") for q in SEARCHES
}
PLAIN |= {f"checklist-topic-{n}": (["checklist", "-t", str(n)], "80") for n in range(1, 7)}

# name -> (arguments, columns). On a colour terminal: Rich's output, colour codes included.
COLOUR: dict[str, tuple[list[str], int]] = {
    "welcome": ([], 80),
    "topics": (["topics"], 80),
    "topic-1": (["topic", "1"], 80),
    "topic-3-40": (["topic", "3"], 40),
    "drugs": (["drugs"], 100),
    "drug-Imuran": (["drug", "Imuran"], 80),
    "drug-prednisolone": (["drug", "prednisolone"], 80),
    "terms": (["terms"], 80),
    "term-ck": (["term", "CK"], 80),
    "references": (["references"], 80),
    "about": (["about"], 80),
    "situations": (["checklist", "--situations"], 80),
    "term-biopsy": (["term", "biopsy"], 80),
    "drug-Trexall-daily": (["drug", "Trexall 2.5 mg daily"], 80),
    "drug-Xeljanz": (["drug", "Xeljanz"], 80),
    "beyond": (["beyond"], 80),
    "beyond-skin-care": (["beyond", "skin-care"], 80),
    "search-weakness": (["search", "muscle", "weakness"], 80),
    "checklist": (["checklist", "--no-pager"], 80),
    "checklist-topic-2-60": (["checklist", "-t", "2"], 60),
}

JOURNAL_STEPS: list[list[str]] = [
    ["add", "visit", "--date", "2026-01-02", "--note", "first visit"],
    ["add", "ck", "850.5", "--date", "2026-01-05"],
    ["add", "ck", "600", "--date", "2026-02-20"],
    ["add", "ck", "420", "--date", "2026-04-02"],
    ["add", "dose", "prednisone", "40", "mg", "--per", "day", "--date", "2026-01-03"],
    ["add", "dose", "Trexall", "15", "mg", "--per", "week", "--date", "2026-01-10"],
    ["add", "dose", "prednisone", "30", "mg", "--per", "day", "--date", "2026-02-21"],
    ["add", "score", "weakness", "6", "--date", "2026-01-06"],
    ["add", "score", "weakness", "4", "--date", "2026-03-06"],
    ["add", "note", "Stairs are <hard> [bold]today[/]", "--date", "2026-01-22"],
]
JOURNAL: dict[str, list[str]] = {
    "journal-list": ["journal"],
    "journal-chart-ck": ["journal", "chart", "ck"],
    "journal-chart-weakness": ["journal", "chart", "score", "weakness"],
    "journal-chart-prednisone": ["journal", "chart", "dose", "prednisone"],
    "journal-export-csv": ["journal", "export", "--format", "csv"],
    "journal-export-json": ["journal", "export", "--format", "json"],
    "checklist-journal-text": ["checklist", "--journal", "-f", "text", "-t", "1"],
    "checklist-journal-markdown": ["checklist", "--journal", "-f", "markdown", "-t", "1"],
    "checklist-journal-html": ["checklist", "--journal", "-f", "html", "-t", "1"],
    "checklist-journal-json": ["checklist", "--journal", "-f", "json", "-t", "1"],
}

# name -> arguments; each writes a PDF, compared as the text and page count poppler reads back.
PDFS: dict[str, list[str]] = {
    "checklist-pdf": ["checklist"],
    "checklist-pdf-large": ["checklist", "--large", "-t", "1"],
    "checklist-pdf-journal": ["checklist", "--journal", "-t", "1"],
}


def normalised(text: str, tmp: Path | None = None) -> str:
    """The text with today's date, the temporary folder and the checkout written TODAY, TMP and ROOT."""
    text = text.replace(dt.date.today().isoformat(), "TODAY")
    text = text.replace(str(GOLDEN.parent.parent), "ROOT")
    if tmp is not None:
        text = text.replace(str(tmp), "TMP")
    return text


def check_golden(name: str, code: int, stdout: str, stderr: str, tmp: Path | None = None) -> None:
    """The run must equal tests/golden/NAME: exit code, stderr and stdout."""
    page = f"exit {code}\n--- stderr\n{normalised(stderr, tmp)}--- stdout\n{normalised(stdout, tmp)}"
    golden = GOLDEN / name
    if os.environ.get("DMTX_UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(page, encoding="utf-8")
    assert golden.is_file(), f"no golden output {name}: run with DMTX_UPDATE_GOLDEN=1 and check it by eye"
    expected = golden.read_text(encoding="utf-8")
    assert page == expected, f"{name} changed: run with DMTX_UPDATE_GOLDEN=1 if that was meant, and check the diff"


@pytest.mark.parametrize("name", sorted(PLAIN))
def test_plain_output_is_unchanged(dmtx: Dmtx, name: str) -> None:
    args, columns = PLAIN[name]
    result = dmtx(*args, env={"COLUMNS": columns})
    check_golden(f"plain-{name}.txt", result.exit_code, result.stdout, result.stderr)


@pytest.mark.parametrize("name", sorted(COLOUR))
def test_colour_output_is_unchanged(on_terminal: Terminal, name: str) -> None:
    args, columns = COLOUR[name]
    result = on_terminal(*args, cols=columns, rows=500)
    assert "\x1b[" in result.stdout
    check_golden(f"colour-{name}.ansi", result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def journal(dmtx: Dmtx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "journal.sqlite3"
    monkeypatch.setenv("DMTX_JOURNAL", str(path))
    for step in JOURNAL_STEPS:
        assert dmtx("journal", *step).exit_code == 0
    return path


@pytest.mark.parametrize("name", sorted(JOURNAL))
def test_journal_output_is_unchanged(dmtx: Dmtx, journal: Path, name: str) -> None:
    result = dmtx(*JOURNAL[name], env={"COLUMNS": "80"})
    check_golden(f"plain-{name}.txt", result.exit_code, result.stdout, result.stderr, journal.parent)


def _pdf_text(pdf: Path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        if on_ci():
            pytest.fail("pdftotext is missing on CI: .ci/run must install poppler-utils")
        pytest.skip("pdftotext (poppler-utils) is not installed")
    pages = subprocess.run([tool.replace("pdftotext", "pdfinfo"), str(pdf)], capture_output=True, text=True, check=True)
    count = next(line for line in pages.stdout.splitlines() if line.startswith("Pages:"))
    text = subprocess.run([tool, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return f"{' '.join(count.split())}\n{text}"


@pytest.mark.parametrize("name", sorted(PDFS))
def test_pdf_text_is_unchanged(dmtx: Dmtx, journal: Path, tmp_path: Path, name: str) -> None:
    pdf = tmp_path / f"{name}.pdf"
    result = dmtx(*PDFS[name], "-o", str(pdf))
    check_golden(f"pdf-{name}.txt", result.exit_code, _pdf_text(pdf), result.stderr, tmp_path)
