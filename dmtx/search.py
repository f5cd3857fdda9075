"""Searching the index: the words of a question, the places that hold them best first, one snippet each.

The index itself (what is indexed, how it is built and kept) is dmtx.searchindex.
"""

from __future__ import annotations

import math
import os
import re
import sqlite3
from typing import NamedTuple

from dmtx.errors import NotFound, UsageProblem
from dmtx.lookup import MAX_EDITS
from dmtx.model import Source
from dmtx.searchindex import (
    _CLOSE,
    _OPEN,
    _WORD,
    FILLER_WORDS,
    RELATED_FIELD,
    STOP_WORDS,
    WEIGHTS,
    open_index,
    query_words,
    related_name,
)
from dmtx.searchspell import FORM_LETTERS, same_word, typing_slip

MAX_QUERY_CHARS = 200
DEFAULT_LIMIT = 5
SNIPPET_CHARS = 110


# A word in more than this share of the places is very common ("dermatomyositis"): it never shows a place alone.
COMMON_SHARE = 0.3
# Words that ask how often or when a drug is taken.
SCHEDULE_WORDS = frozenset(
    {"often", "daily", "weekly", "week", "weeks", "times", "frequently", "schedule", "day", "days"}
)
# What the whole guide is about ("Treatment of Dermatomyositis"): such a word never makes one place hold more
# of a question than another ("juvenile dermatomyositis treatment" is about children), it only scores.
SUBJECT_WORDS = frozenset({"treat", "treated", "treating", "treatment", "treatments"})
# Words shorter than this are never corrected: one edit turns them into too many other words.
SPELL_LETTERS = 6
MEDLINEPLUS = "https://medlineplus.gov/"
NOT_COVERED_HINT = (
    f"Ask your doctor or pharmacist, or look it up in MedlinePlus: {MEDLINEPLUS} "
    "(what the guide does cover: dmtx terms, dmtx beyond)"
)


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
    missing: tuple[str, ...] = ()
    """Words typed that no place of the guide holds, in any form."""
    partial: bool = False
    """No place holds every word: the places shown hold the most."""
    read_as: tuple[tuple[str, str], ...] = ()
    """(typed, read instead): misspellings and other forms of the guide's words."""
    others: tuple[str, ...] = ()
    """What to say of other real drugs named in the query: they are not in this guide."""
    asked: tuple[str, ...] = ()
    """Every word of the query that counts, as typed."""
    complete: int = 0
    """How many places hold every word found (the first ones shown)."""
    reviewed: str = ""
    """The oldest review date of any part of the guide ("" when unknown), and the earliest next review."""
    due: str = ""


class Word(NamedTuple):
    """One word of a query as search read it: the places holding it, in any of its forms."""

    typed: str
    read: str
    places: frozenset[int]
    common: bool = False


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


def _holding(db: sqlite3.Connection, query: str) -> frozenset[int]:
    return frozenset(row[0] for row in db.execute("SELECT rowid FROM places WHERE places MATCH ?", (query,)))


def search(db: sqlite3.Connection, query: str, *, limit: int | None = DEFAULT_LIMIT) -> SearchResults:
    """The places that answer most of the query, best first; NotFound when no place holds a word that counts.

    Places holding every word come first; a place is shown only for a word that is not very
    common. A word found nowhere is read as another form or a misspelling of a word of the
    guide when it safely can be, else said plainly to be found nowhere.
    """
    wanted = _check(query)
    typed = query_words(wanted)
    if not typed:
        raise NotFound(
            f"Only very common words were given in {wanted!r}.",
            hint="Try a word that matters, such as a drug or a symptom, or see: dmtx terms, dmtx drugs",
        )
    count = db.execute("SELECT count(*) FROM place").fetchone()[0]
    others = tuple(row[0] for w in typed for row in db.execute("SELECT says FROM other_drug WHERE name = ?", (w,)))
    words = [_read(db, word, count) for word in typed]
    held = [w for w in words if w.places]
    missing = tuple(w.typed for w in words if not w.places)
    rare = [w for w in held if not w.common]
    if rare:
        matching = frozenset().union(*(w.places for w in rare))
    elif held and not missing:
        matching = frozenset.intersection(*(w.places for w in held))
    else:  # only very common words were found: they would show almost every place
        matching = frozenset()
    if not matching:
        raise NotFound(
            others[0] if others else f"This guide does not cover {wanted!r}: no place in it matches those words.",
            hint=NOT_COVERED_HINT,
        )
    ranked = _ranked(db, matching, held, count)
    read = tuple(w.read for w in held)
    chosen = ranked if limit is None else ranked[:limit]
    found = _snippets(db, chosen, read)
    info = dict(db.execute("SELECT name, value FROM info").fetchall())
    source = Source(info["source_title"], info["source_site"], info["source_last_modified"])
    complete = sum(all(place in w.places for w in held) for place in ranked)
    partial = bool(missing) or not complete
    read_as = tuple((w.typed, w.read) for w in held if w.read != w.typed)
    return SearchResults(
        wanted,
        read,
        found,
        len(ranked),
        info["disclaimer"],
        source,
        missing,
        partial,
        read_as,
        others,
        typed,
        complete,
        reviewed=info.get("reviewed", ""),
        due=info.get("next_review", ""),
    )


