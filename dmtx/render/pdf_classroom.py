"""The classroom's PDFs, drawn with fpdf2 and the checklist's fonts (dmtx.render.pdf_base).

- the students' quiz handout: title, lines for a name and date, each question with a tick box
  for each choice, and on every page the disclaimer and source, all in 12pt or more;
- any format-free `Document` (the teacher's answer sheet): headings, paragraphs and items, 12pt or more;
- the slides: one landscape page per slide, laid out like the printed HTML slides: the title at
  twice the body size (28pt or more), the body at 17, 15.5 or 14pt (the largest at which the slide
  fits its page), the label and the disclaimer and source in every page's footer at 12pt or more.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from dmtx.document import Document, Heading, Items, Paragraph
from dmtx.document.quiz import Handout, lettered
from dmtx.document.slides import Slide, SlideDeck
from dmtx.render.pdf_base import PAGE_SIZES, drawable, room, set_up, text_height

if TYPE_CHECKING:
    from fpdf import FPDF

PT = 0.3528  # mm in a point


def _mm(points: float, spacing: float = 1.35) -> float:
    """The height in mm of one line of type of this size, lines `spacing` times the size apart."""
    return points * spacing * PT


class Page(NamedTuple):
    """A page's orientation, margins (mm) and footer: the disclaimer in bold, then the source, at `footer` pt."""

    orientation: str
    margin: float
    top: float
    footer: float
    footer_lines: tuple[str, str]
    numbered: bool = True
    spacing: float = 1.25  # the footer's lines, times its type size apart


class Type(NamedTuple):
    """A classroom paper's type: the body size (pt), the line spacing, the title and heading sizes."""

    body: float = 12.0
    spacing: float = 1.35
    title: float = 18.0
    heading: float = 13.0


NORMAL = Type()
LARGE = Type(14.0, 1.5, 22.0, 17.0)  # large print: 14 pt or more, lines 1.5 times apart


def _new_pdf(title: str, paper: str, page: Page, text: str) -> FPDF:
    """A PDF with the bundled fonts, on its first page, whose every page ends with the disclaimer and source (and its number)."""
    from fpdf import FPDF

    disclaimer, source = (drawable(line) for line in page.footer_lines)
    line = _mm(page.footer, page.spacing)

    class ClassroomPDF(FPDF):
        def footer(self) -> None:
            self.set_font("dejavu", "B", page.footer)
            width = self.w - 2 * page.margin
            tail = f"  Page {self.page_no()} of {{nb}}" if page.numbered else ""
            height = text_height(self, width, line, disclaimer) + 1.5
            self.set_font("dejavu", "", page.footer)
            height += text_height(self, width, line, source + tail)
            self.set_y(-(height + page.top))
            self.set_draw_color(0)
            self.set_line_width(0.5)
            self.line(page.margin, self.get_y(), self.w - page.margin, self.get_y())
            self.ln(1.5)
            self.set_font("dejavu", "B", page.footer)
            self.multi_cell(0, line, disclaimer, align="L", new_x="LMARGIN", new_y="NEXT")
            self.set_font("dejavu", "", page.footer)
            self.multi_cell(0, line, source + tail, align="L", new_x="LMARGIN", new_y="NEXT")

    pdf = ClassroomPDF(orientation=page.orientation, unit="mm", format=PAGE_SIZES.get(paper, "letter"))
    set_up(pdf, title=title, text="".join((title, *page.footer_lines, text)))
    pdf.set_margins(page.margin, page.top, page.margin)
    pdf.add_page()  # the footer's height is measured on a page
    pdf.set_auto_page_break(True, margin=_footer_room(pdf, page))
    return pdf


def _footer_room(pdf: FPDF, page: Page) -> float:
    """The height (mm) kept free at the foot of every page for the footer, and a gap above it."""
    line = _mm(page.footer, page.spacing)
    width = pdf.w - 2 * page.margin
    pdf.set_font("dejavu", "B", page.footer)
    height = text_height(pdf, width, line, drawable(page.footer_lines[0]))
    pdf.set_font("dejavu", "", page.footer)
    height += text_height(pdf, width, line, drawable(page.footer_lines[1]) + "  Page 99 of 99")
    return height + 1.5 + page.top + 4


# --------------------------------------------------------------------------- the quiz handout

BODY = 12.0  # pt: questions and choices on paper
BOX = 4.0  # mm, the tick box
INDENT = 8.0  # mm from the left margin to the choices


def _paragraph(
    pdf: FPDF, size: float, text: str, *, bold: bool = False, indent: float = 0.0, spacing: float = 1.35
) -> None:
    pdf.set_font("dejavu", "B" if bold else "", size)
    pdf.set_x(pdf.l_margin + indent)
    pdf.multi_cell(
        pdf.w - pdf.r_margin - pdf.get_x(),
        _mm(size, spacing),
        drawable(text),
        align="L",
        new_x="LMARGIN",
        new_y="NEXT",
    )


