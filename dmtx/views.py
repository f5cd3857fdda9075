"""Builds the screens of each command as Documents, from the validated knowledge."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from dmtx import review
from dmtx.document import Block, Document, Heading, Item, Items, Paragraph
from dmtx.lookup import DrugMatch, TermMatch, label_warning, words_used
from dmtx.model import (
    Beyond,
    Drug,
    Fact,
    Knowledge,
    Note,
    OtherName,
    Question,
    QuizItem,
    Situation,
    Source,
    Topic,
    audience,
)
from dmtx.review import Reviewed

if TYPE_CHECKING:  # sqlite3 and the index code load only when a search runs
    pass

_STATUS_WORDS = {
    "current": "still sold, as we checked in 2026",
    "ending": "being taken off the market",
    "discontinued": "no longer sold",
    "unknown": "we have not checked whether it is still sold",
}
_STATUS_ORDER = {"current": 0, "ending": 1, None: 2, "unknown": 3, "discontinued": 4}
_KIND_WORDS = {
    "brand": "a brand name",
    "spelling": "another spelling",
    "abbreviation": "a short form",
    "other": "another name",
    "typo": "a typo on the page",
}
NOT_ON_PAGE = "Beyond the 2014 page: the editors added this, with sources."
SOURCES_LINE = "Numbers in [ ] are sources: dmtx references"
TOP_LINE = 'To put a question first on your checklist: dmtx checklist --top "a few of its words"'
MEDLINEPLUS = "https://medlineplus.gov/"
BEYOND_HINT = "Not on the 2014 page: what a patient today should know. See: dmtx beyond"


def footer(knowledge: Knowledge, *parts: Reviewed) -> tuple[str, ...]:
    """The lines every medical screen ends with: the disclaimer, the source, and when its parts were reviewed.

    With no parts named, the screen speaks for the whole guide (references, kinds of visit).
    """
    whole = not parts
    status = review.status_of(parts or review.every_part(knowledge))
    return footer_lines(knowledge.meta.disclaimer, knowledge.meta.source, status, whole_guide=whole)


def footer_lines(
    disclaimer: str, source: Source, status: review.ReviewStatus | None = None, *, whole_guide: bool = False
) -> tuple[str, ...]:
    """The footer from its parts, for screens built without the whole knowledge (search)."""
    return (disclaimer, source.attribution(), *review.footer_lines(status, whole_guide=whole_guide))


def welcome(knowledge: Knowledge) -> Document:
    """The screen shown by `dmtx` with no command."""
    return Document(
        title=knowledge.meta.title,
        blocks=(
            Paragraph(knowledge.meta.about),
            *_aims(knowledge),
            Heading("The six treatment points"),
            _topic_list(knowledge, with_summary=False),
            *_beyond_pointer(knowledge),
            Heading("Try"),
            Items(
                (
                    Item("read point 1 in full", "dmtx topic 1"),
                    Item("look up a drug by any name", "dmtx drug Imuran"),
                    Item("what the 2014 page leaves out", "dmtx beyond"),
                    Item("print questions for your visit", "dmtx checklist"),
                )
            ),
            Paragraph("Add --help after any command to learn more.", "muted"),
        ),
        footer=footer(knowledge, *knowledge.topics, *knowledge.beyond),
    )


def _aims(knowledge: Knowledge) -> list[Block]:
    return [Paragraph(knowledge.meta.page_aims)] if knowledge.meta.page_aims else []


def _beyond_pointer(knowledge: Knowledge) -> list[Block]:
    if not knowledge.beyond:
        return []
    titles = tuple(Item(f"{b.title} ({b.id})", f"{b.since}") for b in knowledge.beyond)
    return [Heading("Not on the 2014 page"), Items(titles), Paragraph("Read one with: dmtx beyond ID", "muted")]


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
            *_aims(knowledge),
            _topic_list(knowledge, with_summary=True),
            Paragraph("Read one in full with: dmtx topic NUMBER", "muted"),
            *([Paragraph(BEYOND_HINT, "note")] if knowledge.beyond else []),
        ),
        footer=footer(knowledge, *knowledge.topics),
    )


def _notes(notes: tuple[Note, ...], heading: str) -> list[Block]:
    if not notes:
        return []
    items = tuple(Item(note_text(n)) for n in notes)
    return [Heading(heading), Items(items)]


def note_text(note: Note) -> str:
    """A note as shown to readers: its text and the sources it rests on."""
    return note.text + _ref_suffix(note.references)


def _ref_suffix(numbers: tuple[int, ...]) -> str:
    """Source numbers as a short tag ("[11, 25]"); the page's footer says where to read them."""
    return f" [{', '.join(str(n) for n in numbers)}]" if numbers else ""


