"""The journal under real processes: concurrent writers, a held lock, kill -9, read-only files, a full disk."""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run_process

pytestmark = pytest.mark.slow


def _env(journal: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR", "COLUMNS")}
    env.update({"TERM": "dumb", "DMTX_JOURNAL": str(journal), **extra})
    return env


def _count(journal: Path) -> int:
    with sqlite3.connect(journal) as conn:
        return int(conn.execute("SELECT count(*) FROM entries").fetchone()[0])


def _integrity(journal: Path) -> str:
    with sqlite3.connect(journal) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def test_twenty_writers_at_once_lose_no_row(tmp_path: Path) -> None:
    journal = tmp_path / "j.sqlite3"
    env = _env(journal, DMTX_JOURNAL_WAIT="60")
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "dmtx", "journal", "add", "ck", str(100 + n)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for n in range(20)
    ]
    results = [(*p.communicate(timeout=120), p.returncode) for p in procs]
    assert [code for _, _, code in results] == [0] * 20, [err for _, err, _ in results]
    with sqlite3.connect(journal) as conn:
        values = sorted(int(v) for (v,) in conn.execute("SELECT value FROM entries"))
    assert values == list(range(100, 120))
    assert _integrity(journal) == "ok"


# Holds the journal's write lock until its stdin closes: no sleep decides when it lets go.
_HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("INSERT INTO entries (day, kind, value, key) VALUES ('2026-01-01', 'ck', 1, 'held')")
print("holding", flush=True)
sys.stdin.read()
conn.execute("COMMIT")
"""


def _hold(journal: Path) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(journal)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
    return holder


# Runs `dmtx ARGS` in a process that writes one byte to the file descriptor READY when it reaches
# POINT, then stops there for good (THEN=stop: the test kills it at that point, not after a guessed
# delay) or goes on (THEN=go: the test knows dmtx got that far):
#   sql:TEXT         just before SQLite runs the first statement starting with TEXT (after an INSERT
#                    INTO entries when TEXT is COMMIT: the import's own transaction, all rows in it)
#   after:add_many   once Journal.add_many has returned (the import is committed)
_AT_POINT = """
import os, signal, sqlite3, sys
ready, point, then = int(sys.argv[1]), sys.argv[2], sys.argv[3]
kind, _, what = point.partition(":")

def reached():
    global ready
    if ready < 0:
        return
    os.write(ready, b"!")
    os.close(ready)
    ready = -1
    while then == "stop":
        signal.pause()

if kind == "sql":
    real_connect, inserted = sqlite3.connect, []
    def trace(sql):
        inserted.append(sql.startswith("INSERT INTO entries"))
        if sql.startswith(what) and (what != "COMMIT" or any(inserted)):
            reached()
    def connect(*args, **kwargs):
        conn = real_connect(*args, **kwargs)
        conn.set_trace_callback(trace)
        return conn
    sqlite3.connect = connect
else:
    from dmtx.journal.store import Journal
    real_add_many = Journal.add_many
    def add_many(self, entries):
        added = real_add_many(self, entries)
        reached()
        return added
    Journal.add_many = add_many
