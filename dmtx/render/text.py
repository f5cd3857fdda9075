"""Plain-text rendering of a Document: no colour, wrapped to the given width."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from dmtx.document import Document, Heading, Item, Items, Paragraph
from dmtx.sanitize import clean

if TYPE_CHECKING:
    from dmtx.document.checklist import Checklist, JournalPart

TOP3_TITLE = "My top 3"


def wrap(text: str, width: int, indent: str = "", hanging: str | None = None) -> list[str]:
    """Wrap each line of text to width; later lines use the hanging indent."""
    lines: list[str] = []
    follow = indent if hanging is None else hanging
    first = indent
    for raw in clean(text).split("\n"):
        wrapped = textwrap.wrap(
            raw,
            width=max(width, len(first) + 8),
            initial_indent=first,
            subsequent_indent=follow,
            break_long_words=True,
            break_on_hyphens=False,
        ) or [first.rstrip()]
        lines.extend(wrapped)
        first = follow
    return lines


def mark_spans(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    """Surround highlighted spans with asterisks, the plain-text way to show emphasis."""
    out, last = [], 0
    for start, end in spans:
        if start < last:
            continue
        out += [text[last:start], "*", text[start:end], "*"]
        last = end
    out.append(text[last:])
    return "".join(out)


def _item_lines(item: Item, width: int, label_width: int = 0) -> list[str]:
    label = clean(item.label or "-")
    text = mark_spans(item.text, item.spans) if item.spans else item.text
    text += "  <- answer" if item.marked else ""
    prefix = f"  {label.ljust(label_width)}{'  ' if label_width else ' '}"
    return wrap(text, width, prefix, " " * min(len(prefix), width // 2))


def _label_width(block: Items) -> int:
    """Labels that are phrases (e.g. a command to try) line up, two spaces before their text; 0 otherwise."""
    labels = [clean(item.label) for item in block.items]
    return max(map(len, labels)) if any(" " in label for label in labels) else 0


def render_text(doc: Document, width: int) -> str:
    """The whole document as plain text lines."""
    width = max(20, width)
    title = clean(doc.title)
    lines = [*wrap(title, width), "=" * min(len(title), width), ""]
    for block in doc.blocks:
        if isinstance(block, Heading):
            if lines and lines[-1] != "":
                lines.append("")
            lines += wrap(block.text, width)
            lines.append("-" * min(len(clean(block.text)), width))
        elif isinstance(block, Paragraph):
            text = mark_spans(block.text, block.spans) if block.spans else block.text
            prefix = {"note": "Note: ", "warning": "Warning: "}.get(block.style, "")
            lines += wrap(prefix + text, width)
            lines.append("")
        elif isinstance(block, Items):
            label_width = _label_width(block)
            for item in block.items:
                lines += _item_lines(item, width, label_width)
            lines.append("")
    if doc.footer:
        if lines and lines[-1] != "":
            lines.append("")
        lines.append("-" * min(40, width))
        for line in doc.footer:
            lines += wrap(line, width)
    return "\n".join(lines).rstrip() + "\n"


def _header_lines(checklist: Checklist, width: int) -> list[str]:
    lines = []
    for label, value in (("Name", checklist.name), ("Visit date", checklist.visit_date), ("Doctor", checklist.doctor)):
        blank = "_" * max(4, min(20, width - len(label) - 2))
        lines += wrap(f"{label}: {value or blank}", width, "", "    ")
    return lines


def render_checklist_text(checklist: Checklist, width: int) -> str:
    """A printable plain-text checklist: tick boxes, answer lines, disclaimer and source."""
    from dmtx.document.checklist import HOW_TO_TITLE  # here: every plain screen imports this module

    width = max(20, min(width, 100))
    title = checklist.title.upper()
    lines = [*wrap(title, width), "=" * min(len(title), width), ""]
    lines += _header_lines(checklist, width)
    lines.append("")
    lines += [*wrap(checklist.disclaimer, width), ""]
    lines += _situation_lines(checklist, width)
    answer = "    " + "_" * max(8, min(width, 72) - 4)
    if checklist.how_to:
        lines += [*wrap(HOW_TO_TITLE, width), "-" * min(len(HOW_TO_TITLE), width)]
        for number, step in enumerate(checklist.how_to, 1):
            lines += wrap(step, width, f"{number}. ", "   ")
        lines.append("")
    lines += _top3_lines(checklist, width, [answer] * checklist.space_lines)
    if checklist.journal is not None:
        lines += journal_lines(checklist.journal, width, answer_lines=[answer] * checklist.space_lines)
    for section in checklist.sections:
        lines += [*wrap(section.title, width), "-" * min(len(section.title), width)]
        for question in section.questions:
            mark = checklist.audience_of(question)
            text = question.text + (f" ({mark})" if mark else "")
            lines += wrap(text, width, "[ ] ", "    ")
            for note in question.notes:
                lines += wrap(note, width, "    ! ", "      ")
            lines += [answer] * checklist.space_lines
            lines.append("")
        if section.kind == "mine":
            for _ in range(checklist.blank_questions):
                lines += ["[ ] " + answer[4:], ""]
    if checklist.words:
        lines += ["Words on this list", "-" * min(18, width)]
        for word, meaning in checklist.words:
            lines += wrap(f"{word}: {meaning}", width, "  ", "    ")
        lines.append("")
    lines += _tips_lines(checklist, width)
    lines += ["-" * min(40, width)]
    lines += _more_lines(checklist, width)  # below the line, with the footer: a hint, not the list
    lines += wrap(checklist.disclaimer, width)
    lines += wrap(checklist.source.attribution(), width)
    lines += wrap(f"Checklist made on {checklist.made_on} with dmtx.", width)
    return "\n".join(lines) + "\n"


def journal_lines(part: JournalPart, width: int, *, answer_lines: list[str], unicode: bool = False) -> list[str]:
    """The "Since your last visit" part as plain lines: medicines, compact charts, notes, questions, sources."""
    from dmtx.render.chart import text_lines

    title = part.title.upper()
    lines = [*wrap(title, width), "=" * min(len(title), width), *wrap(part.period, width), ""]
    lines += ["Medicines", "-" * min(9, width)]
    lines += [x for m in part.medicines for x in wrap(m.line(), width, "- ", "  ")] or wrap("None recorded.", width)
    lines.append("")
    for chart in part.charts:
        lines += text_lines(chart.series, width, unicode=unicode, max_rows=8)
        lines += [*wrap(chart.trend, width), ""]
    if part.notes:
        lines += ["Your notes", "-" * min(10, width)]
        for day, text in part.notes:
            lines += wrap(f"{day}: {text}", width, "- ", "  ")
        lines.append("")
    if part.questions:
        lines += ["Questions from your journal", "-" * min(27, width)]
        for question in part.questions:
            lines += wrap(question.text, width, "[ ] ", "    ")
            lines += answer_lines
            lines.append("")
        lines += wrap("Why these questions: " + " ".join(part.sources), width)
        lines.append("")
    return lines


def _situation_lines(checklist: Checklist, width: int) -> list[str]:
    if not checklist.situations:
        return []
    return [*wrap("For this visit: " + "; ".join(s.title for s in checklist.situations), width), ""]


def _top3_lines(checklist: Checklist, width: int, answer: list[str]) -> list[str]:
    """The three questions first: a tick box, the number, the question and lines for the answer."""
    if not checklist.top3:
        return []
    lines = [TOP3_TITLE, "-" * len(TOP3_TITLE)]
    for number, question in enumerate(checklist.top3, 1):
        lines += [*wrap(f"{number}. {question.text}", width, "[ ] ", "    "), *answer, ""]
    return lines


def _tips_lines(checklist: Checklist, width: int) -> list[str]:
    lines: list[str] = []
    for block in checklist.tips:
        lines += [*wrap(block.title, width), "-" * min(len(block.title), width)]
        for item in block.items:
            lines += wrap(item, width, "  - ", "    ")
        lines.append("")
    if checklist.safety_net:
        lines += [*wrap(checklist.safety_net, width), ""]
    return lines


def _more_lines(checklist: Checklist, width: int) -> list[str]:
    return wrap(checklist.more, width) if checklist.more else []
