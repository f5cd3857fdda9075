"""Full-text search: an SQLite FTS5 index of the knowledge, ranked with bm25.

Every place a reader can open (a topic, a drug, a term) is one indexed document with
four columns of falling weight: its names, its summary, its body and its questions.
A query is cut into whole words; common words are dropped; every other word must
occur in the place (a word also matches its other forms through the Porter stemmer).
Each word is quoted before it reaches FTS5, so no user text is ever query syntax.

The index is built from the validated knowledge and kept in the private cache, named
by a hash of the knowledge file's bytes and of the code that builds it: an edited file
or a new dmtx never sees a stale index. Without a usable cache folder (or with
DMTX_NO_CACHE set) it is built in memory for the one search.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from dmtx import private
from dmtx.errors import NotFound, UsageProblem
from dmtx.model import Source

if TYPE_CHECKING:
    from dmtx.model import Knowledge, Note

INDEX_FORMAT = "dmtx-search-5"
TOKENIZER = "porter unicode61 remove_diacritics 2"
MAX_QUERY_CHARS = 200
DEFAULT_LIMIT = 5
KEEP_INDEXES = 4
SNIPPET_CHARS = 110
_OPEN, _CLOSE = "\x02", "\x03"

# Column order of the `places` table, with bm25 weights: a place's own title first, then
# its other names (brands, aliases), its summary, its body, and question text counts least.
WEIGHTS = {"title": 12.0, "names": 8.0, "summary": 4.0, "body": 2.0, "questions": 1.0}

# Ignored in queries: they carry no meaning of their own and would match almost everywhere.
STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "been",
        "being",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "for",
        "from",
        "get",
        "got",
        "had",
        "has",
        "have",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "just",
        "me",
        "mean",
        "means",
        "might",
        "my",
        "no",
        "not",
        "of",
        "off",
        "on",
        "or",
        "our",
        "please",
        "really",
        "same",
        "should",
        "so",
        "tell",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "to",
        "too",
        "us",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
    ]
)

# Everyday words patients type for what the page calls by another name. Each also
# matches its page word, so "legs weak" finds "muscle weakness".
EVERYDAY_WORDS = {
    "leg": "muscle",
    "legs": "muscles",
    "arm": "muscle",
    "arms": "muscles",
    "thigh": "muscle",
    "thighs": "muscles",
    "shoulder": "muscle",
    "shoulders": "muscles",
    "meds": "medicine",
}

_WORD = re.compile(r"[^\W_]+")


class IndexRow(NamedTuple):
    """One text to index: the place it belongs to, the field it is, and its weight class."""

    place: str
    title: str
    field: str
    text: str
    weight: str
    note: str = ""
    """The editor's corrections shown beside this text wherever it is found, one a line."""
    whole: bool = False
    """The text is itself an editor's or safety note: search shows it whole, never cut mid-way."""


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


# --------------------------------------------------------------------------- what is indexed