sys.argv = ["dmtx", *sys.argv[4:]]
from dmtx.main import main
sys.exit(main())
"""


def _start_until(point: str, *args: str, env: dict[str, str], then: str = "stop") -> subprocess.Popen[bytes]:
    """Start `dmtx ARGS` and return once it has reached POINT (see _AT_POINT), stopped there or going on."""
    import select

    ready_read, ready_write = os.pipe()
    proc = subprocess.Popen(
        [sys.executable, "-c", _AT_POINT, str(ready_write), point, then, *args],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        pass_fds=(ready_write,),
    )
    os.close(ready_write)
    try:
        # A generous limit only so a broken dmtx cannot hang the suite; the byte, not the time, decides.
        readable, _, _ = select.select([ready_read], [], [], 120)
        byte = os.read(ready_read, 1) if readable else b""
    finally:
        os.close(ready_read)
    if byte != b"!":
        proc.kill()
        _, err = proc.communicate(timeout=60)
        pytest.fail(f"dmtx never reached {point} (exit {proc.returncode}): {err.decode(errors='replace')}")
    return proc


def test_a_writer_waits_for_a_long_transaction_then_fails_clearly(tmp_path: Path) -> None:
    journal = tmp_path / "j.sqlite3"
    assert run_process("journal", "add", "ck", "5", env={"DMTX_JOURNAL": str(journal)}).exit_code == 0
    holder = _hold(journal)
    try:
        result = run_process("journal", "add", "ck", "6", env={"DMTX_JOURNAL": str(journal), "DMTX_JOURNAL_WAIT": "1"})
    finally:
        holder.kill()
        holder.wait()
    assert result.exit_code == 5, result.stderr
    assert result.stderr.startswith("dmtx: The journal") and "is busy" in result.stderr
    assert "Traceback" not in result.stderr
    assert _count(journal) == 1 and _integrity(journal) == "ok"


def test_a_writer_waits_and_succeeds_when_the_lock_is_released(tmp_path: Path) -> None:
    journal = tmp_path / "j.sqlite3"
    run_process("journal", "add", "ck", "5", env={"DMTX_JOURNAL": str(journal)})
    holder = _hold(journal)
    # The writer has asked for the write lock while the holder has it; only then is it let go.
    writer = _start_until(
        "sql:BEGIN IMMEDIATE", "journal", "add", "ck", "6", env=_env(journal, DMTX_JOURNAL_WAIT="60"), then="go"
    )
    assert holder.stdin is not None
    holder.stdin.close()
    assert holder.wait(timeout=60) == 0
    _, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, err
    assert _count(journal) == 3


def _big_csv(path: Path, rows: int) -> None:
    import datetime as dt

    start = dt.date(1990, 1, 1)
    lines = ["date,kind,name,value,unit,per,note"]
    lines += [f"{start + dt.timedelta(days=n)},ck,,{n % 900 + 1},,,row {n}" for n in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("point", "rows"),
    [
        ("sql:BEGIN IMMEDIATE", 1),  # the import has the write lock, nothing written yet
        ("sql:INSERT INTO entries", 1),  # the first of the 10,000 rows is going in
        ("sql:COMMIT", 1),  # every row is in the transaction, not yet committed
        ("after:add_many", 10_001),  # committed: all of them stay
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_kill_9_during_a_big_import_leaves_all_rows_or_none(tmp_path: Path, point: str, rows: int) -> None:
    source = tmp_path / "big.csv"
    _big_csv(source, 10_000)
    journal = tmp_path / "j.sqlite3"
    assert run_process("journal", "add", "note", "before", env={"DMTX_JOURNAL": str(journal)}).exit_code == 0
    proc = _start_until(point, "journal", "import", str(source), env=_env(journal))
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL  # the kill landed at the point, before dmtx finished
    assert _integrity(journal) == "ok"
    assert _count(journal) == rows


def _without_root_powers() -> list[str]:
    caps = "-dac_override,-dac_read_search"
    return ["setpriv", f"--inh-caps={caps}", f"--bounding-set={caps}"]


@pytest.mark.skipif(os.geteuid() != 0, reason="runs as root without its file powers (setpriv)")
def test_a_read_only_journal_gets_a_clear_error_and_stays_intact(tmp_path: Path) -> None:
    import hashlib

    journal = tmp_path / "j.sqlite3"
    assert run_process("journal", "add", "ck", "5", env={"DMTX_JOURNAL": str(journal)}).exit_code == 0
    journal.chmod(0o400)
    before = hashlib.sha256(journal.read_bytes()).hexdigest()
    done = subprocess.run(
        [*_without_root_powers(), sys.executable, "-m", "dmtx", "journal", "add", "ck", "6"],
        env=_env(journal),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 4, done.stderr
    assert done.stderr == f"dmtx: Cannot write to the journal {journal}: the file is read-only. Nothing was changed.\n"
    listed = subprocess.run(
        [*_without_root_powers(), sys.executable, "-m", "dmtx", "journal"],
        env=_env(journal),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert listed.returncode == 0 and "CK 5 U/L" in listed.stdout
    assert hashlib.sha256(journal.read_bytes()).hexdigest() == before


def _limit_file_size() -> None:
    # A file-size limit makes every write past it fail, as a full disk does (EFBIG instead of ENOSPC).
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))


def test_a_full_disk_gets_a_clear_error_and_the_data_stays(tmp_path: Path) -> None:
    journal = tmp_path / "j.sqlite3"
    assert run_process("journal", "add", "ck", "5", env={"DMTX_JOURNAL": str(journal)}).exit_code == 0
    source = tmp_path / "big.csv"
    _big_csv(source, 5_000)
    done = subprocess.run(
        [sys.executable, "-m", "dmtx", "journal", "import", str(source)],
        env=_env(journal),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_limit_file_size,
    )
    assert done.returncode == 4, done.stderr
    assert done.stderr.startswith(f"dmtx: Cannot write to the journal {journal}:")
    assert "Nothing was changed." in done.stderr and "Traceback" not in done.stderr
    assert _integrity(journal) == "ok" and _count(journal) == 1


def test_backup_while_another_process_writes_is_consistent(tmp_path: Path) -> None:
    journal = tmp_path / "j.sqlite3"
    source = tmp_path / "big.csv"
    _big_csv(source, 10_000)
    run_process("journal", "add", "note", "first", env={"DMTX_JOURNAL": str(journal)})
    writer = subprocess.Popen(
        [sys.executable, "-m", "dmtx", "journal", "import", str(source)],
        env=_env(journal, DMTX_JOURNAL_WAIT="60"),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    copies = []
    for n in range(3):
        copy = tmp_path / f"copy{n}.sqlite3"
        result = run_process(
            "journal", "backup", str(copy), env={"DMTX_JOURNAL": str(journal), "DMTX_JOURNAL_WAIT": "60"}
        )
        assert result.exit_code == 0, result.stderr
        copies.append(copy)
    assert writer.wait(timeout=120) == 0
    for copy in copies:
        assert _integrity(copy) == "ok" and _count(copy) in (1, 10_001)
