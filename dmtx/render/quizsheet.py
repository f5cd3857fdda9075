"""The students' quiz handout, drawn as text, Markdown or HTML (the teacher's answer sheet is a view)."""

from __future__ import annotations

from dmtx.document.quiz import Handout, lettered
from dmtx.render.markdown import blank_line, escape_markdown
from dmtx.sanitize import clean_line


def markdown_escape(text: str) -> str:
    """Data text as literal Markdown: one line, control characters visible, markup characters escaped."""
    return escape_markdown(clean_line(text))


def handout_markdown(handout: Handout) -> str:
    """The questions with tick boxes and no answers, as Markdown for students."""
    lines = [
        f"# Quiz: {markdown_escape(handout.title)}",
        "",
        f"Name: {blank_line(20)}   Date: {blank_line(12)}",
        "",
        "Tick one answer for each question.",
        "",
    ]
    for number, item in enumerate(handout.items, 1):
        lines += [f"**{number}. {markdown_escape(item.question)}**", ""]
        lines += [f"- [ ] {mark}. {markdown_escape(choice)}" for mark, choice in lettered(item)]
        lines.append("")
    lines += [
        "---",
        "",
        f"*{markdown_escape(handout.disclaimer)}*",
        "",
        markdown_escape(handout.source),
    ]
    return "\n".join(lines) + "\n"


def handout_text(handout: Handout, width: int) -> str:
    """The questions with tick boxes and no answers, as plain text for students."""
    from dmtx.render.text import wrap

    width = max(20, min(width, 100))
    title = f"Quiz: {handout.title}"
    lines = [*wrap(title, width), "=" * min(len(title), width), ""]
    lines += ["Name: " + "_" * max(4, min(24, width - 6)), "Date: " + "_" * max(4, min(12, width - 6)), ""]
    lines += ["Tick one answer for each question.", ""]
    for number, item in enumerate(handout.items, 1):
        lines += wrap(f"{number}. {item.question}", width, "", "   ")
        for mark, choice in lettered(item):
            lines += wrap(f"{mark}. {choice}", width, "   [ ] ", "       ")
        lines += ["   Answer: " + "_" * max(4, min(20, width - 11)), ""]
    lines.append("-" * min(40, width))
    lines += wrap(handout.disclaimer, width)
    lines += wrap(handout.source, width)
    return "\n".join(lines) + "\n"


def handout_html(handout: Handout, *, large: bool = False) -> str:
    """The questions with tick boxes and no answers, as one printable HTML page (`large`: 14 pt or more)."""
    from dmtx.render.html import render_quiz_handout_html

    questions = [(item.question, [f"{mark}. {choice}" for mark, choice in lettered(item)]) for item in handout.items]
    return render_quiz_handout_html(
        f"Quiz: {handout.title}", questions, (handout.disclaimer, handout.source), large=large
    )
