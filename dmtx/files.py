"""Writing files safely: never over a file without --force, atomically, keeping the file's mode.

'-', /dev/stdout and /dev/stderr (and their /dev/fd and /proc aliases) are the open
streams, and /dev/fd/N a descriptor the caller handed over (a pipe from `>(cmd)`);
devices and FIFOs are written directly, never replaced. A new file appears whole or not
at all (temp file, fsync, os.link: exactly one of several racing writers wins); a
replaced one keeps its mode and owner. A private one (journal exports, backups, a
checklist with the journal) is created 0600 by the user running dmtx, and goes only into
a regular file of theirs: never into or over a pipe, a device or another user's file.
Errors name the user's path, never the temp file.

pathlib is imported inside the functions that make paths: the screen path (a checklist shown, not
written) imports this module only for its stream names, and pathlib costs about 5 ms of start-up.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from dmtx.errors import OutputProblem, UsageProblem
from dmtx.output import error_line

if TYPE_CHECKING:
    from pathlib import Path

# Names that mean an already open standard stream: written to, never opened or replaced.
_STREAM_NAMES = {
    "-": "stdout",
    "/dev/stdout": "stdout",
    "/dev/fd/1": "stdout",
    "/proc/self/fd/1": "stdout",
    "/dev/stderr": "stderr",
    "/dev/fd/2": "stderr",
    "/proc/self/fd/2": "stderr",
}
# A descriptor given by name: `-o >(cmd)` becomes /dev/fd/63, a pipe the shell opened.
_FD_NAME = re.compile(r"/(?:dev/fd|proc/self/fd)/([0-9]{1,9})")
# Short and fixed-length, so that a target name of 255 bytes (NAME_MAX) still works.
_TEMP_PREFIX, _TEMP_SUFFIX = ".dmtx-", ".tmp"
_NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK, errno.ENOSYS}


def is_stdout_name(path: str) -> bool:
    """True for '-', /dev/stdout and its aliases: output that goes to the screen or pipe, not a file."""
    return _STREAM_NAMES.get(path) == "stdout"


def is_stream_name(path: str) -> bool:
    """True for names of open streams: '-', /dev/stdout, /dev/stderr, their aliases and /dev/fd/N."""
    return path in _STREAM_NAMES or _FD_NAME.fullmatch(path) is not None


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "permission denied"
    if exc.errno == errno.ENOENT:
        return "the folder does not exist"
    if exc.errno == errno.ENOTDIR:
        return "part of the path is not a folder"
    if exc.errno == errno.EISDIR:
        return "it is a folder"
    if exc.errno == errno.ENAMETOOLONG:
        return "the name is too long"
    return exc.strerror or str(exc)


def write_file(path: str, data: bytes, *, force: bool = False, private: bool = False) -> bool:
    """Write data to path; never overwrite without force; True when a regular file was written by name.

    '-', /dev/stdout and /dev/stderr are the open streams, /dev/fd/N the open descriptor N
    (False: nothing to say "Wrote" about). A new file is created without ever replacing one
    that appears meanwhile (temp file, fsync, os.link: exactly one of several racing writers
    wins), with mode 0666 minus the umask. With force, an existing file is replaced
    atomically and keeps its mode; a symlink of ours is written through to its target.
    Devices and FIFOs are written directly, never replaced. A private file (a journal
    export) is readable by the user only: created 0600, a replaced one loses any group and
    other bits, and it never goes into a pipe, a device or another user's file.
    """
    if not path:
        raise UsageProblem("The output path is empty; give a file name, or '-' for the screen.")
    stream = _STREAM_NAMES.get(path)
    if stream is not None:
        _write_stream(stream, data, path)
        return False
    descriptor = _FD_NAME.fullmatch(path)
    if descriptor is not None:
        _write_descriptor(int(descriptor[1]), data, path)
        return False
    if path.endswith("/") or (os.altsep is not None and path.endswith(os.altsep)):
        raise OutputProblem(f"Cannot write {path}: a name ending in '/' means a folder; add a file name to it.")
    from pathlib import Path  # here, not at the top: a checklist shown on the screen never needs it

    target = Path(path)
    info = _lstat(target, path)
    if info is not None and stat.S_ISLNK(info.st_mode):
        target, info = _through_link(target, info, path)
    if info is None:
        _create_new(target, _bytes(data), path, private=private, data=data)
        return True
    if stat.S_ISDIR(info.st_mode):
        raise OutputProblem(f"Cannot write {path}: it is a folder.")
    if not stat.S_ISREG(info.st_mode):
        if private:
            raise _not_regular(path)
        _write_direct(target, data, path)
        return False
    if not force:
        raise OutputProblem(f"{path} already exists; add --force to replace it.")
    if private:
        _refuse_foreign(info, path)
    _refuse_database(target, path)
    _replace_existing(target, info, _bytes(data), path, private=private)
    if info.st_nlink > 1:
        error_line(f"Note: {path} had other hard links; they still hold the old version.")
    return True


# The first bytes of an SQLite database, its write-ahead log and its rollback journal: a
# journal (or a backup of one) is never replaced by a document, even with --force.
_DATABASE_MAGIC = (
    b"SQLite format 3\x00",
    b"\x37\x7f\x06\x82",
    b"\x37\x7f\x06\x83",
    b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7",
)


def _refuse_database(target: str | os.PathLike[str], shown: str) -> None:
    """Refuse to write a document over a database: `export -o journal.sqlite3 --force` lost the whole journal."""
    try:
        with open(target, "rb") as existing:
            head = existing.read(16)
    except OSError:
        return  # unreadable: the replace itself says why, or succeeds as before
    if head.startswith(_DATABASE_MAGIC):
        raise OutputProblem(
            f"Cannot replace {shown}: it is a database, perhaps your journal; choose another file name."
        )


def _not_regular(shown: str) -> OutputProblem:
    return OutputProblem(
        f"Cannot write {shown}: it is not a regular file, and private journal data goes only into a file of yours."
    )


def _refuse_foreign(info: os.stat_result, shown: str) -> None:
    """A private file replaces only a file of the user running dmtx (root too: it would stay the other's)."""
    owner = os.geteuid() if hasattr(os, "geteuid") else None
    if owner is not None and info.st_uid != owner:
        raise OutputProblem(f"Cannot replace {shown}: it belongs to another user; choose a file of your own.")


def write_file_with(path: str, fill: Fill, *, force: bool = False, private: bool = False) -> None:
    """Make a regular file at path from what fill(temp_path) writes, with write_file's rules for files.

    For content another library writes by path (a SQLite backup); streams, devices and
    FIFOs are refused, since such content cannot be written into them.
    """
    if not path or is_stream_name(path) or path.endswith("/"):
        raise UsageProblem(f"Cannot write {path or 'an empty name'}: give the name of a file.")
    from pathlib import Path

    target = Path(path)
    info = _lstat(target, path)
    if info is not None and stat.S_ISLNK(info.st_mode):
        target, info = _through_link(target, info, path)
    if info is None:
        _create_new(target, fill, path, private=private)
        return
    check_existing(path, info, force=force, private=private)
    _replace_existing(target, info, fill, path, private=private)


def existing_target(path: str) -> os.stat_result | None:
    """What is at path now (through a symlink of ours), or None; for a check made before slow work."""
    info = _lstat(path, path)
    if info is not None and stat.S_ISLNK(info.st_mode):
        _, info = _through_link(path, info, path)
    return info


def check_existing(path: str, info: os.stat_result, *, force: bool, private: bool) -> None:
    """Refuse to replace what is at path: anything but a regular file; without force, anything; when private, another user's."""
    if not stat.S_ISREG(info.st_mode):
        raise _not_regular(path) if private else OutputProblem(f"Cannot write {path}: it is not a regular file.")
    if not force:
        raise OutputProblem(f"{path} already exists; add --force to replace it.")
    if private:
        _refuse_foreign(info, path)


def _lstat(target: str | os.PathLike[str], shown: str) -> os.stat_result | None:
    try:
        return os.lstat(target)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise OutputProblem(f"Cannot write {shown}: {_reason(exc)}.") from None


def _through_link(link: str | os.PathLike[str], info: os.stat_result, shown: str) -> tuple[Path, os.stat_result]:
    """The file a symlink points at, when the link is ours (or root's) and its target exists."""
    owner = os.geteuid() if hasattr(os, "geteuid") else None
    if owner is not None and info.st_uid not in (owner, 0):
        # Like the kernel's protected_symlinks: a link planted by someone else is not followed.
        raise OutputProblem(f"Cannot write {shown}: it is a link owned by another user; give the real file's path.")
    from pathlib import Path

    real = Path(os.path.realpath(link))
    try:
        return real, os.stat(real)
    except FileNotFoundError:
        raise OutputProblem(f"Cannot write {shown}: it is a link to {real}, which does not exist.") from None
    except OSError as exc:
        raise OutputProblem(f"Cannot write {shown}: {_reason(exc)}.") from None


def _write_stream(name: str, data: bytes, shown: str) -> None:
    stream = sys.stdout if name == "stdout" else sys.stderr
    if stream is None:
        raise OutputProblem(f"Cannot write {shown}: standard {'output' if name == 'stdout' else 'error'} is closed.")
    stream.flush()
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        buffer.write(data)
    else:
        stream.write(data.decode("utf-8"))
    stream.flush()


def _write_descriptor(fd: int, data: bytes, shown: str) -> None:
    """Write to descriptor fd, when the caller handed it over (dmtx's own files are close-on-exec)."""
    try:
        os.fstat(fd)
        inherited = os.get_inheritable(fd)
    except OSError:
        raise OutputProblem(f"Cannot write {shown}: no file is open as descriptor {fd}.") from None
    if not inherited:
        raise OutputProblem(f"Cannot write {shown}: descriptor {fd} is not one this command was given.")
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            if stream is not None:
                stream.flush()
    view = memoryview(data)
    try:
        while view:
            view = view[os.write(fd, view) :]
    except OSError as exc:
        raise OutputProblem(f"Cannot write {shown}: {_reason(exc)}.") from None


def _write_direct(target: Path, data: bytes, shown: str) -> None:
    try:
        with target.open("wb") as handle:
            handle.write(data)
    except OSError as exc:
        raise OutputProblem(f"Cannot write {shown}: {_reason(exc)}.") from None


def _folder_of(target: Path, shown: str) -> Path:
    folder = target.parent
    if not folder.is_dir():
        raise OutputProblem(f"Cannot write {shown}: the folder {folder} does not exist.")
    return folder


Fill = Callable[[str], None]
"""Writes the whole content into the temp file at this path (already created, mode set)."""


def _bytes(data: bytes) -> Fill:
    def fill(temp: str) -> None:
        with open(temp, "wb") as handle:
            handle.write(data)

    return fill


def _temp_file(folder: Path, shown: str, prepare: Callable[[str], None], fill: Fill) -> str:
    """A temp file in folder, its mode set by prepare(path), filled and flushed to disk; returns its path."""
    import tempfile

    try:
        fd, temp_name = tempfile.mkstemp(prefix=_TEMP_PREFIX, suffix=_TEMP_SUFFIX, dir=folder)
        os.close(fd)
    except OSError as exc:
        raise OutputProblem(f"Cannot write {shown}: {_reason(exc)}.") from None
    try:
        prepare(temp_name)  # by path: os.fchmod and os.fchown do not exist on Windows
        fill(temp_name)
        _fsync(temp_name)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise OutputProblem(f"Cannot write {shown}: {_reason(exc)}.") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    return temp_name


def _fsync(path: str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fill(fd: int, data: bytes, path: str | Path, shown: str) -> None:
    """Write data to the newly made file open as fd, flush it to disk and close it; remove it on failure."""
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise OutputProblem(f"Cannot write {shown}: {_reason(exc)}.") from None


def _create_new(target: Path, fill: Fill, shown: str, *, private: bool, data: bytes | None = None) -> None:
    """Create target with what fill writes; if the name exists by then (another writer won), exit 4 and leave it."""
    folder = _folder_of(target, shown)
    mode = 0o600 if private else 0o666 & ~_umask()
    temp_name = _temp_file(folder, shown, lambda temp: os.chmod(temp, mode), fill)
    try:
        os.link(temp_name, target)
    except FileExistsError:
        raise OutputProblem(f"{shown} already exists; add --force to replace it.") from None
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS or data is None:
            raise OutputProblem(f"Cannot write {shown}: {_reason(exc)}.") from None
        _create_exclusively(target, data, mode, shown)  # a file system without hard links
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
    _fsync_dir(folder)


def _create_exclusively(target: Path, data: bytes, mode: int, shown: str) -> None:
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except FileExistsError:
        raise OutputProblem(f"{shown} already exists; add --force to replace it.") from None
    except OSError as exc:
        raise OutputProblem(f"Cannot write {shown}: {_reason(exc)}.") from None
    _fill(fd, data, target, shown)


def _replace_existing(target: Path, info: os.stat_result, fill: Fill, shown: str, *, private: bool) -> None:
    """Replace a regular file atomically, keeping its mode (and, when allowed, its owner)."""
    mode = stat.S_IMODE(info.st_mode) & (0o700 if private else 0o7777)
    folder = _folder_of(target, shown)

    def keep_mode(temp: str) -> None:
        if hasattr(os, "chown") and not private:  # a private file is of the user running dmtx (checked)
            with contextlib.suppress(OSError):
                os.chown(temp, info.st_uid, info.st_gid)  # only root may give a file away; others keep their own
        os.chmod(temp, mode)

    temp_name = _temp_file(folder, shown, keep_mode, fill)
    try:
        os.replace(temp_name, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise OutputProblem(f"Cannot write {shown}: {_reason(exc)}.") from None
    _fsync_dir(folder)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
