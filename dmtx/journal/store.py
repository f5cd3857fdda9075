"""The journal file: one SQLite database, private to the user, opened with care.

A journal is found at `--journal-file PATH`, else `$DMTX_JOURNAL`, else `journal.sqlite3` in
the user's data folder (platformdirs). The folder is made 0700 and the file 0600 whatever
the umask. A symlink, a file of another user, a file that is not a dmtx journal, a damaged
one, or one made by a newer dmtx is refused and left exactly as it was. Every write is one
`BEGIN IMMEDIATE` transaction with a busy timeout, so concurrent writers queue instead of
losing rows, and a crash leaves all of a write or none of it.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from urllib.parse import quote

from dmtx.errors import JournalProblem, OutputProblem, UsageProblem
from dmtx.journal.entries import Entry
from dmtx.journal.kinds import MEDICINE, PERIOD, of_summary
from dmtx.journal.place import (
    HEADER,
    check_file,
    check_folder,
    check_sidecars,
    create_file,
    ensure_private_folder,
    read_header,
)
from dmtx.journal.rows import Damaged, stored

JOURNAL_ENV = "DMTX_JOURNAL"
WAIT_ENV = "DMTX_JOURNAL_WAIT"
DEFAULT_WAIT_SECONDS = 10.0
FILE_NAME = "journal.sqlite3"
APPLICATION_ID = 0x444D5458  # "DMTX": tells a dmtx journal from any other SQLite file
# In the order of Entry's fields.
_COLUMNS = "day, kind, name, value, unit, per, note, id, course, drug, lab_range, origin"
_INSERT = (
    "INSERT INTO entries (day, kind, name, value, unit, per, note, course, drug, lab_range, origin, key)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _marks(values: tuple[str, ...]) -> str:
    """One SQL parameter mark per value, for `IN (...)`."""
    return ", ".join("?" * len(values))


# --------------------------------------------------------------------------- layout versions


def _create_v1(conn: sqlite3.Connection) -> None:
    conn.execute(
        "CREATE TABLE entries (id INTEGER PRIMARY KEY, day TEXT NOT NULL, kind TEXT NOT NULL,"
        " name TEXT, value REAL, unit TEXT, per TEXT, note TEXT)"
    )
    conn.execute("CREATE INDEX entries_day ON entries(day, id)")


def _v1_to_v2(conn: sqlite3.Connection) -> None:
    """Version 2 keeps each entry's natural key, so importing a file twice adds nothing twice.

    It also indexes entries by kind: the checklist and the charts read one kind at a time.
    """
    conn.execute("ALTER TABLE entries ADD COLUMN key TEXT")
    rows = conn.execute("SELECT day, kind, name, value, unit, per, note, id FROM entries").fetchall()
    conn.executemany("UPDATE entries SET key = ? WHERE id = ?", [(Entry(*row).key(), row[-1]) for row in rows])
    conn.execute("CREATE INDEX entries_key ON entries(key)")
    # Covers the dose history the checklist reads, so ten years of daily doses stay cheap.
    conn.execute("CREATE INDEX entries_kind ON entries(kind, name, day, id, value, unit, per)")


def _v2_to_v3(conn: sqlite3.Connection) -> None:
    """Version 3 keeps schedules in words, courses, the drug a medicine's name matched, and lab details.

    `per` already holds 'day' or 'week'; from now on it may also hold '4 weeks' or '2 days'.
    `course` is a dose given over several days ('5 days'). `drug` is the guide's drug the
    name as typed matched: entries kept before are left as they are, not matched (NULL),
    and their keys do not change. `lab_range` and `origin` are an imported result's
    reference range and where it came from.
    """
    for column in ("course", "drug", "lab_range", "origin"):
        conn.execute(f"ALTER TABLE entries ADD COLUMN {column} TEXT")
    missing = conn.execute(
        "SELECT day, kind, name, value, unit, per, note, id FROM entries WHERE key IS NULL"
    ).fetchall()
    conn.executemany("UPDATE entries SET key = ? WHERE id = ?", [(Entry(*row).key(), row[-1]) for row in missing])
    conn.execute("DROP INDEX IF EXISTS entries_kind")
    conn.execute("CREATE INDEX entries_kind ON entries(kind, name, day, id, value, unit, per, course)")


def _v3_to_v4(conn: sqlite3.Connection) -> None:
    """Version 4 keeps an imported CK result without a unit, as a typed one is kept (CK is always U/L).

    Imports before it kept "U/L", so the same result typed and imported had two keys and was
    kept twice. Those rows lose the unit and get the key a typed result has (a row without a key,
    which dmtx never writes, gets one too).
    """
    rows = conn.execute(
        "SELECT day, kind, name, value, CASE WHEN kind = 'ck' THEN NULL ELSE unit END, per, note, id, course"
        " FROM entries WHERE (kind = 'ck' AND unit IS NOT NULL) OR key IS NULL"
    ).fetchall()
    conn.executemany(
        "UPDATE entries SET unit = ?, key = ? WHERE id = ?",
        [(row[4], Entry(*row).key(), row[7]) for row in rows],  # the columns in Entry's order
    )


# MIGRATIONS[n] turns a file of layout version n into version n + 1.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_create_v1, _v1_to_v2, _v2_to_v3, _v3_to_v4)
LATEST_VERSION = len(MIGRATIONS)


# --------------------------------------------------------------------------- where


def default_path() -> Path:
    """journal.sqlite3 in the user's data folder, as the OS expects it (platformdirs)."""
    from platformdirs import user_data_path

    return user_data_path("dmtx", appauthor=False) / FILE_NAME


