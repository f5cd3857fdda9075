"""Builds the screens of each command as Documents, from the validated knowledge."""

from __future__ import annotations

from collections.abc import Sequence

from dmtx.document import Block, Document, Heading, Item, Items, Paragraph
from dmtx.lookup import DrugMatch, Hit, TermMatch
from dmtx.model import Drug, Knowledge, Note, OtherName, Question, QuizItem, Situation, Topic, audience

_STATUS_WORDS = {"current": "still sold", "discontinued": "no longer sold", "unknown": "status not checked"}


def footer(knowledge: Knowledge) -> tuple[str, ...]:
    """The lines every medical screen ends with: the disclaimer and the source."""
    return (knowledge.meta.disclaimer, knowledge.meta.source.attribution())


def welcome(knowledge: Knowledge) -> Document:
    """The screen shown by `dmtx` with no command."""
    return Document(
        title=knowledge.meta.title,
        blocks=(
            Paragraph(knowledge.meta.about),
            Heading("The six treatment points"),
            _topic_list(knowledge, with_summary=False),
            Heading("Try"),
            Items(
                (
                    Item("read point 1 in full", "dmtx topic 1"),
                    Item("look up a drug by any name", "dmtx drug Imuran"),
                    Item("print questions for your visit", "dmtx checklist"),
                )
            ),
            Paragraph("Add --help after any command to learn more.", "muted"),
        ),
        footer=footer(knowledge),
    )


def _topic_list(knowledge: Knowledge, *, with_summary: bool) -> Items:
    return Items(
        tuple(
            Item(f"{p.title} ({p.slug})" + (f"\n{first_sentence(p.summary)}" if with_summary else ""), f"{p.number}.")
            for p in knowledge.topics
        )
    )


def first_sentence(text: str) -> str:
    """The first sentence of a text, for one-line summaries."""
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]


def topics(knowledge: Knowledge) -> Document:
    """The six points, number + title + one-line summary."""
    return Document(
        title="Treatment points",
        blocks=(
            _topic_list(knowledge, with_summary=True),
            Paragraph("Read one in full with: dmtx topic NUMBER", "muted"),
        ),
        footer=footer(knowledge),
    )


def _notes(notes: tuple[Note, ...], heading: str) -> list[Block]:
    if not notes:
        return []
    items = tuple(Item(n.text + _ref_suffix(n.references)) for n in notes)
    return [Heading(heading), Items(items)]


def _ref_suffix(numbers: tuple[int, ...]) -> str:
    return f" (reference {', '.join(str(n) for n in numbers)})" if numbers else ""


def topic(knowledge: Knowledge, point: Topic) -> Document:
    """One treatment point in full."""
    blocks: list[Block] = [
        Paragraph(point.summary),
        Heading("What the page says"),
        Items(tuple(Item(f.text, f.id) for f in point.facts)),
    ]
    if point.drugs:
        names = ", ".join(knowledge.drug(d).name for d in point.drugs)
        blocks += [Heading("Drugs named"), Paragraph(names + "  (more: dmtx drug NAME)")]
    if point.terms:
        words = ", ".join(knowledge.term(t).term for t in point.terms)
        blocks += [Heading("Words explained"), Paragraph(words + "  (more: dmtx term WORD)")]
    blocks += _notes(point.notes, "Notes from the editors")
    blocks += [
        Heading("Questions to ask your doctor"),
        Items(tuple(_question_item(q) for q in point.questions)),
        Paragraph(_TOP_HINT, "muted"),
    ]
    if point.references:
        cited = tuple(Item(knowledge.reference(n).citation, f"[{n}]") for n in point.references)
        blocks += [Heading("The page cites"), Items(cited)]
    return Document(title=f"Point {point.number}: {point.title}", blocks=tuple(blocks), footer=footer(knowledge))


_TOP_HINT = "Put one first on your checklist with: dmtx checklist --top ID"


def _question_item(question: Question) -> Item:
    """A question labelled with its id, the name `dmtx checklist --top ID` takes."""
    patient = question.patient
    return Item(question.text + (f" ({audience(patient)})" if patient else ""), question.id)


def drugs(knowledge: Knowledge) -> Document:
    """All drugs the page names, with their class and best-known other names."""
    items = []
    for drug in knowledge.drugs:
        brands = [o.name for o in drug.other_names if o.kind == "brand"][:3]
        also = f"\nAlso: {', '.join(brands)}" if brands else ""
        points = ", ".join(str(p.number) for p in knowledge.topics_mentioning(drug.id))
        items.append(Item(f"{drug.name}: {drug.drug_class}{also}\nIn points: {points or 'none'}", ""))
    return Document(
        title="Drugs named on the page",
        blocks=(Items(tuple(items)), Paragraph("More on one drug: dmtx drug NAME (brand names work too)", "muted")),
        footer=footer(knowledge),
    )


def _other_name_text(other: OtherName) -> str:
    parts = [other.name, f"({other.kind}"]
    if other.country:
        parts[-1] += f", {other.country}"
    if other.status:
        parts[-1] += f", {_STATUS_WORDS[other.status]}"
    parts[-1] += ")"
    if other.note:
        parts.append(f"- {other.note}")
    return " ".join(parts)


def _place(country: str) -> str:
    return f"the {country}" if country in ("US", "UK", "EU") else country


