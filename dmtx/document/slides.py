"""Slides as data: what each slide says, and how much room it takes (built by dmtx.classroom.slides)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

# How much one slide may hold: what a printed landscape page shows in 14-point type,
# in characters per line and lines (measured with DejaVu Sans in Chromium). Longer
# slides are split into continuation slides rather than printed in smaller type.
SLIDE_LINE = 96
SLIDE_ROOM = 23.5

SlideKind = Literal["title", "topic", "beyond", "extra", "questions", "closing"]


@dataclass(frozen=True, slots=True)
class SlideSection:
    """A headed part of a slide: bullets (facts, questions, references) and/or plain lines."""

    heading: str
    bullets: tuple[str, ...] = ()
    lines: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Slide:
    """One slide: a short label ("Topic 3"), a title, lead paragraphs, sections, the footer text.

    Every slide shows the disclaimer: in its footer, or (the closing slide) as its lead.
    """

    kind: SlideKind
    label: str
    title: str
    lead: tuple[str, ...] = ()
    sections: tuple[SlideSection, ...] = ()
    footer: str = ""
    topic: int | None = None


@dataclass(frozen=True, slots=True)
class SlideDeck:
    """The slides to write to a file: every slide, the deck's title, and the disclaimer and source for each page."""

    slides: tuple[Slide, ...]
    title: str
    disclaimer: str
    source: str


# A sentence that tells the reader to type a dmtx command: meant for a terminal, not for paper or a projector.
_COMMAND_SENTENCE = re.compile(
    r"[^.!?]*\bdmtx (?:present|beyond|topic|topics|references|drug|drugs|term|terms|search|quiz)\b[^.!?]*[.!?]?\s*"
)
_COMMAND_ASIDE = re.compile(r"\s*\(dmtx (?:beyond|references|topics)\)")


def without_commands(text: str) -> str:
    """The text with its sentences that name dmtx commands taken out ("See 'dmtx beyond ivig-approval'.")."""
    return _COMMAND_SENTENCE.sub("", _COMMAND_ASIDE.sub("", text)).strip()


def paper_slides(slides: tuple[Slide, ...]) -> tuple[Slide, ...]:
    """The slides as printed or projected from a file: no slide tells anyone to type a command."""

    def lines(texts: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(kept for kept in (without_commands(t) for t in texts) if kept)

    return tuple(
        replace(
            slide,
            lead=lines(slide.lead),
            sections=tuple(replace(s, bullets=lines(s.bullets), lines=lines(s.lines)) for s in slide.sections),
        )
        for slide in slides
    )


def for_paper(deck: SlideDeck) -> SlideDeck:
    """The deck as a file holds it (`paper_slides`)."""
    return replace(deck, slides=paper_slides(deck.slides))


def _wrapped(text: str, per_line: float) -> int:
    """How many lines `text` takes, word-wrapped at `per_line` characters (each newline starts one)."""
    import textwrap

    width = max(8, int(per_line))
    return sum(max(1, len(textwrap.wrap(part, width))) for part in text.split("\n"))


def slide_lines(slide: Slide, per_line: float = SLIDE_LINE) -> float:
    """How tall a slide is, in lines of body text `per_line` characters wide (an estimate).

    Mirrors the HTML slide's proportions: a title twice the body size (2.4 times on the title and
    closing slides), a lead 1.1 times, section headings 1.15 times, and the space around each.
    """
    title = 2.4 if slide.kind in ("title", "closing") else 2.0
    lines = 0.8 + title * (1.15 / 1.35) * _wrapped(slide.title, per_line / title) + 0.45 * title
    lines += sum(1.1 * _wrapped(paragraph, per_line / 1.1) + 0.4 for paragraph in slide.lead)
    for section in slide.sections:
        lines += 1.15 * _wrapped(section.heading, per_line / 1.15) + 0.7
        lines += sum(_wrapped(bullet, per_line - 3) + 0.12 for bullet in section.bullets)
        lines += sum(_wrapped(line, per_line * 0.9) + 0.15 for line in section.lines)  # bold is wider
    return lines
