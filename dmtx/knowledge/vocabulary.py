"""The patient vocabulary's links: every everyday word leads to a real place that holds the guide's words.

An entry of `vocabulary:` says that people type `words` for what the guide calls `means`,
and that `place` answers it. Judged here: the place exists, each of the guide's words is
written in that place (whole words, any case), each everyday word is one word that no
other entry claims, and it is not already one of the guide's words for the same thing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from dmtx.knowledge.shape import Checker, entries, values

# The fields whose text search reads; ids, numbers and references are not words of the guide.
_TEXT_KEYS = frozenset(
    ["title", "summary", "text", "name", "drug_class", "source_says", "note", "term", "aliases", "definition"]
)
_PLACES = {"topic": ("points", "number"), "drug": ("drugs", "id"), "term": ("terms", "id"), "beyond": ("beyond", "id")}
_WORD = re.compile(r"[^\W_]+")


def words_of(text: str) -> list[str]:
    """A text's words as search reads them: letters and digits, folded."""
    return _WORD.findall(text.casefold())


def place_entry(doc: dict[str, Any], place: str) -> dict[str, Any] | None:
    """The entry a place names ("topic:3", "drug:prednisone"), or None when there is none."""
    kind, _, key = place.partition(":")
    if kind not in _PLACES or not key:
        return None
    section, field = _PLACES[kind]
    for _, entry in entries(doc, section):
        if str(entry.get(field)) == key:
            return entry
    return None


def _texts(value: Any, keep: bool = False) -> Iterator[str]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _texts(inner, key in _TEXT_KEYS)
    elif isinstance(value, list):
        for inner in value:
            yield from _texts(inner, keep)
    elif keep and isinstance(value, str):
        yield value


def holds(entry: dict[str, Any], phrase: str) -> bool:
    """True when the phrase's words stand together, in order, in one text of the entry."""
    wanted = " ".join(words_of(phrase))
    return bool(wanted) and any(f" {wanted} " in f" {' '.join(words_of(t))} " for t in _texts(entry))


def check_vocabulary(doc: dict[str, Any], checker: Checker) -> None:
    """Every vocabulary entry resolves: a real place, the guide's words in it, one-word everyday words used once."""
    claimed: dict[str, int] = {}
    for i, item in entries(doc, "vocabulary"):
        path = ("vocabulary", i)
        entry = place_entry(doc, item["place"]) if "place" in item else None
        if "place" in item and entry is None:
            checker.problem(
                (*path, "place"), f"no place {item['place']!r} (write topic:N, drug:ID, term:ID or beyond:ID)"
            )
        means = {" ".join(words_of(m)) for _, m in values(item, "means")}
        for j, phrase in values(item, "means"):
            if entry is not None and not holds(entry, phrase):
                checker.problem((*path, "means", j), f"{phrase!r} is not written in {item['place']}")
        for j, word in values(item, "words"):
            folded = words_of(word)
            if len(folded) != 1:
                checker.problem((*path, "words", j), f"{word!r} must be one word (a query is read word by word)")
                continue
            if folded[0] in means:
                checker.problem((*path, "words", j), f"{word!r} is already one of the guide's words here")
            elif folded[0] in claimed and claimed[folded[0]] != i:
                checker.problem((*path, "words", j), f"{word!r} is also in vocabulary entry {claimed[folded[0]] + 1}")
            claimed.setdefault(folded[0], i)
