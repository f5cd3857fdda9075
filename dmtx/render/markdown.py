"""Markdown rendering of a checklist: a task list (`- [ ]`) that any Markdown viewer shows."""

from __future__ import annotations

import re

from dmtx.checklist import Checklist
from dmtx.document import Document, Heading, Items, Paragraph

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


def render_checklist_markdown(checklist: Checklist) -> str:
    """The checklist as Markdown: header fields, one task list per section, footer."""
    esc = escape_markdown
    blank = blank_line(16)
    lines = [f"# {esc(checklist.title)}", ""]
    lines.append(f"- **Name:** {esc(checklist.name) if checklist.name else blank}")
    lines.append(f"- **Visit date:** {esc(checklist.visit_date) if checklist.visit_date else blank}")
    lines.append(f"- **Doctor:** {esc(checklist.doctor) if checklist.doctor else blank}")
    lines += ["", f"> {esc(checklist.disclaimer)}", ""]
    for section in checklist.sections:
        lines += [f"## {esc(section.title)}", ""]
        for question in section.questions:
            mark = checklist.audience_of(question)
            lines.append(f"- [ ] {esc(question.text)}" + (f" *({mark})*" if mark else ""))
            lines += [*_answer_lines(checklist.space_lines), ""]
        if section.kind == "mine":
            for _ in range(checklist.blank_questions):
                lines += [f"- [ ] {blank_line(38)}", ""]
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
                lines.append(f"- {label}{esc(item.text)}")
            lines.append("")
    if doc.footer:
        lines += ["---", ""]
        for line in doc.footer:
            lines += [esc(line), ""]
    return "\n".join(lines).rstrip() + "\n"
