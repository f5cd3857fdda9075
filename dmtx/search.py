"""Searching the index: the words of a question, the places that hold them best first, one snippet each.

The index itself (what is indexed, how it is built and kept) is dmtx.searchindex.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import NamedTuple

from dmtx.errors import NotFound, UsageProblem
from dmtx.model import Source
from dmtx.searchindex import (
    _CLOSE,
    _OPEN,
    _WORD,
    EVERYDAY_WORDS,
    WEIGHTS,
    open_index,
    query_words,
)

MAX_QUERY_CHARS = 200
DEFAULT_LIMIT = 5
SNIPPET_CHARS = 110


class Found(NamedTuple):
    """One place that matched: where, its title, and its best text cut to one snippet."""

    place: str
    title: str
    field: str
    snippet: str
    spans: tuple[tuple[int, int], ...]
    notes: tuple[str, ...] = ()
    """The corrections of every text of this place that matched, each once."""


class SearchResults(NamedTuple):
    """The places that matched, best first, how many there are in all, and the page's footer."""

    query: str
    words: tuple[str, ...]
    found: tuple[Found, ...]
    total: int
    disclaimer: str
    source: Source
    reviewed: str = ""
    """The oldest review date of any part of the guide ("" when unknown), and the earliest next review."""
    due: str = ""


# --------------------------------------------------------------------------- querying


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def fts_query(db: sqlite3.Connection, words: tuple[str, ...], *, every: bool) -> str:
    """An FTS5 query in which every word, or another name for it, is a quoted string: all words (AND) or any (OR)."""
    groups = []
    for word in words:
        others = [row[0] for row in db.execute("SELECT other FROM alias WHERE word = ? ORDER BY other", (word,))]
        choices = [_quoted(w) for w in (word, *others)]
        groups.append(f"({' OR '.join(choices)})" if others else choices[0])
    return (" AND " if every else " OR ").join(groups)


def search(db: sqlite3.Connection, query: str, *, limit: int | None = DEFAULT_LIMIT) -> SearchResults:
    """The places holding every word of the query, best first; NotFound when there is none."""
    wanted = _check(query)
    words = query_words(wanted)
    if not words:
        raise NotFound(
            f"Only very common words were given in {wanted!r}.",
            hint="Try a word that matters, such as a drug or a symptom, or see: dmtx terms, dmtx drugs",
        )
    ranked = _ranked(db, words)
    if not ranked:
        raise NotFound(
            f"Nothing matches {wanted!r}.",
            hint="Try fewer words, or look through the lists: dmtx terms, dmtx drugs",
        )
    chosen = ranked if limit is None else ranked[:limit]
    found = _snippets(db, chosen, words)
    info = dict(db.execute("SELECT name, value FROM info").fetchall())
    source = Source(info["source_title"], info["source_site"], info["source_last_modified"])
    reviews = (info.get("reviewed", ""), info.get("next_review", ""))
    return SearchResults(wanted, words, found, len(ranked), info["disclaimer"], source, *reviews)


def _ranked(db: sqlite3.Connection, words: tuple[str, ...]) -> list[int]:
    """The ids of the places holding every word (or another name for it), best first.

    Which places match counts other names; how well they match counts only the words
    typed, so that a word with many other names does not outweigh the rest.
    """
    weights = ", ".join(str(w) for w in WEIGHTS.values())
    expanded = fts_query(db, words, every=True)
    plain = " AND ".join(_quoted(EVERYDAY_WORDS.get(w, w)) for w in words)
    if expanded == plain:
        scored = db.execute(f"SELECT rowid, bm25(places, {weights}) FROM places WHERE places MATCH ?", (plain,))
        scores = dict(scored.fetchall())
        matching = list(scores)
    else:
        matching = [row[0] for row in db.execute("SELECT rowid FROM places WHERE places MATCH ?", (expanded,))]
        if not matching:
            return []
        typed = " OR ".join(_quoted(EVERYDAY_WORDS.get(w, w)) for w in words)
        scored = db.execute(f"SELECT rowid, bm25(places, {weights}) FROM places WHERE places MATCH ?", (typed,))
        scores = dict(scored.fetchall())
    # A query that is exactly the name of a place puts it first (topics before drugs before terms:
    # place ids follow the file's sections).
    named = {row[0] for row in db.execute("SELECT place_id FROM name WHERE key = ?", (" ".join(words),))}
    # Then the places whose own title or names hold every word: "drugs that calm the immune system"
    # is the title of a topic, and a long topic must not lose to a short entry that only mentions it.
    titled = {row[0] for row in db.execute("SELECT rowid FROM places WHERE places MATCH ?", (_in_names(expanded),))}
    return sorted(
        matching,
        key=lambda place_id: (
            (0, place_id, 0.0)
            if place_id in named
            else (1 if place_id in titled else 2, 0, scores.get(place_id, 0.0) + place_id * 1e-9)
        ),
    )


