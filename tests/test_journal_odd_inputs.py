"""Issue #23: odd inputs to the journal: pipes, huge numbers, closed streams, foreign rows, a full disk.

Each case once gave a traceback, a hang or the wrong message; now one sentence and a documented exit code.
"""

from __future__ import annotations

import os
import shlex
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from dmtx.journal import store

from conftest import ROOT, Dmtx, assert_clean_error, run_process


@pytest.fixture
def journal(tmp_path: Path, dmtx: Dmtx, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "journal.sqlite3"
    monkeypatch.setenv("DMTX_JOURNAL", str(path))
    assert dmtx("journal", "add", "ck", "850", "--date", "2026-01-05").exit_code == 0
    return path


def shell(script: str, journal: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env.update(TERM="dumb", PYTHONPATH=str(ROOT), DMTX=f"{shlex.quote(sys.executable)} -m dmtx")
    env["DMTX_JOURNAL"] = str(journal)
    return subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, env=env, cwd=journal.parent, timeout=timeout
    )


def count(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT count(*) FROM entries").fetchone()[0])


# --------------------------------------------------------------------------- imports


def test_importing_a_pipe_nobody_writes_does_not_hang(journal: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = run_process("journal", "import", str(fifo), env={"DMTX_JOURNAL": str(journal)}, timeout=20)
    assert_clean_error(result, 2, str(fifo), "not a regular file")
    assert count(journal) == 1


def test_importing_a_device_is_refused(dmtx: Dmtx, journal: Path) -> None:
    assert_clean_error(dmtx("journal", "import", "/dev/zero"), 2, "not a regular file")


def test_importing_from_a_closed_stdin_is_one_sentence(journal: Path) -> None:
    done = shell("$DMTX journal import - <&-", journal)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("dmtx: ") and "standard input is closed" in done.stderr
    assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr


# --------------------------------------------------------------------------- ids and closed streams


@pytest.mark.parametrize("number", ["99999999999999999999", str(2**63), "9" * 400])
def test_an_entry_number_too_large_for_sqlite_is_one_sentence(dmtx: Dmtx, journal: Path, number: str) -> None:
    result = dmtx("journal", "delete", number, "--yes")
    assert_clean_error(result, 1, "there is no entry")
    assert count(journal) == 1


def test_delete_answered_yes_with_stderr_closed_deletes(journal: Path) -> None:
    done = shell("echo y | $DMTX journal delete 1 2>&-", journal)
    assert done.returncode == 0, done.stdout
    assert "Deleted entry 1" in done.stdout
    assert count(journal) == 0


# --------------------------------------------------------------------------- rows another tool wrote


BAD_ROWS = {
    "text as a CK value": ("2026-01-06", "ck", None, "abc", None, None, None),
    "a number as the day": (20260106, "ck", None, 5.0, None, None, None),
    "a date that is not one": ("2026-02-30", "ck", None, 5.0, None, None, None),
    "bytes as a note": ("2026-01-06", "note", None, None, None, None, b"\x00\xff"),
    "an unknown kind": ("2026-01-06", "weather", None, 5.0, None, None, None),
    "bytes as the kind": ("2026-01-06", b"ck", None, 5.0, None, None, None),
    "an endless CK": ("2026-01-06", "ck", None, float("inf"), None, None, None),
    "a dose without a unit": ("2026-01-06", "dose", "prednisone", 5.0, None, "day", None),
    "a score name as a number": ("2026-01-06", "score", 7, 5.0, None, None, None),
}


def _insert(path: Path, row: tuple[object, ...]) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO entries (day, kind, name, value, unit, per, note) VALUES (?, ?, ?, ?, ?, ?, ?)", row)


READERS = {
    "journal": ("journal",),
    "chart": ("journal", "chart"),
    "export": ("journal", "export"),
    "checklist": ("checklist", "--journal", "--format", "text"),
}
# `journal chart` (CK) reads only the CK rows: a broken row of another kind is not its business.
CASES = [
    pytest.param(READERS[reader], row, id=f"{reader}-{name}")
    for reader in READERS
    for name, row in BAD_ROWS.items()
    if reader != "chart" or row[1] == "ck"
]


@pytest.mark.parametrize(("args", "row"), CASES)
def test_a_row_of_unexpected_types_is_a_damaged_journal(
    dmtx: Dmtx, journal: Path, args: tuple[str, ...], row: tuple[object, ...]
) -> None:
    _insert(journal, row)
    before = journal.read_bytes()
    assert_clean_error(dmtx(*args), 5, str(journal), "damaged")
    assert journal.read_bytes() == before


def test_a_foreign_row_is_reported_by_the_fast_path_too(journal: Path) -> None:
    _insert(journal, BAD_ROWS["text as a CK value"])
    for args in (("journal", "chart"), ("checklist", "--journal")):
        result = run_process(*args, env={"DMTX_JOURNAL": str(journal)})
        assert_clean_error(result, 5, "damaged")


# --------------------------------------------------------------------------- the real SQLite error


def _big_csv(path: Path, rows: int) -> None:
    lines = ["date,kind,name,value,unit,per,note"]
    lines += [f"2025-01-01,note,,,,,{'x' * 500} {n}" for n in range(rows)]
    path.write_text("\n".join(lines) + "\n")


def test_a_full_disk_says_so(dmtx: Dmtx, journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = store._connect

    def tiny_disk(path: Path, *, writable: bool) -> sqlite3.Connection:
        conn = real(path, writable=writable)
        conn.execute("PRAGMA max_page_count = 1")  # becomes the file's page count now: a full disk
        return conn

    monkeypatch.setattr(store, "_connect", tiny_disk)
    source = tmp_path / "big.csv"
    _big_csv(source, 200)
    result = dmtx("journal", "import", str(source))
    assert_clean_error(result, 4, "the disk is full", "nothing was changed")
    assert "rollback" not in result.stderr
    monkeypatch.undo()
    assert count(journal) == 1


def test_an_error_inside_a_write_is_not_masked_by_the_rollback(journal: Path) -> None:
    """SQLite ends the transaction itself on some errors; the ROLLBACK after them must not replace the message."""
    with store.open_journal(str(journal), create=False) as opened:
        assert opened is not None
        with pytest.raises(Exception) as caught, opened._write() as conn:
            conn.execute("PRAGMA max_page_count = 1")
            conn.executemany(
                "INSERT INTO entries (day, kind, note) VALUES (?, ?, ?)",
                [("2025-01-01", "note", "x" * 1000)] * 100,
            )
    assert "the disk is full" in str(caught.value)
