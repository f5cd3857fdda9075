"""A printable PDF checklist, laid out like the HTML one, drawn with fpdf2 (imported only for --format pdf).

The fonts and what they can draw are in dmtx.render.pdf_base, shared with the classroom PDFs;
a character no bundled font has is drawn as "?" and named by `undrawable_characters`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from dmtx.document.checklist import Checklist, ChecklistQuestion, JournalPart
from dmtx.render.pdf_base import MISSING, PAGE_SIZES, drawable, room, set_up, text_height, undrawable

if TYPE_CHECKING:
    from fpdf import FPDF

__all__ = ["MISSING", "render_checklist_pdf", "undrawable_characters"]

TOP3_TITLE = "My top 3"
WORDS_TITLE = "Words on this list"

MARGIN = 14.0  # mm, left and right
TOP = 8.0
BOX = 3.6  # mm, the tick box
INDENT = 7.0  # mm from the box to the question text


class Sizes(NamedTuple):
    """Type sizes (pt) and line heights (mm): compact enough for one topic on one Letter page, or large print."""

    body: float = 11.5
    heading: float = 12.5
    title: float = 16.0
    small: float = 9.0
    line: float = 4.9
    small_line: float = 3.8
    write_line: float = 6.0  # a line to write an answer on
    gap: float = 1.0
    notice: float = 10.0  # the disclaimer at the top, on one line (every page's footer has it too)
    footer: float = 9.5
    footer_line: float = 4.0
    footer_height: float = 17.0  # mm kept free at the bottom of every page for the disclaimer and source


NORMAL = Sizes()
# 14pt or more everywhere, lines 1.5 times the type size (14pt x 1.5 = 7.4 mm).
LARGE = Sizes(
    body=14,
    heading=17,
    title=22,
    small=14,
    line=7.4,
    small_line=7.4,
    write_line=8.5,
    gap=2.5,
    notice=14,
    footer=14,
    footer_line=7.4,
    footer_height=46,
)


def _checklist_text(checklist: Checklist) -> str:
    parts = [checklist.title, checklist.name or "", checklist.visit_date or "", checklist.doctor or ""]
    parts += [checklist.disclaimer, checklist.source.attribution()]
    parts += [q.text for q in checklist.top3]
    if checklist.journal is not None:  # the user's own words: medicine names and notes
        parts += [m.line() for m in checklist.journal.medicines] + [text for _, text in checklist.journal.notes]
    for section in checklist.sections:
        parts.append(section.title)
        parts += [q.text for q in section.questions]
    return "".join(parts)


def undrawable_characters(checklist: Checklist) -> str:
    """The characters of the checklist that no bundled font has (drawn as '?'), each once."""
    return undrawable(_checklist_text(checklist))


def render_checklist_pdf(checklist: Checklist, paper: str = "auto", *, large: bool = False) -> bytes:
    """The checklist as PDF bytes: header fields, tick boxes, answer lines, and on every page the disclaimer and source.

    Laid out like the html: what the visit is for, "My top 3", how to use the list, the journal part,
    the questions with their editor's notes, the own questions and blank lines, words, tips.
    `large` prints at 14pt or more with 1.5 line spacing.
    """
    sizes = LARGE if large else NORMAL
    pdf = _new_document(checklist, PAGE_SIZES.get(paper, "letter"), sizes)
    pdf.add_page()
    _header(pdf, checklist, sizes)
    _top3(pdf, checklist, sizes)
    if checklist.journal is not None:
        _journal(pdf, checklist, checklist.journal, sizes)
    for section in checklist.sections:
        _section(pdf, checklist, section.title, section.questions, sizes, blanks=section.kind == "mine")
    _words(pdf, checklist, sizes)
    _tips(pdf, checklist, sizes)
    return bytes(pdf.output())


def _small_block(pdf: FPDF, sizes: Sizes, heading: str, lines: list[str], *, bold: tuple[str, ...] = ()) -> None:
    """A bold heading and short lines in the small type (those in `bold` in bold), kept on one page when they fit."""
    pdf.set_font("dejavu", "B", sizes.small)
    height = 1.0 + (text_height(pdf, 0, sizes.small_line, drawable(heading)) if heading else 0.0)
    for line in lines:
        pdf.set_font("dejavu", "B" if line in bold else "", sizes.small)
        height += text_height(pdf, 0, sizes.small_line, drawable(line))
    if height > room(pdf) and height < pdf.h / 2:
        pdf.add_page()
    pdf.ln(1)
    if heading:
        pdf.set_font("dejavu", "B", sizes.small)
        pdf.multi_cell(0, sizes.small_line, drawable(heading), align="L", new_x="LMARGIN", new_y="NEXT")
    for line in lines:
        pdf.set_font("dejavu", "B" if line in bold else "", sizes.small)
        pdf.multi_cell(0, sizes.small_line, drawable(line), align="L", new_x="LMARGIN", new_y="NEXT")


def _heading(pdf: FPDF, sizes: Sizes, title: str) -> None:
    pdf.ln(1.5)
    pdf.set_font("dejavu", "B", sizes.heading)
    pdf.multi_cell(0, sizes.heading * 0.45, title, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_line_width(0.5)
    pdf.line(MARGIN, pdf.get_y() + 0.5, pdf.w - MARGIN, pdf.get_y() + 0.5)
    pdf.ln(1.5)


def _top3(pdf: FPDF, checklist: Checklist, sizes: Sizes) -> None:
    """What the visit is for, "My top 3" (numbered, first), and how to use the list."""
    if checklist.situations:
        pdf.ln(1)
        pdf.set_font("dejavu", "B", sizes.body)
        text = "For this visit: " + "; ".join(s.title for s in checklist.situations)
        pdf.multi_cell(0, sizes.line, drawable(text), align="L", new_x="LMARGIN", new_y="NEXT")
    if checklist.top3:
        _heading(pdf, sizes, TOP3_TITLE)
        pdf.set_font("dejavu", "", sizes.body)
        for number, question in enumerate(checklist.top3, 1):
            pdf.set_x(MARGIN)
            pdf.cell(INDENT, sizes.line, f"{number}.")
            pdf.multi_cell(0, sizes.line, drawable(question.text), align="L", new_x="LMARGIN", new_y="NEXT")
    if checklist.how_to:
        steps = [f"{n}. {step}" for n, step in enumerate(checklist.how_to, 1)]
        _small_block(pdf, sizes, "", ["How to use this list: " + " ".join(steps)])


JOURNAL_PT = 12.0  # the journal part's text and chart labels; large print uses its body size (14pt)


def _journal(pdf: FPDF, checklist: Checklist, part: JournalPart, sizes: Sizes) -> None:
    """The "Since your last visit" part, like the HTML: medicines, each chart drawn with its sentence, notes,
    then its questions; 12 pt (14 pt in large print), one line per medicine and note."""
    from dmtx.render.pdfchart import chart_height, draw_chart

    size = max(JOURNAL_PT, sizes.body)
    line = size * 0.5
    _heading(pdf, sizes, drawable(part.title))
    _lines(pdf, [part.period], size, line)
    _lines(pdf, ["Medicines"], size, line, bold=True)
    _lines(pdf, [f"- {m.line()}" for m in part.medicines] or ["None recorded."], size, line)
    width = pdf.w - 2 * MARGIN
    for chart in part.charts:
        pdf.set_font("dejavu", "B", size)
        label_h = text_height(pdf, 0, line, drawable(chart.series.label))
        trend_h = text_height(pdf, 0, line, drawable(chart.trend))
        if label_h + chart_height(size) + trend_h > room(pdf):
            pdf.add_page()
        pdf.ln(1)
        _lines(pdf, [chart.series.label], size, line, bold=True)
        used = draw_chart(pdf, chart.series, left=MARGIN, top=pdf.get_y(), width=width, label_pt=size)
        pdf.set_y(pdf.get_y() + used)
        _lines(pdf, [chart.trend], size, line)
    if part.notes:
        _lines(pdf, ["Your notes"], size, line, bold=True)
        _lines(pdf, [f"- {day}: {text}" for day, text in part.notes], size, line)
    if part.questions:
        _section(pdf, checklist, "Questions from your journal", part.questions, sizes, blanks=False)
        _small_block(pdf, sizes, "", ["Why these questions: " + " ".join(part.sources)])


def _lines(pdf: FPDF, lines: list[str], size: float, line: float, *, bold: bool = False) -> None:
    """Lines of text in `size` pt, each its own paragraph."""
    pdf.set_font("dejavu", "B" if bold else "", size)
    for text in lines:
        pdf.multi_cell(0, line, drawable(text), align="L", new_x="LMARGIN", new_y="NEXT")


def _words(pdf: FPDF, checklist: Checklist, sizes: Sizes) -> None:
    if checklist.words:
        words = "; ".join(f"{word}: {meaning.rstrip('.')}" for word, meaning in checklist.words)
        _small_block(pdf, sizes, "", [f"{WORDS_TITLE}: {words}."], bold=())


def _tips(pdf: FPDF, checklist: Checklist, sizes: Sizes) -> None:
    """Tips for before, during and after the visit, the safety-netting line, and how to get more questions."""
    lines = [" ".join(f"{block.title}: " + " ".join(block.items) for block in checklist.tips)]
    lines += [text for text in (checklist.safety_net, checklist.more) if text]
    _small_block(pdf, sizes, "", [line for line in lines if line], bold=(checklist.safety_net,))


def _new_document(checklist: Checklist, page_format: str, sizes: Sizes = NORMAL) -> FPDF:
    from fpdf import FPDF

    footer_lines = (
        drawable(checklist.disclaimer),
        drawable(f"{checklist.source.attribution()} Checklist made on {checklist.made_on} with dmtx."),
    )

    class ChecklistPDF(FPDF):
        def footer(self) -> None:
            self.set_y(-sizes.footer_height + 2)
            self.set_draw_color(0)
            self.set_line_width(0.4)
            self.line(MARGIN, self.get_y(), self.w - MARGIN, self.get_y())
            self.ln(1)
            self.set_font("dejavu", "B", sizes.footer)
            self.multi_cell(0, sizes.footer_line, footer_lines[0], align="L", new_x="LMARGIN", new_y="NEXT")
            self.set_font("dejavu", "", sizes.footer if sizes.footer >= 14 else sizes.footer - 1)
            page = f"  Page {self.page_no()} of {{nb}}."
            self.multi_cell(0, sizes.footer_line, footer_lines[1] + page, align="L", new_x="LMARGIN", new_y="NEXT")

    page = ChecklistPDF(orientation="portrait", unit="mm", format=page_format)
    # repr holds every text of the checklist (printable characters as they are): the fallback CJK font
    # and text shaping, which cost seconds and tens of MiB, are set up only when some text needs them.
    pdf = set_up(page, title=checklist.title, text=repr(checklist))
    pdf.set_margins(MARGIN, TOP, MARGIN)
    pdf.set_auto_page_break(True, margin=sizes.footer_height)
    return pdf


def _header(pdf: FPDF, checklist: Checklist, sizes: Sizes) -> None:
    pdf.set_font("dejavu", "B", sizes.title)
    pdf.multi_cell(0, sizes.title * 0.42, drawable(checklist.title), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    fields = (("Name", checklist.name), ("Visit date", checklist.visit_date), ("Doctor", checklist.doctor))
    _fields(pdf, [(label, drawable(value or "")) for label, value in fields], sizes)
    pdf.ln(2)
    pdf.set_line_width(0.5)
    pdf.set_font("dejavu", "B", sizes.notice)
    line = sizes.notice * 0.45
    pdf.multi_cell(
        0, line, drawable(checklist.disclaimer), border=1, align="L", padding=1, new_x="LMARGIN", new_y="NEXT"
    )


def _fields(pdf: FPDF, fields: list[tuple[str, str]], sizes: Sizes) -> None:
    """Name, visit date and doctor, with a line to write on: in one row when they fit, else one a line."""
    width = pdf.w - 2 * MARGIN
    pdf.set_font("dejavu", "B", sizes.body)
    labels = [pdf.get_string_width(label) + 2 for label, _ in fields]
    pdf.set_font("dejavu", "", sizes.body)
    row = width / len(fields) - 4
    in_row = all(
        pdf.get_string_width(value) + 2 <= row - label for (_, value), label in zip(fields, labels, strict=True)
    )
    y = pdf.get_y()
    for (label, value), label_width in zip(fields, labels, strict=True):
        x = pdf.get_x() if in_row else MARGIN
        value_width = (row - label_width) if in_row else min(width - 28, 110.0)
        pdf.set_font("dejavu", "B", sizes.body)
        pdf.set_xy(x, y)
        pdf.cell(label_width if in_row else 28, sizes.write_line, label)
        pdf.set_font("dejavu", "", sizes.body)
        start = pdf.get_x()
        if in_row:
            pdf.cell(value_width, sizes.write_line, value)
        else:
            pdf.multi_cell(value_width, sizes.write_line, value, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_line_width(0.3)
        bottom = y + sizes.write_line - 0.8 if in_row else pdf.get_y() - 0.8
        pdf.line(start, bottom, start + value_width, bottom)
        if in_row:
            pdf.set_x(start + value_width + 4)
        else:
            y = pdf.get_y()
    pdf.set_xy(MARGIN, y + sizes.write_line if in_row else y)


def _heading_height(pdf: FPDF, title: str, sizes: Sizes) -> float:
    pdf.set_font("dejavu", "B", sizes.heading)
    return text_height(pdf, 0, sizes.heading * 0.45, title) + 4.5


def _question_height(pdf: FPDF, question: tuple[str, tuple[str, ...]], space_lines: int, sizes: Sizes) -> float:
    text, notes = question
    width = pdf.w - 2 * MARGIN - INDENT
    pdf.set_font("dejavu", "", sizes.body)
    height = text_height(pdf, width, sizes.line, text)
    pdf.set_font("dejavu", "", sizes.small)
    height += sum(text_height(pdf, width, sizes.small_line, note) for note in notes)
    return height + space_lines * sizes.write_line + sizes.gap


def _section(
    pdf: FPDF,
    checklist: Checklist,
    title: str,
    questions: tuple[ChecklistQuestion, ...],
    sizes: Sizes,
    *,
    blanks: bool,
) -> None:
    title = drawable(title)
    shown = [(_question_text(checklist, q), tuple(drawable(n) for n in q.notes)) for q in questions]
    blank = sizes.write_line + sizes.gap
    first = _question_height(pdf, shown[0], checklist.space_lines, sizes) if shown else blank
    if _heading_height(pdf, title, sizes) + first > room(pdf):  # never leave a heading alone at the foot of a page
        pdf.add_page()
    _heading(pdf, sizes, title)
    for question in shown:
        _question(pdf, question, checklist.space_lines, sizes)
    if blanks:
        for _ in range(checklist.blank_questions):
            _blank_question(pdf, sizes)


def _question_text(checklist: Checklist, question: ChecklistQuestion) -> str:
    mark = checklist.audience_of(question)
    return drawable(question.text + (f" ({mark})" if mark else ""))


def _question(pdf: FPDF, question: tuple[str, tuple[str, ...]], space_lines: int, sizes: Sizes) -> None:
    """A tick box, the question, its editor's notes and its answer lines, kept on one page."""
    if _question_height(pdf, question, space_lines, sizes) > room(pdf):
        pdf.add_page()
    text, notes = question
    x, y = MARGIN, pdf.get_y()
    right = pdf.w - MARGIN
    pdf.set_line_width(0.4)
    pdf.rect(x, y + (sizes.line - BOX) / 2, BOX, BOX)
    pdf.set_font("dejavu", "", sizes.body)
    pdf.set_xy(x + INDENT, y)
    pdf.multi_cell(right - x - INDENT, sizes.line, text, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("dejavu", "", sizes.small)
    for note in notes:
        pdf.set_x(x + INDENT)
        pdf.multi_cell(right - x - INDENT, sizes.small_line, note, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_line_width(0.3)
    pdf.set_draw_color(70)
    for _ in range(space_lines):
        line_y = pdf.get_y() + sizes.write_line - 0.8
        pdf.line(x + INDENT, line_y, right, line_y)
        pdf.set_y(pdf.get_y() + sizes.write_line)
    pdf.set_draw_color(0)
    pdf.set_y(pdf.get_y() + sizes.gap)


def _blank_question(pdf: FPDF, sizes: Sizes) -> None:
    """A tick box and a line to write one's own question on."""
    if sizes.write_line + sizes.gap > room(pdf):
        pdf.add_page()
    x, y = MARGIN, pdf.get_y()
    pdf.set_line_width(0.4)
    pdf.rect(x, y + sizes.write_line - 1.5 - BOX, BOX, BOX)
    pdf.set_line_width(0.3)
    pdf.line(x + INDENT, y + sizes.write_line - 1.5, pdf.w - MARGIN, y + sizes.write_line - 1.5)
    pdf.set_y(y + sizes.write_line + sizes.gap)