def _in_names(query: str) -> str:
    """The FTS5 query limited to the columns that name a place: its title and its other names."""
    return f"{{{' '.join(list(WEIGHTS)[:2])}}} : ({query})"


def _check(query: str) -> str:
    stripped = query.strip()
    if not stripped:
        raise UsageProblem("Please give a search text; it was empty.")
    if not _WORD.search(stripped):
        raise UsageProblem("Please give a search text with at least one word in it (letters or numbers).")
    if len(stripped) > MAX_QUERY_CHARS:
        raise UsageProblem(
            f"That search text is too long ({len(stripped)} characters; the limit is {MAX_QUERY_CHARS})."
        )
    return stripped


def _snippets(db: sqlite3.Connection, place_ids: list[int], words: tuple[str, ...]) -> tuple[Found, ...]:
    """For each place, its text that holds the most query words (heavier fields first), marked.

    An editor's or safety note is shown whole, and the corrections of every text of the
    place that matched are shown beside it, not only the one of the text shown.
    """
    marks = ", ".join("?" * len(place_ids))
    places = {
        row[0]: row[1:]
        for row in db.execute(
            f"SELECT id, place, title, first_part, last_part FROM place WHERE id IN ({marks})", place_ids
        )
    }
    anywhere = fts_query(db, words, every=False)
    rows = []
    for place_id in place_ids:
        first, last = places[place_id][2:]
        rows += db.execute(
            "SELECT place_id, field, weight, highlight(parts, 0, ?, ?), note, whole FROM parts "
            "WHERE parts MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rowid",
            (_OPEN, _CLOSE, anywhere, first, last),
        ).fetchall()
    # The title is already the heading of each result: any other text that matches says more.
    order = [*list(WEIGHTS)[1:], "title"]
    best: dict[int, tuple[tuple[int, int], str, str, bool]] = {}
    notes: dict[int, dict[str, None]] = {}
    for place_id, field, weight, marked, note, whole in rows:
        hits = len({m.casefold() for m in re.findall(f"{_OPEN}(.*?){_CLOSE}", marked)})
        rank = (-hits, order.index(weight))
        if place_id not in best or rank < best[place_id][0]:
            best[place_id] = (rank, field, marked, bool(whole))
        for line in note.splitlines():
            notes.setdefault(place_id, {})[line] = None
    found = []
    for place_id in place_ids:
        place, title = places[place_id][:2]
        _, field, marked, whole = best.get(place_id, ((0, 0), "", "", False))
        snippet, spans = one_line(marked, width=None if whole else SNIPPET_CHARS)
        beside = tuple(n for n in notes.get(place_id, {}) if " ".join(n.split()) != snippet)
        found.append(Found(place, title, field, snippet, spans, beside))
    return tuple(found)


def one_line(marked: str, width: int | None = SNIPPET_CHARS) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A text with marked words, cut to about `width` characters (None: never) around the first mark, and its spans."""
    text, spans = _unmark(" ".join(marked.split()))
    if width is None or len(text) <= width:
        return text, spans
    first = spans[0][0] if spans else 0
    start = 0 if first < width // 3 else text.rfind(" ", 0, first - width // 4) + 1
    end = text.rfind(" ", start, start + width)
    end = len(text) if start + width >= len(text) else (end if end > first else start + width)
    prefix, suffix = ("..." if start > 0 else ""), ("..." if end < len(text) else "")
    shift = len(prefix) - start
    kept = tuple((a + shift, b + shift) for a, b in spans if a >= start and b <= end)
    return prefix + text[start:end] + suffix, kept


def _unmark(marked: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    length, opened = 0, -1
    for piece in re.split(f"([{_OPEN}{_CLOSE}])", marked):
        if piece == _OPEN:
            opened = length
        elif piece == _CLOSE:
            if opened >= 0 and length > opened:
                spans.append((opened, length))
            opened = -1
        else:
            out.append(piece)
            length += len(piece)
    return "".join(out), tuple(spans)


def search_file(path: Path, query: str, *, limit: int | None = DEFAULT_LIMIT) -> SearchResults:
    """Search the knowledge file at path (its index is opened or built first)."""
    _check(query)
    db = open_index(path)
    try:
        return search(db, query, limit=limit)
    finally:
        db.close()


def best_topic(path: Path, text: str) -> int | None:
    """The number of the topic that best matches these words, or None."""
    words = query_words(text)
    if not words:
        return None
    db = open_index(path)
    try:
        weights = ", ".join(str(w) for w in WEIGHTS.values())
        row = db.execute(
            f"SELECT place.place FROM places JOIN place ON place.id = places.rowid "
            f"WHERE places MATCH ? AND place.place LIKE 'topic %' ORDER BY bm25(places, {weights}) LIMIT 1",
            (fts_query(db, words, every=True),),
        ).fetchone()
    finally:
        db.close()
    return int(row[0].split()[1]) if row else None
