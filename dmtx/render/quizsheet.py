"""Printed quizzes: the teacher's answer sheet (a Document) and the students' Markdown handout."""

from __future__ import annotations

from collections.abc import Sequence

from dmtx.document import Block, Document, Heading, Item, Items, Paragraph
from dmtx.knowledge import Knowledge, QuizItem
from dmtx.quiz import answer_letter, lettered
from dmtx.render.markdown import escape_markdown
from dmtx.sanitize import clean_line
from dmtx.views import footer

_BLANK = "\\_"  # an escaped underscore: a line to write on, never emphasis


def answer_sheet(knowledge: Knowledge, items: Sequence[QuizItem], *, order: str) -> Document:
    """Every question with its choices, the right answer and why: for the teacher."""
    count = f"{len(items)} question{'s' if len(items) != 1 else ''}"
    blocks: list[Block] = [Paragraph(f"For the teacher: {count} with answers. Order: {order}.", "muted")]
    for number, item in enumerate(items, 1):
        right = answer_letter(item)
        choices = tuple(
            Item(choice + ("  <- answer" if mark == right else ""), f"{mark}.") for mark, choice in lettered(item)
        )
        blocks += [
            Heading(f"{number}. {item.question}"),
            Items(choices),
            Paragraph(f"Answer: {right}. {item.answer}"),
            Paragraph(f"Why: {item.explanation} (more: dmtx topic {item.point})", "muted"),
        ]
    return Document(title="Quiz answer sheet", blocks=tuple(blocks), footer=footer(knowledge))


def markdown_escape(text: str) -> str:
    """Data text as literal Markdown: one line, control characters visible, markup characters escaped."""
    return escape_markdown(clean_line(text))


def handout_markdown(knowledge: Knowledge, items: Sequence[QuizItem]) -> str:
    """The questions with tick boxes and no answers, as Markdown for students."""
    lines = [
        f"# Quiz: {markdown_escape(knowledge.meta.title)}",
        "",
        f"Name: {_BLANK * 20}   Date: {_BLANK * 12}",
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