def drug(knowledge: Knowledge, match: DrugMatch) -> Document:
    """One drug: which name matched, what it is, what the page says, questions."""
    item: Drug = match.drug
    blocks: list[Block] = []
    if match.related:
        blocks.append(
            Paragraph(f"{match.related.name} is not {item.name}. {match.related.note}", "warning"),
        )
    elif match.matched_name:
        other = match.matched_name
        status = f", {_STATUS_WORDS[other.status]}" if other.status else ""
        country = f" in {_place(other.country)}" if other.country else ""
        blocks.append(Paragraph(f"{other.name} is a {other.kind} name{country} for {item.name}{status}.", "note"))
    blocks += [Paragraph(f"What it is: {item.drug_class}")]
    points = knowledge.topics_mentioning(item.id)
    if points:
        blocks += [Heading("Named in"), Items(tuple(Item(p.title, f"topic {p.number}") for p in points))]
    blocks += [Heading("What the page says"), Paragraph(item.source_says)]
    if item.other_names:
        blocks += [Heading("Other names"), Items(tuple(Item(_other_name_text(o)) for o in item.other_names))]
    if item.related:
        blocks += [Heading("Not the same drug"), Items(tuple(Item(f"{r.name}: {r.note}") for r in item.related))]
    blocks += _notes(item.notes, "Notes")
    if item.questions:
        blocks += [
            Heading("Questions to ask"),
            Items(tuple(_question_item(q) for q in item.questions)),
            Paragraph(_TOP_HINT, "muted"),
        ]
    return Document(title=item.name, blocks=tuple(blocks), footer=footer(knowledge))


def terms(knowledge: Knowledge) -> Document:
    """The glossary, one line per word."""
    items = tuple(Item(f"{t.term}: {first_sentence(t.definition)}") for t in knowledge.terms)
    return Document(
        title="Words explained",
        blocks=(Items(items), Paragraph("More on one word: dmtx term WORD", "muted")),
        footer=footer(knowledge),
    )


def term(knowledge: Knowledge, match: TermMatch) -> Document:
    """One glossary entry in full."""
    entry = match.term
    blocks: list[Block] = []
    if match.matched_alias:
        blocks.append(Paragraph(f"Showing {entry.term} for '{match.matched_alias}'.", "note"))
    blocks.append(Paragraph(entry.definition))
    if entry.note:
        blocks += [Heading("Editor's note"), Paragraph(entry.note)]
    if entry.aliases:
        blocks += [Heading("Also called"), Paragraph(", ".join(entry.aliases))]
    if entry.see_also:
        blocks += [Heading("See also"), Paragraph(", ".join(knowledge.term(t).term for t in entry.see_also))]
    used_in = [p for p in knowledge.topics if entry.id in p.terms]
    if used_in:
        blocks += [Heading("Used in"), Items(tuple(Item(p.title, f"topic {p.number}") for p in used_in))]
    return Document(title=entry.term, blocks=tuple(blocks), footer=footer(knowledge))


def references(knowledge: Knowledge) -> Document:
    """The page's numbered references with notes, then later sources dmtx cites."""
    blocks: list[Block] = []
    for heading, in_source in (("References on the page", True), ("Later sources cited by dmtx", False)):
        refs = [r for r in knowledge.references if r.in_source is in_source]
        if refs:
            items = []
            for ref in refs:
                text = ref.citation + (f"\n{ref.url}" if ref.url else "") + (f"\nNote: {ref.note}" if ref.note else "")
                items.append(Item(text, f"[{ref.number}]"))
            blocks += [Heading(heading), Items(tuple(items))]
    return Document(title="References", blocks=tuple(blocks), footer=footer(knowledge))


def search_results(knowledge: Knowledge, query: str, hits: tuple[Hit, ...]) -> Document:
    """Search hits grouped by where they are, with the matching words marked."""
    count = f"{len(hits)} match{'es' if len(hits) != 1 else ''}"
    blocks: list[Block] = [Paragraph(f"{count} for '{query}'.", "muted")]
    current = ""
    group: list[Item] = []
    for hit in hits:
        if hit.where != current:
            if group:
                blocks.append(Items(tuple(group)))
            blocks.append(Heading(hit.where))
            current, group = hit.where, []
        prefix = f"{hit.field}: "
        shifted = tuple((a + len(prefix), b + len(prefix)) for a, b in hit.spans)
        group.append(Item(prefix + hit.text, spans=shifted))
    blocks.append(Items(tuple(group)))
    return Document(title="Search", blocks=tuple(blocks), footer=footer(knowledge))


def quiz_answer_sheet(knowledge: Knowledge, items: Sequence[QuizItem], *, order: str) -> Document:
    """Every question with its choices, the right answer and why: for the teacher."""
    from dmtx.classroom.quiz import answer_letter, lettered

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
            Paragraph(f"Why: {item.explanation} (more: dmtx topic {item.topic})", "muted"),
        ]
    return Document(title="Quiz answer sheet", blocks=tuple(blocks), footer=footer(knowledge))


def situations(knowledge: Knowledge) -> Document:
    """The kinds of visit a checklist can be built for, one line each."""
    if knowledge.situations:
        blocks: tuple[Block, ...] = (
            Items(tuple(_situation_item(s) for s in knowledge.situations)),
            Paragraph("Use one with: dmtx checklist --situation NAME (repeat it for more).", "muted"),
        )
    else:
        blocks = (Paragraph("This knowledge file lists no situations.", "muted"),)
    return Document(title="Kinds of visit", blocks=blocks, footer=footer(knowledge))


def _situation_item(situation: Situation) -> Item:
    return Item(f"{situation.title}: {situation.description}", situation.id)