def journal_path(explicit: str | None = None) -> tuple[Path, bool]:
    """The journal to use and whether it is the default one: --journal-file, else $DMTX_JOURNAL, else default."""
    if explicit is not None and not explicit.strip():
        raise UsageProblem("The --journal-file path is empty; give the path of a journal file.")
    chosen = explicit or os.environ.get(JOURNAL_ENV, "").strip() or None
    if chosen:
        return Path(chosen), False
    return default_path(), True


def _wait_seconds() -> float:
    raw = os.environ.get(WAIT_ENV, "")
    try:
        value = float(raw) if raw.isascii() and raw.strip() else DEFAULT_WAIT_SECONDS
    except ValueError:
        value = DEFAULT_WAIT_SECONDS
    return value if 0 <= value <= 3600 else DEFAULT_WAIT_SECONDS


# --------------------------------------------------------------------------- errors


def _as_problem(exc: sqlite3.Error, path: Path) -> Exception:
    """One clear sentence for a SQLite error, naming the user's file."""
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    if code in (5, 6):  # BUSY, LOCKED
        return JournalProblem(f"The journal {path} is busy: another program is writing to it. Try again in a moment.")
    if code == 8:  # READONLY
        return OutputProblem(f"Cannot write to the journal {path}: the file is read-only. Nothing was changed.")
    if code == 13:  # FULL
        return OutputProblem(f"Cannot write to the journal {path}: the disk is full. Nothing was changed.")
    if code in (11, 26):  # CORRUPT, NOTADB
        return JournalProblem(f"{path} is damaged or is not a dmtx journal; it was left as it is.")
    if code == 10:  # IOERR
        return OutputProblem(
            f"Cannot write to the journal {path}: the disk refused it (is it full?). Nothing was changed."
        )
    if code == 14:  # CANTOPEN
        return OutputProblem(f"Cannot open the journal {path}.")
    if "decode" in str(exc):
        # Text that is not UTF-8 was written by another program: the rows cannot be trusted.
        return JournalProblem(f"{path} is damaged: it holds text that is not readable; it was left as it is.")
    return JournalProblem(f"Cannot use the journal {path}: {exc}.")


def _damaged(exc: Damaged, path: Path) -> JournalProblem:
    return JournalProblem(f"{path} is damaged: {exc}; it was left as it is.")


@contextlib.contextmanager
def _sqlite_errors(path: Path) -> Iterator[None]:
    try:
        yield
    except sqlite3.Error as exc:
        raise _as_problem(exc, path) from None
    except Damaged as exc:
        raise _damaged(exc, path) from None


def _undo(conn: sqlite3.Connection) -> None:
    """Roll back the open transaction, if SQLite has not already ended it (it does on a full disk).

    A failing ROLLBACK never replaces the error that caused it.
    """
    if conn.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")


def _entries(rows: Iterable[tuple[object, ...]], path: Path) -> list[Entry]:
    try:
        return [stored(row) for row in rows]
    except Damaged as exc:
        raise _damaged(exc, path) from None