def page_footer(knowledge: Knowledge, part: Reviewed, *, questions: bool = True, names: str = "") -> tuple[str, ...]:
    """A reading page's footer: where the sources are and how to use a question, then the usual lines.

    The hints live here, not in the text, so the page reads without commands (PEMAT item 2).
    `names` is a drug's id: its page says where every other name is listed in full.
    """
    sources = SOURCES_LINE + (f". Every name in full: dmtx drug {names} --names" if names else "")
    return (sources, *((TOP_LINE,) if questions else ()), *footer(knowledge, part))


SEE_NOTE_ABOVE = "See the editor's note above."


def fact_items(knowledge: Knowledge, facts: tuple[Fact, ...], notes: tuple[Note, ...] | None = None) -> Items:
    """The page's facts as bullets, each corrected one followed by its editor's note (no internal ids).

    A note correcting several facts is printed in full once; the later facts point back to it.
    """
    items: list[Item] = []
    shown: set[str] = set()
    for fact in facts:
        items.append(Item(fact.text))
        for note in knowledge.corrections_of([fact.id], notes):
            items.append(Item(SEE_NOTE_ABOVE if note.text in shown else note_text(note), "  !"))
            shown.add(note.text)
    return Items(tuple(items))


def topic(knowledge: Knowledge, point: Topic, *, note: str = "") -> Document:
    """One treatment point in full; `note` says why this point is shown when it was found by words."""
    blocks: list[Block] = [Paragraph(note, "note")] if note else []
    blocks += [
        Paragraph(f"In short: {point.summary}"),
        Heading("What the page says"),
        fact_items(knowledge, point.facts, point.notes),
    ]
    if point.drugs:
        blocks += [Heading("Drugs named"), Paragraph(", ".join(knowledge.drug(d).name for d in point.drugs))]
    if point.terms:
        meanings = tuple(Item(f"{knowledge.term(t).term}: {knowledge.term(t).definition}") for t in point.terms)
        blocks += [Heading("Words explained"), Items(meanings)]
    blocks += _notes(tuple(n for n in point.notes if not n.corrects), "Notes from the editors")
    blocks += [Heading("Questions to ask your doctor"), Items(tuple(_question_item(q) for q in point.questions))]
    if point.references:
        cited = tuple(Item(knowledge.reference(n).citation, f"[{n}]") for n in point.references)
        blocks += [Heading("The page cites"), Items(cited)]
    title = f"Point {point.number}: {point.title}"
    return Document(title=title, blocks=tuple(blocks), footer=page_footer(knowledge, point))


def _question_item(question: Question) -> Item:
    """A question as a bullet: no id on a reading page (`checklist --top` also takes a few of its words)."""
    patient = question.patient
    return Item(question.text + (f" ({audience(patient)})" if patient else ""))


def sold_first(names: tuple[OtherName, ...]) -> tuple[OtherName, ...]:
    """Other names, then brands known to be sold, then the rest, and the page's typos last (file order within each)."""
    return tuple(sorted(names, key=lambda o: _name_rank(o)))


def _name_rank(other: OtherName) -> int:
    if other.kind == "typo":
        return 9
    return _STATUS_ORDER.get(other.status, 2) if other.kind == "brand" else -1


def drugs(knowledge: Knowledge) -> Document:
    """All drugs, the page's first, with their class and best-known brands (those sold today first)."""
    # One pass over the points, not one per drug: a big file has thousands of both.
    named_in: dict[str, list[str]] = {}
    for point in knowledge.topics:
        for drug_id in dict.fromkeys(point.drugs):
            named_in.setdefault(drug_id, []).append(str(point.number))
    items = []
    for drug in knowledge.drugs:
        brands = [o.name for o in sold_first(drug.other_names) if o.kind == "brand"][:3]
        also = f"\nAlso: {', '.join(brands)}" if brands else ""
        points = ", ".join(named_in.get(drug.id, ()))
        where = f"In points: {points or 'none'}" if drug.on_page else "Not on the 2014 page"
        items.append(Item(f"{drug.name}: {drug.drug_class}{also}\n{where}", ""))
    return Document(
        title="Drugs",
        blocks=(Items(tuple(items)), Paragraph("More on one drug: dmtx drug NAME (brand names work too)", "muted")),
        footer=footer(knowledge, *knowledge.drugs),
    )


