"""A printable PDF checklist, laid out like the HTML one, drawn with fpdf2 (imported only for --format pdf).

The fonts and what they can draw are in dmtx.render.pdf_base, shared with the classroom PDFs;
a character no bundled font has is drawn as "?" and named by `undrawable_characters`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from dmtx.document.checklist import HOW_TO_LABEL, Checklist, ChecklistQuestion, JournalPart
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
COLUMN_GAP = 7.0  # mm between the two columns of normal print


def need(pdf: FPDF, height: float) -> None:
    """Go on in the next column or page unless `height` mm fit in what is left of this one."""
    if height > room(pdf):
        pdf.next_frame()  # type: ignore[attr-defined]


class Sizes(NamedTuple):
    """Type sizes (pt) and line heights (mm): compact enough for one topic on one Letter page, or large print."""

    body: float = 12.0
    heading: float = 13.0
    title: float = 16.0
    small: float = 11.0  # notes, words, tips and the footer: never below 11 pt, for the patient reads them
    line: float = 5.0
    small_line: float = 4.4
    write_line: float = 6.0  # a line to write an answer on
    gap: float = 0.6
    notice: float = 11.0  # the disclaimer at the top (the footers of later pages repeat it)
    footer: float = 11.0
    footer_line: float = 4.4


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
)
FOOTER_LINES = 2  # the footer's most lines in normal print; large print may wrap to more


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
    base = LARGE if large else NORMAL
    page_format = PAGE_SIZES.get(paper, "letter")
    pdf, fill = _laid_out(checklist, page_format, base, 1 if large else 2)
    if pdf.pages_count > 1 and fill < QUARTER:
        pdf, fill = _balanced(checklist, page_format, base, 1 if large else 2, pdf, fill)
    return bytes(pdf.output())


QUARTER = 0.25


def _balanced(
    checklist: Checklist, page_format: str, base: Sizes, columns: int, pdf: FPDF, fill: float
) -> tuple[FPDF, float]:
    """A last page less than a quarter full: tighter spacing when that saves the page; then, while the last
    page is still short, more room to write (taller answer lines) so that it holds more. Type sizes never change."""
    tight = base._replace(
        gap=0.0, write_line=base.write_line - 0.6, line=base.line - 0.3, small_line=base.small_line - 0.3
    )
    tried = _laid_out(checklist, page_format, tight, columns)
    if tried[0].pages_count < pdf.pages_count:
        (pdf, fill), base = tried, tight
        if fill >= QUARTER:
            return pdf, fill
    for extra in (0.1, 0.2, 0.3, 0.5, 0.8, 1.2, 1.8, 2.5, 3.0):
        looser = _laid_out(checklist, page_format, base._replace(write_line=base.write_line + extra), columns)
        if looser[0].pages_count > pdf.pages_count:
            break
        pdf, fill = looser
        if fill >= QUARTER:
            break
    return pdf, fill


def _laid_out(checklist: Checklist, page_format: str, sizes: Sizes, columns: int) -> tuple[FPDF, float]:
    """The checklist drawn, and how far down its last page it reaches (0 to 1; 1 once a second column is begun)."""
    pdf = _new_document(checklist, page_format, sizes)
    _header(pdf, checklist, sizes)
    # Normal print in two columns: one topic's questions, "My top 3" and the tips fit one page.
    pdf.start_columns(columns)  # type: ignore[attr-defined]
    _top3(pdf, checklist, sizes)
    if checklist.journal is not None:
        _journal(pdf, checklist, checklist.journal, sizes)
    for section in checklist.sections:
        _section(pdf, checklist, section.title, section.questions, sizes, blanks=section.kind == "mine")
    _words(pdf, checklist, sizes)
    _tips(pdf, checklist, sizes)
    body = pdf.h - pdf.b_margin - TOP
    used = (pdf.get_y() - TOP) / body
    return pdf, 1.0 if pdf.column else used  # type: ignore[attr-defined]


def _small_block(pdf: FPDF, sizes: Sizes, heading: str, lines: list[str], *, bold: tuple[str, ...] = ()) -> None:
    """A bold heading and short lines in the small type (those in `bold` in bold), kept on one page when they fit."""
    pdf.set_font("dejavu", "B", sizes.small)
    height = 1.0 + (text_height(pdf, 0, sizes.small_line, drawable(heading)) if heading else 0.0)
    for line in lines:
        pdf.set_font("dejavu", "B" if line in bold else "", sizes.small)
        height += text_height(pdf, 0, sizes.small_line, drawable(line))
    if height < pdf.h / 2:
        need(pdf, height)
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
    pdf.line(pdf.l_margin, pdf.get_y() + 0.5, pdf.w - pdf.r_margin, pdf.get_y() + 0.5)
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
        for number, question in enumerate(checklist.top3, 1):
            _question(pdf, (f"{number}. {_question_text(checklist, question)}", ()), checklist.space_lines, sizes)
    if checklist.how_to:
        steps = [f"{n}. {step}" for n, step in enumerate(checklist.how_to, 1)]
        _small_block(pdf, sizes, "", [f"{HOW_TO_LABEL}: " + " ".join(steps)])


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
    width = pdf.epw
    for chart in part.charts:
        pdf.set_font("dejavu", "B", size)
        label_h = text_height(pdf, 0, line, drawable(chart.series.label))
        trend_h = text_height(pdf, 0, line, drawable(chart.trend))
        need(pdf, label_h + chart_height(size) + trend_h)
        pdf.ln(1)
        _lines(pdf, [chart.series.label], size, line, bold=True)
        used = draw_chart(pdf, chart.series, left=pdf.l_margin, top=pdf.get_y(), width=width, label_pt=size)
        pdf.set_y(pdf.get_y() + used)
        _lines(pdf, [chart.trend], size, line)
    if part.notes:
        _lines(pdf, ["Your notes"], size, line, bold=True)
        _lines(pdf, [f"- {day}: {text}" for day, text in part.notes], size, line)
    if part.questions:
        _section(pdf, checklist, "Questions from your journal", part.questions, sizes, blanks=False)
        # Short numbered lines at the body size; the full references stay in `dmtx references`.
        _lines(pdf, ["Why these questions (sources):"], sizes.body, sizes.line, bold=True)
        _lines(pdf, list(part.short_sources()), sizes.body, sizes.line)


def _lines(pdf: FPDF, lines: list[str], size: float, line: float, *, bold: bool = False) -> None:
    """Lines of text in `size` pt, each its own paragraph."""
    pdf.set_font("dejavu", "B" if bold else "", size)
    for text in lines:
        pdf.multi_cell(0, line, drawable(text), align="L", new_x="LMARGIN", new_y="NEXT")


def _words(pdf: FPDF, checklist: Checklist, sizes: Sizes) -> None:
    """Each medical word on its own line, after a dash, with its plain meaning."""
    if checklist.words:
        _small_block(pdf, sizes, WORDS_TITLE, [f"- {word}: {meaning}" for word, meaning in checklist.words])


def _tips(pdf: FPDF, checklist: Checklist, sizes: Sizes) -> None:
    """Tips for before, during and after the visit as lists side by side, the safety-netting line, and more."""
    if checklist.tips:
        _columns(pdf, [(drawable(b.title), [drawable(f"\u2022 {i}") for i in b.items]) for b in checklist.tips], sizes)
    lines = [text for text in (checklist.safety_net, checklist.more_paper) if text]
    if lines:
        _small_block(pdf, sizes, "", lines, bold=(checklist.safety_net,))


def _columns(pdf: FPDF, blocks: list[tuple[str, list[str]]], sizes: Sizes) -> None:
    """Short lists side by side (one column each), each a bold title over its items, kept on one page."""
    gap = 4.0
    if pdf.epw < 120:  # a narrow column: one list under the other
        for title, items in blocks:
            _small_block(pdf, sizes, title, items)
        return
    width = (pdf.epw - gap * (len(blocks) - 1)) / len(blocks)

    def height(title: str, items: list[str]) -> float:
        pdf.set_font("dejavu", "B", sizes.small)
        total = text_height(pdf, width, sizes.small_line, title)
        pdf.set_font("dejavu", "", sizes.small)
        return total + sum(text_height(pdf, width, sizes.small_line, item) for item in items)

    tallest = max(height(title, items) for title, items in blocks) + 2
    need(pdf, tallest)
    pdf.ln(2)
    top = pdf.get_y()
    for n, (title, items) in enumerate(blocks):
        x = pdf.l_margin + n * (width + gap)
        pdf.set_xy(x, top)
        pdf.set_font("dejavu", "B", sizes.small)
        pdf.multi_cell(width, sizes.small_line, title, align="L", new_x="LEFT", new_y="NEXT")
        pdf.set_font("dejavu", "", sizes.small)
        for item in items:
            pdf.multi_cell(width, sizes.small_line, item, align="L", new_x="LEFT", new_y="NEXT")
    pdf.set_xy(pdf.l_margin, top + tallest)


def _new_document(checklist: Checklist, page_format: str, sizes: Sizes = NORMAL) -> FPDF:
    from fpdf import FPDF

    class ChecklistPDF(FPDF):
        columns, column, column_top = 1, 0, TOP

        def start_columns(self, columns: int) -> None:
            """Lay out what follows in `columns` columns side by side, from here down, page after page."""
            self.columns, self.column, self.column_top = columns, 0, self.get_y()
            self._frame()

        def next_frame(self) -> None:
            """Go on at the top of the next column, or of a new page after the last column."""
            if self.column + 1 < self.columns:
                self.column += 1
            else:
                self.column, self.column_top = 0, TOP
                self.add_page()
            self._frame()
            self.set_xy(self.l_margin, self.column_top)

        def _frame(self) -> None:
            width = (self.w - 2 * MARGIN - COLUMN_GAP * (self.columns - 1)) / self.columns
            left = MARGIN + self.column * (width + COLUMN_GAP)
            self.set_left_margin(left)
            self.set_right_margin(self.w - left - width)

        def footer(self) -> None:
            margins = self.l_margin, self.r_margin
            self.set_left_margin(MARGIN)
            self.set_right_margin(MARGIN)
            self.set_y(-self.b_margin + 1)
            self.set_draw_color(0)
            self.set_line_width(0.4)
            self.line(MARGIN, self.get_y(), self.w - MARGIN, self.get_y())
            self.ln(1)
            self.set_font("dejavu", "", sizes.footer)
            text = footer_text(checklist, self.page_no(), "{nb}")
            self.multi_cell(0, sizes.footer_line, text, align="L", new_x="LMARGIN", new_y="NEXT")
            self.set_left_margin(margins[0])
            self.set_right_margin(margins[1])

    page = ChecklistPDF(orientation="portrait", unit="mm", format=page_format)
    # repr holds every text of the checklist (printable characters as they are): the fallback CJK font
    # and text shaping, which cost seconds and tens of MiB, are set up only when some text needs them.
    pdf = set_up(page, title=checklist.title, text=repr(checklist))
    pdf.set_margins(MARGIN, TOP, MARGIN)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    # The footer's room: as many lines as its longest text needs (two in normal print).
    pdf.set_font("dejavu", "", sizes.footer)
    lines = max(text_height(pdf, pdf.w - 2 * MARGIN, 1.0, footer_text(checklist, n, "99")) for n in (1, 99))
    pdf.set_auto_page_break(True, margin=lines * sizes.footer_line + 5)
    return pdf


def footer_text(checklist: Checklist, page: int, pages: str) -> str:
    """A page's footer: on page 1 (whose top has the disclaimer) the source and date, on later pages the
    disclaimer and a short source; then "Page N of M"."""
    source = checklist.source
    if page == 1:
        text = f"{source.attribution()} Checklist made on {checklist.made_on}."
    else:
        text = f"{checklist.disclaimer} Source: '{source.title}', {source.last_modified[:4]}."
    return drawable(f"{text} Page {page} of {pages}")


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
    width = pdf.epw - INDENT
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
    need(pdf, _heading_height(pdf, title, sizes) + first)  # never leave a heading alone at the foot of a page
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
    need(pdf, _question_height(pdf, question, space_lines, sizes))
    text, notes = question
    x, y = pdf.l_margin, pdf.get_y()
    right = pdf.w - pdf.r_margin
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
    need(pdf, sizes.write_line + sizes.gap)
    x, y = pdf.l_margin, pdf.get_y()
    pdf.set_line_width(0.4)
    pdf.rect(x, y + sizes.write_line - 1.5 - BOX, BOX, BOX)
    pdf.set_line_width(0.3)
    pdf.line(x + INDENT, y + sizes.write_line - 1.5, pdf.w - pdf.r_margin, y + sizes.write_line - 1.5)
    pdf.set_y(y + sizes.write_line + sizes.gap)