class Journal:
    """An open journal. Use as a context manager; every method is one consistent read or one transaction."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the file."""
        self.conn.close()

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: take the write lock first (queueing behind others), commit or undo all."""
        with _sqlite_errors(self.path):
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                _undo(self.conn)
                raise
            self.conn.execute("COMMIT")

    def entries(self, *, since: str | None = None, kinds: Iterable[str] = ()) -> list[Entry]:
        """Entries in date order (then in the order they were added)."""
        clauses, params = [], []
        if since:
            clauses.append("day >= ?")
            params.append(since)
        wanted = list(kinds)
        if wanted:
            clauses.append(f"kind IN ({', '.join('?' * len(wanted))})")
            params += wanted
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        with _sqlite_errors(self.path):
            rows = self.conn.execute(f"SELECT {_COLUMNS} FROM entries{where} ORDER BY day, id", params).fetchall()
        return _entries(rows, self.path)

    def entries_for_summary(self, start: str) -> list[Entry]:
        """What "Since your last visit" needs, in date order: every entry from `start` on, every visit,
        and of the earlier doses only each medicine's first, last and changed ones.

        The doses in between repeat the one before them, so leaving them out changes no
        answer (current dose, since when, how long taken) and keeps ten years of daily
        doses cheap to read.
        """
        periods, medicines = of_summary(PERIOD), of_summary(MEDICINE)
        with _sqlite_errors(self.path):
            recent = self.conn.execute(
                f"SELECT {_COLUMNS} FROM entries WHERE day >= ? OR kind IN ({_marks(periods)})", (start, *periods)
            ).fetchall()
            history = self.conn.execute(
                "SELECT id, kind || ' ' || name, value, unit, per, course FROM entries"
                f" WHERE kind IN ({_marks(medicines)}) AND day < ? ORDER BY kind, name, day, id",
                (*medicines, start),
            ).fetchall()
            keep: list[int] = []
            for n, (entry_id, name, *dose) in enumerate(history):
                before = history[n - 1] if n else None
                after = history[n + 1] if n + 1 < len(history) else None
                first = before is None or before[1] != name
                last = after is None or after[1] != name
                changed = before is not None and list(before[2:]) != dose
                if first or last or changed:
                    keep.append(entry_id)
            earlier = []
            for chunk in range(0, len(keep), 500):
                ids = keep[chunk : chunk + 500]
                earlier += self.conn.execute(
                    f"SELECT {_COLUMNS} FROM entries WHERE id IN ({', '.join('?' * len(ids))})", ids
                ).fetchall()
        entries = _entries(recent + earlier, self.path)  # checked before sorting: a day may be of any type
        return sorted(entries, key=lambda entry: (entry.day, entry.id or 0))

    def last(self, kinds: Iterable[str]) -> Entry | None:
        """The latest entry of these kinds, or None."""
        wanted = tuple(kinds)
        with _sqlite_errors(self.path):
            row = self.conn.execute(
                f"SELECT {_COLUMNS} FROM entries WHERE kind IN ({_marks(wanted)}) ORDER BY day DESC, id DESC LIMIT 1",
                wanted,
            ).fetchone()
        return _entries([row], self.path)[0] if row else None

    def recent(self, limit: int) -> list[Entry]:
        """The last `limit` entries, oldest first (-1: every entry)."""
        with _sqlite_errors(self.path):
            rows = self.conn.execute(
                f"SELECT {_COLUMNS} FROM entries ORDER BY day DESC, id DESC LIMIT ?", (limit,)
            ).fetchall()
        return _entries(reversed(rows), self.path)

    def count(self) -> int:
        """How many entries the journal holds."""
        with _sqlite_errors(self.path):
            return int(self.conn.execute("SELECT count(*) FROM entries").fetchone()[0])

    def get(self, entry_id: int) -> Entry | None:
        """The entry with this number, or None."""
        with _sqlite_errors(self.path):
            row = self.conn.execute(f"SELECT {_COLUMNS} FROM entries WHERE id = ?", (entry_id,)).fetchone()
        return _entries([row], self.path)[0] if row else None

    def add(self, entry: Entry) -> tuple[int, bool]:
        """Add one entry unless the same one is already there; return its number and whether it was added."""
        key = entry.key()
        with self._write() as conn:
            found = conn.execute("SELECT id FROM entries WHERE key = ? ORDER BY id LIMIT 1", (key,)).fetchone()
            if found:
                return int(found[0]), False
            cursor = conn.execute(_INSERT, _values(entry, key))
            return int(cursor.lastrowid or 0), True

    def add_many(self, entries: list[Entry]) -> int:
        """Add entries in one transaction, skipping those already there; return how many were added.

        Counted per key, so a file holding the same entry twice imports it twice into an
        empty journal and not at all into one that already has both.
        """
        keys = list(dict.fromkeys(entry.key() for entry in entries))
        with self._write() as conn:
            have: dict[str, int] = {}
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                rows = conn.execute(
                    f"SELECT key, count(*) FROM entries WHERE key IN ({', '.join('?' * len(chunk))}) GROUP BY key",
                    chunk,
                ).fetchall()
                have.update({key: int(n) for key, n in rows})
            rows_to_add = []
            for entry in entries:
                key = entry.key()
                if have.get(key, 0) > 0:
                    have[key] -= 1
                    continue
                rows_to_add.append(_values(entry, key))
            conn.executemany(_INSERT, rows_to_add)
            return len(rows_to_add)

    def delete(self, entry_id: int) -> bool:
        """Remove one entry; False when there is none with that number."""
        with self._write() as conn:
            return conn.execute("DELETE FROM entries WHERE id = ?", (entry_id,)).rowcount > 0

    def backup(self, target: Path) -> None:
        """Copy the whole journal to a new SQLite file with the SQLite backup API (consistent while others write)."""
        with _sqlite_errors(self.path):
            copy = sqlite3.connect(target, isolation_level=None)
            try:
                self.conn.backup(copy)
            finally:
                copy.close()


def _values(entry: Entry, key: str) -> tuple[object, ...]:
    """The values of _INSERT for one entry."""
    return (*entry[:7], entry.course, entry.drug, entry.range, entry.origin, key)


def _connect(path: Path, *, writable: bool) -> sqlite3.Connection:
    mode = "rw" if writable else "ro"
    uri = f"file:{quote(str(path.absolute()))}?mode={mode}"
    return sqlite3.connect(uri, uri=True, timeout=_wait_seconds(), isolation_level=None, check_same_thread=False)


def _header(conn: sqlite3.Connection) -> tuple[int, int, int]:
    """The file's application id, layout version and number of tables, read in one snapshot.

    Read one by one, a new journal that another dmtx creates at the same moment could
    show no id and no version, then the tables just made: a "file of another program".
    """
    conn.execute("BEGIN")
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except BaseException:
        _undo(conn)
        raise
    conn.execute("COMMIT")
    return int(app_id), int(version), int(tables)


def _prepare(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse a foreign, newer or damaged file; bring an older dmtx journal up to date."""
    app_id, version, tables = _header(conn)
    if app_id == 0 and version == 0:
        if tables:
            raise JournalProblem(
                f"{path} is a SQLite file of another program, not a dmtx journal; it was left as it is."
            )
    elif app_id != APPLICATION_ID:
        raise JournalProblem(f"{path} is a SQLite file of another program, not a dmtx journal; it was left as it is.")
    if version > LATEST_VERSION:
        raise JournalProblem(
            f"{path} was made by a newer dmtx (journal layout {version}; this dmtx reads up to {LATEST_VERSION}). "
            "Update dmtx; the file was not changed."
        )
    if version < LATEST_VERSION:
        _migrate(conn)