def render_handout_pdf(handout: Handout, paper: str = "auto", *, large: bool = False) -> bytes:
    """The questions with a tick box for each choice and no answers, each question kept on one page.

    `large` prints at 14 pt or more with 1.5 line spacing."""
    kind = LARGE if large else NORMAL
    BODY, line = kind.body, _mm(kind.body, kind.spacing)
    title = f"Quiz: {handout.title}"
    words = "".join(part for item in handout.items for part in (item.question, *item.choices))
    page = Page("portrait", 16.0, 12.0, BODY, (handout.disclaimer, handout.source), spacing=kind.spacing - 0.1)
    pdf = _new_pdf(title, paper, page, words)
    _paragraph(pdf, kind.title, title, bold=True)
    pdf.ln(3)
    pdf.set_font("dejavu", "", BODY)
    for label, length in (("Name:", 80.0), ("Date:", 40.0)):
        pdf.cell(pdf.get_string_width(label) + 2, _mm(BODY, 1.8), label)
        start, bottom = pdf.get_x(), pdf.get_y() + _mm(BODY, 1.8) - 1
        pdf.line(start, bottom, start + length, bottom)
        pdf.set_x(start + length + 8)
    pdf.ln(_mm(BODY, 1.8) + 2)
    _paragraph(pdf, BODY, "Tick one answer for each question.", spacing=kind.spacing)
    pdf.ln(3)
    for number, item in enumerate(handout.items, 1):
        question = f"{number}. {item.question}"
        choices = [f"{mark}. {choice}" for mark, choice in lettered(item)]
        if _question_height(pdf, question, choices, kind) > room(pdf):
            pdf.add_page()
        _paragraph(pdf, BODY, question, bold=True, spacing=kind.spacing)
        pdf.ln(1)
        for choice in choices:
            y = pdf.get_y()
            pdf.set_line_width(0.35)
            pdf.rect(pdf.l_margin + INDENT, y + (line - BOX) / 2, BOX, BOX)
            _paragraph(pdf, BODY, choice, indent=INDENT + BOX + 3, spacing=kind.spacing)
            pdf.ln(1)
        pdf.ln(4)
    return bytes(pdf.output())


def _question_height(pdf: FPDF, question: str, choices: list[str], kind: Type = NORMAL) -> float:
    width = pdf.w - pdf.l_margin - pdf.r_margin
    line = _mm(kind.body, kind.spacing)
    pdf.set_font("dejavu", "B", kind.body)
    height = text_height(pdf, width, line, drawable(question)) + 1
    pdf.set_font("dejavu", "", kind.body)
    height += sum(text_height(pdf, width - INDENT - BOX - 3, line, drawable(c)) + 1 for c in choices)
    return height


# --------------------------------------------------------------------------- a format-free document


def render_document_pdf(document: Document, paper: str = "auto", *, large: bool = False) -> bytes:
    """A `Document` on paper: its title, headings, paragraphs and items (a heading is kept with what follows).

    An item `marked` (the right answer on the teacher's sheet) gets a drawn tick and bold type;
    `large` prints at 14 pt or more with 1.5 line spacing."""
    kind = LARGE if large else NORMAL
    BODY = kind.body
    footer = (*document.footer, "", "")[:2]
    words = "".join(
        part
        for block in document.blocks
        for part in ((i.text + i.label for i in block.items) if isinstance(block, Items) else (block.text,))
    )
    page = Page("portrait", 16.0, 12.0, BODY, (footer[0], footer[1]), spacing=kind.spacing - 0.1)
    pdf = _new_pdf(document.title, paper, page, words)
    _paragraph(pdf, kind.title, document.title, bold=True)
    pdf.ln(2)
    for block in document.blocks:
        if isinstance(block, Heading):
            pdf.set_font("dejavu", "B", kind.heading)
            if text_height(pdf, 0, _mm(kind.heading), drawable(block.text)) + 3 * _mm(BODY) > room(pdf):
                pdf.add_page()
            pdf.ln(3)
            _paragraph(pdf, kind.heading, block.text, bold=True, spacing=kind.spacing)
            pdf.ln(1)
        elif isinstance(block, Paragraph):
            pdf.set_text_color(70 if block.style in ("muted", "note") else 0)  # still 12pt: read on paper
            _paragraph(pdf, BODY, block.text, bold=block.style == "warning", spacing=kind.spacing)
            pdf.set_text_color(0)
            pdf.ln(1.5)
        elif isinstance(block, Items):
            for item in block.items:
                _item(pdf, item.label or "\u2022", item.text, kind, marked=item.marked)
            pdf.ln(1.5)
    return bytes(pdf.output())


TICK = 5.0  # mm left of a marked item's label, where its tick is drawn