def _read(db: sqlite3.Connection, word: str, count: int) -> Word:
    """A word of the query and the places holding it: as typed, else as a form or a safe correction of a guide word."""
    for read in (word, _form(db, word), _spelling(db, word)):
        if read:
            places = _holding(db, fts_query(db, (read,), every=True))
            if places:
                return Word(word, read, places, len(places) > COMMON_SHARE * count or read in SUBJECT_WORDS)
    return Word(word, word, frozenset())


def form_start(word: str) -> str:
    """The start that a word's other forms share ("pregnant": "pregna"); "" for a word too short or a number."""
    if len(word) < FORM_LETTERS or word.isdigit():
        return ""
    return word[: max(FORM_LETTERS - 1, len(word) - 2)]


def _form(db: sqlite3.Connection, word: str) -> str:
    """The guide's word that `word` is another form of ("pregnant": "pregnancy"): a long shared start; never a drug."""
    start = form_start(word)
    if not start:
        return ""
    rows = db.execute(
        "SELECT word FROM word WHERE drug = 0 AND word >= ? AND word < ? ORDER BY length(word), word",
        (start, start + "\uffff"),
    ).fetchall()
    return next((row[0] for row in rows if row[0] != word and _meaningful(row[0]) and same_word(word, row[0])), "")


def _spelling(db: sqlite3.Connection, word: str) -> str:
    """The guide's word that `word` is a typing slip of, by the same rule as drug names; "" when none or a tie."""
    if len(word) < SPELL_LETTERS or word.isdigit():
        return ""
    from dmtx.lookup import closest

    rows = db.execute(
        "SELECT word, drug FROM word WHERE length(word) BETWEEN ? AND ?", (len(word) - MAX_EDITS, len(word) + MAX_EDITS)
    ).fetchall()
    others = [row[0] for row in db.execute("SELECT name FROM other_drug")]
    drugs = {row[0] for row in rows if row[1]}
    candidates = {w: (w, w) for w, _ in rows if _meaningful(w) and typing_slip(word, w, drug=w in drugs)}
    found = closest(word, candidates, avoid=others)
    return found.ours[0] if found.ours and not found.others else ""


def _meaningful(word: str) -> bool:
    """A word of the guide that a query word may be read as: not a stop word, not question filler."""
    return len(word) > 2 and word not in STOP_WORDS and word not in FILLER_WORDS


def _ranked(db: sqlite3.Connection, matching: frozenset[int], words: list[Word], count: int) -> list[int]:
    """The places best first: those holding the drug the query names, then the most words, then the rarer
    words, then how well they hold them.

    How well counts the words as read, not their other names, so that a word with many other
    names does not outweigh the rest. A query that is exactly the name of a place puts that
    place first among equals, then the places whose own title or names hold every word, then the place
    an everyday word of the query names ("juvenile": what the guide says of children).
    """
    weights = ", ".join(str(w) for w in WEIGHTS.values())
    typed = " OR ".join(_scored(db, w.read) for w in words)
    scores = dict(db.execute(f"SELECT rowid, bm25(places, {weights}) FROM places WHERE places MATCH ?", (typed,)))
    every = fts_query(db, tuple(w.read for w in words), every=True)
    named = {
        row[0] for row in db.execute("SELECT place_id FROM name WHERE key = ?", (" ".join(w.read for w in words),))
    }
    titled = {row[0] for row in db.execute("SELECT rowid FROM places WHERE places MATCH ?", (_in_names(every),))}
    rarity = {w.read: math.log(count / len(w.places)) for w in words}
    marks = ", ".join("?" * len(words))
    answers = {
        row[0] for row in db.execute(f"SELECT place_id FROM everyday WHERE word IN ({marks})", [w.typed for w in words])
    }
    drugs = _drug_words(db, [w.read for w in words])
    # "how often methotrexate": a question about when a drug is taken is answered by the drug's own page.
    own = _drug_pages(db, drugs) if SCHEDULE_WORDS & {w.typed for w in words} else frozenset()

    def order(place_id: int) -> tuple[float, ...]:
        held = [w.read for w in words if place_id in w.places and w.read not in SUBJECT_WORDS]
        first = 0 if place_id in named else 1 if place_id in titled else 2 if place_id in answers else 3
        return (
            -sum(w in drugs for w in held),
            place_id not in own,
            -len(held),
            first,
            place_id if first == 0 else 0,
            -sum(rarity[w] for w in held),
            scores.get(place_id, 0.0) + place_id * 1e-9,
        )

    return sorted(matching, key=order)


