"""A real browser prints the HTML checklist: every question reaches the PDF; one topic fits one page."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dmtx.knowledge import load

from conftest import ROOT, Dmtx, on_ci

pytestmark = pytest.mark.slow
KNOWLEDGE = load()


BROWSERS = ("chromium", "chromium-browser")


def _tool(*names: str) -> str:
    """The first of these programs on PATH; on CI (on_ci()) a missing one fails the test."""
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    wanted = " or ".join(names)
    if on_ci():
        pytest.fail(f"{wanted} is missing on CI: .ci/run must install it")
    pytest.skip(f"{wanted} is not installed (Debian packages chromium and poppler-utils)")


def print_to_pdf(html: Path, pdf: Path, profile: Path) -> None:
    browser = _tool(*BROWSERS)
    command = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        f"--user-data-dir={profile}",
        "--no-pdf-header-footer",
        f"--print-to-pdf={pdf}",
        html.as_uri(),
    ]
    subprocess.run(command, capture_output=True, timeout=120, check=False)
    assert pdf.is_file() and pdf.stat().st_size > 0, "Chromium made no PDF"


def pdf_text(pdf: Path, page: int | None = None, *, layout: bool = True) -> str:
    """The PDF's text: laid out as on the page, or (layout=False) in reading order, one column after the other."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    mode = ["-layout"] if layout else []
    return subprocess.run(
        [_tool("pdftotext"), *mode, *pages, str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout


def pdf_info(pdf: Path) -> dict[str, str]:
    out = subprocess.run([_tool("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True, timeout=60).stdout
    return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in out.splitlines() if ":" in line)}


def flat(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


@pytest.fixture
def printed(dmtx: Dmtx, tmp_path: Path):
    _tool(*BROWSERS)
    _tool("pdftotext")

    def make(*args: str) -> Path:
        html = tmp_path / "visit.html"
        pdf = tmp_path / "visit.pdf"
        for stale in (html, pdf):
            stale.unlink(missing_ok=True)
        result = dmtx("checklist", "--format", "html", "-o", str(html), *args)
        assert result.exit_code == 0, result.stderr
        print_to_pdf(html, pdf, tmp_path / "profile")
        return pdf

    return make


def test_every_question_reaches_the_pdf(printed) -> None:
    pdf = printed(
        "--all", "--top", "p1-q1", "--top", "p1-q2", "--top", "p1-q3", "-a", "Can I <still> garden [bold]outside[/]?"
    )
    text = flat(pdf_text(pdf, layout=False))
    for point in KNOWLEDGE.topics:
        for question in point.questions:
            assert flat(question.text) in text, question.text
    assert "Can I <still> garden [bold]outside[/]?" in text
    assert flat(KNOWLEDGE.meta.disclaimer) in text
    assert "last modified 2014-08-18" in text


@pytest.mark.parametrize(("paper", "size"), [("letter", r"612(\.\d+)? x 792"), ("a4", r"59[45](\.\d+)? x 841")])
def test_one_topic_fits_on_one_page(printed, paper: str, size: str) -> None:
    # Caregivers print one topic for one question at a visit: with "My top 3" (tick boxes and
    # answer lines), the how-to, the notes, the words and the tips, it is one sheet of paper.
    pdf = printed("-t", "1", "--paper", paper, "--name", "Ann Lee", "--visit-date", "2026-12-01", "--doctor", "Dr. Ray")
    info = pdf_info(pdf)
    assert re.match(size, info["Page size"]), info["Page size"]
    assert info["Pages"] == "1"
    text = flat(pdf_text(pdf, layout=False))
    assert "My top 3" in text and "Ask: what should I do if it gets worse, and whom do I call?" in text


def test_a4_paper_is_a4(printed) -> None:
    info = pdf_info(printed("-t", "1", "--paper", "a4"))
    assert re.match(r"59[45](\.\d+)? x 841", info["Page size"]), info["Page size"]


def _run_a_print_test(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Run one print test in a child pytest, with this environment."""
    test = f"{Path(__file__).name}::test_a4_paper_is_a4"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rfs", "-p", "no:cacheprovider", "-o", "addopts=", test],
        cwd=Path(__file__).parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_print_tests_fail_on_ci_when_chromium_is_missing(tmp_path: Path) -> None:
    # A PATH with neither chromium nor chromium-browser (the child pytest runs by full path).
    empty = tmp_path / "bin"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env.update(PATH=str(empty), CI="1", PYTHONPATH=str(ROOT))
    done = _run_a_print_test(env, tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    # The fixture fails, so pytest counts an error (not a skip) and exits 1.
    assert re.search(r"\b1 (failed|error)\b", done.stdout) and "skipped" not in done.stdout, done.stdout
    assert "chromium or chromium-browser is missing on CI" in done.stdout

    env["CI"] = "false"  # set, but to a false value: not CI
    off_ci = _run_a_print_test(env, tmp_path)
    assert off_ci.returncode == 0 and "1 skipped" in off_ci.stdout, off_ci.stdout


def test_checklist_with_a_journal_prints_its_chart_early_and_every_question(
    dmtx: Dmtx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt

    _tool("chromium")
    _tool("pdftotext")
    monkeypatch.setenv("DMTX_JOURNAL", str(tmp_path / "j.sqlite3"))
    today = dt.date.today()

    def ago(days: int) -> str:
        return (today - dt.timedelta(days=days)).isoformat()

    for entry in (
        ("dose", "prednisone", "40", "mg", "--per", "day", "--date", ago(150)),
        ("visit", "--date", ago(40)),
        ("ck", "300", "--date", ago(35)),
        ("score", "weakness", "3", "--date", ago(34)),
        ("ck", "320", "--date", ago(5)),
        ("score", "weakness", "7", "--date", ago(4)),
        ("dose", "prednisone", "30", "mg", "--per", "day", "--date", ago(3)),
        ("note", "Could not climb the stairs", "--date", ago(2)),
    ):
        assert dmtx("journal", "add", *entry).exit_code == 0
    html = tmp_path / "visit.html"
    pdf = tmp_path / "visit.pdf"
    made = dmtx("checklist", "--journal", "--format", "html", "-o", str(html))
    assert made.exit_code == 0, made.stderr
    print_to_pdf(html, pdf, tmp_path / "profile")
    pages = [flat(page) for page in pdf_text(pdf, layout=False).split("\f")]
    # The chart starts at the visit (marked), so its first date is the visit's.
    chart_pages = [n for n, page in enumerate(pages, 1) if "CK (U/L)" in page and "Date" in page and ago(40) in page]
    assert chart_pages and chart_pages[0] <= 2, chart_pages
    text = " ".join(pages)
    rules = {rule.id: rule for rule in KNOWLEDGE.journal_rules}
    for rule_id in ("steroid-bones", "steroid-lower-dose", "steroid-myopathy", "dose-change"):
        for question in rules[rule_id].questions:
            if "{" not in question.text:
                assert flat(question.text) in text, question.text
    assert "My weakness score went up since the last visit. Could this be the DM or the prednisone?" in text
    assert "What side effects should I watch for after the change to my prednisone dose?" in text
    assert "Could not climb the stairs" in text
    assert "prednisone: 30 mg a day since" in text


def pdf_fonts_and_lines(pdf: Path) -> tuple[list[float], list[tuple[float, str]]]:
    """The font sizes (pt) poppler finds in the PDF, and each text run's top (pt) with its text."""
    xml = subprocess.run(
        [_tool("pdftohtml"), "-xml", "-i", "-stdout", "-zoom", "1", "-q", str(pdf)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    sizes = [float(size) for size in re.findall(r'<fontspec [^>]*size="([\d.]+)"', xml)]
    runs = [
        (float(top), re.sub(r"<[^>]+>", "", text))
        for top, text in re.findall(r'<text top="([\d.]+)"[^>]*>(.*?)</text>', xml)
    ]
    return sizes, runs


def test_large_print_is_14pt_or_more_with_one_and_a_half_line_spacing(printed) -> None:
    sizes, runs = pdf_fonts_and_lines(printed("-t", "1", "--large"))
    assert sizes and min(sizes) >= 14, sizes
    # The tips wrap: the step from one line to the next is the line height, 1.5 x 14pt.
    start = next(i for i, (_, text) in enumerate(runs) if "Bring all your medicines" in text)
    step = runs[start + 1][0] - runs[start][0]
    assert step >= 20.5, (step, runs[start : start + 2])
    normal, _ = pdf_fonts_and_lines(printed("-t", "1"))
    assert min(normal) < 14, "the check would not tell large print from normal print"


def test_the_default_list_prints_on_at_most_two_letter_pages(printed) -> None:
    pdf = printed("--paper", "letter", "--name", "Ann Lee", "--visit-date", "2026-12-01", "--doctor", "Dr. Ray")
    assert int(pdf_info(pdf)["Pages"]) <= 2
    text = flat(pdf_text(pdf, layout=False))
    assert "My top 3" in text and "Ask: what should I do if it gets worse, and whom do I call?" in text


def test_a_chart_of_five_digit_ck_keeps_its_dates_apart(
    dmtx: Dmtx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With CK of 10000 or more the wider axis labels narrowed the plot and its three dates printed as
    one string ('2026-07-012026-08-012026-09-01'); a date is left out rather than run into another."""
    _tool("pdftotext")
    monkeypatch.setenv("DMTX_JOURNAL", str(tmp_path / "j.sqlite3"))
    for value, day in (("15400", "2026-07-01"), ("12250", "2026-08-01"), ("8800", "2026-09-01")):
        assert dmtx("journal", "add", "ck", value, "--date", day).exit_code == 0
    for large in ([], ["--large"]):
        pdf = tmp_path / f"ck{len(large)}.pdf"
        assert dmtx("checklist", "--journal", *large, "-o", str(pdf)).exit_code == 0
        text = pdf_text(pdf, layout=False)
        assert "2026-07-01" in text and not re.search(r"\d{4}-\d\d-\d\d\d{4}-", text)


@pytest.mark.parametrize("answers", [[], ["--answers"]])
def test_a_printed_quiz_carries_the_disclaimer_on_every_page_and_keeps_each_question_whole(
    dmtx: Dmtx, tmp_path: Path, answers: list[str]
) -> None:
    """A third red team printed the quiz handout (3 pages) and the answer sheet (4): the disclaimer was
    only on the last page, and the answer sheet split questions from their answers across pages."""
    html, pdf = tmp_path / "quiz.html", tmp_path / "quiz.pdf"
    assert dmtx("quiz", "--seed", "7", "-n", "10", *answers, "-o", str(html)).exit_code == 0
    print_to_pdf(html, pdf, tmp_path / "profile")
    pages = int(pdf_info(pdf)["Pages"])
    assert pages >= 2
    for page in range(1, pages + 1):
        text = flat(pdf_text(pdf, page, layout=False))
        assert "A teaching aid, not medical advice." in text, page
        if answers:  # every question on the page has its answer on the same page
            assert len(re.findall(r"\b\d+\. [^?]*\?", text)) == text.count("Answer: "), page