def _item(pdf: FPDF, label: str, text: str, kind: Type = NORMAL, *, marked: bool = False) -> None:
    line = _mm(kind.body, kind.spacing)
    pdf.set_font("dejavu", "B" if marked else "", kind.body)
    lines = drawable(text).split("\n")
    width = max(INDENT, pdf.get_string_width(drawable(label)) + 3)
    y = pdf.get_y()
    if marked:  # a tick drawn in thick lines: the right answer, seen at a glance
        x, mid = pdf.l_margin, y + line / 2
        pdf.set_line_width(0.8)
        pdf.line(x, mid, x + 1.6, mid + 1.8)
        pdf.line(x + 1.6, mid + 1.8, x + 4.2, mid - 2.4)
    pdf.set_xy(pdf.l_margin + TICK, y)
    pdf.cell(width, line, drawable(label))
    pdf.set_xy(pdf.l_margin + TICK + width, y)
    pdf.multi_cell(0, line, "\n".join(lines), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(0.8)


# --------------------------------------------------------------------------- slides

SLIDE_SIZES = (17.0, 15.5, 14.0)  # pt: the body of a slide, largest first, as the printed HTML slides
SLIDE_FOOTER = 12.0  # pt
SLIDE_MARGIN, SLIDE_TOP = 14.0, 10.0  # mm
BULLET = "\u2022"


def _slide_parts(slide: Slide, size: float) -> list[tuple[str, str, float, bool, float]]:
    """What the slide says, in order: (kind, text, type size, bold, space before in mm)."""
    title = 2.4 if slide.kind in ("title", "closing") else 2.0
    parts = [("title", slide.title, size * title, True, 1.0)]
    parts += [("lead", text, size * 1.1, False, 1.5) for text in slide.lead]
    for section in slide.sections:
        parts.append(("heading", section.heading, size * 1.15, True, size * 0.5 * PT))
        parts += [("bullet", text, size, False, size * 0.15 * PT) for text in section.bullets]
        parts += [("line", text, size, True, size * 0.2 * PT) for text in section.lines]
    return parts


def _slide_height(pdf: FPDF, slide: Slide, size: float) -> float:
    width = pdf.w - 2 * SLIDE_MARGIN
    height = _mm(max(SLIDE_FOOTER, size * 0.8)) + 2
    for kind, text, points, bold, before in _slide_parts(slide, size):
        pdf.set_font("dejavu", "B" if bold else "", points)
        inner = width - (6.0 if kind == "bullet" else 0.0)
        spacing = 1.15 if kind == "title" else 1.35
        height += before + text_height(pdf, inner, _mm(points, spacing), drawable(text))
        height += 1.5 if kind in ("title", "heading") else 0.0
    return height


def slide_size(pdf: FPDF, slide: Slide) -> float:
    """The largest body size at which the slide fits its page; the smallest (14pt) when none does."""
    room_left = pdf.h - SLIDE_TOP - pdf.b_margin
    return next((s for s in SLIDE_SIZES if _slide_height(pdf, slide, s) <= room_left), SLIDE_SIZES[-1])


def render_slides_pdf(deck: SlideDeck, paper: str = "auto") -> bytes:
    """Every slide on its own landscape page: label and position, title, lead, sections; the footer on each."""
    page = Page("landscape", SLIDE_MARGIN, SLIDE_TOP, SLIDE_FOOTER, (deck.disclaimer, deck.source), numbered=False)
    words = "".join(
        text for slide in deck.slides for part in _slide_parts(slide, 14.0) for text in (part[1], slide.label)
    )
    pdf = _new_pdf(deck.title, paper, page, words)
    total = len(deck.slides)
    for number, slide in enumerate(deck.slides, 1):
        if number > 1:
            pdf.add_page()
        size = slide_size(pdf, slide)
        small = max(SLIDE_FOOTER, size * 0.8)
        label = _mm(small)
        pdf.set_font("dejavu", "B", small)
        pdf.cell(0, label, drawable(slide.label.upper()))
        pdf.set_font("dejavu", "", small)
        pdf.set_x(pdf.l_margin)
        pdf.cell(0, label, f"{number} / {total}", align="R", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        for kind, text, points, bold, before in _slide_parts(slide, size):
            pdf.ln(before)
            if kind == "bullet":
                pdf.set_font("dejavu", "", points)
                pdf.cell(6.0, _mm(points), BULLET)
                pdf.multi_cell(0, _mm(points), drawable(text), align="L", new_x="LMARGIN", new_y="NEXT")
                continue
            spacing = 1.15 if kind == "title" else 1.35
            pdf.set_font("dejavu", "B" if bold else "", points)
            pdf.multi_cell(0, _mm(points, spacing), drawable(text), align="L", new_x="LMARGIN", new_y="NEXT")
            if kind in ("title", "heading"):
                if kind == "heading":
                    pdf.set_line_width(0.6)
                    pdf.line(pdf.l_margin, pdf.get_y() + 0.5, pdf.w - pdf.r_margin, pdf.get_y() + 0.5)
                pdf.ln(1.5)
    return bytes(pdf.output())