def index_rows(knowledge: Knowledge) -> Iterator[IndexRow]:
    """Every searchable text of the knowledge, place by place; a new section is one more loop."""
    for point in knowledge.topics:
        place, title = f"topic {point.number}", point.title
        yield IndexRow(place, title, "title", point.title, "title")
        yield IndexRow(place, title, "name", point.slug.replace("-", " "), "names")
        yield IndexRow(place, title, "summary", point.summary, "summary")
        for fact in point.facts:
            yield IndexRow(
                place,
                title,
                "the page says",
                fact.text,
                "body",
                _lines(knowledge.corrections_of([fact.id], point.notes)),
            )
        for note in point.notes:
            yield IndexRow(place, title, "editor's note", note.text, "body", whole=True)
        for question in point.questions:
            yield IndexRow(place, title, "question", question.text, "questions")
    for drug in knowledge.drugs:
        place, title = f"drug {drug.id}", drug.name
        yield IndexRow(place, title, "name", drug.name, "title")
        others = _other_names(drug.name, [o.name for o in drug.other_names])
        if others:
            yield IndexRow(place, title, "other names", others, "names")
        yield IndexRow(place, title, "what it is", drug.drug_class, "summary")
        # The kind of drug in brackets ("corticosteroid") is what people often call it: "my steroids".
        kind = ", ".join(re.findall(r"\((.*?)\)", drug.drug_class))
        if kind:
            yield IndexRow(place, title, "kind of drug", kind, "names")
        # What the page says of a drug retells its facts: the drug's notes correcting them go with it.
        corrections = _lines(knowledge.corrections_of(drug.facts, drug.notes))
        yield IndexRow(
            place, title, "the page says" if drug.on_page else "about", drug.source_says, "body", corrections
        )
        for note in drug.notes:
            yield IndexRow(place, title, "note", note.text, "body", whole=True)
        for related in drug.related:
            yield IndexRow(place, title, "not the same drug", f"{related.name}: {related.note}", "body")
        for question in drug.questions:
            yield IndexRow(place, title, "question", question.text, "questions")
    for term in knowledge.terms:
        place, title = f"term {term.id}", term.term
        yield IndexRow(place, title, "word", term.term, "title")
        others = _other_names(term.term, list(term.aliases))
        if others:
            yield IndexRow(place, title, "also called", others, "names")
        yield IndexRow(place, title, "meaning", term.definition, "summary")
        if term.note:
            yield IndexRow(place, title, "note", term.note, "body", whole=True)
    for entry in knowledge.beyond:
        place, title = f"beyond {entry.id}", f"{entry.title} (not on the 2014 page)"
        yield IndexRow(place, title, "title", entry.title, "title")
        yield IndexRow(place, title, "name", entry.id.replace("-", " "), "names")
        yield IndexRow(place, title, "summary", entry.summary, "summary")
        for question in entry.questions:
            yield IndexRow(place, title, "question", question.text, "questions")


def _lines(notes: tuple[Note, ...]) -> str:
    return "\n".join(" ".join(note.text.split()) for note in notes)