def _other_name_text(other: OtherName) -> str:
    details = [_KIND_WORDS.get(other.kind, "another name")]
    if other.country:
        details.append(other.country)
    if other.status:
        details.append(_STATUS_WORDS[other.status] + _ref_suffix(other.status_references))
    text = f"{other.name} ({'; '.join(details)})"
    return text + (f" - {other.note}" if other.note else "")


def _place(country: str) -> str:
    return f"the {country}" if country in ("US", "UK", "EU") else country


def matched_name_sentence(other: OtherName, item: Drug) -> str:
    """Which name was typed, said in plain words ('Trexall is a brand name in the US for methotrexate, ...')."""
    if other.kind == "typo":
        return f"{other.name} is a typo on the 2014 page. {other.note or ''} Showing {item.name}.".replace("  ", " ")
    country = f" in {_place(other.country)}" if other.country else ""
    status = f", {_STATUS_WORDS[other.status]}" if other.status else ""
    return f"{other.name} is {_KIND_WORDS.get(other.kind, 'another name')}{country} for {item.name}{status}."


def is_safety(note: Note) -> bool:
    """A safety note: what could harm, shown near the top of a drug's page."""
    return note.text.startswith("Safety note")


def drug(knowledge: Knowledge, match: DrugMatch) -> Document:
    """One drug, what matters first: a one-line summary, what it is, its safety notes, how it is taken;
    then what the page says, other notes, brands, questions, and the medical words on the page explained."""
    item: Drug = match.drug
    blocks: list[Block] = []
    if match.related:  # first: nothing below may read as if the typed drug were this one
        blocks.append(
            Paragraph(f"{match.related.name} is not {item.name}. {match.related.note}", "warning"),
        )
    if match.set_aside:
        warning = label_warning(match)
        blocks += [Paragraph(warning, "warning")] if warning else []
        showing = "" if match.related else f"Showing {item.name}. "
        blocks.append(Paragraph(f"{showing}dmtx does not check doses, so it leaves out {match.set_aside!r}."))
    if match.matched_name and not match.related:
        blocks.append(Paragraph(matched_name_sentence(match.matched_name, item), "note"))
    if not item.on_page:
        blocks.append(Paragraph(NOT_ON_PAGE, "note"))
    if item.summary:
        blocks.append(Paragraph(f"In short: {item.summary}"))
    blocks += [Heading("What it is"), Paragraph(item.drug_class)]
    safety = tuple(n for n in item.notes if is_safety(n))
    blocks += _notes(safety, "Safety notes")
    if item.taken:
        blocks += [Heading("How it is taken"), Paragraph(item.taken)]
    if item.card:
        blocks += [Heading(item.card.title), Paragraph("\n".join(item.card.lines))]
    points = knowledge.topics_mentioning(item.id)
    if points:
        blocks += [Heading("Named in"), Items(tuple(Item(p.title, f"topic {p.number}") for p in points))]
    blocks += [Heading("What the page says" if item.on_page else "The 2014 page"), Paragraph(item.source_says)]
    blocks += _notes(tuple(n for n in item.notes if not is_safety(n)), "More notes")
    if item.other_names:
        blocks += [Heading("Other names"), Items(_name_groups(item.other_names))]
    if item.related:
        blocks += [Heading("Not the same drug"), Items(tuple(Item(f"{r.name}: {r.note}") for r in item.related))]
    if item.questions:
        blocks += [Heading("Questions to ask your doctor"), Items(tuple(_question_item(q) for q in item.questions))]
    blocks += _words_block(knowledge, item)
    return Document(title=item.name, blocks=tuple(blocks), footer=page_footer(knowledge, item, names=item.id))


