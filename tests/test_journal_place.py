"""dmtx/journal/place.py in the test process: the journal's folder, file and SQLite's sidecar files,
each trust rule on both sides (made 0700 whatever the umask, at most three new folders, never in
another user's folder; refused when a link, not a plain file or folder, another user's, or
writable by others). The subprocess tests of the same rules are in test_private_outputs.py and
test_journal_odd_inputs.py; these run where mutmut sees them.

"Another user" is made real where the tests can (as root: chown to nobody), and otherwise by
telling place.py that this process is another user (its `_me`).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dmtx.errors import JournalProblem, OutputProblem
from dmtx.journal import place

from conftest import NOBODY


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@pytest.fixture
def umask() -> Iterator[None]:
    """A loose umask (nothing taken away): what dmtx makes must still be private."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def belongs_to_another_user(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make `path` another user's: really (as root), or by telling place.py this process is someone else."""
    if os.geteuid() == 0:
        os.chown(path, NOBODY, NOBODY, follow_symlinks=False)
    else:
        monkeypatch.setattr(place, "_me", lambda: os.geteuid() + 1)


# --------------------------------------------------------------------------- the folder


@pytest.mark.usefixtures("umask")
def test_missing_folders_are_made_0700_up_to_three_levels(tmp_path: Path) -> None:
    folder = tmp_path / "a" / "b" / "c"
    place.ensure_private_folder(folder)
    assert [mode(p) for p in (tmp_path / "a", tmp_path / "a" / "b", folder)] == [0o700, 0o700, 0o700]


def test_folders_and_the_file_are_usable_by_their_owner_even_under_a_umask_that_takes_the_owners_bits(
    tmp_path: Path,
) -> None:
    old = os.umask(0o277)  # mkdir would give 0500 and a new file 0400
    try:
        place.ensure_private_folder(tmp_path / "a" / "b")
        place.create_file(tmp_path / "a" / "b" / "journal.sqlite3")
    finally:
        os.umask(old)
    assert mode(tmp_path / "a") == mode(tmp_path / "a" / "b") == 0o700
    assert mode(tmp_path / "a" / "b" / "journal.sqlite3") == 0o600


def test_a_fourth_missing_folder_is_not_made(tmp_path: Path) -> None:
    folder = tmp_path / "a" / "b" / "c" / "d"
    with pytest.raises(OutputProblem, match=rf"^Cannot make the journal folder {folder}: {tmp_path} does not exist\.$"):
        place.ensure_private_folder(folder)
    assert not (tmp_path / "a").exists()


