"""Full-text search: an SQLite FTS5 index of the knowledge, ranked with bm25.

Every place a reader can open (a topic, a drug, a term) is one indexed document with
four columns of falling weight: its names, its summary, its body and its questions.
A query is cut into whole words; common words and question filler are dropped; each other
word matches its other forms (Porter stemmer), other names (term aliases) and everyday words
(the knowledge file's vocabulary). How places are ranked by the words they hold is dmtx.search.
Each word is quoted before it reaches FTS5, so no user text is ever query syntax.

The index is built from the validated knowledge and kept in the private cache, named
by a hash of the knowledge file's bytes and of the code that builds it: an edited file
or a new dmtx never sees a stale index. Without a usable cache folder (or with
DMTX_NO_CACHE set) it is built in memory for the one search.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from dmtx.model import Knowledge, Note

INDEX_FORMAT = "dmtx-search-8"
TOKENIZER = "porter unicode61 remove_diacritics 2"
KEEP_INDEXES = 4
_OPEN, _CLOSE = "\x02", "\x03"

# Column order of the `places` table, with bm25 weights: a place's own title first, then
# its other names (brands, aliases), its summary, its body, and question text counts least.
WEIGHTS = {"title": 12.0, "names": 8.0, "summary": 4.0, "body": 2.0, "questions": 1.0}
# The field of a related drug's text ("Orapred: a brand of prednisolone..."): its name, then what it is.
RELATED_FIELD = "not the same drug"


def related_name(text: str) -> str:
    """The related drug's name at the start of its text (`RELATED_FIELD`): "Orapred: a brand..." -> "Orapred"."""
    return text.split(": ", 1)[0]


# Ignored in queries: they carry no meaning of their own and would match almost everywhere.
_STOP_WORDS = """
    a about also am an and any are as at be been being but by can could did do does doing for from
    get got had has have how i if in into is it its just me mean means might my no not of off on or
    our please really same should so tell than that the their them then there these they this those though although
    to too us very was we were what when where which while who whom why will with would you your
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

# The filler of a question: dropped like stop words, but kept when a question has no other words.
_FILLER_WORDS = """
    advice after all around bad before cant didnt doesnt dont each every given go going help im isnt ive kill
    kind know made make much need ok one put said say shouldnt still take taking there thing things time
    until use used want way without wont worries worry
