"""What the search index holds, in process: each text of the guide under the label search shows for it.

`index_rows` decides what a search can find and how a hit is labelled ("the page says",
"editor's note"...), and which corrections travel with a text of the page; `_store` keeps
the index file beside the knowledge cache. These tests read them directly (mutation testing
counts only tests that run in the test process).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from dmtx import search, searchindex
from dmtx.knowledge import load
from dmtx.model import Knowledge

from conftest import BUNDLED

KNOWLEDGE: Knowledge = load(BUNDLED)


# Built inside each test, never at import: mutation testing activates a mutant only while a test runs.
def all_rows() -> list[searchindex.IndexRow]:
    return list(searchindex.index_rows(KNOWLEDGE))


def rows_of(place: str) -> list[searchindex.IndexRow]:
    return [row for row in all_rows() if row.place == place]


def test_a_topic_is_indexed_title_name_summary_facts_notes_questions_in_order() -> None:
    point = KNOWLEDGE.topics[0]
    rows = rows_of("topic 1")
    assert {row.title for row in rows} == {point.title}
    fields = [row.field for row in rows]
    expected = ["title", "name", "summary"]
    expected += ["the page says"] * len(point.facts) + ["editor's note"] * len(point.notes)
    expected += ["question"] * len(point.questions)
    assert fields == expected
    assert [row.weight for row in rows[:3]] == ["title", "names", "summary"]
    assert rows[0].text == point.title
    myopathy = next(r for r in rows_of("topic 3") if r.field == "name")
    assert myopathy.text == "steroid myopathy", "the slug's words, one space apart"
    assert rows[2].text == point.summary
    facts = rows[3 : 3 + len(point.facts)]
    assert [row.text for row in facts] == [fact.text for fact in point.facts]
    assert all(row.weight == "body" and not row.whole for row in facts)
    notes = rows[3 + len(point.facts) : 3 + len(point.facts) + len(point.notes)]
    assert [row.text for row in notes] == [note.text for note in point.notes]
    assert all(row.whole and row.weight == "body" for row in notes), "a note is shown whole"
    assert all(row.weight == "questions" for row in rows if row.field == "question")


def test_a_fact_of_the_page_carries_exactly_its_own_corrections() -> None:
    corrected = 0
    for point in KNOWLEDGE.topics:
        facts = [row for row in rows_of(f"topic {point.number}") if row.field == "the page says"]
        for fact, row in zip(point.facts, facts, strict=True):
            own = [" ".join(n.text.split()) for n in point.notes if fact.id in n.corrects]
            assert (row.note.split("\n") if row.note else []) == own, fact.id
            corrected += bool(own)
    assert corrected >= 3, "the bundled page has several corrected facts"


def test_a_drug_is_indexed_with_its_names_kind_page_text_notes_and_questions() -> None:
    prednisone = next(d for d in KNOWLEDGE.drugs if d.id == "prednisone")
    rows = rows_of("drug prednisone")
    fields = [row.field for row in rows]
    assert fields[:4] == ["name", "other names", "what it is", "kind of drug"]
    assert rows[0].text == prednisone.name and rows[0].weight == "title"
    assert "Deltasone" in rows[1].text and rows[1].weight == "names"
    assert rows[3].text == "corticosteroid" and rows[3].weight == "names"
    says = rows[fields.index("the page says")]
    assert says.text == prednisone.source_says
    assert says.note == "\n".join(
        " ".join(n.text.split()) for n in KNOWLEDGE.corrections_of(prednisone.facts, prednisone.notes)
    )
    assert fields.count("note") == len(prednisone.notes)
    assert all(row.whole for row in rows if row.field == "note")
    assert fields.count("question") == len(prednisone.questions)


def test_a_drug_not_on_the_page_is_about_not_the_page_says() -> None:
    off_page = [d for d in KNOWLEDGE.drugs if not d.on_page]
    assert off_page
    for drug in off_page:
        fields = [row.field for row in rows_of(f"drug {drug.id}")]
        assert "about" in fields and "the page says" not in fields


def test_look_alike_drugs_are_indexed_as_not_the_same_drug() -> None:
    related = [(d, r) for d in KNOWLEDGE.drugs for r in d.related]
    assert related
    drug, other = related[0]
    row = next(r for r in rows_of(f"drug {drug.id}") if r.field == "not the same drug")
    assert row.text == f"{other.name}: {other.note}" and row.weight == "body"


def test_terms_and_beyond_entries_are_indexed_with_their_labels() -> None:
    term = next(t for t in KNOWLEDGE.terms if searchindex._other_names(t.term, list(t.aliases)))
    rows = rows_of(f"term {term.id}")
    assert [r.field for r in rows][:3] == ["word", "also called", "meaning"]
    assert [r.weight for r in rows][:3] == ["title", "names", "summary"]
    entry = KNOWLEDGE.beyond[0]
    rows = rows_of(f"beyond {entry.id}")
    assert rows[0].title == f"{entry.title} (not on the 2014 page)"
    assert [r.field for r in rows][:3] == ["title", "name", "summary"]
    assert rows[1].text == entry.id.replace("-", " ")


def test_a_hit_in_a_fact_shows_the_label_and_every_correction_of_that_place() -> None:
    """A search finding a corrected fact shows 'the page says' with the editor's correction beside it."""
    db = searchindex.build_in_memory(KNOWLEDGE)
    point = next(p for p in KNOWLEDGE.topics if any(n.corrects for n in p.notes))
    fact = next(f for f in point.facts if any(f.id in n.corrects for n in point.notes))
    words = " ".join(w for w in searchindex.query_words(fact.text)[:3])
    results = search.search(db, words, limit=None)
    hit = next(f for f in results.found if f.place == f"topic {point.number}")
    assert hit.field in ("the page says", "title", "summary", "question", "editor's note", "name")
    if hit.field == "the page says":
        own = [" ".join(n.text.split()) for n in point.notes if fact.id in n.corrects]
        assert set(own) <= set(hit.notes)


