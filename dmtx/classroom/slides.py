"""The classroom slide deck, as data: which slides, in which order, saying what.

Knows no terminal: the player (`dmtx.classroom.slideshow`) and the plain printer draw these.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from dmtx.model import Beyond, Knowledge, Question, Topic, audience

MAX_FACTS = 5
ALL_SOURCES_HINT = "All sources: dmtx references"

SlideKind = Literal["title", "topic", "beyond", "questions", "closing"]


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


def build_deck(
    knowledge: Knowledge, topics: Sequence[Topic] | None = None, beyond: Sequence[Beyond] | None = None
) -> tuple[Slide, ...]:
    """Title slide, one slide per topic (in the order given), the 'not on the 2014 page' slides,
    questions to ask, closing slide. With no choice at all, every topic and every beyond entry."""
    chosen = tuple(topics or ()) if topics or beyond else knowledge.topics
    footer = knowledge.meta.disclaimer
    if topics or beyond:
        extra = tuple(_beyond_slide(knowledge, entry, footer) for entry in beyond or ())
    else:
        extra = (_beyond_overview(knowledge, footer),) if knowledge.beyond else ()
    return (
        _title_slide(knowledge, chosen, footer),
        *(_topic_slide(knowledge, point, footer) for point in chosen),
        *extra,
        _questions_slide(chosen, footer),
        _closing_slide(knowledge, chosen),
    )


def _beyond_overview(knowledge: Knowledge, footer: str) -> Slide:
    return Slide(
        kind="beyond",
        label="Not on the 2014 page",
        title="What the 2014 page leaves out",
        lead=("Each is dated and cited. One in full: dmtx present -t ID, or dmtx beyond ID",),
        sections=(SlideSection("Since the page", tuple(f"{b.title} ({b.since}): {b.id}" for b in knowledge.beyond)),),
        footer=footer,
    )


def _beyond_slide(knowledge: Knowledge, entry: Beyond, footer: str) -> Slide:
    sources = tuple(
        f"[{n}] {ref.citation}" + (f" {ref.url}" if ref.url else "")
        for n in entry.references
        for ref in (knowledge.reference(n),)
    )
    sections = [SlideSection("Sources", sources)]
    if entry.unverified:
        sections.insert(0, SlideSection("Not checked", lines=(entry.unverified,)))
    return Slide(
        kind="beyond",
        label="Not on the 2014 page",
        title=f"{entry.title} ({entry.since})",
        lead=(entry.summary,),
        sections=tuple(sections),
        footer=footer,
    )


def topic_slide_index(deck: Sequence[Slide], number: int) -> int | None:
    """Where the slide of topic `number` is in the deck, or None when it is not there."""
    return next((i for i, slide in enumerate(deck) if slide.kind == "topic" and slide.topic == number), None)


def _title_slide(knowledge: Knowledge, chosen: tuple[Topic, ...], footer: str) -> Slide:
    source = knowledge.meta.source
    return Slide(
        kind="title",
        label="Welcome",
        title=knowledge.meta.title,
        lead=(f"Based on '{source.title}'\n{source.site}\nlast modified {source.last_modified}",),
        sections=(SlideSection("In these slides", tuple(f"{p.number}. {p.title}" for p in chosen)),),
        footer=footer,
    )


def _topic_slide(knowledge: Knowledge, point: Topic, footer: str) -> Slide:
    shown = point.facts[:MAX_FACTS]
    sections = [SlideSection("Key facts", tuple(fact.text for fact in shown))]
    corrections = knowledge.corrections_of([f.id for f in shown], point.notes)
    if corrections:
        sections.append(SlideSection("Editor's notes: what is known now", tuple(n.text for n in corrections)))
    if point.drugs:
        names = ", ".join(knowledge.drug(drug_id).name for drug_id in point.drugs)
        sections.append(SlideSection("Drugs named", lines=(names,)))
    return Slide(
        kind="topic",
        label=f"Topic {point.number}",
        title=point.title,
        lead=(point.summary,),
        sections=tuple(sections),
        footer=footer,
        topic=point.number,
    )


def _question_text(question: Question) -> str:
    if question.patient is None:
        return question.text
    return f"{question.text} ({audience(question.patient)})"


def _questions_slide(chosen: tuple[Topic, ...], footer: str) -> Slide:
    sections = []
    for point in chosen:
        asked = tuple(_question_text(q) for q in point.questions if q.importance == 1)
        if asked:
            sections.append(SlideSection(f"Topic {point.number}: {point.title}", asked))
    return Slide(
        kind="questions",
        label="Questions",
        title="Questions to ask your doctor",
        lead=("The most important questions from these topics. More: dmtx topic NUMBER",),
        sections=tuple(sections),
        footer=footer,
    )


def _closing_slide(knowledge: Knowledge, chosen: tuple[Topic, ...]) -> Slide:
    cited: list[int] = []
    for point in chosen:
        cited += [n for n in point.references if n not in cited]
    citations = tuple(f"[{n}] {knowledge.reference(n).citation}" for n in sorted(cited))
    source = knowledge.meta.source
    references = SlideSection(
        "References the page cites for these topics",
        citations,
        () if citations else ("These topics cite no numbered reference.",),
    )
    return Slide(
        kind="closing",
        label="The end",
        title="Thank you",
        lead=(knowledge.meta.disclaimer,),
        sections=(
            references,
            SlideSection(
                "Sources",
                lines=(
                    source.attribution(),
                    ALL_SOURCES_HINT,
                ),
            ),
        ),
        footer="",  # the disclaimer is this slide's lead; no need to show it twice
    )
