"""Markdown rendering of a checklist: a task list (`- [ ]`) that any Markdown viewer shows."""

from __future__ import annotations

import re

from dmtx.document import Document, Heading, Items, Paragraph
from dmtx.document.checklist import HOW_TO_TITLE, Checklist

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#!])")


def escape_markdown(text: str) -> str:
    """Backslash-escape the characters Markdown would read as formatting, links or HTML."""
    return _SPECIAL.sub(r"\\\1", text)


def blank_line(length: int) -> str:
    """A line to write on: underscores in a code span, a line both rendered and in a text editor."""
    return f"`{'_' * length}`"


def _answer_lines(count: int) -> list[str]:
    # Each line its own paragraph inside the list item, so that renderers keep them apart.
    lines: list[str] = []
    for number in range(count):
        lines += ["", "  " + ("Answer: " + blank_line(30) if number == 0 else blank_line(38))]
    return lines


def _journal_markdown(checklist: Checklist) -> list[str]:
    from dmtx.render.chart import text_lines

    part = checklist.journal
    assert part is not None
    esc = escape_markdown
    lines = [f"## {esc(part.title)}", "", esc(part.period), "", "### Medicines", ""]
    lines += [f"- {esc(m.line())}" for m in part.medicines] or ["None recorded."]
    lines.append("")
    for chart in part.charts:
        lines += ["```text", *text_lines(chart.series, 60, unicode=False, max_rows=8), "```", "", esc(chart.trend), ""]
    if part.notes:
        lines += ["### Your notes", ""]
        lines += [f"- {day}: {esc(text)}".replace("\n", " ") for day, text in part.notes]
        lines.append("")
    if part.questions:
        lines += ["### Questions from your journal", ""]
        for question in part.questions:
            lines.append(f"- [ ] {esc(question.text)}")
            lines += _answer_lines(min(checklist.space_lines, 1))
        lines += ["", "*Why these questions:* " + esc(" ".join(part.sources)), ""]
    return lines


def render_checklist_markdown(checklist: Checklist) -> str:
    """The checklist as Markdown: header fields, one task list per section, footer."""
    esc = escape_markdown
    blank = blank_line(16)
    lines = [f"# {esc(checklist.title)}", ""]
    lines.append(f"- **Name:** {esc(checklist.name) if checklist.name else blank}")
    lines.append(f"- **Visit date:** {esc(checklist.visit_date) if checklist.visit_date else blank}")
    lines.append(f"- **Doctor:** {esc(checklist.doctor) if checklist.doctor else blank}")
    lines += ["", f"> {esc(checklist.disclaimer)}", ""]
    lines += _situation_lines(checklist)
    if checklist.how_to:
        lines += [f"## {HOW_TO_TITLE}", ""]
        lines += [f"{number}. {esc(step)}" for number, step in enumerate(checklist.how_to, 1)]
        lines.append("")
    lines += _top3_lines(checklist)
    if checklist.journal is not None:
        lines += _journal_markdown(checklist)
    for section in checklist.sections:
        lines += [f"## {esc(section.title)}", ""]
        for question in section.questions:
            mark = checklist.audience_of(question)
            lines.append(f"- [ ] {esc(question.text)}" + (f" *({mark})*" if mark else ""))
            lines += [f"  > {esc(note)}" for note in question.notes]
            lines += [*_answer_lines(checklist.space_lines), ""]
        if section.kind == "mine":
            for _ in range(checklist.blank_questions):
                lines += [f"- [ ] {blank_line(38)}", ""]
    if checklist.words:
        lines += ["## Words on this list", ""]
        lines += [f"- **{esc(word)}:** {esc(meaning)}" for word, meaning in checklist.words]
        lines.append("")
    lines += _tips_lines(checklist)
    if checklist.more:
        lines += [esc(checklist.more), ""]
    lines += [
        "---",
        "",
        f"*{esc(checklist.disclaimer)}*",
        "",
        esc(checklist.source.attribution()),
        "",
        f"Checklist made on {checklist.made_on} with dmtx.",
    ]
    return "\n".join(lines) + "\n"


def render_document_markdown(doc: Document) -> str:
    """Any screen (a Document) as Markdown: title, headings, paragraphs, lists, then the footer."""
    from dmtx.sanitize import clean_line

    def esc(text: str) -> str:
        return escape_markdown(clean_line(text))

    lines = [f"# {esc(doc.title)}", ""]
    for block in doc.blocks:
        if isinstance(block, Heading):
            lines += [f"## {esc(block.text)}", ""]
        elif isinstance(block, Paragraph):
            text = esc(block.text)
            lines += [f"*{text}*" if block.style in ("muted", "note") else text, ""]
        elif isinstance(block, Items):
            for item in block.items:
                label = f"**{esc(item.label)}** " if item.label else ""
                text = f"**{esc(item.text)}** \u2714 (answer)" if item.marked else esc(item.text)
                lines.append(f"- {label}{text}")
            lines.append("")
    if doc.footer:
        lines += ["---", ""]
        for line in doc.footer:
            lines += [esc(line), ""]
    return "\n".join(lines).rstrip() + "\n"


def _situation_lines(checklist: Checklist) -> list[str]:
    if not checklist.situations:
        return []
    return ["**For this visit:** " + escape_markdown("; ".join(s.title for s in checklist.situations)), ""]


def _top3_lines(checklist: Checklist) -> list[str]:
    if not checklist.top3:
        return []
    lines = ["## My top 3", ""]
    for number, question in enumerate(checklist.top3, 1):
        lines += [f"- [ ] {number}\\. {escape_markdown(question.text)}", *_answer_lines(checklist.space_lines), ""]
    return lines


def _tips_lines(checklist: Checklist) -> list[str]:
    lines: list[str] = []
    for block in checklist.tips:
        lines += [f"## {escape_markdown(block.title)}", ""]
        lines += [f"- {escape_markdown(item)}" for item in block.items]
        lines.append("")
    if checklist.safety_net:
        lines += [f"**{escape_markdown(checklist.safety_net)}**", ""]
    return lines
