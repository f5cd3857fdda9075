"""Issue #23: private files (journal export, backup, a checklist made with --journal) and odd outputs.

A private file is created 0600 and owned by whoever runs dmtx; --force replaces only a
regular file of that user, never a pipe, a device or another user's file. Open streams
(/dev/stdout, /dev/stderr, /dev/fd/N, pipes) are written as they are, and "Wrote ..." is
said only for a real file.
"""

from __future__ import annotations

import os
import shlex
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import NOBODY, ROOT, Dmtx, as_nobody, assert_clean_error, needs_nobody


@pytest.fixture
def journal(tmp_path: Path, dmtx: Dmtx, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "journal.sqlite3"
    monkeypatch.setenv("DMTX_JOURNAL", str(path))
    assert dmtx("journal", "add", "ck", "850", "--date", "2026-01-05", "--note", "private").exit_code == 0
    return path


def shell(script: str, journal: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env.update(TERM="dumb", PYTHONPATH=str(ROOT), DMTX=f"{shlex.quote(sys.executable)} -m dmtx")
    env["DMTX_JOURNAL"] = str(journal)
    return subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, env=env, cwd=journal.parent, timeout=timeout
    )


PRIVATE_WRITES = {
    "export": ("journal", "export", "-o"),
    "backup": ("journal", "backup"),
    "checklist --journal": ("checklist", "--journal", "--format", "text", "-o"),
}


# --------------------------------------------------------------------------- 0600, ours


@pytest.mark.parametrize("how", PRIVATE_WRITES)
def test_a_private_file_is_made_0600_under_umask_000(journal: Path, tmp_path: Path, how: str) -> None:
    target = tmp_path / "out"
    done = shell(f"umask 000; $DMTX {shlex.join(PRIVATE_WRITES[how])} {target}", journal)
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_checklist_with_the_journal_is_private(journal: Path, tmp_path: Path) -> None:
    target = tmp_path / "checklist.txt"
    done = shell(f"umask 022; $DMTX checklist --journal -o {target}", journal)
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    old = tmp_path / "old.txt"
    old.write_text("old")
    old.chmod(0o644)
    done = shell(f"$DMTX checklist --journal -o {old} --force", journal)
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(old.stat().st_mode) == 0o600, "a replaced private file loses its group and other bits"


def test_a_checklist_without_the_journal_keeps_todays_rule(dmtx: Dmtx, tmp_path: Path) -> None:
    old = tmp_path / "old.txt"
    old.write_text("old")
    old.chmod(0o640)
    assert dmtx("checklist", "-o", str(old), "--force").exit_code == 0
    assert stat.S_IMODE(old.stat().st_mode) == 0o640


# --------------------------------------------------------------------------- --force refuses


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
@pytest.mark.parametrize("how", PRIVATE_WRITES)
def test_force_never_replaces_another_users_file(dmtx: Dmtx, journal: Path, tmp_path: Path, how: str) -> None:
    theirs = tmp_path / "theirs"
    theirs.write_bytes(b"their own data")
    os.chown(theirs, NOBODY, NOBODY)
    theirs.chmod(0o644)
    result = dmtx(*PRIVATE_WRITES[how], str(theirs), "--force")
    assert_clean_error(result, 4, str(theirs), "another user")
    assert theirs.read_bytes() == b"their own data"
    assert theirs.stat().st_uid == NOBODY


@needs_nobody
@pytest.mark.parametrize("how", ["export", "backup"])
def test_as_a_user_force_never_replaces_roots_file(nobody_dir: Path, how: str) -> None:
    env = {"DMTX_JOURNAL": str(nobody_dir / "journal.sqlite3"), "DMTX_NO_CACHE": "1"}
    assert as_nobody("$DMTX journal add ck 850", env=env).returncode == 0
    roots = nobody_dir / "roots"
    roots.write_bytes(b"root's own data")
    roots.chmod(0o644)
    done = as_nobody(f"$DMTX {shlex.join(PRIVATE_WRITES[how])} {roots} --force", env=env)
    assert done.returncode == 4, done.stderr
    assert "another user" in done.stderr and len(done.stderr.splitlines()) == 1
    assert roots.read_bytes() == b"root's own data" and roots.stat().st_uid == 0


@pytest.mark.parametrize("how", PRIVATE_WRITES)
@pytest.mark.parametrize("force", [True, False])
def test_a_private_file_never_goes_into_a_named_pipe(journal: Path, tmp_path: Path, how: str, force: bool) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    args = [*PRIVATE_WRITES[how], str(fifo), *(["--force"] if force else [])]
    # Nobody reads the pipe: writing into it would wait forever.
    done = shell(f"$DMTX {shlex.join(args)}", journal, timeout=30)
    assert done.returncode == 4, done.stderr
    assert "not a regular file" in done.stderr and len(done.stderr.splitlines()) == 1
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.skipif(os.geteuid() != 0, reason="mknod needs root")
@pytest.mark.parametrize("how", PRIVATE_WRITES)
def test_a_private_file_never_goes_into_or_over_a_device(dmtx: Dmtx, journal: Path, tmp_path: Path, how: str) -> None:
    device = tmp_path / "null"
    os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # /dev/null
    result = dmtx(*PRIVATE_WRITES[how], str(device), "--force")
    assert_clean_error(result, 4, "not a regular file")
    assert stat.S_ISCHR(os.lstat(device).st_mode), "the device was replaced"


# --------------------------------------------------------------------------- streams and pipes


def test_wrote_is_never_written_into_dev_stderr(journal: Path) -> None:
    done = shell("$DMTX journal export -o /dev/stderr", journal)
    assert done.returncode == 0
    assert done.stderr.startswith("date,kind,") and "Wrote" not in done.stderr
    assert done.stdout == ""


def test_wrote_is_not_said_for_dev_stdout(journal: Path) -> None:
    done = shell("$DMTX journal export -o /dev/stdout", journal)
    assert done.returncode == 0
    assert done.stdout.startswith("date,kind,") and done.stderr == ""


@pytest.mark.parametrize(
    "args",
    [
        "journal export -o",
        "checklist --format text -o",
        "checklist --journal --format text -o",
        "present --format text -o",
        "quiz --format text -o",
    ],
)
def test_process_substitution_is_an_output(journal: Path, tmp_path: Path, args: str) -> None:
    out = tmp_path / "got"
    done = shell(f"$DMTX {args} >(cat > {out}); code=$?; wait $!; exit $code", journal)
    assert done.returncode == 0, done.stderr
    assert out.read_text().strip(), "nothing came through the pipe"
    assert "Wrote" not in done.stderr


def test_an_inherited_pipe_at_dev_fd_n_is_an_output(journal: Path) -> None:
    read_end, write_end = os.pipe()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DMTX_JOURNAL": str(journal)}
    child = subprocess.Popen(
        [sys.executable, "-m", "dmtx", "journal", "export", "-o", f"/dev/fd/{write_end}"],
        pass_fds=(write_end,),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    os.close(write_end)
    with os.fdopen(read_end, "rb") as reader:
        data = reader.read()
    out, err = child.communicate(timeout=60)
    assert child.returncode == 0, err
    assert data.startswith(b"date,kind,") and b"private" in data
    assert err == b"" and out == b""


def test_dev_fd_n_of_a_file_is_written_in_place(journal: Path, tmp_path: Path) -> None:
    target = tmp_path / "via-fd.csv"
    done = shell(f"$DMTX journal export -o /dev/fd/3 3> {target}", journal)
    assert done.returncode == 0, done.stderr
    assert target.read_text().startswith("date,kind,")


def test_a_closed_dev_fd_n_is_one_sentence(dmtx: Dmtx, journal: Path) -> None:
    assert_clean_error(dmtx("journal", "export", "-o", "/dev/fd/97"), 4, "/dev/fd/97")
