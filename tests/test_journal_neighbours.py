"""Issue #23: the journal's neighbours: its folder, its SQLite sidecars, the folders dmtx makes.

Ownership matters here, so each rule is tested as root (another user's files are chowned
to nobody) and, where it can run, as the unprivileged user nobody (`setpriv`).
"""

from __future__ import annotations

import grp
import os
import pwd
import shlex
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import NOBODY, ROOT, Dmtx, as_nobody, assert_clean_error, needs_nobody

SIDECARS = ("-journal", "-wal", "-shm")


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DMTX_JOURNAL", "XDG_DATA_HOME", "COLUMNS", "LINES")}
    env.update(TERM="dumb", PYTHONPATH=str(ROOT), DMTX=f"{shlex.quote(sys.executable)} -m dmtx")
    env.update(extra)
    return env


def shell(script: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, env=_env(**extra), cwd=ROOT, timeout=60
    )


def _count(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT count(*) FROM entries").fetchone()[0])


# --------------------------------------------------------------------------- a folder others can write


@pytest.mark.parametrize("mode", [0o777, 0o1777, 0o733, 0o1733])
def test_a_journal_in_a_folder_others_can_write_is_refused(dmtx: Dmtx, tmp_path: Path, mode: int) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(mode)
    journal = shared / "journal.sqlite3"
    result = dmtx("journal", "add", "ck", "850", env={"DMTX_JOURNAL": str(journal)})
    assert_clean_error(result, 5, str(shared), "other users can write")
    assert list(shared.iterdir()) == [], "nothing may be created in a shared folder"


def test_an_existing_journal_in_a_sticky_folder_is_refused_unchanged(dmtx: Dmtx, tmp_path: Path) -> None:
    journal = tmp_path / "journal.sqlite3"
    assert dmtx("journal", "add", "ck", "850", env={"DMTX_JOURNAL": str(journal)}).exit_code == 0
    before = journal.read_bytes()
    tmp_path.chmod(0o1777)
    try:
        for args in (("journal",), ("journal", "export"), ("checklist", "--journal")):
            assert_clean_error(dmtx(*args, env={"DMTX_JOURNAL": str(journal)}), 5, "other users can write")
    finally:
        tmp_path.chmod(0o700)
    assert journal.read_bytes() == before


def _group_with_others() -> int:
    """A group that has members other than root (nogroup: nobody's own group)."""
    return grp.getgrnam("nogroup").gr_gid


def _group_of_root_alone() -> int | None:
    """Root's group, when no other user is in it."""
    group = grp.getgrgid(0)
    others = [m for m in group.gr_mem if m != "root"] + [
        p.pw_name for p in pwd.getpwall() if p.pw_gid == 0 and p.pw_uid
    ]
    return None if others else 0


@pytest.mark.skipif(os.geteuid() != 0, reason="chown to another group needs root")
def test_a_group_writable_folder_is_refused_when_the_group_has_other_members(dmtx: Dmtx, tmp_path: Path) -> None:
    shared = tmp_path / "team"
    shared.mkdir()
    os.chown(shared, 0, _group_with_others())
    shared.chmod(0o770)
    result = dmtx("journal", "add", "ck", "850", env={"DMTX_JOURNAL": str(shared / "j.sqlite3")})
    assert_clean_error(result, 5, "other users can write")
    assert list(shared.iterdir()) == []


@pytest.mark.skipif(os.geteuid() != 0 or _group_of_root_alone() is None, reason="needs root's group to be root's alone")
def test_a_group_writable_folder_of_a_group_of_ones_own_is_fine(dmtx: Dmtx, tmp_path: Path) -> None:
    own = tmp_path / "mine"
    own.mkdir()
    os.chown(own, 0, 0)
    own.chmod(0o770)
    assert dmtx("journal", "add", "ck", "850", env={"DMTX_JOURNAL": str(own / "j.sqlite3")}).exit_code == 0


@needs_nobody
@pytest.mark.parametrize("mode", [0o1777, 0o777])
def test_as_a_user_a_journal_in_a_shared_folder_is_refused(nobody_dir: Path, mode: int) -> None:
    shared = nobody_dir / "shared"
    shared.mkdir()
    os.chown(shared, NOBODY, NOBODY)
    shared.chmod(mode)
    done = as_nobody("$DMTX journal add ck 850", env={"DMTX_JOURNAL": str(shared / "j.sqlite3"), "DMTX_NO_CACHE": "1"})
    assert done.returncode == 5, done.stderr
    assert done.stderr.startswith("dmtx: ") and "other users can write" in done.stderr
    assert len(done.stderr.splitlines()) == 1 and list(shared.iterdir()) == []
    shared.chmod(0o700)
    done = as_nobody("$DMTX journal add ck 850", env={"DMTX_JOURNAL": str(shared / "j.sqlite3"), "DMTX_NO_CACHE": "1"})
    assert done.returncode == 0, done.stderr


# --------------------------------------------------------------------------- sidecars


def _plant(path: Path, how: str) -> None:
    if how == "fifo":
        os.mkfifo(path)
    elif how == "link":
        path.symlink_to(path.parent / "elsewhere")
    else:
        path.write_bytes(b"planted")
        if how == "another user's":
            os.chown(path, NOBODY, NOBODY)
            path.chmod(0o600)
        else:  # writable by others
            path.chmod(0o666)


@pytest.mark.parametrize("suffix", SIDECARS)
@pytest.mark.parametrize("how", ["another user's", "fifo", "link", "writable by others"])
def test_a_planted_sidecar_is_refused_before_the_journal_is_opened(
    dmtx: Dmtx, tmp_path: Path, suffix: str, how: str
) -> None:
    if how == "another user's" and os.geteuid() != 0:
        pytest.skip("chown needs root")
    journal = tmp_path / "journal.sqlite3"
    env = {"DMTX_JOURNAL": str(journal)}
    assert dmtx("journal", "add", "ck", "850", env=env).exit_code == 0
    before = journal.read_bytes()
    sidecar = Path(f"{journal}{suffix}")
    _plant(sidecar, how)
    for args in (("journal",), ("journal", "add", "ck", "900"), ("journal", "export")):
        assert_clean_error(dmtx(*args, env=env), 5, str(sidecar))
    assert journal.read_bytes() == before
    assert os.path.lexists(sidecar), "the planted file is left for the user to look at"


def test_a_hot_rollback_journal_of_another_user_never_changes_what_is_shown(dmtx: Dmtx, tmp_path: Path) -> None:
    """The attack itself: another user's `-journal` holding other pages would be rolled back into the file."""
    if os.geteuid() != 0:
        pytest.skip("chown needs root")
    journal = tmp_path / "journal.sqlite3"
    env = {"DMTX_JOURNAL": str(journal)}
    assert dmtx("journal", "add", "ck", "850", env=env).exit_code == 0
    # Make a genuine hot journal: a writer killed in the middle of a transaction leaves one.
    script = (
        "import os, sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('PRAGMA journal_mode=DELETE'); c.execute('BEGIN IMMEDIATE')\n"
        "c.execute(\"UPDATE entries SET value = 1\"); c.execute('PRAGMA cache_spill=1')\n"
        'c.execute("INSERT INTO entries (day, kind, value) SELECT day, kind, value FROM entries")\n'
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", script, str(journal)], check=True, timeout=30)
    sidecar = Path(f"{journal}-journal")
    assert sidecar.exists(), "the killed writer left no rollback journal"
    os.chown(sidecar, NOBODY, NOBODY)
    assert_clean_error(dmtx("journal", env=env), 5, str(sidecar))


@needs_nobody
def test_as_a_user_a_sidecar_planted_by_root_is_refused(nobody_dir: Path) -> None:
    journal = nobody_dir / "journal.sqlite3"
    env = {"DMTX_JOURNAL": str(journal), "DMTX_NO_CACHE": "1"}
    assert as_nobody("$DMTX journal add ck 850", env=env).returncode == 0
    Path(f"{journal}-journal").write_bytes(b"planted by root")
    done = as_nobody("$DMTX journal", env=env)
    assert done.returncode == 5, done.stderr
    assert "belongs to another user" in done.stderr and len(done.stderr.splitlines()) == 1


# --------------------------------------------------------------------------- folders dmtx makes


def test_every_folder_made_for_the_journal_is_0700_under_umask_000(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    done = shell("umask 000; $DMTX journal add ck 850", HOME=str(home))
    assert done.returncode == 0, done.stderr
    for folder in (home / ".local", home / ".local" / "share", home / ".local" / "share" / "dmtx"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE((home / ".local/share/dmtx/journal.sqlite3").stat().st_mode) == 0o600


@needs_nobody
def test_as_a_user_every_folder_made_for_the_journal_is_0700_under_umask_000(nobody_dir: Path) -> None:
    done = as_nobody("umask 000; $DMTX journal add ck 850", env={"HOME": str(nobody_dir), "DMTX_NO_CACHE": "1"})
    assert done.returncode == 0, done.stderr
    for folder in (nobody_dir / ".local", nobody_dir / ".local/share", nobody_dir / ".local/share/dmtx"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
        assert folder.stat().st_uid == NOBODY


@pytest.mark.skipif(os.geteuid() != 0, reason="about root with another user's HOME")
def test_root_with_another_users_home_creates_nothing_there(nobody_dir: Path) -> None:
    """`sudo` keeping HOME, or `su` without `-`: nothing of root's may appear in that user's home."""
    env = {"HOME": str(nobody_dir), "DMTX_CACHE_DIR": "", "XDG_CACHE_HOME": "", "XDG_DATA_HOME": ""}
    env = {k: v for k, v in _env(**env).items() if v}
    added = subprocess.run(
        [sys.executable, "-m", "dmtx", "journal", "add", "ck", "850"], capture_output=True, text=True, env=env, cwd=ROOT
    )
    assert added.returncode == 4, added.stderr
    assert added.stderr.startswith("dmtx: ") and len(added.stderr.splitlines()) == 1, added.stderr
    assert "another user" in added.stderr
    looked_up = subprocess.run(
        [sys.executable, "-m", "dmtx", "drug", "methotrexate"], capture_output=True, text=True, env=env, cwd=ROOT
    )
    assert looked_up.returncode == 0, looked_up.stderr
    assert looked_up.stderr == ""
    assert list(nobody_dir.iterdir()) == [], "root made files in another user's home"
