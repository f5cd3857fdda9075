"""Slides as plain text: every slide one after another, for pipes, files and screen readers."""

from __future__ import annotations

from collections.abc import Sequence

from dmtx.document.slides import Slide
from dmtx.render.text import wrap
from dmtx.sanitize import clean


def deck_text(deck: Sequence[Slide], width: int) -> str:
    """Every slide as plain text, one after another, separated by a line of '-'."""
    width = max(20, width)
    blocks = []
    for number, slide in enumerate(deck, 1):
        title = clean(slide.title)
        lines = [*wrap(f"Slide {number} of {len(deck)} - {slide.label}", width), ""]
        lines += [*wrap(title, width), "=" * min(len(title), width), ""]
        for paragraph in slide.lead:
            lines += [*wrap(paragraph, width), ""]
        for section in slide.sections:
            lines += wrap(section.heading, width)
            for bullet in section.bullets:
                lines += wrap(bullet, width, "  - ", "    ")
            for line in section.lines:
                lines += wrap(line, width, "  ")
            lines.append("")
        if slide.footer:
            lines += wrap(slide.footer, width)
        blocks.append("\n".join(lines).rstrip())
    return ("\n" + "-" * width + "\n").join(blocks) + "\n"
