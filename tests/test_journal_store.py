"""dmtx/journal/store.py in the test process: which rows "Since your last visit" reads, each SQLite
error in one sentence that names the file, the wait for a busy journal, and where the journal is
said to come from (`dmtx journal where`)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from dmtx.errors import JournalProblem, OutputProblem, UsageProblem
from dmtx.journal import store
from dmtx.journal.entries import Entry

from conftest import Dmtx, assert_clean_error


def journal_at(path: Path, *, create: bool = False) -> store.Journal:
    """The journal at `path`, opened (and made, with `create`); the test fails if there is none."""
    opened = store.open_journal(str(path), create=create)
    assert opened is not None
    return opened


@pytest.fixture
def journal(tmp_path: Path) -> store.Journal:
    return journal_at(tmp_path / "journal.sqlite3", create=True)


def dose(day: str, value: float, name: str = "prednisone", per: str = "day") -> Entry:
    return Entry(day, "dose", name, value, "mg", per)


# --------------------------------------------------------------------------- entries_for_summary


def test_the_summary_reads_every_recent_entry_every_visit_and_each_medicines_first_last_and_changed_doses(
    journal: store.Journal,
) -> None:
    earlier = [
        dose("2026-01-01", 40),  # first prednisone dose: kept
        dose("2026-01-02", 40),  # the same as the one before: left out
        dose("2026-01-03", 30),  # changed: kept
        dose("2026-01-04", 30),  # the same: left out
        dose("2026-01-05", 30, per="week"),  # the schedule changed: kept
        dose("2026-01-06", 30, per="week"),  # the last before the start: kept
        dose("2026-01-02", 15, name="methotrexate", per="week"),  # first and last of its name: kept
        Entry("2026-01-03", "visit"),  # every visit, however old: kept
        Entry("2026-01-04", "ck", None, 900.0),  # an old lab result: left out
    ]
    recent = [dose("2026-02-01", 30, per="week"), Entry("2026-02-02", "ck", None, 700.0)]
    assert journal.add_many(earlier + recent) == 11
    read = journal.entries_for_summary("2026-02-01")
    assert [(e.day, e.kind, e.name, e.value, e.per) for e in read] == [
        ("2026-01-01", "dose", "prednisone", 40.0, "day"),
        ("2026-01-02", "dose", "methotrexate", 15.0, "week"),
        ("2026-01-03", "dose", "prednisone", 30.0, "day"),
        ("2026-01-03", "visit", None, None, None),
        ("2026-01-05", "dose", "prednisone", 30.0, "week"),
        ("2026-01-06", "dose", "prednisone", 30.0, "week"),
        ("2026-02-01", "dose", "prednisone", 30.0, "week"),
        ("2026-02-02", "ck", None, 700.0, None),
    ]


def test_the_summary_of_a_long_dose_history_reads_only_the_changes_across_chunks(journal: store.Journal) -> None:
    """Over 500 kept doses: the ids are read back 500 at a time, and none is lost between chunks."""
    days = [f"{2000 + n // 336:04d}-{(n // 28) % 12 + 1:02d}-{n % 28 + 1:02d}" for n in range(1200)]
    journal.add_many([dose(day, 10 + n % 2) for n, day in enumerate(days)])  # every dose a change
    read = journal.entries_for_summary("2100-01-01")
    assert len(read) == 1200 and [e.day for e in read] == sorted(days)


def test_the_summary_of_an_empty_journal_is_empty(journal: store.Journal) -> None:
    assert journal.entries_for_summary("2026-01-01") == []


# --------------------------------------------------------------------------- SQLite errors


def sqlite_error(code: int, text: str = "disk I/O error") -> sqlite3.Error:
    error = sqlite3.OperationalError(text)
    error.sqlite_errorcode = code  # what SQLite sets on a real error; extended codes keep the primary in the low byte
    return error


WHERE = Path("/home/ann/journal.sqlite3")


@pytest.mark.parametrize(
    ("code", "kind", "message"),
    [
        (5, JournalProblem, f"The journal {WHERE} is busy: another program is writing to it. Try again in a moment."),
        (6, JournalProblem, f"The journal {WHERE} is busy: another program is writing to it. Try again in a moment."),
        (5 | 256, JournalProblem, f"The journal {WHERE} is busy: another program is writing to it."),
        (8, OutputProblem, f"Cannot write to the journal {WHERE}: the file is read-only. Nothing was changed."),
        (13, OutputProblem, f"Cannot write to the journal {WHERE}: the disk is full. Nothing was changed."),
        (11, JournalProblem, f"{WHERE} is damaged or is not a dmtx journal; it was left as it is."),
        (26, JournalProblem, f"{WHERE} is damaged or is not a dmtx journal; it was left as it is."),
        (
            10 | 3 << 8,
            OutputProblem,
            f"Cannot write to the journal {WHERE}: the disk refused it (is it full?). Nothing was changed.",
        ),
        (14, OutputProblem, f"Cannot open the journal {WHERE}."),
        (1, JournalProblem, f"Cannot use the journal {WHERE}: disk I/O error."),
    ],
)
def test_each_sqlite_error_is_one_sentence_naming_the_file(code: int, kind: type, message: str) -> None:
    problem = store._as_problem(sqlite_error(code), WHERE)
    assert type(problem) is kind
    assert str(problem).startswith(message)


def test_text_another_program_wrote_that_is_not_utf8_is_damage() -> None:
    problem = store._as_problem(sqlite_error(0, "Could not decode to UTF-8 column 'name'"), WHERE)
    assert type(problem) is JournalProblem
    assert str(problem) == f"{WHERE} is damaged: it holds text that is not readable; it was left as it is."


def test_an_error_without_a_code_is_still_one_sentence() -> None:
    problem = store._as_problem(sqlite3.DatabaseError("something odd"), WHERE)
    assert str(problem) == f"Cannot use the journal {WHERE}: something odd."


# --------------------------------------------------------------------------- waiting and where


@pytest.mark.parametrize(
    ("raw", "seconds"),
    [
        ("", 10.0),
        ("  ", 10.0),
        ("2.5", 2.5),
        ("0", 0.0),
        ("3600", 3600.0),
        ("3601", 10.0),
        ("-1", 10.0),
        ("soon", 10.0),
        ("\u0663", 10.0),  # an Arabic-Indic 3: float() would take it; dmtx reads plain digits only
        ("nan", 10.0),
    ],
)
def test_the_wait_for_a_busy_journal_is_read_from_the_environment_within_limits(
    raw: str, seconds: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(store.WAIT_ENV, raw)
    assert store._wait_seconds() == seconds


def test_where_names_the_option_or_the_variable_that_chose_the_journal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = tmp_path / "mine.sqlite3"
    assert store.describe_location(str(chosen)) == (chosen, "--journal-file")
    monkeypatch.setenv(store.JOURNAL_ENV, str(chosen))
    assert store.describe_location() == (chosen, "$DMTX_JOURNAL")
    monkeypatch.setenv(store.JOURNAL_ENV, "   ")
    path, said = store.describe_location()
    assert said == "the default place for your data" and path.name == "journal.sqlite3"


def test_an_empty_journal_file_option_names_the_option_there_is(dmtx: Dmtx, tmp_path: Path) -> None:
    result = dmtx("journal", "list", "--journal-file", "")
    assert_clean_error(result, 2)
    assert result.stderr == "dmtx: The --journal-file path is empty; give the path of a journal file.\n"
    with pytest.raises(UsageProblem):
        store.journal_path("  ")


@pytest.mark.parametrize(
    "made_by_it",
    ["CREATE TABLE photos (name TEXT)", "PRAGMA application_id = 1234"],
    ids=["tables-no-mark", "another-programs-mark"],
)
def test_a_sqlite_file_of_another_program_is_refused_and_left_as_it_is(tmp_path: Path, made_by_it: str) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute(made_by_it)
    conn.close()
    other.chmod(0o600)
    before = other.read_bytes()
    with pytest.raises(JournalProblem) as refused:
        store.open_journal(str(other), create=False)
    assert (
        str(refused.value) == f"{other} is a SQLite file of another program, not a dmtx journal; it was left as it is."
    )
    assert other.read_bytes() == before


# --------------------------------------------------------------------------- adding, reading, deleting


def ck(day: str, value: float) -> Entry:
    return Entry(day, "ck", None, value)


def test_add_many_counts_by_key_so_a_file_holding_one_entry_twice_adds_it_twice_once(journal: store.Journal) -> None:
    twice = [ck("2026-01-01", 500), ck("2026-01-01", 500)]
    assert journal.add_many(twice) == 2  # an empty journal: both, as the file has them
    assert journal.add_many(twice) == 0  # both are there now
    assert journal.add_many([*twice, ck("2026-01-01", 500)]) == 1  # a third copy is new
    assert journal.count() == 3


def test_add_many_skips_what_is_there_across_chunks_of_keys(journal: store.Journal) -> None:
    """Keys are looked up 500 at a time: an entry already there in any chunk is skipped."""
    entries = [ck(f"20{10 + n // 365:02d}-01-01", float(n)) for n in range(1201)]
    assert journal.add_many(entries[::2]) == 601
    assert journal.add_many(entries) == 600
    assert journal.count() == 1201


def test_add_gives_the_number_and_says_whether_it_was_new(journal: store.Journal) -> None:
    assert journal.add(ck("2026-01-01", 500)) == (1, True)
    assert journal.add(ck("2026-01-02", 600)) == (2, True)
    assert journal.add(ck("2026-01-01", 500)) == (1, False)


def test_reading_back_in_date_order_then_the_order_added(journal: store.Journal) -> None:
    journal.add_many([ck("2026-01-03", 3), ck("2026-01-01", 1), Entry("2026-01-03", "visit"), ck("2026-01-02", 2)])
    assert [(e.day, e.kind, e.id) for e in journal.entries()] == [
        ("2026-01-01", "ck", 2),
        ("2026-01-02", "ck", 4),
        ("2026-01-03", "ck", 1),
        ("2026-01-03", "visit", 3),
    ]
    assert [e.id for e in journal.entries(since="2026-01-02")] == [4, 1, 3]
    assert [e.id for e in journal.entries(kinds=["visit"])] == [3]
    assert [e.id for e in journal.entries(since="2026-01-02", kinds=["ck"])] == [4, 1]
    assert [e.id for e in journal.recent(2)] == [1, 3]
    last = journal.last(["ck"])
    assert last is not None and (last.id, last.value) == (1, 3.0)
    assert journal.last(["dose"]) is None
    got = journal.get(4)
    assert got is not None and got.day == "2026-01-02"
    assert journal.get(99) is None


def test_delete_says_whether_there_was_such_an_entry(journal: store.Journal) -> None:
    journal.add(ck("2026-01-01", 500))
    assert journal.delete(1) is True
    assert journal.delete(1) is False
    assert journal.count() == 0


def test_a_failed_write_leaves_nothing_of_it(journal: store.Journal) -> None:
    """One transaction: an error half way through takes back the rows already written."""
    journal.add(ck("2026-01-01", 500))
    with pytest.raises(RuntimeError), journal._write() as conn:
        conn.execute("INSERT INTO entries (day, kind) VALUES ('2026-01-02', 'ck')")
        raise RuntimeError("stopped half way")
    assert journal.count() == 1
    assert not journal.conn.in_transaction


def test_a_backup_is_a_journal_with_every_entry(journal: store.Journal, tmp_path: Path) -> None:
    journal.add_many([ck("2026-01-01", 500), ck("2026-01-02", 600)])
    copy = tmp_path / "copy.sqlite3"
    journal.backup(copy)
    copy.chmod(0o600)
    reopened = journal_at(copy)
    with reopened:
        assert [e.value for e in reopened.entries()] == [500.0, 600.0]


# --------------------------------------------------------------------------- old layouts brought up to date


def old_journal(path: Path, version: int, rows: list[tuple[object, ...]], columns: str) -> None:
    """A journal as dmtx of layout `version` left it, with these rows (no keys unless given)."""
    conn = sqlite3.connect(path)
    for step in store.MIGRATIONS[:version]:
        step(conn)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.execute(f"PRAGMA application_id = {store.APPLICATION_ID}")
    marks = ", ".join("?" * len(rows[0]))
    conn.executemany(f"INSERT INTO entries ({columns}) VALUES ({marks})", rows)
    conn.commit()
    conn.close()
    path.chmod(0o600)


def test_a_layout_1_journal_gets_each_rows_own_key(tmp_path: Path) -> None:
    """Keys were added in layout 2: each row must get its own, or importing an export twice doubles it."""
    path = tmp_path / "journal.sqlite3"
    typed = [ck("2026-01-01", 500), ck("2026-01-02", 600), dose("2026-01-03", 40), Entry("2026-01-04", "visit")]
    old_journal(path, 1, [tuple(e[:7]) for e in typed], "day, kind, name, value, unit, per, note")
    opened = journal_at(path)
    with opened:
        keys = dict(opened.conn.execute("SELECT id, key FROM entries").fetchall())
        assert keys == {n: e.key() for n, e in enumerate(typed, 1)}
        assert opened.add_many(typed) == 0  # every one found again by its key
        assert opened.conn.execute("PRAGMA user_version").fetchone()[0] == store.LATEST_VERSION


def test_a_layout_3_row_without_a_key_keeps_its_unit_and_gets_its_key(tmp_path: Path) -> None:
    """Layout 4 takes the unit off CK rows only; a dose row without a key keeps 'mg' and its schedule."""
    path = tmp_path / "journal.sqlite3"
    given = dose("2026-01-03", 40)
    old_journal(path, 3, [tuple(given[:7])], "day, kind, name, value, unit, per, note")
    opened = journal_at(path)
    with opened:
        assert opened.conn.execute("SELECT unit, per, key FROM entries").fetchone() == ("mg", "day", given.key())


# --------------------------------------------------------------------------- the connection


def test_the_wait_for_a_busy_journal_is_what_dmtx_journal_wait_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite's busy timeout is the setting itself (read back), so no test has to wait for a lock."""
    monkeypatch.setenv(store.WAIT_ENV, "2.5")
    opened = journal_at(tmp_path / "journal.sqlite3", create=True)
    with opened:
        assert opened.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 2500


