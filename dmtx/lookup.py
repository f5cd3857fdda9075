"""Finding things by the names people type: topics, drugs, terms, and free-text search."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from typing import NamedTuple, TypeVar

from dmtx.errors import NotFound, UsageProblem
from dmtx.model import Drug, Knowledge, OtherName, Question, Related, Situation, Term, Topic

MAX_QUERY_CHARS = 200
_DROPPED = {"\u00ae", "\u2122", "\u00a9", "\u2120"}  # ® ™ © ℠
Match = TypeVar("Match")
_SEPARATORS = re.compile(r"[\s\-_/.,;:'\u2019\u2018\"()]+")


def fold_char(char: str) -> str:
    """One character folded for matching: accents off, case folded, marks dropped."""
    if char in _DROPPED:
        return ""
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def normalize(text: str) -> str:
    """A name as matching sees it: case-, accent- and punctuation-insensitive."""
    folded = text.lower() if text.isascii() else "".join(fold_char(c) for c in text)
    folded = re.sub(r"\((r|tm)\)", " ", folded)
    return _SEPARATORS.sub(" ", folded).strip()


def check_query(text: str, what: str) -> str:
    """Reject empty or absurdly long input with a usage problem; return it stripped."""
    stripped = text.strip()
    if not stripped or not normalize(stripped):
        raise UsageProblem(f"Please give a {what}; it was empty.")
    if len(stripped) > MAX_QUERY_CHARS:
        raise UsageProblem(f"That {what} is too long ({len(stripped)} characters; the limit is {MAX_QUERY_CHARS}).")
    return stripped


# --------------------------------------------------------------------------- topics


def find_topic(knowledge: Knowledge, query: str) -> Topic:
    """A treatment point by number (1-6) or slug, case-insensitive."""
    wanted = check_query(query, "topic number or name")
    key = normalize(wanted).replace(" ", "-")
    for point in knowledge.topics:
        if key in (str(point.number), point.slug):
            return point
    choices = {p.slug: (p.slug, p.slug) for p in knowledge.topics}
    raise NotFound(f"There is no topic {wanted!r}.", _close(key, choices))


# --------------------------------------------------------------------------- situations and questions


def find_situation(knowledge: Knowledge, query: str) -> Situation:
    """A kind of visit by its id (e.g. 'flare'), case-insensitive; NotFound with suggestions."""
    wanted = check_query(query, "situation")
    key = normalize(wanted).replace(" ", "-")
    for situation in knowledge.situations:
        if key == situation.id.casefold():
            return situation
    choices = {s.id: (s.id, s.id) for s in knowledge.situations}
    raise NotFound(f"There is no situation {wanted!r} (see: dmtx checklist --situations).", _close(key, choices))


def find_question(knowledge: Knowledge, query: str) -> Question:
    """A question to ask by its id (e.g. 'p1-q3'), case-insensitive; NotFound with suggestions."""
    wanted = check_query(query, "question id")
    key = wanted.casefold()
    questions = [q for p in knowledge.topics for q in p.questions] + [q for d in knowledge.drugs for q in d.questions]
    for question in questions:
        if key == question.id.casefold():
            return question
    choices = {q.id.casefold(): (q.id, q.id) for q in questions}
    raise NotFound(f"There is no question with the id {wanted!r}.", _close(key, choices))


# --------------------------------------------------------------------------- drugs


def find_topics(knowledge: Knowledge, queries: Sequence[str]) -> tuple[Topic, ...]:
    """The topics named, in the order given, each once; every topic when none is named."""
    if not queries:
        return knowledge.topics
    return tuple(dict.fromkeys(find_topic(knowledge, q) for q in queries))


class DrugMatch(NamedTuple):
    """A drug found by some name; says which other name or related drug matched."""

    drug: Drug
    matched_name: OtherName | None = None
    related: Related | None = None


def _name_variants(name: str) -> Iterator[str]:
    """A name as typed in full, without its bracketed part, and the bracketed part alone."""
    yield name
    yield re.sub(r"\(.*?\)", "", name)
    yield from re.findall(r"\((.*?)\)", name)


def _drug_keys(drug: Drug) -> Iterator[tuple[str, DrugMatch]]:
    plain = DrugMatch(drug)
    for name in (drug.id, *_name_variants(drug.name)):
        yield normalize(name), plain
    for other in drug.other_names:
        yield normalize(other.name), DrugMatch(drug, matched_name=other)
    for related in drug.related:
        yield normalize(related.name), DrugMatch(drug, related=related)


def drug_index(knowledge: Knowledge) -> dict[str, DrugMatch]:
    """Every name a drug may be typed as, normalised, to what it means."""
    index: dict[str, DrugMatch] = {}
    for drug in knowledge.drugs:
        for key, match in _drug_keys(drug):
            if key:
                index.setdefault(key, match)
    return index


def find_drug(knowledge: Knowledge, query: str) -> DrugMatch:
    """A drug by generic name, brand, other spelling or abbreviation; NotFound with suggestions."""
    wanted = check_query(query, "drug name")
    message = f"No drug called {wanted!r} is in the knowledge file."
    return _resolve(drug_index(knowledge), wanted, lambda m: (m.drug.id, _drug_display(m)), message)


def _drug_display(match: DrugMatch) -> str:
    if match.matched_name:
        return match.matched_name.name
    if match.related:
        return match.related.name
    return match.drug.name


# --------------------------------------------------------------------------- terms


class TermMatch(NamedTuple):
    """A glossary term found by its name or one of its aliases."""

    term: Term
    matched_alias: str | None = None


def term_index(knowledge: Knowledge) -> dict[str, TermMatch]:
    """Every name a term may be typed as, normalised."""
    index: dict[str, TermMatch] = {}
    for term in knowledge.terms:
        for name in (term.id, *_name_variants(term.term)):
            if normalize(name):
                index.setdefault(normalize(name), TermMatch(term))
        for alias in term.aliases:
            index.setdefault(normalize(alias), TermMatch(term, matched_alias=alias))
    return index


def find_term(knowledge: Knowledge, query: str) -> TermMatch:
    """A glossary term by name or alias; NotFound with suggestions."""
    wanted = check_query(query, "word")
    message = f"The word {wanted!r} is not in the glossary."
    return _resolve(term_index(knowledge), wanted, lambda m: (m.term.id, m.matched_alias or m.term.term), message)


def _resolve(index: dict[str, Match], wanted: str, describe: Callable[[Match], tuple[str, str]], message: str) -> Match:
    """The entry for the typed name, or NotFound naming up to three close names."""
    key = normalize(wanted)
    if key in index:
        return index[key]
    raise NotFound(message, _close(key, {k: describe(m) for k, m in index.items()}))


def _close(key: str, candidates: dict[str, tuple[str, str]]) -> tuple[str, ...]:
    """Up to three names close to key, one per thing they name; candidates map key -> (thing, name)."""
    import difflib

    found = difflib.get_close_matches(key, list(candidates), n=6, cutoff=0.6)
    if len(key) >= 3:
        found += [c for c in candidates if c.startswith(key) and c not in found]
    names: dict[str, str] = {}
    for candidate in found:
        thing, name = candidates[candidate]
        names.setdefault(thing, name)
    return tuple(names.values())[:3]


# --------------------------------------------------------------------------- search


class Hit(NamedTuple):
    """One text that matched a search, where it lives, and the spans to highlight."""

    where: str
    field: str
    text: str
    spans: tuple[tuple[int, int], ...]


def _searchable(knowledge: Knowledge) -> Iterator[tuple[str, str, str]]:
    for point in knowledge.topics:
        where = f"topic {point.number}"
        yield where, "title", point.title
        yield where, "summary", point.summary
        for fact in point.facts:
            yield where, f"fact {fact.id}", fact.text
        for note in point.notes:
            yield where, "editor's note", note.text
        for question in point.questions:
            yield where, "question", question.text
    for drug in knowledge.drugs:
        where = f"drug {drug.id}"
        names = ", ".join([drug.name, *(o.name for o in drug.other_names)])
        yield where, "names", names
        yield where, "class", drug.drug_class
        yield where, "the page says", drug.source_says
        for note in drug.notes:
            yield where, "note", note.text
        for question in drug.questions:
            yield where, "question", question.text
    for term in knowledge.terms:
        where = f"term {term.id}"
        yield where, "term", ", ".join([term.term, *term.aliases])
        yield where, "meaning", term.definition
        if term.note:
            yield where, "note", term.note


def fold_text(text: str) -> tuple[str, list[int] | None]:
    """The folded text, and for each folded character the index of its source character.

    ASCII text (nearly all of it) folds to itself lowercased, position for position,
    so no position list is needed; this keeps search linear and cheap on big files.
    """
    if text.isascii():
        return text.lower(), None
    folded: list[str] = []
    positions: list[int] = []
    for index, char in enumerate(text):
        for piece in fold_char(char):
            folded.append(piece)
            positions.append(index)
    return "".join(folded), positions


def _spans(folded: str, positions: list[int] | None, words: list[str]) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    for word in words:
        start = folded.find(word)
        while start >= 0:
            end = start + len(word)
            spans.append((start, end) if positions is None else (positions[start], positions[end - 1] + 1))
            start = folded.find(word, end)
    return tuple(sorted(spans))


def search(knowledge: Knowledge, query: str) -> tuple[Hit, ...]:
    """Every text holding all words of the query; NotFound when none does."""
    wanted = check_query(query, "search text")
    words = [w for w in normalize(wanted).split(" ") if w]
    hits = []
    for where, field_name, text in _searchable(knowledge):
        folded, positions = fold_text(text)
        if all(word in folded for word in words):
            hits.append(Hit(where, field_name, text, _spans(folded, positions, words)))
    if not hits:
        raise NotFound(f"Nothing matches {wanted!r}.", ())
    return tuple(hits)