def test_an_existing_open_folder_is_closed_to_others(tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    place.ensure_private_folder(folder)
    assert mode(folder) == 0o700


def test_a_link_or_a_file_where_the_folder_belongs_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    link = tmp_path / "link"
    link.symlink_to(real)
    with pytest.raises(JournalProblem, match="is not a plain folder; dmtx will not use it"):
        place.ensure_private_folder(link)
    file = tmp_path / "file"
    file.write_text("")
    with pytest.raises(JournalProblem, match="is not a plain folder"):
        place.ensure_private_folder(file)


def test_no_folder_is_made_inside_another_users_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    theirs = tmp_path / "theirs"
    theirs.mkdir(mode=0o755)
    belongs_to_another_user(theirs, monkeypatch)
    with pytest.raises(OutputProblem, match=r"belongs to another user \(is HOME someone else's, as after sudo\?\)"):
        place.ensure_private_folder(theirs / "dmtx")
    assert not (theirs / "dmtx").exists()


def test_an_existing_folder_of_another_user_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    theirs = tmp_path / "theirs"
    theirs.mkdir(mode=0o700)
    belongs_to_another_user(theirs, monkeypatch)
    with pytest.raises(JournalProblem, match="belongs to another user; dmtx will not use it"):
        place.ensure_private_folder(theirs)


# --------------------------------------------------------------------------- a folder given with --journal-file


def test_a_folder_others_can_write_to_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    for shared in (0o777, 0o1777, 0o703, 0o1700):
        os.chmod(folder, shared)
        with pytest.raises(JournalProblem, match="is one that other users can write to"):
            place.check_folder(folder)
    os.chmod(folder, 0o770)  # group-writable: shared only when the group has someone else in it
    monkeypatch.setattr(place, "_group_has_others", lambda gid: True)
    with pytest.raises(JournalProblem, match="other users can write to"):
        place.check_folder(folder)
    monkeypatch.setattr(place, "_group_has_others", lambda gid: False)
    place.check_folder(folder)
    monkeypatch.setattr(place, "_group_has_others", lambda gid: True)
    for own in (0o700, 0o755, 0o750, 0o740):  # the group may read: only writing is sharing
        os.chmod(folder, own)
        place.check_folder(folder)


def test_a_folder_of_another_user_is_refused_and_a_missing_one_left_to_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    place.check_folder(tmp_path / "missing")
    file = tmp_path / "file"
    file.write_text("")
    place.check_folder(file)  # not a folder: opening the journal says what is wrong
    theirs = tmp_path / "theirs"
    theirs.mkdir(mode=0o755)
    belongs_to_another_user(theirs, monkeypatch)
    with pytest.raises(JournalProblem, match="belongs to another user; keep your journal in a folder of your own"):
        place.check_folder(theirs)


def test_the_group_has_others_when_unknown(monkeypatch: pytest.MonkeyPatch) -> None:
    assert place._group_has_others(2**31 - 7) is True  # no such group: assume the worst


# --------------------------------------------------------------------------- the file and its sidecars


def test_the_journal_file_must_be_a_plain_file_of_this_user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "journal.sqlite3"
    assert place.check_file(path) is None
    path.write_bytes(place.HEADER)
    info = place.check_file(path)
    assert info is not None and stat.S_ISREG(info.st_mode)
    link = tmp_path / "link.sqlite3"
    link.symlink_to(path)
    with pytest.raises(JournalProblem, match="is a symbolic link; dmtx does not follow links"):
        place.check_file(link)
    fifo = tmp_path / "fifo.sqlite3"
    os.mkfifo(fifo)
    with pytest.raises(JournalProblem, match="is not a regular file"):
        place.check_file(fifo)
    belongs_to_another_user(path, monkeypatch)
    with pytest.raises(JournalProblem, match="belongs to another user; dmtx will not use it as a journal"):
        place.check_file(path)


@pytest.mark.parametrize("suffix", place.SIDECARS)
def test_a_sidecar_file_must_be_a_plain_file_only_this_user_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    path = tmp_path / "journal.sqlite3"
    side = Path(f"{path}{suffix}")
    place.check_sidecars(path)  # none there
    side.write_bytes(b"")
    for private in (0o600, 0o644, 0o400):
        os.chmod(side, private)
        place.check_sidecars(path)
    for open_to_others in (0o620, 0o602, 0o666):
        os.chmod(side, open_to_others)
        with pytest.raises(
            JournalProblem, match=f"{suffix}, a file SQLite keeps beside the journal, can be written by other users"
        ):
            place.check_sidecars(path)
    os.chmod(side, 0o600)
    belongs_to_another_user(side, monkeypatch)
    with pytest.raises(
        JournalProblem, match="belongs to another user; dmtx will not open the journal while it is there"
    ):
        place.check_sidecars(path)


def test_a_sidecar_that_is_a_link_or_a_fifo_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    target = tmp_path / "elsewhere"
    target.write_bytes(b"")
    Path(f"{path}-wal").symlink_to(target)
    with pytest.raises(JournalProblem, match="-wal, a file SQLite keeps beside the journal, is a symbolic link"):
        place.check_sidecars(path)
    os.unlink(f"{path}-wal")
    os.mkfifo(f"{path}-shm")
    with pytest.raises(JournalProblem, match="-shm, a file SQLite keeps beside the journal, is not a regular file"):
        place.check_sidecars(path)


@pytest.mark.usefixtures("umask")
def test_a_new_journal_file_is_0600_and_one_made_meanwhile_is_left(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    place.create_file(path)
    assert mode(path) == 0o600 and path.read_bytes() == b""
    path.write_bytes(b"kept")
    place.create_file(path)  # another dmtx made it a moment ago
    assert path.read_bytes() == b"kept"
    with pytest.raises(OutputProblem, match=r"the folder .*missing does not exist\.$"):
        place.create_file(tmp_path / "missing" / "journal.sqlite3")


def test_the_header_is_read_without_following_a_link(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    path.write_bytes(place.HEADER + b"rest of the page")
    assert place.read_header(path) == place.HEADER
    link = tmp_path / "link"
    link.symlink_to(path)
    with pytest.raises(OutputProblem, match=r"^Cannot read the journal"):
        place.read_header(link)


def test_roots_folders_may_hold_a_users_journal_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    """/ belongs to root on every machine: a user's journal may live under a folder of root's (as /home is)."""
    monkeypatch.setattr(place, "_me", lambda: 12345)
    place.check_folder(Path("/"))


def test_an_existing_folder_with_any_other_mode_is_made_0700(tmp_path: Path) -> None:
    for other in (0o701, 0o710, 0o500):
        folder = tmp_path / f"f{other:o}"
        folder.mkdir()
        os.chmod(folder, other)
        place.ensure_private_folder(folder)
        assert mode(folder) == 0o700, oct(other)


def test_every_sidecar_is_checked_even_after_a_good_one(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    Path(f"{path}-journal").write_bytes(b"")
    os.chmod(f"{path}-journal", 0o601)  # others may execute it: harmless, they cannot write
    place.check_sidecars(path)
    Path(f"{path}-wal").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(JournalProblem, match="-wal, a file SQLite keeps beside the journal, is a symbolic link"):
        place.check_sidecars(path)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda p: place.check_folder(p), "Cannot open the journal folder {p}: Permission denied."),
        (lambda p: place.check_file(p), "Cannot open the journal {p}: Permission denied."),
        (lambda p: place.check_sidecars(p), "Cannot open the journal {p}: {p}-journal: Permission denied."),
        (lambda p: place.ensure_private_folder(p), "Cannot make the journal folder {p}: Permission denied."),
    ],
)
def test_a_place_dmtx_may_not_look_at_is_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, call: Any, message: str
) -> None:
    def denied(*args: object, **kwargs: object) -> os.stat_result:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "stat", denied)
    monkeypatch.setattr(os, "lstat", denied)
    monkeypatch.setattr(os.path, "lexists", lambda p: True)
    with pytest.raises(OutputProblem) as caught:
        call(tmp_path / "j")
    assert str(caught.value) == message.format(p=tmp_path / "j")


