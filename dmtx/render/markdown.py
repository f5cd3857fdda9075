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
    lines += _situation_lines(checklist)
    lines += _top3_lines(checklist)
    for section in checklist.sections:
        lines += [f"## {esc(section.title)}", ""]
        for question in section.questions:
            mark = checklist.audience_of(question)
            lines.append(f"- [ ] {esc(question.text)}" + (f" *({mark})*" if mark else ""))
            lines += ["  " + "Answer: " + "\\_" * 30] * min(checklist.space_lines, 1)
            lines += ["  " + "\\_" * 38] * max(checklist.space_lines - 1, 0)
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


def _situation_lines(checklist: Checklist) -> list[str]:
    if not checklist.situations:
        return []
    return ["**For this visit:** " + escape_markdown("; ".join(s.title for s in checklist.situations)), ""]


def _top3_lines(checklist: Checklist) -> list[str]:
    if not checklist.top3:
        return []
    lines = ["## My top 3", ""]
    for number, question in enumerate(checklist.top3, 1):
        lines.append(f"{number}. {escape_markdown(question.text)}")
    return [*lines, ""]


def _tips_lines(checklist: Checklist) -> list[str]:
    lines: list[str] = []
    for block in checklist.tips:
        lines += [f"## {escape_markdown(block.title)}", ""]
        lines += [f"- {escape_markdown(item)}" for item in block.items]
        lines.append("")
    if checklist.safety_net:
        lines += [f"**{escape_markdown(checklist.safety_net)}**", ""]
    return lines