def test_the_stored_index_is_pruned_by_its_own_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DMTX_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(searchindex, "KEEP_INDEXES", 1)
    from dmtx import cache

    folder = cache.private_dir()
    assert folder is not None
    old = os.path.join(folder, "search-old.sqlite")
    with open(old, "wb") as handle:
        handle.write(b"x")
    os.utime(old, (1, 1))
    other = os.path.join(folder, "knowledge-keep.bin")
    with open(other, "wb") as handle:
        handle.write(b"x")
    os.utime(other, (1, 1))
    searchindex.open_index(BUNDLED).close()
    names = sorted(os.listdir(folder))
    assert not os.path.exists(old), "the older index went"
    assert "knowledge-keep.bin" in names, "pruning the indexes leaves other entries alone"
    assert len([n for n in names if n.startswith("search-") and n.endswith(".sqlite")]) == 1


# --------------------------------------------------------------------------- the built index's tables


def built() -> sqlite3.Connection:
    return searchindex.build_in_memory(KNOWLEDGE, "the-key")


def names_of(place: str, db: sqlite3.Connection | None = None) -> set[str]:
    rows = (
        (db or built())
        .execute("SELECT name.key FROM name JOIN place ON place.id = name.place_id WHERE place.place = ?", (place,))
        .fetchall()
    )
    return {key for (key,) in rows}


def test_places_are_numbered_from_one_in_order_and_own_a_run_of_parts() -> None:
    db = built()
    places = db.execute("SELECT id, place, title, first_part, last_part FROM place ORDER BY id").fetchall()
    order = list(dict.fromkeys(row.place for row in all_rows()))
    assert [p[1] for p in places] == order
    assert [p[0] for p in places] == list(range(1, len(order) + 1))
    assert places[0][2] == KNOWLEDGE.topics[0].title
    expected_first = 1
    for place_id, place, _, first, last in places:
        count = len(rows_of(place))
        assert (first, last) == (expected_first, expected_first + count - 1), place
        expected_first += count
        parts = db.execute("SELECT place_id, field FROM parts WHERE rowid BETWEEN ? AND ?", (first, last)).fetchall()
        assert {p[0] for p in parts} == {place_id}
        assert [p[1] for p in parts] == [row.field for row in rows_of(place)], "each place's parts in their order"


def test_a_place_is_found_by_each_of_its_names() -> None:
    db = built()
    topic1 = names_of("topic 1", db)
    assert {"1", "prednisone", "prednisone usual drug choice"} <= topic1, "number, slug, title"
    assert "3" in names_of("topic 3", db) and "steroid myopathy" in names_of("topic 3", db), "the slug's words"
    assert {"prednisone", "deltasone"} <= names_of("drug prednisone", db), "its name and a brand"
    assert {"creatine kinase", "ck", "cpk", "creatine phosphokinase"} <= names_of("term creatine-kinase", db), (
        "the term without its bracket, the bracket alone, and each alias"
    )
    assert "maintenance dose" in names_of("term maintenance-dose", db), "a term id's words"


def test_an_everyday_word_leads_to_the_place_it_names() -> None:
    db = built()
    assert {"meds", "medication", "pills"} <= names_of("topic 4", db)
    assert {"legs", "stairs", "climb"} <= names_of("term proximal-muscles", db)


def test_alias_pairs_join_one_word_names_of_the_same_thing_both_ways() -> None:
    pairs = set(built().execute("SELECT word, other FROM alias").fetchall())
    assert ("ck", "creatine kinase") in pairs
    assert all(" " not in word for word, _ in pairs if (word, _) in set(searchindex._alias_pairs(KNOWLEDGE)))
    assert not any(word == other for word, other in pairs)


def test_words_of_drug_names_are_marked() -> None:
    flags = dict(built().execute("SELECT word, drug FROM word").fetchall())
    assert flags["prednisone"] == 1 and flags["methotrexate"] == 1
    assert flags["muscle"] == 0 and flags["weakness"] == 0