def _drug_pages(db: sqlite3.Connection, drugs: frozenset[str]) -> frozenset[int]:
    """The guide's own pages of the drugs these words name ("mtx": methotrexate's page)."""
    marks = ", ".join("?" * len(drugs))
    return frozenset(
        row[0]
        for row in db.execute(
            f"SELECT place_id FROM name JOIN place ON place.id = name.place_id "
            f"WHERE key IN ({marks}) AND place.place LIKE 'drug %'",
            sorted(drugs),
        )
    )


def _drug_words(db: sqlite3.Connection, read: list[str]) -> frozenset[str]:
    """The words of the query that name one of the guide's drugs, or a drug related to one ("cellcept",
    "solu medrol", "orapred").

    A question that names a drug is about that drug: "cellcept side effects" must not put a
    place about another drug's side effects first because it holds two of the three words.
    """
    related = {
        " ".join(query_words(related_name(row[0])))
        for row in db.execute("SELECT text FROM parts WHERE field = ?", (RELATED_FIELD,))
    }
    found: set[str] = set()
    for size in (1, 2, 3):
        for start in range(len(read) - size + 1):
            name = " ".join(read[start : start + size])
            row = db.execute(
                "SELECT 1 FROM name JOIN place ON place.id = name.place_id WHERE key = ? AND place.place LIKE 'drug %'",
                (name,),
            ).fetchone()
            if row or name in related:
                found.update(read[start : start + size])
    return frozenset(found)


def _scored(db: sqlite3.Connection, word: str) -> str:
    """The word as it scores: itself when the guide has it, else its other names (an everyday word's guide words)."""
    if db.execute("SELECT 1 FROM places WHERE places MATCH ? LIMIT 1", (_quoted(word),)).fetchone():
        return _quoted(word)
    return f"({fts_query(db, (word,), every=False)})"


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

    A related drug the query names comes first of all ("Orapred side effects": Orapred is not
    prednisone, whatever else the place says). An editor's or safety note is shown whole, and the
    corrections of every text of the place that matched are shown beside it, not only the one of
    the text shown.
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
    best: dict[int, tuple[tuple[int, int, int, int], str, str, bool]] = {}
    notes: dict[int, dict[str, None]] = {}
    for place_id, field, weight, marked, note, whole in rows:
        hits = len({m.casefold() for m in re.findall(f"{_OPEN}(.*?){_CLOSE}", marked)})
        # Among texts as good, a safety note is shown ("mtx daily": once a week, not every day).
        safety = bool(whole) and _unmark(marked)[0].startswith("Safety note")
        rank = (-_related_named(field, marked, words), -hits, -safety, order.index(weight))
        if place_id not in best or rank < best[place_id][0]:
            best[place_id] = (rank, field, marked, bool(whole))
        for line in note.splitlines():
            notes.setdefault(place_id, {})[line] = None
    found = []
    for place_id in place_ids:
        place, title = places[place_id][:2]
        _, field, marked, whole = best.get(place_id, ((0, 0, 0, 0), "", "", False))
        snippet, spans = one_line(marked, width=None if whole else SNIPPET_CHARS)
        beside = tuple(n for n in notes.get(place_id, {}) if " ".join(n.split()) != snippet)
        found.append(Found(place, title, field, snippet, spans, beside))
    return tuple(found)