_GROUP_WORDS = {
    "brand": "Brand names",
    "spelling": "Other spellings",
    "abbreviation": "Short forms",
    "other": "Also called",
    "typo": "Typos on the 2014 page",
}


def _name_groups(names: tuple[OtherName, ...]) -> tuple[Item, ...]:
    """Other names on one line per kind, brands sold today first; the details are in `drug --names`."""
    groups: dict[str, list[str]] = {}
    for other in sold_first(names):
        groups.setdefault(other.kind, []).append(other.name)
    order = [kind for kind in _GROUP_WORDS if kind in groups] + [k for k in groups if k not in _GROUP_WORDS]
    return tuple(Item(f"{_GROUP_WORDS.get(kind, 'Also called')}: {', '.join(groups[kind])}") for kind in order)


def drug_names(knowledge: Knowledge, match: DrugMatch) -> Document:
    """Every other name of one drug in full: kind, country, whether it is still sold (with sources), notes."""
    item = match.drug
    names = tuple(Item(_other_name_text(o)) for o in sold_first(item.other_names))
    blocks: list[Block] = [Items(names)] if names else [Paragraph(f"{item.name} has no other names in this guide.")]
    footer_lines = page_footer(knowledge, item, questions=False)
    return Document(title=f"Names of {item.name}", blocks=tuple(blocks), footer=footer_lines)


def _words_block(knowledge: Knowledge, item: Drug) -> list[Block]:
    """The medical words the drug's page uses, each with its plain meaning (PEMAT: terms defined where used)."""
    texts = [item.summary or "", item.drug_class, item.taken or "", item.source_says]
    texts += [n.text for n in item.notes] + [r.note for r in item.related] + [q.text for q in item.questions]
    words = words_used(knowledge, [t for t in texts if t])
    for _ in range(2):  # a meaning may use another medical word ("in diseases like DM"): explain it too
        more = words_used(knowledge, [t for t in texts if t] + [meaning for _, meaning in words])
        if more == words:
            break
        words = more
    if not words:
        return []
    return [Heading("Words on this page"), Items(tuple(Item(f"{word}: {meaning}") for word, meaning in words))]


def terms(knowledge: Knowledge) -> Document:
    """The glossary, one line per word."""
    items = tuple(Item(f"{t.term}: {first_sentence(t.definition)}") for t in knowledge.terms)
    return Document(
        title="Words explained",
        blocks=(Items(items), Paragraph("More on one word: dmtx term WORD", "muted")),
        footer=footer(knowledge, *knowledge.terms),
    )


def term(knowledge: Knowledge, match: TermMatch) -> Document:
    """One glossary entry in full."""
    entry = match.term
    blocks: list[Block] = []
    if match.matched_alias:
        blocks.append(Paragraph(f"Showing {entry.term} for '{match.matched_alias}'.", "note"))
    if not entry.on_page:
        blocks.append(Paragraph(NOT_ON_PAGE, "warning"))
    blocks.append(Paragraph(entry.definition + _ref_suffix(entry.references)))
    if entry.note:
        blocks += [Heading("Editor's note"), Paragraph(entry.note + _ref_suffix(entry.note_references))]
    if entry.aliases:
        blocks += [Heading("Also called"), Paragraph(", ".join(entry.aliases))]
    if entry.see_also:
        blocks += [Heading("See also"), Paragraph(", ".join(knowledge.term(t).term for t in entry.see_also))]
    used_in = [p for p in knowledge.topics if entry.id in p.terms]
    if used_in:
        blocks += [Heading("Used in"), Items(tuple(Item(p.title, f"topic {p.number}") for p in used_in))]
    return Document(title=entry.term, blocks=tuple(blocks), footer=page_footer(knowledge, entry, questions=False))


def references(knowledge: Knowledge) -> Document:
    """The page's numbered references with notes, then later sources dmtx cites."""
    blocks: list[Block] = []
    for heading, in_source in (("References on the page", True), ("Later sources cited by dmtx", False)):
        refs = [r for r in knowledge.references if r.in_source is in_source]
        if refs:
            items = []
            for ref in refs:
                text = ref.citation + (f"\n{ref.url}" if ref.url else "") + (f"\nNote: {ref.note}" if ref.note else "")
                if not ref.verified:
                    text += "\nNot checked again by the editors in 2026."
                items.append(Item(text, f"[{ref.number}]"))
            blocks += [Heading(heading), Items(tuple(items))]
    return Document(title="References", blocks=tuple(blocks), footer=footer(knowledge))