def test_a_folder_that_cannot_be_made_is_one_sentence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: Path, mode: int = 0o777) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "mkdir", refuse)
    with pytest.raises(OutputProblem) as caught:
        place.ensure_private_folder(tmp_path / "new")
    assert str(caught.value) == f"Cannot make the journal folder {tmp_path / 'new'}: Permission denied."


def test_a_group_has_others_by_membership_or_by_their_own_group(monkeypatch: pytest.MonkeyPatch) -> None:
    import grp
    import pwd

    def group(members: list[str]) -> Any:
        return lambda gid: grp.struct_group(("staff", "x", gid, members))

    def user(name: str, uid: int, gid: int) -> pwd.struct_passwd:
        return pwd.struct_passwd((name, "x", uid, gid, "", "/home/" + name, "/bin/sh"))

    monkeypatch.setattr(place, "_me", lambda: 1000)
    monkeypatch.setattr(pwd, "getpwuid", lambda uid: user("ann", 1000, 50))
    monkeypatch.setattr(pwd, "getpwall", lambda: [user("ann", 1000, 50), user("bob", 1001, 60)])
    monkeypatch.setattr(grp, "getgrgid", group(["ann"]))
    assert place._group_has_others(50) is False  # only ann, by name and by her own group
    monkeypatch.setattr(grp, "getgrgid", group(["ann", "bob"]))
    assert place._group_has_others(50) is True
    monkeypatch.setattr(grp, "getgrgid", group([]))
    assert place._group_has_others(60) is True  # bob's own group
    monkeypatch.setattr(pwd, "getpwuid", lambda uid: (_ for _ in ()).throw(KeyError(uid)))
    monkeypatch.setattr(grp, "getgrgid", group(["ann"]))
    assert place._group_has_others(50) is True  # who is "ann"? not known to be me


def test_a_link_where_the_new_journal_belongs_is_never_written_through(tmp_path: Path) -> None:
    target = tmp_path / "someone-elses-file"
    target.write_bytes(b"theirs")
    os.chmod(target, 0o644)
    link = tmp_path / "journal.sqlite3"
    link.symlink_to(target)
    place.create_file(link)  # left for check_file to refuse, as any file made meanwhile
    assert target.read_bytes() == b"theirs" and mode(target) == 0o644


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (place.read_header, "Cannot read the journal {p}: Permission denied."),
        (place.create_file, "Cannot make the journal {p}: Permission denied."),
    ],
)
def test_a_journal_that_cannot_be_opened_is_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, call: Any, message: str
) -> None:
    def denied(*args: object, **kwargs: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", denied)
    path = tmp_path / "journal.sqlite3"
    with pytest.raises(OutputProblem) as caught:
        call(path)
    assert str(caught.value) == message.format(p=path)


def test_a_parent_that_cannot_be_looked_at_is_one_sentence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(*args: object, **kwargs: object) -> os.stat_result:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "stat", denied)
    with pytest.raises(OutputProblem) as caught:
        place.ensure_private_folder(tmp_path / "new")
    assert str(caught.value) == f"Cannot make the journal folder {tmp_path / 'new'}: Permission denied."
    assert not os.path.lexists(tmp_path / "new")
