"""Where the journal lives, and whether that place can be trusted: its folder, the file, SQLite's sidecars.

The folder is made 0700 (parents included, at most a few levels), never in a folder others
can write to; the file, and any -journal/-wal/-shm file SQLite keeps beside it, must be a
regular file of this user that nobody else can write, before SQLite ever opens it.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from dmtx.errors import JournalProblem, OutputProblem

HEADER = b"SQLite format 3\x00"


# How many missing folders dmtx may make for the default journal: ~/.local/share/dmtx at most,
# so a HOME that does not exist is never created.
_MAX_NEW_FOLDERS = 3
SIDECARS = ("-journal", "-wal", "-shm")  # the files SQLite keeps beside a database


def _me() -> int:
    return os.geteuid()


def ensure_private_folder(folder: Path) -> None:
    """Make the default folder and any missing parents 0700 (whatever the umask); refuse one another user owns.

    Missing folders are made only inside a folder of this user (or root's): root whose HOME
    is another user's (sudo keeping HOME, `su` without `-`) creates nothing there.
    """
    missing: list[Path] = []
    current = folder
    while not os.path.lexists(current):
        missing.append(current)
        current = current.parent
        if len(missing) > _MAX_NEW_FOLDERS:
            raise OutputProblem(f"Cannot make the journal folder {folder}: {current} does not exist.")
    if missing:
        try:
            owner = os.stat(current).st_uid
        except OSError as exc:
            raise OutputProblem(f"Cannot make the journal folder {folder}: {exc.strerror or exc}.") from None
        if owner not in (_me(), 0):
            raise OutputProblem(
                f"Cannot make the journal folder {folder}: {current} belongs to another user"
                " (is HOME someone else's, as after sudo?), and dmtx creates nothing there."
            )
    for path in reversed(missing):
        try:
            path.mkdir(mode=0o700)
        except FileExistsError:
            pass  # another dmtx made it a moment ago: checked below like any existing folder
        except OSError as exc:
            raise OutputProblem(f"Cannot make the journal folder {path}: {exc.strerror or exc}.") from None
        with contextlib.suppress(OSError):
            os.chmod(path, 0o700, follow_symlinks=False)  # the umask may have taken bits away
    try:
        info = os.lstat(folder)
    except OSError as exc:
        raise OutputProblem(f"Cannot make the journal folder {folder}: {exc.strerror or exc}.") from None
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        raise JournalProblem(f"The journal folder {folder} is not a plain folder; dmtx will not use it.")
    if info.st_uid != _me():
        raise JournalProblem(f"The journal folder {folder} belongs to another user; dmtx will not use it.")
    if stat.S_IMODE(info.st_mode) != 0o700:
        os.chmod(folder, 0o700)


def _group_has_others(gid: int) -> bool:
    """True when a user other than this one is in the group (as a member or by their own group); True if unknown."""
    try:
        import grp
        import pwd

        group = grp.getgrgid(gid)
        me = _me()
        try:
            my_name = pwd.getpwuid(me).pw_name
        except KeyError:
            my_name = None
        if any(member != my_name for member in group.gr_mem):
            return True
        return any(user.pw_gid == gid and user.pw_uid != me for user in pwd.getpwall())
    except (ImportError, KeyError, OSError):
        return True


def check_folder(folder: Path) -> None:
    """Refuse a journal whose folder other users can write to: they could swap the file or plant its sidecars.

    World-writable and sticky folders (such as /tmp) are shared by design; a group-writable
    one is shared when its group has other members; one of another user (but root) is theirs.
    """
    try:
        info = os.stat(folder)
    except FileNotFoundError:
        return  # nothing to open; making the file says the folder is missing
    except OSError as exc:
        raise OutputProblem(f"Cannot open the journal folder {folder}: {exc.strerror or exc}.") from None
    if not stat.S_ISDIR(info.st_mode):
        return
    if info.st_uid not in (_me(), 0):
        raise JournalProblem(
            f"The journal's folder {folder} belongs to another user; keep your journal in a folder of your own."
        )
    mode = info.st_mode
    if mode & (stat.S_IWOTH | stat.S_ISVTX) or (mode & stat.S_IWGRP and _group_has_others(info.st_gid)):
        raise JournalProblem(
            f"The journal's folder {folder} is one that other users can write to; keep your journal in a folder of your own."
        )


def check_sidecars(path: Path) -> None:
    """Refuse the journal while a file SQLite keeps beside it is not a plain file of this user that only they write.

    SQLite would read such a file as part of the journal (a rollback journal is played back).
    """
    for suffix in SIDECARS:
        side = Path(f"{path}{suffix}")
        try:
            info = os.lstat(side)
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise OutputProblem(f"Cannot open the journal {path}: {side}: {exc.strerror or exc}.") from None
        if stat.S_ISLNK(info.st_mode):
            problem = "is a symbolic link"
        elif not stat.S_ISREG(info.st_mode):
            problem = "is not a regular file"
        elif info.st_uid != _me():
            problem = "belongs to another user"
        elif info.st_mode & 0o022:
            problem = "can be written by other users"
        else:
            continue
        raise JournalProblem(
            f"{side}, a file SQLite keeps beside the journal, {problem}; dmtx will not open the journal while it is there."
        )


def check_file(path: Path) -> os.stat_result | None:
    """The file's stat when it is a regular file of this user; None when missing; refuse anything else."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise OutputProblem(f"Cannot open the journal {path}: {exc.strerror or exc}.") from None
    if stat.S_ISLNK(info.st_mode):
        raise JournalProblem(f"{path} is a symbolic link; dmtx does not follow links to a journal. Use the real file.")
    if not stat.S_ISREG(info.st_mode):
        raise JournalProblem(f"{path} is not a regular file; dmtx will not use it as a journal.")
    if info.st_uid != _me():
        raise JournalProblem(f"{path} belongs to another user; dmtx will not use it as a journal.")
    return info


def read_header(path: Path) -> bytes:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK)
    except OSError as exc:
        raise OutputProblem(f"Cannot read the journal {path}: {exc.strerror or exc}.") from None
    try:
        return os.read(fd, len(HEADER))
    finally:
        os.close(fd)


def create_file(path: Path) -> None:
    if not path.parent.is_dir():
        raise OutputProblem(f"Cannot make the journal {path}: the folder {path.parent} does not exist.")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    except FileExistsError:
        return  # another dmtx made it a moment ago; it is checked like any other file
    except OSError as exc:
        raise OutputProblem(f"Cannot make the journal {path}: {exc.strerror or exc}.") from None
    try:
        os.fchmod(fd, 0o600)  # the umask may have taken bits away; never added any
    finally:
        os.close(fd)
