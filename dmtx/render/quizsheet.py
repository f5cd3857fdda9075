"""The students' quiz handout, drawn as Markdown (the teacher's answer sheet is a view)."""

from __future__ import annotations

from collections.abc import Sequence

from dmtx.classroom.quiz import lettered
from dmtx.model import Knowledge, QuizItem
from dmtx.render.markdown import blank_line, escape_markdown
from dmtx.sanitize import clean_line


def markdown_escape(text: str) -> str:
    """Data text as literal Markdown: one line, control characters visible, markup characters escaped."""
    return escape_markdown(clean_line(text))


def handout_markdown(knowledge: Knowledge, items: Sequence[QuizItem]) -> str:
    """The questions with tick boxes and no answers, as Markdown for students."""
    lines = [
        f"# Quiz: {markdown_escape(knowledge.meta.title)}",
        "",
        f"Name: {blank_line(20)}   Date: {blank_line(12)}",
        "",
        "Tick one answer for each question.",
        "",
    ]
    for number, item in enumerate(items, 1):
        lines += [f"**{number}. {markdown_escape(item.question)}**", ""]
        lines += [f"- [ ] {mark}. {markdown_escape(choice)}" for mark, choice in lettered(item)]
        lines.append("")
    lines += [
        "---",
        "",
        f"*{markdown_escape(knowledge.meta.disclaimer)}*",
        "",
        markdown_escape(knowledge.meta.source.attribution()),
    ]
    return "\n".join(lines) + "\n"
