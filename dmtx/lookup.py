"""Finding things by the names people type: topics, drugs, terms, and free-text search."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import NamedTuple

from dmtx.errors import NotFound, UsageProblem
from dmtx.knowledge import Drug, Knowledge, OtherName, Point, Related, Term

MAX_QUERY_CHARS = 200
_DROPPED = {"\u00ae", "\u2122", "\u00a9", "\u2120"}  # ® ™ © ℠
_SEPARATORS = re.compile(r"[\s\-_/.,;:'\u2019\u2018\"()]+")


def fold_char(char: str) -> str:
    """One character folded for matching: accents off, case folded, marks dropped."""
    if char in _DROPPED:
        return ""
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def normalize(text: str) -> str:
    """A name as matching sees it: case-, accent- and punctuation-insensitive."""
    folded = "".join(fold_char(c) for c in text)
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


def find_point(knowledge: Knowledge, query: str) -> Point:
    """A treatment point by number (1-6) or slug, case-insensitive."""
    wanted = check_query(query, "topic number or name")
    key = normalize(wanted).replace(" ", "-")
    for point in knowledge.points:
        if key in (str(point.number), point.slug):
            return point
    choices = {p.slug: (p.slug, p.slug) for p in knowledge.points}
    raise NotFound(f"There is no topic {wanted!r}.", _close(key, choices))


# --------------------------------------------------------------------------- drugs


class DrugMatch(NamedTuple):
    """A drug found by some name; says which other name or related drug matched."""

    drug: Drug
    matched_name: OtherName | None = None
    related: Related | None = None


def _drug_keys(drug: Drug) -> Iterator[tuple[str, DrugMatch]]:
    plain = DrugMatch(drug)
    yield normalize(drug.id), plain
    yield normalize(drug.name), plain
    without_brackets = re.sub(r"\(.*?\)", "", drug.name)
    yield normalize(without_brackets), plain
    for bracketed in re.findall(r"\((.*?)\)", drug.name):
        yield normalize(bracketed), plain
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
    index = drug_index(knowledge)
    key = normalize(wanted)
    if key in index:
        return index[key]
    display = {k: (m.drug.id, _drug_display(m)) for k, m in index.items()}
    raise NotFound(f"No drug called {wanted!r} is in the knowledge file.", _close(key, display))


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
        for key in (term.id, term.term, re.sub(r"\(.*?\)", "", term.term), *re.findall(r"\((.*?)\)", term.term)):
            if normalize(key):
                index.setdefault(normalize(key), TermMatch(term))
        for alias in term.aliases:
            index.setdefault(normalize(alias), TermMatch(term, matched_alias=alias))
    return index


def find_term(knowledge: Knowledge, query: str) -> TermMatch:
    """A glossary term by name or alias; NotFound with suggestions."""
    wanted = check_query(query, "word")
    index = term_index(knowledge)
    key = normalize(wanted)
    if key in index:
        return index[key]
    display = {k: (m.term.id, m.matched_alias or m.term.term) for k, m in index.items()}
    raise NotFound(f"The word {wanted!r} is not in the glossary.", _close(key, display))


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
    for point in knowledge.points:
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


def _folded_with_positions(text: str) -> tuple[str, list[int]]:
    """The folded text, and for each folded character the index of its source character."""
    folded: list[str] = []
    positions: list[int] = []
    for index, char in enumerate(text):
        for piece in fold_char(char):
            folded.append(piece)
            positions.append(index)
    return "".join(folded), positions


def _spans(text: str, words: list[str]) -> tuple[tuple[int, int], ...] | None:
    folded, positions = _folded_with_positions(text)
    spans: list[tuple[int, int]] = []
    for word in words:
        start = folded.find(word)
        if start < 0:
            return None
        while start >= 0:
            end = start + len(word)
            spans.append((positions[start], positions[end - 1] + 1))
            start = folded.find(word, end)
    return tuple(sorted(spans))


def search(knowledge: Knowledge, query: str) -> tuple[Hit, ...]:
    """Every text holding all words of the query; NotFound when none does."""
    wanted = check_query(query, "search text")
    words = [w for w in normalize(wanted).split(" ") if w]
    hits = []
    for where, field_name, text in _searchable(knowledge):
        spans = _spans(text, words)
        if spans is not None:
            hits.append(Hit(where, field_name, text, spans))
    if not hits:
        raise NotFound(f"Nothing matches {wanted!r}.", ())
    return tuple(hits)