def _related_named(field: str, marked: str, words: tuple[str, ...]) -> int:
    """How many words long the related drug's name is when this is its text and the query names it
    (every word of the name), else 0: the longest name named is the most exact ("prednisolone acetate")."""
    if field != RELATED_FIELD:
        return 0
    name = set(_WORD.findall(related_name(_unmark(marked)[0]).casefold()))
    return len(name) if name <= set(words) else 0


def one_line(marked: str, width: int | None = SNIPPET_CHARS) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A text with marked words, cut to whole sentences from the one of the first mark, about `width`
    characters (None: never cut), and its spans.

    A sentence is never cut in the middle, so a dose is never shown without the rest of its sentence.
    When the sentences shown hold a number, the text's later sentence on who decides ("Only your doctor
    sets a dose.") is shown too.
    """
    text, spans = _unmark(" ".join(marked.split()))
    if width is None or len(text) <= width:
        return text, spans
    bounds = [(m.start(), m.end()) for m in _SENTENCE.finditer(text)]
    first = spans[0][0] if spans else 0
    at = next((i for i, (_, b) in enumerate(bounds) if first < b), len(bounds) - 1)
    last = at
    # Whole sentences, while they are short of the width and one more stays within half as much again.
    while (
        last + 1 < len(bounds)
        and bounds[last][1] - bounds[at][0] < width
        and bounds[last + 1][1] - bounds[at][0] <= width * 3 // 2
    ):
        last += 1
    pieces = [(bounds[at][0], bounds[last][1])]
    if any(c.isdigit() for c in text[pieces[0][0] : pieces[0][1]]):
        caveat = next((i for i in range(last + 1, len(bounds)) if _WHO_DECIDES.search(text[slice(*bounds[i])])), None)
        if caveat == last + 1:
            pieces[0] = (pieces[0][0], bounds[caveat][1])
        elif caveat is not None:
            pieces.append(bounds[caveat])
    out, kept, shift = "", [], 0
    for a, b in pieces:
        out += "... " if a > 0 and not out else " ... " if out else ""
        shift = len(out) - a
        kept += [(x + shift, y + shift) for x, y in spans if x >= a and y <= b]
        out += text[a:b]
    return out + (" ..." if pieces[-1][1] < len(text) else ""), tuple(kept)


# A sentence: up to its full stop (or question or exclamation mark) and a space, or the end of the text.
_SENTENCE = re.compile(r"\S.*?(?:[.?!](?=\s|$)|$)")
# The sentence that says who decides a dose or a change, kept with a sentence that holds a number.
_WHO_DECIDES = re.compile(r"\b(?:only your doctor|ask your doctor|the doctor's (?:own )?(?:step|choice))\b", re.I)


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


def search_file(path: str | os.PathLike[str], query: str, *, limit: int | None = DEFAULT_LIMIT) -> SearchResults:
    """Search the knowledge file at path (its index is opened or built first)."""
    _check(query)
    db = open_index(path)
    try:
        return search(db, query, limit=limit)
    finally:
        db.close()


# The best topic is a clear answer only when it scores this many times the next one (bm25).
CLEAR_LEAD = 1.5


def best_topic(path: str | os.PathLike[str], text: str) -> int | None:
    """The number of the topic that best matches these words, or None."""
    ranked = topic_candidates(path, text)
    return ranked[0] if ranked else None


def topic_candidates(path: str | os.PathLike[str], text: str) -> list[int]:
    """The topics these words fit, best first: the best alone when it clearly leads, else every one that fits.

    "steroids" fits three topics about as well as one another; "remission" fits one.
    """
    words = query_words(text)
    if not words:
        return []
    db = open_index(path)
    try:
        weights = ", ".join(str(w) for w in WEIGHTS.values())
        rows = db.execute(
            f"SELECT place.place, bm25(places, {weights}) FROM places JOIN place ON place.id = places.rowid "
            f"WHERE places MATCH ? AND place.place LIKE 'topic %' ORDER BY bm25(places, {weights})",
            (fts_query(db, words, every=True),),
        ).fetchall()
    finally:
        db.close()
    ranked = [(int(place.split()[1]), -score) for place, score in rows]
    if len(ranked) < 2 or ranked[0][1] >= CLEAR_LEAD * ranked[1][1]:
        return [number for number, _ in ranked[:1]]
    return [number for number, _ in ranked]
