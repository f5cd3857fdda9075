"""The students' quiz handout, drawn as Markdown (the teacher's answer sheet is a view)."""

from __future__ import annotations

from collections.abc import Sequence

from dmtx.document import Document
from dmtx.document.quiz import lettered
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


QUIZ_FORMATS = {"text": (".txt",), "markdown": (".md", ".markdown"), "html": (".html", ".htm")}


def quiz_format_for_path(path: str) -> str | None:
    """The printed-quiz format a file's extension names, or None."""
    from pathlib import PurePath

    suffix = PurePath(path).suffix.lower()
    return next((name for name, endings in QUIZ_FORMATS.items() if suffix in endings), None)


def handout_text(knowledge: Knowledge, items: Sequence[QuizItem], width: int) -> str:
    """The questions with tick boxes and no answers, as plain text for students."""
    from dmtx.render.text import wrap

    width = max(20, min(width, 100))
    title = f"Quiz: {knowledge.meta.title}"
    lines = [*wrap(title, width), "=" * min(len(title), width), ""]
    lines += ["Name: " + "_" * max(4, min(24, width - 6)), "Date: " + "_" * max(4, min(12, width - 6)), ""]
    lines += ["Tick one answer for each question.", ""]
    for number, item in enumerate(items, 1):
        lines += wrap(f"{number}. {item.question}", width, "", "   ")
        for mark, choice in lettered(item):
            lines += wrap(f"{mark}. {choice}", width, "   [ ] ", "       ")
        lines += ["   Answer: " + "_" * max(4, min(20, width - 11)), ""]
    lines.append("-" * min(40, width))
    lines += wrap(knowledge.meta.disclaimer, width)
    lines += wrap(knowledge.meta.source.attribution(), width)
    return "\n".join(lines) + "\n"


def handout_html(knowledge: Knowledge, items: Sequence[QuizItem]) -> str:
    """The questions with tick boxes and no answers, as one printable HTML page."""
    from dmtx.render.html import render_quiz_handout_html

    questions = [(item.question, [f"{mark}. {choice}" for mark, choice in lettered(item)]) for item in items]
    footer = (knowledge.meta.disclaimer, knowledge.meta.source.attribution())
    return render_quiz_handout_html(f"Quiz: {knowledge.meta.title}", questions, footer)


def printed_quiz(
    knowledge: Knowledge, items: Sequence[QuizItem], *, fmt: str, sheet: Document | None, width: int
) -> str:
    """A printed quiz in one format: the students' handout, or the teacher's `sheet` when one is given."""
    if sheet is not None:
        if fmt == "markdown":
            from dmtx.render.markdown import render_document_markdown

            return render_document_markdown(sheet)
        if fmt == "html":
            from dmtx.render.html import render_document_html

            return render_document_html(sheet)
        from dmtx.render.text import render_text

        return render_text(sheet, width)
    if fmt == "markdown":
        return handout_markdown(knowledge, items)
    if fmt == "html":
        return handout_html(knowledge, items)
    return handout_text(knowledge, items, width)