"""
FILLER_WORDS = frozenset(_FILLER_WORDS.split())

# Two words people often write as one: "can I take methotrexate everyday" asks about every day.
_SPLIT = {"everyday": ("every", "day"), "everynight": ("every", "night"), "anymore": ("any", "more")}

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
            yield IndexRow(place, title, RELATED_FIELD, f"{related.name}: {related.note}", "body")
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
        CREATE TABLE word(word TEXT PRIMARY KEY, drug INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE everyday(word TEXT NOT NULL, place_id INTEGER NOT NULL, PRIMARY KEY(word, place_id)) WITHOUT ROWID;
        CREATE TABLE other_drug(name TEXT PRIMARY KEY, says TEXT NOT NULL) WITHOUT ROWID;
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
    # The place that answers an everyday word (its vocabulary entry's place).
    everyday = (
        (_words(word), ids[entry.place.replace(":", " ", 1)])
        for entry in knowledge.vocabulary
        if entry.reviewed and entry.place.replace(":", " ", 1) in ids
        for word in entry.words
    )
    db.executemany("INSERT OR IGNORE INTO everyday VALUES (?, ?)", everyday)
    from dmtx import review

    every = {w for part in parts for w in _WORD.findall(part[0].casefold())}
    # The everyday words too, so a slip of one is read as it ("diabeties", "osteoperosis", "weening").
    every |= {
        w for entry in knowledge.vocabulary if entry.reviewed for word in entry.words for w in _WORD.findall(word)
    }
    drugs = set(drug_words(knowledge))
    db.executemany("INSERT INTO word VALUES (?, ?)", sorted((w, int(w in drugs)) for w in every))
    db.executemany("INSERT OR IGNORE INTO other_drug VALUES (?, ?)", _other_drugs(knowledge))
    source = knowledge.meta.source
    reviewed = review.status_of(review.every_part(knowledge))
    db.executemany(
        "INSERT INTO info VALUES (?, ?)",
        [
            ("format", INDEX_FORMAT),
            ("key", key),
            ("disclaimer", knowledge.meta.disclaimer),
            ("source_title", source.title),
            ("source_site", source.site),
            ("source_last_modified", source.last_modified),
            ("reviewed", reviewed.reviewed if reviewed else ""),
            ("next_review", reviewed.due if reviewed else ""),
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
    taken: set[str] = set()
    for place, names in named:
        for name in names:
            for form in _name_forms(name):
                key = " ".join(query_words(form))
                if key:
                    taken.add(key)
                    yield place, key
    # An everyday word typed alone leads to the place its vocabulary entry names, unless it is a real name.
    for entry in knowledge.vocabulary:
        for word in entry.words if entry.reviewed else ():
            key = " ".join(query_words(word))
            if key and key not in taken:
                yield entry.place.replace(":", " ", 1), key


def _alias_pairs(knowledge: Knowledge) -> Iterator[tuple[str, str]]:
    """(one-word name, another name of the same thing), from every group of names and the everyday words."""
    for group in name_groups(knowledge):
        variants = list(dict.fromkeys(w for name in group for w in _name_forms(name) if w))
        for word in variants:
            if " " not in word:
                yield from ((word, other) for other in variants if other != word)
    for entry in knowledge.vocabulary:
        if entry.reviewed:
            for word in entry.words:
                yield from ((_words(word), _words(means)) for means in entry.means)


def drug_words(knowledge: Knowledge) -> Iterator[str]:
    """The words of every drug name, ours, related or another's: never read from their start as a word's form."""
    for drug in knowledge.drugs:
        for name in (drug.name, *(o.name for o in drug.other_names), *(r.name for r in drug.related)):
            yield from _WORD.findall(name.casefold())
    for other in knowledge.confusables:
        yield from _WORD.findall(other.name.casefold())


def _other_drugs(knowledge: Knowledge) -> Iterator[tuple[str, str]]:
    """(name of another real drug, what to say of it): search never reads one of ours for these."""
    from dmtx.lookup import normalize

    for other in knowledge.confusables:
        ours = knowledge.drug(other.drug).name
        same = normalize(other.looks_like) == normalize(ours)
        yield (
            normalize(other.name),
            (
                f"{other.name} is not in this guide. It is not the same drug as "
                f"{other.looks_like}{'' if same else f' ({ours})'}."
            ),
        )


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
    """The index name for these knowledge-file bytes: the bytes, every dmtx source file, PyYAML and SQLite."""
    from dmtx import cache

    return cache.content_key(INDEX_FORMAT, data, cache.library_stamp("yaml"), sqlite3.sqlite_version)


# --------------------------------------------------------------------------- the private folder


def file_uri(path: str) -> str:
    """An absolute path as an SQLite file: URI, without pathlib (about 4 ms of a search's start-up).

    SQLite decodes %HH escapes in the path part; only '%', '?' and '#' would change its meaning.
    """
    quoted = path.replace("%", "%25").replace("?", "%3F").replace("#", "%23")
    return "file:" + ("" if quoted.startswith("/") else "/") + quoted.replace(os.sep, "/")


def _open_stored(path: str, key: str) -> sqlite3.Connection | None:
    """A stored index, read-only, when it is ours, private, whole and built for this key."""
    from dmtx import cache

    if not cache.trusted_file(path, private=True):
        return None
    db = None
    try:
        db = sqlite3.connect(f"{file_uri(path)}?mode=ro&immutable=1", uri=True)
        info = dict(db.execute("SELECT name, value FROM info WHERE name IN ('format', 'key')").fetchall())
        if info == {"format": INDEX_FORMAT, "key": key}:
            return db
    except sqlite3.Error:
        pass
    if db is not None:
        db.close()
    return None


def _store(folder: str, name: str, knowledge: Knowledge, key: str) -> None:
    """Build the index into a private temporary file, then move it into place in one step."""
    from dmtx import cache

    def fill(_fd: int, temp: str) -> None:
        db = sqlite3.connect(temp)
        try:
            db.execute("PRAGMA journal_mode=OFF")
            _create(db, knowledge, key)
        finally:
            db.close()

    # Never over a name that is already there: something damaged or not ours is left alone.
    if cache.store(folder, name, fill, replace=False):
        cache.prune(folder, "search-", ".sqlite", KEEP_INDEXES)


def open_index(path: str | os.PathLike[str]) -> sqlite3.Connection:
    """The index for the knowledge file at path: stored when it can be, else built in memory."""
    from dmtx import cache
    from dmtx.knowledge import load, read_bytes

    key = index_key(read_bytes(path))
    folder = cache.private_dir()
    name = f"search-{key}.sqlite"
    if folder is not None:
        db = _open_stored(os.path.join(folder, name), key)
        if db is not None:
            return db
    knowledge = load(path)
    if folder is not None:
        _store(folder, name, knowledge, key)
        db = _open_stored(os.path.join(folder, name), key)
        if db is not None:
            return db
    return build_in_memory(knowledge, key)


def query_words(text: str) -> tuple[str, ...]:
    """The words of a query that count: whole words, folded, each once, without common words.

    The filler of a question ("still", "until") is dropped too, unless it is all there is.
    """
    from dmtx.lookup import normalize

    found = [part for w in _WORD.findall(normalize(text)) for part in _SPLIT.get(w, (w,))]
    words = [w for w in found if w not in STOP_WORDS and (len(w) > 1 or w.isdigit())]
    kept = [w for w in words if w not in FILLER_WORDS] or words
    return tuple(dict.fromkeys(kept))