def test_another_real_drug_is_named_with_the_one_it_looks_like() -> None:
    says = dict(built().execute("SELECT name, says FROM other_drug").fetchall())
    assert says
    for other in KNOWLEDGE.confusables:
        ours = KNOWLEDGE.drug(other.drug).name
        sentence = says[searchindex_normalize(other.name)]
        assert sentence.startswith(f"{other.name} is not in this guide. It is not the same drug as {other.looks_like}")
        if other.looks_like.casefold() == ours.casefold():
            assert sentence.endswith(f"{other.looks_like}.")
        else:
            assert sentence.endswith(f" ({ours}).")


def searchindex_normalize(text: str) -> str:
    from dmtx.lookup import normalize

    return normalize(text)


def test_the_index_keeps_its_key_source_and_review_dates() -> None:
    info = dict(built().execute("SELECT name, value FROM info").fetchall())
    assert info["format"] == searchindex.INDEX_FORMAT and info["key"] == "the-key"
    assert info["disclaimer"] == KNOWLEDGE.meta.disclaimer
    assert info["source_last_modified"] == KNOWLEDGE.meta.source.last_modified
    from dmtx import review

    status = review.status_of(review.every_part(KNOWLEDGE))
    assert status is not None
    assert (info["reviewed"], info["next_review"]) == (status.reviewed, status.due)
    assert info["reviewed"] and info["next_review"]


def test_highlight_markers_in_the_data_become_spaces() -> None:
    text = f"a{searchindex._OPEN}b{searchindex._CLOSE}c"
    point = KNOWLEDGE.topics[0]._replace(summary=text)
    other = KNOWLEDGE._replace(topics=(point, *KNOWLEDGE.topics[1:]))
    db = searchindex.build_in_memory(other)
    stored = [t for (t,) in db.execute("SELECT text FROM parts WHERE field = 'summary'").fetchall()]
    assert "a b c" in stored


def test_the_file_uri_escapes_what_sqlite_would_read_otherwise() -> None:
    assert searchindex.file_uri("/a b/100%/x?y#z.sqlite") == "file:/a b/100%25/x%3Fy%23z.sqlite"
    assert searchindex.file_uri("relative/x") == "file:/relative/x"


# --------------------------------------------------------------------------- the stored index


def test_the_index_key_changes_with_pyyaml_and_sqlite(monkeypatch: pytest.MonkeyPatch) -> None:
    from dmtx import cache

    data = BUNDLED.read_bytes()
    before = searchindex.index_key(data)
    asked: list[str] = []
    real = cache.library_stamp

    def stamp(name: str) -> str:
        asked.append(name)
        return real(name)

    monkeypatch.setattr(cache, "library_stamp", stamp)
    assert searchindex.index_key(data) == before and asked == ["yaml"]
    monkeypatch.setattr(cache, "library_stamp", lambda name: f"{name}:another")
    assert searchindex.index_key(data) != before
    monkeypatch.setattr(cache, "library_stamp", real)
    monkeypatch.setattr(searchindex.sqlite3, "sqlite_version", "0.0.1")
    assert searchindex.index_key(data) != before


def stored_file(db: sqlite3.Connection) -> str:
    """The file a connection reads ('' for an index in memory)."""
    return str(db.execute("PRAGMA database_list").fetchall()[0][2])


def test_open_index_answers_from_the_stored_file_first_time_and_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DMTX_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    key = searchindex.index_key(BUNDLED.read_bytes())
    first = searchindex.open_index(BUNDLED)
    path = stored_file(first)
    assert path == str(tmp_path / "cache" / f"search-{key}.sqlite"), "the stored index, not one in memory"
    first.close()
    again = searchindex.open_index(BUNDLED)
    assert stored_file(again) == path
    again.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache"], "nothing made in the current folder"


def test_without_a_cache_the_index_in_memory_carries_its_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DMTX_NO_CACHE", "1")
    db = searchindex.open_index(BUNDLED)
    assert stored_file(db) == ""
    info = dict(db.execute("SELECT name, value FROM info").fetchall())
    assert info["key"] == searchindex.index_key(BUNDLED.read_bytes())


def test_a_stored_index_others_can_read_or_of_another_key_is_not_used(tmp_path: Path) -> None:
    path = tmp_path / "search-x.sqlite"
    made = searchindex.build_in_memory(KNOWLEDGE, "k1")
    made.execute("VACUUM INTO ?", (str(path),))
    made.close()
    path.chmod(0o600)
    good = searchindex._open_stored(str(path), "k1")
    assert good is not None
    good.close()
    assert searchindex._open_stored(str(path), "k2") is None, "built for another key"
    path.chmod(0o644)
    assert searchindex._open_stored(str(path), "k1") is None, "readable by others: the index is private"
    path.chmod(0o600)
    (tmp_path / "junk.sqlite").write_bytes(b"not sqlite at all" * 100)
    (tmp_path / "junk.sqlite").chmod(0o600)
    assert searchindex._open_stored(str(tmp_path / "junk.sqlite"), "k1") is None
