"""The classroom slide deck, as data: which slides, in which order, saying what.

Knows no terminal: the player (`dmtx.classroom.slideshow`) and the plain printer draw these.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from dmtx.model import Beyond, Knowledge, Note, Question, Reference, Topic, audience

ALL_SOURCES_HINT = "All sources: dmtx references"
NOTES_HEADING = "Notes from the editors"

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


ExtraSlides = Callable[[Knowledge, tuple[Topic, ...], str], Sequence["Slide"]]
"""Builds more slides from the knowledge for the chosen topics (the footer text is the last argument)."""


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
    extra += tuple(slide for build in EXTRA_SLIDES for slide in build(knowledge, chosen, footer))
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


def note_text(note: Note) -> str:
    """A note as a slide shows it: its text and the numbers of the references it rests on."""
    if not note.references:
        return note.text
    return f"{note.text} (reference {', '.join(str(n) for n in note.references)})"


def reference_text(reference: Reference) -> str:
    """A reference as the closing slide shows it: number, citation and, on a new line, its correction."""
    text = f"[{reference.number}] {reference.citation}"
    return text + (f"\nNote: {reference.note}" if reference.note else "")


def cited_references(chosen: Sequence[Topic]) -> tuple[int, ...]:
    """The reference numbers the chosen topics and their notes rest on, sorted, each once."""
    numbers = {n for point in chosen for n in point.references}
    numbers |= {n for point in chosen for note in point.notes for n in note.references}
    return tuple(sorted(numbers))


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
    sections = [SlideSection("Key facts", tuple(fact.text for fact in point.facts))]
    if point.drugs:
        names = ", ".join(knowledge.drug(drug_id).name for drug_id in point.drugs)
        sections.append(SlideSection("Drugs named", lines=(names,)))
    if point.notes:
        # Every note, generically: safety notes, corrections and later facts alike.
        sections.append(SlideSection(NOTES_HEADING, tuple(note_text(note) for note in point.notes)))
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
    citations = tuple(reference_text(knowledge.reference(n)) for n in cited_references(chosen))
    source = knowledge.meta.source
    references = SlideSection(
        "References for these topics, with corrections",
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


EXTRA_SLIDES: tuple[ExtraSlides, ...] = ()
"""The one list of extra-slide builders, shown after the topic slides (e.g. material beyond the page)."""
