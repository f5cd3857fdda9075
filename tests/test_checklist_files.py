"""`dmtx checklist` to files: the format from the file name, a real PDF, blank lines, the print tip."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
from markdown_it import MarkdownIt
from test_print import flat, pdf_info
from test_print import pdf_text as laid_out_text

from dmtx.knowledge import load

from conftest import ROOT, Dmtx, assert_clean_error

KNOWLEDGE = load()


def pdf_text(pdf: Path, page: int | None = None) -> str:
    """The checklist PDF's text in reading order: normal print has two columns."""
    return laid_out_text(pdf, page, layout=False)


DISCLAIMER = KNOWLEDGE.meta.disclaimer


def wrote(dmtx: Dmtx, path: Path, *args: str) -> str:
    result = dmtx("checklist", "-t", "2", "-o", str(path), *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    return result.stderr


@pytest.mark.parametrize(
    ("name", "starts"),
    [
        ("list.txt", "QUESTIONS TO ASK"),
        ("list.md", "# Questions"),
        ("list.html", "<!DOCTYPE html>"),
        ("list.json", "{"),
    ],
)
def test_the_extension_chooses_the_format(dmtx: Dmtx, tmp_path: Path, name: str, starts: str) -> None:
    stderr = wrote(dmtx, tmp_path / name)
    assert (tmp_path / name).read_text(encoding="utf-8").startswith(starts)
    assert stderr.startswith(f"dmtx: Wrote {tmp_path / name}")


def test_a_pdf_name_gets_a_real_pdf(dmtx: Dmtx, tmp_path: Path) -> None:
    target = tmp_path / "list.pdf"
    assert "pdf" in wrote(dmtx, target)
    data = target.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")


def test_an_unknown_extension_keeps_text_and_says_so(dmtx: Dmtx, tmp_path: Path) -> None:
    stderr = wrote(dmtx, tmp_path / "list.dat")
    assert (tmp_path / "list.dat").read_text(encoding="utf-8").startswith("QUESTIONS TO ASK")
    assert "as text" in stderr and "names no format" in stderr


@pytest.mark.parametrize(("fmt", "name"), [("text", "list.pdf"), ("html", "list.md"), ("pdf", "list.html")])
def test_a_format_that_contradicts_the_extension_is_a_usage_error(
    dmtx: Dmtx, tmp_path: Path, fmt: str, name: str
) -> None:
    result = dmtx("checklist", "-t", "2", "--format", fmt, "-o", str(tmp_path / name))
    assert_clean_error(result, 2, f"--format {fmt}", "--force-format")
    assert not (tmp_path / name).exists()


def test_force_format_writes_what_was_asked(dmtx: Dmtx, tmp_path: Path) -> None:
    wrote(dmtx, tmp_path / "list.pdf", "--format", "text", "--force-format")
    assert (tmp_path / "list.pdf").read_text(encoding="utf-8").startswith("QUESTIONS TO ASK")


def test_a_format_that_agrees_with_the_extension_is_fine(dmtx: Dmtx, tmp_path: Path) -> None:
    wrote(dmtx, tmp_path / "list.markdown", "--format", "markdown")
    wrote(dmtx, tmp_path / "other.txt", "--format", "terminal")


def test_pdf_goes_to_a_pipe_but_not_a_terminal(dmtx: Dmtx) -> None:
    piped = subprocess_dmtx("checklist", "-t", "2", "--format", "pdf")
    assert piped.returncode == 0 and piped.stdout.startswith(b"%PDF-")
    child = pexpect.spawn(
        sys.executable, ["-m", "dmtx", "checklist", "-t", "2", "--format", "pdf"], env=_tty_env(), timeout=30
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
    out = child.before.decode("utf-8", "replace")
    assert "%PDF" not in out and "-o checklist.pdf" in out


def test_pdf_file_is_never_overwritten_without_force(dmtx: Dmtx, tmp_path: Path) -> None:
    target = tmp_path / "list.pdf"
    target.write_bytes(b"mine")
    assert_clean_error(dmtx("checklist", "-o", str(target)), 4, "already exists", "--force")
    assert target.read_bytes() == b"mine"
    wrote(dmtx, target, "--force")
    assert target.read_bytes().startswith(b"%PDF-")


# --------------------------------------------------------------------------- blank lines for own questions


def test_three_blank_lines_for_own_questions_by_default(dmtx: Dmtx) -> None:
    out = dmtx("checklist", "-t", "2").stdout
    mine = out.split("My own questions", 1)[1].split("-" * 40)[0]
    assert len(re.findall(r"^\[ \] _{20,}$", mine, re.MULTILINE)) == 3


@pytest.mark.parametrize("count", ["0", "1", "5"])
def test_blank_sets_the_number_in_every_format(dmtx: Dmtx, count: str) -> None:
    n = int(count)
    text = dmtx("checklist", "-t", "2", "--blank", count).stdout
    assert len(re.findall(r"^\[ \] _{20,}$", text, re.MULTILINE)) == n
    assert ("My own questions" in text) is (n > 0)
    html = dmtx("checklist", "-t", "2", "--blank", count, "--format", "html").stdout
    assert html.count('class="q blank"') == n
    markdown = dmtx("checklist", "-t", "2", "--blank", count, "--format", "markdown").stdout
    assert len(re.findall(r"^- \[ \] `_+`$", markdown, re.MULTILINE)) == n
    data = json.loads(dmtx("checklist", "-t", "2", "--blank", count, "--format", "json").stdout)
    assert data["meta"]["blank_questions"] == n


def test_own_questions_come_before_the_blank_lines(dmtx: Dmtx) -> None:
    # The first three own questions are "My top 3"; the fourth is the first under "My own questions".
    out = dmtx("checklist", "-t", "2", "-a", "A?", "-a", "B?", "-a", "C?", "-a", "Can I garden?", "--blank", "2").stdout
    mine = out.split("My own questions", 1)[1]
    assert mine.index("[ ] Can I garden?") < mine.index("[ ] ____")
    assert out.count("My own questions") == 1


# --------------------------------------------------------------------------- markdown blanks


def test_markdown_blanks_are_lines_in_an_editor_and_rendered(dmtx: Dmtx) -> None:
    out = dmtx("checklist", "-t", "2", "--format", "markdown").stdout
    assert "\\_" not in out
    assert "- **Name:** `________________`" in out
    assert "  Answer: `______________________________`" in out
    html = MarkdownIt("commonmark").render(out)
    assert "<code>________________</code>" in html
    # Each answer line stays a line of its own once rendered.
    assert "<p>Answer: <code>______________________________</code></p>" in html


# --------------------------------------------------------------------------- the print tip repeats the options


def _tty_env(**extra: str) -> dict[str, str]:
    import os

    return {
        "TERM": "xterm-256color",
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(ROOT),
        "DMTX_CACHE_DIR": os.environ["DMTX_CACHE_DIR"],
        **extra,
    }


def subprocess_dmtx(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "dmtx", *args], capture_output=True, timeout=60, cwd=ROOT, stdin=subprocess.DEVNULL
    )


@pytest.mark.parametrize(
    "options",
    [
        ["-t", "3", "-a", "Can I garden?", "--name", "Ann Lee", "--space", "1", "--blank", "1"],
        ["-d", "IVIG", "--situation", "flare", "--top", "p2-q1"],
        ["--blank", "0", "--all"],
    ],
    ids=["topic-own-fields", "situation-top", "all"],
)
def test_print_tip_repeats_the_options_given(options: list[str]) -> None:
    args = ["checklist", *options]
    child = pexpect.spawn(
        # --no-pager: the tip is read from the pty, not from inside less.
        sys.executable,
        ["-m", "dmtx", "--no-pager", *args],
        env=_tty_env(),
        encoding="utf-8",
        timeout=30,
        dimensions=(50, 250),
    )
    child.expect(pexpect.EOF)
    out = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", child.before)
    tip = "Print it with: " + shlex.join(["dmtx", *args, "-o", "visit.pdf"])
    assert tip in " ".join(out.split()), out[-600:]


# --------------------------------------------------------------------------- the PDF, read back by poppler


@pytest.fixture
def pdf(dmtx: Dmtx, tmp_path: Path):
    def make(*args: str) -> Path:
        target = tmp_path / f"list-{len(list(tmp_path.iterdir()))}.pdf"
        result = dmtx("checklist", "-o", str(target), *args)
        assert result.exit_code == 0, result.stderr
        return target

    return make


def test_pdf_holds_every_question_the_disclaimer_and_source(pdf) -> None:
    made = pdf("--all", "-a", "Can I <still> garden [bold]outside[/]?", "-a", "Is travel OK?", "-a", "A?", "-a", "B?")
    text = flat(pdf_text(made))
    assert text.index("My top 3") < text.index("Point 1:")
    assert "1. Can I <still> garden [bold]outside[/]?" in text
    for point in KNOWLEDGE.topics:
        assert f"Point {point.number}: {point.title}" in text
        for question in point.questions:
            assert flat(question.text) in text, question.text
    # rindex: --all now holds "... such as for hepatitis B?" too (issue #21)
    assert "My own questions" in text and text.index("My own questions") < text.rindex("B?")
    for block in KNOWLEDGE.visit.tips:
        assert block.title in text
        for item in block.items:
            assert flat(item) in text, item
    assert flat(KNOWLEDGE.visit.safety_net) in text


def test_pdf_has_disclaimer_and_source_on_every_page(pdf) -> None:
    made = pdf("-d", "methotrexate", "-d", "ivig")
    pages = int(pdf_info(made)["Pages"])
    assert pages >= 2
    for page in range(1, pages + 1):
        text = flat(pdf_text(made, page=page))
        # Once on each page: page 1 has it at the top, later pages in the footer.
        assert text.count(DISCLAIMER) == 1, page
        assert "'Treatment Of Dermatomyositis'" in text and "2014" in text, page
        assert re.search(rf"Page {page} of {pages}(?![.\d])", text), text[-200:]
    assert "last modified 2014-08-18" in flat(pdf_text(made, page=1))


def test_no_question_is_split_across_pdf_pages(pdf) -> None:
    made = pdf("--all", "--space", "4")
    pages = int(pdf_info(made)["Pages"])
    # --all: every point, beyond-the-page and drug question (issue #21); a few share their words.
    every = {flat(q.text) for e in (*KNOWLEDGE.topics, *KNOWLEDGE.beyond, *KNOWLEDGE.drugs) for q in e.questions}
    found: set[str] = set()
    for page in range(1, pages + 1):
        text = flat(pdf_text(made, page=page))
        found |= {q for q in every if q in text}
    assert found == every  # each question whole on a page


def test_pdf_shows_the_editors_notes_beside_the_questions(pdf) -> None:
    text = flat(pdf_text(pdf("-t", "5")))
    assert "Editor's note: The page is wrong here. Cyclosporine does not treat cancer." in text
    assert "See the editor's note above." in text


def test_large_pdf_prints_at_14pt_or_more(pdf) -> None:
    from test_print import pdf_fonts_and_lines

    sizes, _ = pdf_fonts_and_lines(pdf("-t", "1", "--large"))
    assert sizes and min(sizes) >= 14, sizes
    normal, _ = pdf_fonts_and_lines(pdf("-t", "1"))
    assert min(normal) < 14, "the check would not tell large print from normal print"


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5, 6])
def test_one_topic_fits_on_one_letter_pdf_page(pdf, number: int) -> None:
    info = pdf_info(pdf("-t", str(number), "--name", "Ann Lee", "--visit-date", "2026-12-01", "--doctor", "Dr. Ray"))
    assert re.match(r"612(\.\d+)? x 792", info["Page size"]), info["Page size"]
    assert info["Pages"] == "1"


def test_a4_pdf_is_a4(pdf) -> None:
    info = pdf_info(pdf("-t", "1", "--paper", "a4"))
    assert re.match(r"59[45](\.\d+)? x 841", info["Page size"]), info["Page size"]
    assert info["Pages"] == "1"


@pytest.mark.parametrize("name", ["李明", "سارة أحمد", "Ζωή Παπαδοπούλου", "Анна Ли"])
def test_a_name_in_any_script_survives(pdf, dmtx: Dmtx, name: str) -> None:
    made = pdf("-t", "1", "--name", name, "--doctor", "Dr. 王")
    text = pdf_text(made)
    assert name in text or name in text.replace("\u202b", "").replace("\u202c", ""), text[:300]
    assert "Dr. 王" in text


def test_characters_no_font_has_are_named(dmtx: Dmtx, tmp_path: Path) -> None:
    result = dmtx("checklist", "-t", "1", "--name", "Ann \U0001f642", "-o", str(tmp_path / "a.pdf"))
    assert result.exit_code == 0
    assert "show as ?" in result.stderr and "\U0001f642" in result.stderr
    assert "Ann ?" in pdf_text(tmp_path / "a.pdf")
