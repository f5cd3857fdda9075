"""dmtx.render.pdf_classroom: the quiz handout, the answer sheet and the slides as real PDFs.

Read back with poppler (pdfinfo, pdftotext -bbox-layout): page count and size, the words on
each page, and the type size of each line (its box height over the font's height per point,
measured on a PDF drawn at known sizes with the same fonts).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zlib
from functools import cache
from pathlib import Path
from typing import NamedTuple
from xml.etree import ElementTree

import pytest

from dmtx.classroom.quiz import select_items
from dmtx.classroom.slides import build_deck
from dmtx.document import Document, Heading, Item, Items, Paragraph
from dmtx.document.quiz import handout, lettered
from dmtx.document.slides import Slide, SlideDeck, paper_slides
from dmtx.knowledge import load
from dmtx.render import pdf_classroom

from conftest import Dmtx, on_ci

KNOWLEDGE = load()
DECK = paper_slides(build_deck(KNOWLEDGE))  # as a file holds it: no sentence names a command
SEED, COUNT = 7, 6
ITEMS = select_items(KNOWLEDGE, count=COUNT, seed=SEED)
DISCLAIMER = KNOWLEDGE.meta.disclaimer
SOURCE = KNOWLEDGE.meta.source.attribution()
XHTML = "{http://www.w3.org/1999/xhtml}"


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        if on_ci():
            pytest.fail(f"{name} is missing on CI: .ci/run must install poppler-utils")
        pytest.skip(f"{name} (poppler-utils) is not installed")
    return found


def flat(text: str) -> str:
    """Words only, with a line broken after a hyphen joined again."""
    return " ".join(text.split()).replace("- ", "-")


def pdf_info(pdf: Path | bytes) -> dict[str, str]:
    source, data = (str(pdf), None) if isinstance(pdf, Path) else ("-", pdf)
    out = subprocess.run([_tool("pdfinfo"), source], input=data, capture_output=True, check=True).stdout.decode()
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in out.splitlines())}


def all_text(pdf: Path | bytes) -> str:
    """The text of every page, pages separated by form feeds."""
    source, data = (str(pdf), None) if isinstance(pdf, Path) else ("-", pdf)
    done = subprocess.run([_tool("pdftotext"), source, "-"], input=data, capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def page_text(pdf: Path, page: int) -> str:
    command = [_tool("pdftotext"), "-f", str(page), "-l", str(page), str(pdf), "-"]
    return flat(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


class Line(NamedTuple):
    """One line of a page as poppler reads it: its top (pt from the page's top), its words, its type size."""

    top: float
    text: str
    size: float


@cache
def _height_per_point() -> float:
    """How tall poppler's box of a DejaVu line is per point of type (measured on a 10pt and a 20pt line)."""
    from fpdf import FPDF

    from dmtx.render.pdf_base import set_up

    pdf = set_up(FPDF(unit="mm"), title="calibration", text="Calibration")
    pdf.add_page()
    for size in (10, 20):
        pdf.set_font("dejavu", "", size)
        pdf.cell(0, 12, "Calibration", new_x="LMARGIN", new_y="NEXT")
    lines = _lines(bytes(pdf.output()), 1, 1.0)
    assert len(lines) == 2
    ratios = [lines[0].size / 10, lines[1].size / 20]
    assert abs(ratios[0] - ratios[1]) < 0.01, ratios
    return ratios[0]


def _lines(pdf: Path | bytes, page: int, per_point: float | None = None) -> list[Line]:
    source, data = (str(pdf), None) if isinstance(pdf, Path) else ("-", pdf)
    command = [_tool("pdftotext"), "-bbox-layout", "-f", str(page), "-l", str(page), source, "-"]
    root = ElementTree.fromstring(subprocess.run(command, input=data, capture_output=True, check=True).stdout)
    scale = per_point if per_point is not None else _height_per_point()
    lines = []
    for line in root.iter(f"{XHTML}line"):
        words = [w.text or "" for w in line.iter(f"{XHTML}word")]
        height = float(line.get("yMax", 0)) - float(line.get("yMin", 0))
        lines.append(Line(float(line.get("yMin", 0)), " ".join(words), round(height / scale, 1)))
    return sorted(lines, key=lambda line: line.top)


def make(target: Path, *args: str) -> Path:
    result = Dmtx()(*args, "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "" and f"Wrote {target}" in result.stderr and "pdf" in result.stderr
    data = target.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    return target


@pytest.fixture(scope="module")
def slides(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make(tmp_path_factory.mktemp("slides") / "s.pdf", "present")


@pytest.fixture(scope="module")
def quiz(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make(tmp_path_factory.mktemp("quiz") / "q.pdf", "quiz", "--seed", str(SEED), "-n", str(COUNT))


@pytest.fixture(scope="module")
def answers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("answers")
    return make(folder / "a.pdf", "quiz", "--answers", "--seed", str(SEED), "-n", str(COUNT))


# --------------------------------------------------------------------------- slides


def test_present_writes_one_landscape_page_per_slide(slides: Path) -> None:
    info = pdf_info(slides)
    assert info["Pages"] == str(len(DECK))
    width, height = (float(n) for n in info["Page size"].split()[:3:2])
    assert width > height


def _slide_texts(slide: Slide) -> list[str]:
    texts = [*slide.lead, *(t for s in slide.sections for t in (s.heading, *s.bullets, *s.lines))]
    return [line for text in texts for line in text.split("\n")]


@pytest.mark.parametrize("number", range(1, len(DECK) + 1))
def test_each_slide_page_has_its_title_words_and_the_disclaimer_and_source(slides: Path, number: int) -> None:
    slide = DECK[number - 1]
    text = page_text(slides, number)
    assert flat(slide.title) in text
    assert f"{number} / {len(DECK)}" in text
    for part in _slide_texts(slide):
        assert flat(part) in text, (number, part)
    assert flat(DISCLAIMER) in text and flat(SOURCE) in text


@pytest.mark.parametrize("number", range(1, len(DECK) + 1))
def test_slide_type_is_readable_projected_or_printed(slides: Path, number: int) -> None:
    """The title 24pt or more, the body 14pt or more, the label and the footer 12pt or more."""
    slide = DECK[number - 1]
    lines = _lines(slides, number)
    label_top = lines[0].top
    # the last line that starts as the disclaimer does: the closing slide's lead is the disclaimer too
    footer_top = max(line.top for line in lines if line.text.startswith(DISCLAIMER.split()[0]))
    body = [line for line in lines if label_top < line.top < footer_top]
    title: list[Line] = []
    while sum(len(line.text.split()) for line in title) < len(slide.title.split()):
        title.append(body.pop(0))
    assert flat(" ".join(line.text for line in title)) == flat(slide.title)
    assert min(line.size for line in title) >= 24, title
    assert body and min(line.size for line in body) >= 14, [line for line in body if line.size < 14]
    assert min(line.size for line in lines) >= 12


def test_a_slide_gets_the_largest_type_it_fits_and_never_under_14pt() -> None:
    page = pdf_classroom.Page("landscape", pdf_classroom.SLIDE_MARGIN, pdf_classroom.SLIDE_TOP, 12.0, ("d", "s"))
    pdf = pdf_classroom._new_pdf("t", "auto", page, "")
    sizes = [pdf_classroom.slide_size(pdf, slide) for slide in DECK]
    assert set(sizes) <= set(pdf_classroom.SLIDE_SIZES) and min(sizes) >= 14
    assert 17.0 in sizes  # short slides keep the largest type


def test_slides_on_a4_are_a4_landscape() -> None:
    deck = SlideDeck(DECK[:2], "t", DISCLAIMER, SOURCE)
    info = pdf_info(pdf_classroom.render_slides_pdf(deck, "a4"))
    assert info["Page size"] == "841.89 x 595.28 pts (A4)" and info["Pages"] == "2"


# --------------------------------------------------------------------------- the quiz handout


def test_quiz_handout_pdf_has_every_question_and_choice_but_no_answer(quiz: Path) -> None:
    text = flat(all_text(quiz))
    assert text.startswith(flat(f"Quiz: {KNOWLEDGE.meta.title}"))
    assert "Name:" in text and "Date:" in text and "Tick one answer for each question." in text
    for number, item in enumerate(ITEMS, 1):
        assert flat(f"{number}. {item.question}") in text
        for mark, choice in lettered(item):
            assert flat(f"{mark}. {choice}") in text
        assert flat(item.explanation) not in text


def test_quiz_handout_pdf_has_the_disclaimer_and_source_on_every_page(quiz: Path) -> None:
    pages = int(pdf_info(quiz)["Pages"])
    for page in range(1, pages + 1):
        text = page_text(quiz, page)
        assert flat(DISCLAIMER) in text and flat(SOURCE) in text and f"Page {page} of {pages}" in text


def _rectangles(pdf: Path) -> int:
    """How many rectangles (`re` operators) the pages draw: the tick boxes."""
    streams = re.findall(rb"/Filter /FlateDecode[^>]*>>\s*stream\r?\n(.*?)endstream", pdf.read_bytes(), re.S)
    count = 0
    for stream in streams:
        try:
            count += len(re.findall(rb" re\b", zlib.decompress(stream)))
        except zlib.error:
            continue  # a font program, not a page
    return count


def test_quiz_handout_pdf_is_12pt_or_more_with_a_tick_box_per_choice(quiz: Path) -> None:
    pages = int(pdf_info(quiz)["Pages"])
    lines = [line for page in range(1, pages + 1) for line in _lines(quiz, page)]
    assert min(line.size for line in lines) >= 12, [line for line in lines if line.size < 12]
    assert _rectangles(quiz) == sum(len(item.choices) for item in ITEMS)


def test_each_question_stays_on_one_page_with_its_choices() -> None:
    items = tuple(
        ITEMS[0]._replace(
            question=f"Question{n:02d} " + "long words " * 40, choices=tuple(f"Choice{n:02d}{m}" for m in "wxyz")
        )
        for n in range(12)
    )
    pages = all_text(pdf_classroom.render_handout_pdf(handout(KNOWLEDGE, items))).split("\f")
    assert len([page for page in pages if page.strip()]) > 1
    for n in range(12):
        (page,) = [page for page in pages if f"Question{n:02d}" in page]
        assert all(f"Choice{n:02d}{m}" in page for m in "wxyz"), n


# --------------------------------------------------------------------------- the answer sheet


def test_answer_sheet_pdf_has_each_answer_and_why_in_12pt_or_more(answers: Path) -> None:
    text = flat(all_text(answers))
    assert text.startswith("Quiz answer sheet")
    for item in ITEMS:
        assert flat(item.question) in text and flat(item.answer) in text and flat(item.explanation) in text
    pages = int(pdf_info(answers)["Pages"])
    for page in range(1, pages + 1):
        assert flat(DISCLAIMER) in page_text(answers, page)
    lines = [line for page in range(1, pages + 1) for line in _lines(answers, page)]
    assert min(line.size for line in lines) >= 12


def test_any_document_draws_its_headings_paragraphs_and_items() -> None:
    document = Document(
        "A title",
        (
            Heading("A heading"),
            Paragraph("A paragraph.", "muted"),
            Items((Item("first", "1."), Item("second\nover two lines"))),
        ),
        footer=("The disclaimer.", "The source."),
    )
    text = flat(all_text(pdf_classroom.render_document_pdf(document)))
    assert text == flat(
        "A title A heading A paragraph. 1. first \u2022 second over two lines The disclaimer. The source. Page 1 of 1"
    )
