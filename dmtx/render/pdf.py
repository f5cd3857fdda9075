"""A printable PDF checklist, laid out like the HTML one, drawn with fpdf2 (imported only for --format pdf).

Fonts ship with dmtx (dmtx/fonts, licences beside them): DejaVu Sans for Latin, Greek,
Cyrillic, Hebrew and Arabic letters, Droid Sans Fallback for Chinese, Japanese and Korean.
A character neither font has is drawn as "?" and named by `undrawable_characters`.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, cast

from dmtx.checklist import Checklist, ChecklistQuestion

if TYPE_CHECKING:
    from fpdf import FPDF

PAGE_SIZES = {"auto": "letter", "letter": "letter", "a4": "A4"}
FONT_FILES = {
    ("dejavu", ""): "DejaVuSans.ttf",
    ("dejavu", "B"): "DejaVuSans-Bold.ttf",
    ("fallback", ""): "DroidSansFallbackFull.ttf",
    ("fallback", "B"): "DroidSansFallbackFull.ttf",
}
MISSING = "?"

MARGIN = 14.0  # mm, left and right
TOP = 12.0
FOOTER_HEIGHT = 17.0  # mm kept free at the bottom of every page for the disclaimer and source
BODY_PT, HEADING_PT, TITLE_PT, FOOTER_PT = 12.0, 15.0, 20.0, 9.5
LINE = 5.6  # mm per line of body text
WRITE_LINE = 7.0  # mm per line to write on
BOX = 3.8  # mm, the tick box
INDENT = 7.0  # mm from the box to the question text
QUESTION_GAP = 2.2


def _font_path(name: str) -> str:
    return str(resources.files("dmtx") / "fonts" / name)


@cache
def _covered() -> frozenset[int]:
    """Every code point the bundled fonts can draw."""
    from fontTools.ttLib import TTFont

    points: set[int] = set()
    for name in {FONT_FILES[("dejavu", "")], FONT_FILES[("fallback", "")]}:
        with TTFont(_font_path(name), lazy=True) as font:
            points |= set(font.getBestCmap())
    return frozenset(points)


def _checklist_text(checklist: Checklist) -> str:
    parts = [checklist.title, checklist.name or "", checklist.visit_date or "", checklist.doctor or ""]
    parts += [checklist.disclaimer, checklist.source.attribution()]
    for section in checklist.sections:
        parts.append(section.title)
        parts += [q.text for q in section.questions]
    return "".join(parts)


def undrawable_characters(checklist: Checklist) -> str:
    """The characters of the checklist that no bundled font has (drawn as '?'), each once."""
    covered = _covered()
    seen = dict.fromkeys(c for c in _checklist_text(checklist) if not c.isspace() and ord(c) not in covered)
    return "".join(seen)


def _drawable(text: str) -> str:
    covered = _covered()
    return "".join(c if c.isspace() or ord(c) in covered else MISSING for c in text)


def render_checklist_pdf(checklist: Checklist, paper: str = "auto") -> bytes:
    """The checklist as PDF bytes: header fields, tick boxes, answer lines, and on every page the disclaimer and source."""
    pdf = _new_document(checklist, PAGE_SIZES.get(paper, "letter"))
    pdf.add_page()
    _header(pdf, checklist)
    for section in checklist.sections:
        _section(pdf, checklist, section.title, section.questions, blanks=section.kind == "mine")
    return bytes(pdf.output())


def _new_document(checklist: Checklist, page_format: str) -> FPDF:
    from fpdf import FPDF

    footer_lines = (
        _drawable(checklist.disclaimer),
        _drawable(f"{checklist.source.attribution()} Checklist made on {checklist.made_on} with dmtx."),
    )

    class ChecklistPDF(FPDF):
        def footer(self) -> None:
            self.set_y(-FOOTER_HEIGHT + 2)
            self.set_draw_color(0)
            self.set_line_width(0.4)
            self.line(MARGIN, self.get_y(), self.w - MARGIN, self.get_y())
            self.ln(1)
            self.set_font("dejavu", "B", FOOTER_PT)
            self.multi_cell(0, 4.2, footer_lines[0], align="L", new_x="LMARGIN", new_y="NEXT")
            self.set_font("dejavu", "", FOOTER_PT - 1)
            page = f"  Page {self.page_no()} of {{nb}}."
            self.multi_cell(0, 3.8, footer_lines[1] + page, align="L", new_x="LMARGIN", new_y="NEXT")

    pdf = ChecklistPDF(orientation="portrait", unit="mm", format=page_format)
    pdf.set_title(_drawable(checklist.title))
    pdf.set_creator("dmtx")
    pdf.set_margins(MARGIN, TOP, MARGIN)
    pdf.set_auto_page_break(True, margin=FOOTER_HEIGHT)
    for (family, style), name in FONT_FILES.items():
        pdf.add_font(family, style, _font_path(name))
    pdf.set_fallback_fonts(["fallback"], exact_match=False)
    if _can_shape():
        # Joins Arabic letters and puts right-to-left names in reading order.
        pdf.set_text_shaping(True)
    return pdf


def _can_shape() -> bool:
    from importlib.util import find_spec

    return find_spec("uharfbuzz") is not None


def _header(pdf: FPDF, checklist: Checklist) -> None:
    pdf.set_font("dejavu", "B", TITLE_PT)
    pdf.multi_cell(0, 9, _drawable(checklist.title), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    fields = (("Name", checklist.name), ("Visit date", checklist.visit_date), ("Doctor", checklist.doctor))
    for label, value in fields:
        pdf.set_font("dejavu", "B", BODY_PT)
        pdf.cell(28, WRITE_LINE, label)
        pdf.set_font("dejavu", "", BODY_PT)
        x, y = pdf.get_x(), pdf.get_y()
        width = min(110.0, pdf.w - MARGIN - x)
        pdf.cell(width, WRITE_LINE, _drawable(value or ""), new_x="LMARGIN", new_y="NEXT")
        pdf.set_line_width(0.3)
        pdf.line(x, y + WRITE_LINE - 0.8, x + width, y + WRITE_LINE - 0.8)
    pdf.ln(2.5)
    pdf.set_line_width(0.5)
    pdf.set_font("dejavu", "B", BODY_PT)
    pdf.multi_cell(
        0, LINE, _drawable(checklist.disclaimer), border=1, align="L", padding=2, new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font("dejavu", "", BODY_PT - 2)
    pdf.multi_cell(
        0,
        4.6,
        _drawable(f"{checklist.source.attribution()} Made on {checklist.made_on}."),
        align="L",
        new_x="LMARGIN",
        new_y="NEXT",
    )


def _heading_height(pdf: FPDF, title: str) -> float:
    pdf.set_font("dejavu", "B", HEADING_PT)
    return cast(float, pdf.multi_cell(0, 7, title, dry_run=True, output="HEIGHT", new_x="LMARGIN", new_y="NEXT")) + 4.5


def _question_height(pdf: FPDF, text: str, space_lines: int) -> float:
    pdf.set_font("dejavu", "", BODY_PT)
    width = pdf.w - 2 * MARGIN - INDENT
    height = cast(
        float, pdf.multi_cell(width, LINE, text, dry_run=True, output="HEIGHT", new_x="LMARGIN", new_y="NEXT")
    )
    return height + space_lines * WRITE_LINE + QUESTION_GAP


def _room(pdf: FPDF) -> float:
    return float(pdf.h - FOOTER_HEIGHT - pdf.get_y())


def _section(
    pdf: FPDF, checklist: Checklist, title: str, questions: tuple[ChecklistQuestion, ...], *, blanks: bool
) -> None:
    title = _drawable(title)
    texts = [_question_text(checklist, q) for q in questions]
    first = _question_height(pdf, texts[0], checklist.space_lines) if texts else WRITE_LINE + QUESTION_GAP
    if _heading_height(pdf, title) + first > _room(pdf):  # never leave a heading alone at the foot of a page
        pdf.add_page()
    pdf.ln(2.5)
    pdf.set_font("dejavu", "B", HEADING_PT)
    pdf.multi_cell(0, 7, title, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_line_width(0.5)
    pdf.line(MARGIN, pdf.get_y() + 0.5, pdf.w - MARGIN, pdf.get_y() + 0.5)
    pdf.ln(2)
    for text in texts:
        _question(pdf, text, checklist.space_lines)
    if blanks:
        for _ in range(checklist.blank_questions):
            _question(pdf, "", 0, write_on=True)


def _question_text(checklist: Checklist, question: ChecklistQuestion) -> str:
    mark = checklist.audience_of(question)
    return _drawable(question.text + (f" ({mark})" if mark else ""))


def _question(pdf: FPDF, text: str, space_lines: int, *, write_on: bool = False) -> None:
    """A tick box, the question (or a line to write one on) and its answer lines, kept on one page."""
    height = WRITE_LINE + QUESTION_GAP if write_on else _question_height(pdf, text, space_lines)
    if height > _room(pdf):
        pdf.add_page()
    x, y = MARGIN, pdf.get_y()
    pdf.set_line_width(0.4)
    pdf.rect(x, y + 0.9, BOX, BOX)
    right = pdf.w - MARGIN
    if write_on:
        pdf.set_line_width(0.3)
        pdf.line(x + INDENT, y + WRITE_LINE - 1.5, right, y + WRITE_LINE - 1.5)
        pdf.set_y(y + WRITE_LINE + QUESTION_GAP)
        return
    pdf.set_font("dejavu", "", BODY_PT)
    pdf.set_xy(x + INDENT, y)
    pdf.multi_cell(right - x - INDENT, LINE, text, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_line_width(0.3)
    pdf.set_draw_color(70)
    for _ in range(space_lines):
        line_y = pdf.get_y() + WRITE_LINE - 0.8
        pdf.line(x + INDENT, line_y, right, line_y)
        pdf.set_y(pdf.get_y() + WRITE_LINE)
    pdf.set_draw_color(0)
    pdf.set_y(pdf.get_y() + QUESTION_GAP)