def _migrate(conn: sqlite3.Connection) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Read again under the write lock: another dmtx may have upgraded it meanwhile.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        for step in MIGRATIONS[version:]:
            step(conn)
        conn.execute(f"PRAGMA user_version = {LATEST_VERSION}")
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    except BaseException:
        _undo(conn)
        raise
    conn.execute("COMMIT")


def open_journal(explicit: str | None = None, *, create: bool) -> Journal | None:
    """Open the journal for reading and writing; None when it does not exist and `create` is False."""
    path, is_default = journal_path(explicit)
    if is_default and (create or path.parent.exists()):
        ensure_private_folder(path.parent)
    check_folder(path.parent)
    info = check_file(path)
    if info is None:
        if not create:
            return None
        create_file(path)
        info = check_file(path)
        assert info is not None
    if info.st_size and read_header(path) != HEADER:
        raise JournalProblem(f"{path} is not a dmtx journal (not a SQLite database); it was left as it is.")
    check_sidecars(path)
    writable = os.access(path, os.W_OK)
    try:
        conn = _connect(path, writable=writable)
    except sqlite3.Error as exc:
        raise _as_problem(exc, path) from None
    try:
        with _sqlite_errors(path):
            _prepare(conn, path)
    except BaseException:
        conn.close()
        raise
    if stat.S_IMODE(info.st_mode) & 0o077:
        with contextlib.suppress(OSError):
            os.chmod(path, 0o600)
    return Journal(path, conn)


def describe_location(explicit: str | None = None) -> tuple[Path, str]:
    """The journal's path and where that choice came from (for `dmtx journal where`)."""
    path, is_default = journal_path(explicit)
    if is_default:
        return path, "the default place for your data"
    return path, "--journal-file" if explicit else f"${JOURNAL_ENV}"