def test_a_journal_that_is_read_only_is_read_and_not_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Opened read-only (SQLite's mode=ro) when the user cannot write it; root can write a 0400 file, so
    the test tells store.py the file is not writable rather than relying on the mode bits."""
    path = tmp_path / "journal.sqlite3"
    made = journal_at(path, create=True)
    with made:
        made.add(ck("2026-01-01", 500))
    path.chmod(0o400)
    monkeypatch.setattr(store.os, "access", lambda *args, **kwargs: False)
    opened = journal_at(path)
    with opened:
        assert [e.value for e in opened.entries()] == [500.0]
        with pytest.raises(OutputProblem, match=r"the file is read-only\. Nothing was changed\."):
            opened.add(ck("2026-01-02", 600))


def test_the_summary_keeps_the_first_and_last_dose_of_a_single_medicine_and_no_repeat(journal: store.Journal) -> None:
    """One medicine only: its first dose is the history's first row, and the repeat before the last is left out."""
    journal.add_many([dose("2026-01-01", 10), dose("2026-01-02", 10), dose("2026-01-03", 10)])
    assert [e.day for e in journal.entries_for_summary("2026-02-01")] == ["2026-01-01", "2026-01-03"]


def test_the_summary_keeps_the_last_dose_of_a_medicine_that_is_not_the_last_one_read(journal: store.Journal) -> None:
    """History is read medicine by medicine: the last methotrexate dose is followed by prednisone's, not by nothing."""
    journal.add_many(
        [
            dose("2026-01-01", 15, name="methotrexate", per="week"),
            dose("2026-01-08", 15, name="methotrexate", per="week"),
            dose("2026-01-02", 10),
        ]
    )
    read = journal.entries_for_summary("2026-02-01")
    assert [(e.day, e.name) for e in read] == [
        ("2026-01-01", "methotrexate"),
        ("2026-01-02", "prednisone"),
        ("2026-01-08", "methotrexate"),
    ]


def test_a_journal_others_could_read_is_made_private_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    made = journal_at(path, create=True)
    made.close()
    path.chmod(0o644)
    opened = journal_at(path)
    with opened:
        assert opened.path == path
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_journal_from_a_newer_dmtx_is_refused_and_left_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    old_journal(path, store.LATEST_VERSION, [tuple(ck("2026-01-01", 500)[:4])], "day, kind, name, value")
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {store.LATEST_VERSION + 1}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(JournalProblem) as refused:
        store.open_journal(str(path), create=False)
    assert str(refused.value) == (
        f"{path} was made by a newer dmtx (journal layout {store.LATEST_VERSION + 1}; this dmtx reads up to "
        f"{store.LATEST_VERSION}). Update dmtx; the file was not changed."
    )
    assert path.read_bytes() == before


# --------------------------------------------------------------------------- every read names the file

# Each read method, called the way the commands call it.
READS = {
    "entries": lambda j: j.entries(),
    "entries since": lambda j: j.entries(since="2026-01-01", kinds=("ck",)),
    "summary": lambda j: j.entries_for_summary("2026-01-01"),
    "last": lambda j: j.last(("ck",)),
    "recent": lambda j: j.recent(5),
    "count": lambda j: j.count(),
    "get": lambda j: j.get(1),
}


@pytest.mark.parametrize("read", list(READS))
def test_a_sqlite_error_in_any_read_names_the_journal_file(tmp_path: Path, read: str) -> None:
    """Another program dropped the table while dmtx held the file: the sentence names the file dmtx opened."""
    path = tmp_path / "mine.sqlite3"
    opened = journal_at(path, create=True)
    with opened:
        opened.add(ck("2026-01-02", 500))
        opened.conn.execute("DROP TABLE entries")
        with pytest.raises(JournalProblem) as raised:
            READS[read](opened)
    assert str(raised.value) == f"Cannot use the journal {path}: no such table: entries."


@pytest.mark.parametrize("read", [name for name in READS if name != "count"])
def test_a_damaged_row_in_any_read_names_the_journal_file(tmp_path: Path, read: str) -> None:
    path = tmp_path / "mine.sqlite3"
    opened = journal_at(path, create=True)
    with opened:
        opened.add(ck("2026-01-02", 500))
        opened.conn.execute("UPDATE entries SET value = 'abc'")  # text where a number belongs
        with pytest.raises(JournalProblem) as raised:
            READS[read](opened)
    assert (
        str(raised.value) == f"{path} is damaged: entry 1 holds something that is not a number; it was left as it is."
    )


def refused_and_left_as_it_is(path: Path) -> str:
    """Open the file at `path` (made private first) as a journal: the sentence it is refused with; the file unchanged."""
    path.chmod(0o600)
    before = path.read_bytes()
    with pytest.raises(JournalProblem) as raised:
        store.open_journal(str(path), create=False)
    assert path.read_bytes() == before
    return str(raised.value)


def test_a_file_with_sqlites_header_and_nothing_else_of_it_is_refused_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "mine.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 16)
    assert refused_and_left_as_it_is(path) == f"{path} is damaged or is not a dmtx journal; it was left as it is."


def test_an_upgrade_that_fails_half_way_says_why_and_changes_nothing(tmp_path: Path) -> None:
    """A layout-1 file without the columns layout 1 had: the upgrade fails, is undone, and says why."""
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE entries(id INTEGER PRIMARY KEY, day TEXT)")
    conn.execute("PRAGMA user_version = 1")
    conn.execute(f"PRAGMA application_id = {store.APPLICATION_ID}")
    conn.commit()
    conn.close()
    assert refused_and_left_as_it_is(path) == f"Cannot use the journal {path}: no such column: kind."