def _words(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def _other_names(title: str, names: list[str]) -> str:
    """The names joined, leaving out any already written whole in the title or an earlier name.

    "IVIG" after "intravenous immunoglobulin (IVIG)" would otherwise count twice in the ranking.
    """
    kept: list[str] = []
    for name in names:
        if not any(f" {_words(name)} " in f" {_words(k)} " for k in [title, *kept]):
            kept.append(name)
    return ", ".join(kept)


def name_groups(knowledge: Knowledge) -> Iterator[list[str]]:
    """Words that mean the same thing: each term with its aliases.

    A query word that is one of them also matches the others ("DM" finds "dermatomyositis").
    Drug names are left out: a drug's many brand names would make every mention of it
    outrank the page's own topic about it.
    """
    for term in knowledge.terms:
        yield [term.term, *term.aliases]


# --------------------------------------------------------------------------- building


def _create(db: sqlite3.Connection, knowledge: Knowledge, key: str) -> None:
    columns = ", ".join(WEIGHTS)
    db.executescript(
        f"""
        CREATE TABLE info(name TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE place(
            id INTEGER PRIMARY KEY, place TEXT NOT NULL, title TEXT NOT NULL, first_part INTEGER, last_part INTEGER
        );
        CREATE TABLE alias(word TEXT NOT NULL, other TEXT NOT NULL, PRIMARY KEY(word, other)) WITHOUT ROWID;
        CREATE TABLE name(key TEXT NOT NULL, place_id INTEGER NOT NULL, PRIMARY KEY(key, place_id)) WITHOUT ROWID;
        CREATE VIRTUAL TABLE places USING fts5({columns}, content='', tokenize='{TOKENIZER}');
        CREATE VIRTUAL TABLE parts USING fts5(
            text, place_id UNINDEXED, field UNINDEXED, weight UNINDEXED, note UNINDEXED, whole UNINDEXED, tokenize='{TOKENIZER}'
        );
        """
    )
    ids: dict[str, int] = {}
    texts: dict[int, dict[str, list[str]]] = {}
    parts = []
    for row in index_rows(knowledge):
        if row.place not in ids:
            ids[row.place] = len(ids) + 1
            db.execute("INSERT INTO place(id, place, title) VALUES (?, ?, ?)", (ids[row.place], row.place, row.title))
            texts[ids[row.place]] = {name: [] for name in WEIGHTS}
        # The highlight markers must not occur in the data itself.
        text = row.text.replace(_OPEN, " ").replace(_CLOSE, " ")
        texts[ids[row.place]][row.weight].append(text)
        parts.append((text, ids[row.place], row.field, row.weight, row.note, int(row.whole)))
    db.executemany(
        f"INSERT INTO places(rowid, {columns}) VALUES (?, {', '.join('?' * len(WEIGHTS))})",
        [(place_id, *("\n".join(by[name]) for name in WEIGHTS)) for place_id, by in texts.items()],
    )
    # Each place's parts get consecutive rowids, so its snippet is a rowid range, not a scan.
    parts.sort(key=lambda part: part[1])
    numbered = [(number, *part) for number, part in enumerate(parts, 1)]
    db.executemany(
        "INSERT INTO parts(rowid, text, place_id, field, weight, note, whole) VALUES (?, ?, ?, ?, ?, ?, ?)", numbered
    )
    ranges: dict[int, list[int]] = {}
    for number, _, place_id, *_ in numbered:
        ranges.setdefault(place_id, [number, number])[1] = number
    db.executemany(
        "UPDATE place SET first_part = ?, last_part = ? WHERE id = ?", [(a, b, i) for i, (a, b) in ranges.items()]
    )
    db.executemany("INSERT OR IGNORE INTO alias VALUES (?, ?)", _alias_pairs(knowledge))
    names = ((key, ids[place]) for place, key in _name_keys(knowledge) if place in ids)
    db.executemany("INSERT OR IGNORE INTO name VALUES (?, ?)", names)
    source = knowledge.meta.source
    db.executemany(
        "INSERT INTO info VALUES (?, ?)",
        [
            ("format", INDEX_FORMAT),
            ("key", key),
            ("disclaimer", knowledge.meta.disclaimer),
            ("source_title", source.title),
            ("source_site", source.site),
            ("source_last_modified", source.last_modified),
        ],
    )
    db.commit()


def _name_keys(knowledge: Knowledge) -> Iterator[tuple[str, str]]:
    """(place, a whole name of it as a query would be written): a query that is exactly a name ranks that place first."""
    named: list[tuple[str, list[str]]] = [
        (f"topic {p.number}", [str(p.number), p.slug.replace("-", " "), p.title]) for p in knowledge.topics
    ]
    named += [(f"drug {d.id}", [d.id, d.name, *(o.name for o in d.other_names)]) for d in knowledge.drugs]
    named += [(f"term {t.id}", [t.id.replace("-", " "), t.term, *t.aliases]) for t in knowledge.terms]
    for place, names in named:
        for name in names:
            for form in _name_forms(name):
                key = " ".join(query_words(form))
                if key:
                    yield place, key


def _alias_pairs(knowledge: Knowledge) -> Iterator[tuple[str, str]]:
    """(one-word name, another name of the same thing), from every group of names and the everyday words."""
    for group in name_groups(knowledge):
        variants = list(dict.fromkeys(w for name in group for w in _name_forms(name) if w))
        for word in variants:
            if " " not in word:
                yield from ((word, other) for other in variants if other != word)
    yield from EVERYDAY_WORDS.items()


def _name_forms(name: str) -> Iterator[str]:
    """A name's words, without its bracketed part, and the bracketed part alone: "creatine kinase (CK)"."""
    yield _words(re.sub(r"\(.*?\)", " ", name))
    for inner in re.findall(r"\((.*?)\)", name):
        yield _words(inner)


def build_in_memory(knowledge: Knowledge, key: str = "") -> sqlite3.Connection:
    """An index of this knowledge held in memory only."""
    db = sqlite3.connect(":memory:")
    _create(db, knowledge, key)
    return db


def index_key(data: bytes) -> str:
    """The index name for these knowledge-file bytes under this version of the indexing code."""
    code = []
    for module in (__file__, *_loader_files()):
        with contextlib.suppress(OSError):
            code.append(Path(module).read_bytes())
    return private.fingerprint(INDEX_FORMAT.encode(), *code, data)


def _loader_files() -> list[str]:
    """The sources of the loader (the dmtx.knowledge package), in a fixed order."""
    return sorted(str(path) for path in Path(__file__).with_name("knowledge").glob("*.py"))


# --------------------------------------------------------------------------- the private folder


def _index_folder() -> Path | None:
    """The private cache folder (0700, ours, checked by `dmtx.cache`), or None when there is no safe one."""
    from dmtx import cache

    return cache.private_dir()


def _is_private_file(path: Path) -> bool:
    """A regular file (not a link) of ours that nobody else can read or write: the cache's own rule."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and private.trusted(info, private=True)


def _open_stored(path: Path, key: str) -> sqlite3.Connection | None:
    """A stored index, read-only, when it is ours, private, whole and built for this key."""
    if not _is_private_file(path):
        return None
    db = None
    try:
        db = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
        info = dict(db.execute("SELECT name, value FROM info WHERE name IN ('format', 'key')").fetchall())
        if info == {"format": INDEX_FORMAT, "key": key}:
            return db
    except sqlite3.Error:
        pass
    if db is not None:
        db.close()
    return None


def _store(folder: Path, path: Path, knowledge: Knowledge, key: str) -> None:
    """Build the index into a private temporary file, then move it into place in one step."""
    import tempfile

    temp_name = ""
    try:
        fd, temp_name = tempfile.mkstemp(prefix=".search-", suffix=".tmp", dir=folder)
        os.close(fd)
        db = sqlite3.connect(temp_name)
        try:
            db.execute("PRAGMA journal_mode=OFF")
            _create(db, knowledge, key)
        finally:
            db.close()
        os.chmod(temp_name, 0o600)
        os.replace(temp_name, path)
        temp_name = ""
        _prune(folder)
    except (OSError, sqlite3.Error):
        pass
    finally:
        if temp_name:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)


def _prune(folder: Path) -> None:
    """Keep the newest indexes; remove the temp files of a build that was killed (only ours, by name)."""
    import time

    from dmtx.cache import STALE_TEMP_SECONDS

    indexes = sorted(folder.glob("search-*.sqlite"), key=lambda p: p.stat().st_mtime, reverse=True)
    stale = [
        p
        for p in folder.glob(".search-*.tmp")
        if _is_private_file(p) and time.time() - p.stat().st_mtime > STALE_TEMP_SECONDS
    ]
    for old in [*indexes[KEEP_INDEXES:], *stale]:
        with contextlib.suppress(OSError):
            old.unlink()


def open_index(path: Path) -> sqlite3.Connection:
    """The index for the knowledge file at path: stored when it can be, else built in memory."""
    from dmtx.knowledge import load, read_bytes

    key = index_key(read_bytes(path))
    folder = _index_folder()
    stored = folder / f"search-{key}.sqlite" if folder is not None else None
    if stored is not None:
        db = _open_stored(stored, key)
        if db is not None:
            return db
    knowledge = load(path)
    # Something already there is damaged or not ours: it is left alone, never overwritten.
    if stored is not None and folder is not None and not os.path.lexists(stored):
        _store(folder, stored, knowledge, key)
        db = _open_stored(stored, key)
        if db is not None:
            return db
    return build_in_memory(knowledge, key)


# --------------------------------------------------------------------------- querying


def query_words(text: str) -> tuple[str, ...]:
    """The words of a query that count: whole words, folded, without common words, each once."""
    from dmtx.lookup import normalize

    words = [w for w in _WORD.findall(normalize(text)) if w not in STOP_WORDS and (len(w) > 1 or w.isdigit())]
    return tuple(dict.fromkeys(words))


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
    return SearchResults(wanted, words, found, len(ranked), info["disclaimer"], source)


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
