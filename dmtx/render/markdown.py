"""Markdown rendering of a checklist: a task list (`- [ ]`) that any Markdown viewer shows."""

from __future__ import annotations

import re

from dmtx.checklist import Checklist

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#!])")


def escape_markdown(text: str) -> str:
    """Backslash-escape the characters Markdown would read as formatting, links or HTML."""
    return _SPECIAL.sub(r"\\\1", text)


def render_checklist_markdown(checklist: Checklist) -> str:
    """The checklist as Markdown: header fields, one task list per section, footer."""
    esc = escape_markdown
    blank = "\\_" * 12
    lines = [f"# {esc(checklist.title)}", ""]
    lines.append(f"- **Name:** {esc(checklist.name) if checklist.name else blank}")
    lines.append(f"- **Visit date:** {esc(checklist.visit_date) if checklist.visit_date else blank}")
    lines.append(f"- **Doctor:** {esc(checklist.doctor) if checklist.doctor else blank}")
    lines += ["", f"> {esc(checklist.disclaimer)}", ""]
    if checklist.how_to:
        lines += ["## How to use this list", ""]
        lines += [f"{number}. {esc(step)}" for number, step in enumerate(checklist.how_to, 1)]
        lines.append("")
    for section in checklist.sections:
        lines += [f"## {esc(section.title)}", ""]
        for question in section.questions:
            mark = checklist.audience_of(question)
            lines.append(f"- [ ] {esc(question.text)}" + (f" *({mark})*" if mark else ""))
            lines += [f"  > {esc(note)}" for note in question.notes]
            lines += ["  " + "Answer: " + "\\_" * 30] * min(checklist.space_lines, 1)
            lines += ["  " + "\\_" * 38] * max(checklist.space_lines - 1, 0)
        lines.append("")
    if checklist.words:
        lines += ["## Words on this list", ""]
        lines += [f"- **{esc(word)}:** {esc(meaning)}" for word, meaning in checklist.words]
        lines.append("")
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
