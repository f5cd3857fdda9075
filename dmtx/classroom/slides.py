"""The classroom slide deck, as data: which slides, in which order, saying what.

Knows no terminal: the player (`dmtx.classroom.slideshow`) and the plain printer draw these.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from dmtx.document.slides import SLIDE_ROOM, Slide, SlideSection, slide_lines
from dmtx.model import Beyond, Knowledge, Note, Question, Reference, Topic, audience

ALL_SOURCES_HINT = "All sources: dmtx references"
NOTES_HEADING = "Notes from the editors"
SOURCES_TITLE = "Sources"  # the title of the closing slide's continuations
CONTINUED = " (continued)"

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
    slides = (
        _title_slide(knowledge, chosen, footer),
        *(_topic_slide(knowledge, point, footer) for point in chosen),
        *extra,
        _questions_slide(chosen, footer),
        _closing_slide(knowledge, chosen),
    )
    return tuple(part for slide in slides for part in paginate(slide, disclaimer=footer))


def _fits(slide: Slide) -> bool:
    return slide_lines(slide) <= SLIDE_ROOM


def _items(section: SlideSection) -> Iterable[SlideSection]:
    """A section as one-item sections (each bullet, then each line), to be packed onto slides."""
    yield from (SlideSection(section.heading, bullets=(bullet,)) for bullet in section.bullets)
    yield from (SlideSection(section.heading, lines=(line,)) for line in section.lines)


def _add(sections: tuple[SlideSection, ...], item: SlideSection, *, continued: bool) -> tuple[SlideSection, ...]:
    """`sections` with one more item: under the last heading when it is the same, else under a new one."""
    if sections and sections[-1].heading.removesuffix(CONTINUED) == item.heading:
        last = sections[-1]
        return (*sections[:-1], SlideSection(last.heading, last.bullets + item.bullets, last.lines + item.lines))
    heading = item.heading + (CONTINUED if continued else "")
    return (*sections, SlideSection(heading, item.bullets, item.lines))


def _pack(slide: Slide, more: Slide) -> list[Slide]:
    """The slide's sections packed item by item onto `slide` (emptied) and copies of `more`.

    A section moves whole to a new slide when it would not fit beside what is already
    there but fits on a slide of its own, so a class sees it in one piece.
    """
    parts = [replace(slide, sections=())]
    for section in slide.sections:
        whole = replace(more, sections=(section,))
        if (
            parts[-1].sections
            and _fits(whole)
            and not _fits(replace(parts[-1], sections=(*parts[-1].sections, section)))
        ):
            parts.append(replace(more, sections=()))
        for number, item in enumerate(_items(section) if section.bullets or section.lines else (section,)):
            grown = replace(parts[-1], sections=_add(parts[-1].sections, item, continued=number > 0))
            if not _fits(grown) and parts[-1].sections:
                grown = replace(more, sections=_add((), item, continued=number > 0))
                parts.append(grown)
            parts[-1] = grown
    return parts


def paginate(slide: Slide, *, disclaimer: str) -> tuple[Slide, ...]:
    """The slide, or when it holds more than one slide's room, it and its continuation slides.

    Continuations are titled "Title (2 of 3)" (the closing slide's: "Sources (2 of 3)"), keep the
    label, footer and topic, and show the disclaimer in their footer. What is too long for any
    slide stays whole (the player scrolls it; the HTML prints it smaller).
    """
    if _fits(slide):
        return (slide,)
    base = SOURCES_TITLE if slide.kind == "closing" else slide.title
    more = replace(slide, title=f"{base} (99 of 99)", lead=(), sections=(), footer=slide.footer or disclaimer)
    parts = _pack(slide, more)
    total = len(parts)
    return tuple(
        part if number == 1 else replace(part, title=f"{base} ({number} of {total})")
        for number, part in enumerate(parts, 1)
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
        # Numbered lines, not bullets: a bullet before "1." reads as "• 1.".
        sections=(SlideSection("In these slides", lines=tuple(f"{p.number}. {p.title}" for p in chosen)),),
        footer=footer,
    )


def fact_bullets(knowledge: Knowledge, point: Topic) -> tuple[str, ...]:
    """The page's facts as bullets, each corrected claim in one bullet with its editor's note.

    Facts that share a note go in one bullet with it, so no slide break can part a claim from
    its correction, and the note is said once.
    """
    groups: list[tuple[list[str], list[Note]]] = []
    for fact in point.facts:
        notes = list(knowledge.corrections_of([fact.id], point.notes))
        if groups and notes and any(n in groups[-1][1] for n in notes):
            groups[-1][0].append(fact.text)
            groups[-1][1].extend(n for n in notes if n not in groups[-1][1])
        else:
            groups.append(([fact.text], notes))
    return tuple("\n".join([*facts, *(note_text(n) for n in notes)]) for facts, notes in groups)


def _topic_slide(knowledge: Knowledge, point: Topic, footer: str) -> Slide:
    sections = [SlideSection("Key facts", fact_bullets(knowledge, point))]
    if point.drugs:
        names = ", ".join(knowledge.drug(drug_id).name for drug_id in point.drugs)
        sections.append(SlideSection("Drugs named", lines=(names,)))
    others = tuple(note for note in point.notes if not note.corrects)
    if others:
        # The notes that correct no fact: safety notes and later facts (corrections sit with their claims).
        sections.append(SlideSection(NOTES_HEADING, tuple(note_text(note) for note in others)))
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
        "Sources for these topics, with corrections",
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