def quiz_answer_sheet(knowledge: Knowledge, items: Sequence[QuizItem], *, order: str) -> Document:
    """Every question with its choices, the right answer and why: for the teacher."""
    from dmtx.document.quiz import answer_letter, lettered

    count = f"{len(items)} question{'s' if len(items) != 1 else ''}"
    blocks: list[Block] = [Paragraph(f"For the teacher: {count} with answers. Order: {order}.", "muted")]
    for number, item in enumerate(items, 1):
        right = answer_letter(item)
        choices = tuple(Item(choice, f"{mark}.", marked=mark == right) for mark, choice in lettered(item))
        blocks += [
            Heading(f"{number}. {item.question}"),
            Items(choices),
            Paragraph(f"Answer: {right}. {item.answer}"),
            Paragraph(f"Why: {item.explanation} (more: point {item.topic} of the guide)", "muted"),
        ]
    shown = {item.topic for item in items}
    points = [p for p in knowledge.topics if p.number in shown]
    return Document(title="Quiz answer sheet", blocks=tuple(blocks), footer=footer(knowledge, *points))


def beyond_list(knowledge: Knowledge) -> Document:
    """Everything the 2014 page leaves out, one line each, dated."""
    items = tuple(Item(f"{b.title} ({b.id})\n{first_sentence(b.summary)}", b.since) for b in knowledge.beyond)
    return Document(
        title="Not on the 2014 page",
        blocks=(
            Paragraph(
                "The page is from 2014. These are things a patient today should know that it leaves out. "
                "Each is dated and has its own sources.",
            ),
            Items(items),
            Paragraph("Read one in full with: dmtx beyond ID", "muted"),
        ),
        footer=footer(knowledge, *knowledge.beyond),
    )


def beyond(knowledge: Knowledge, entry: Beyond) -> Document:
    """One beyond-the-page entry: summary, its dated sources, drugs and questions."""
    blocks: list[Block] = [
        Paragraph(f"Beyond the 2014 page: known since {entry.since}.", "note"),
        Paragraph(entry.summary),
    ]
    if entry.unverified:
        blocks.append(Paragraph(f"Not checked: {entry.unverified}", "warning"))
    if entry.drugs:
        blocks += [Heading("Drugs"), Paragraph(", ".join(knowledge.drug(d).name for d in entry.drugs))]
    blocks += [
        Heading("Questions to ask your doctor"),
        Items(tuple(_question_item(q) for q in entry.questions)),
        Heading("Sources"),
        Items(tuple(_dated_citation(knowledge, n) for n in entry.references)),
    ]
    return Document(title=entry.title, blocks=tuple(blocks), footer=page_footer(knowledge, entry))


def _dated_citation(knowledge: Knowledge, number: int) -> Item:
    ref = knowledge.reference(number)
    return Item(ref.citation + (f"\n{ref.url}" if ref.url else ""), f"[{number}]")


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


def about(knowledge: Knowledge) -> Document:
    """Who wrote and checked the guide and how, what it rests on, money, updates, errors (`dmtx about`)."""
    meta = knowledge.meta
    blocks: list[Block] = [Paragraph(meta.about)]
    parts = review.every_part(knowledge)
    status = review.status_of(parts)
    if status is not None:
        checked = (
            f"Every part of this guide has review dates. The oldest check was in {review.month(status.reviewed)}. "
            f"The next checks are due by {review.month(status.due)}."
        )
        blocks += [Heading("When it was checked"), Paragraph(checked)]
        late = review.overdue(knowledge)
        if late:
            blocks += [
                Paragraph("These parts are late for their next check, so they may be out of date:", "warning"),
                Items(tuple(Item(f"{name} (due {review.long_date(due)})") for name, due in late)),
            ]
    for section in meta.trust:
        blocks += [Heading(section.heading), Paragraph(section.text)]
    if not meta.trust:
        blocks.append(Paragraph("This knowledge file does not say who wrote or checked it.", "warning"))
    return Document(title="About this guide", blocks=tuple(blocks), footer=footer(knowledge))
