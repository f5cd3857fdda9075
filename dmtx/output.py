"""Where output goes: choosing plain or Rich, writing stdout/stderr safely, atomic file writes."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NamedTuple

from dmtx.document import Document
from dmtx.errors import OutputProblem, UsageProblem
from dmtx.sanitize import clean_line, to_ascii
from dmtx.terminal import encoding_is_utf, env_size, fills_the_screen, is_tty, terminal_width

__all__ = ["env_size", "is_tty", "terminal_width"]  # also used from here by the commands

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.console import Console


class Display(NamedTuple):
    """How to draw on stdout: Rich or plain, how wide, whether ASCII only, whether long output is paged."""

    rich: bool
    width: int
    ascii_only: bool
    page: bool = False


def accessible() -> bool:
    """True when ACCESSIBLE is set (to anything but 0): linear text for screen readers, no boxes."""
    return os.environ.get("ACCESSIBLE", "").strip() not in ("", "0")


def color_allowed(no_color: bool) -> bool:
    """False when the user or environment asks for no colour (NO_COLOR, TERM=dumb, --no-color, ACCESSIBLE)."""
    return not (no_color or os.environ.get("NO_COLOR") or os.environ.get("TERM", "") == "dumb" or accessible())


def detect_display(
    no_color: bool = False, stream: IO[str] | None = None, *, plain: bool = False, pager: bool = False
) -> Display:
    """Rich on a colour-capable UTF-8 terminal; plain text otherwise (always with --plain or ACCESSIBLE).

    With `pager`, long output is paged, but only when both stdin and stdout are terminals.
    """
    out = stream if stream is not None else sys.stdout
    utf = encoding_is_utf(out)
    rich = is_tty(out) and color_allowed(no_color or plain) and utf
    page = pager and is_tty(sys.stdin) and is_tty(out)
    return Display(rich=rich, width=terminal_width(out), ascii_only=not utf, page=page)


def write_stdout(text: str, display: Display | None = None) -> None:
    """Write text to stdout, in ASCII when the stream cannot encode UTF-8; OutputProblem when it is closed."""
    out = sys.stdout
    if out is None:
        raise OutputProblem("Cannot write output: standard output is closed.")
    ascii_only = display.ascii_only if display else not encoding_is_utf(out)
    out.write(to_ascii(text) if ascii_only else text)
    out.flush()


def error_line(message: str) -> None:
    """One line on stderr, prefixed with the program name, control characters made visible.

    With stderr closed (`2>&-`) the line is dropped: a message is never worth failing for.
    """
    err = sys.stderr
    if err is None:
        return
    text = "dmtx: " + clean_line(message) + "\n"
    if not encoding_is_utf(err):
        text = to_ascii(text)
    err.write(text)
    err.flush()


def rich_console(**options: Any) -> Console:
    """A Rich console that never reads data as markup, emoji codes or things to highlight."""
    from rich.console import Console

    return Console(highlight=False, emoji=False, markup=False, **options)


def show(doc: Document, display: Display) -> None:
    """Draw a document on stdout the way the display allows."""
    if display.rich:
        from dmtx.render.rich_screen import render_rich

        show_renderable(render_rich(doc), display)
        return
    from dmtx.render.text import render_text

    emit(render_text(doc, display.width), display)


def show_renderable(renderable: Any, display: Display) -> None:
    """Print a Rich renderable on the terminal, through the pager when it is longer than the screen.

    Rich draws into a string first (the same bytes it would write), so that the screen
    goes out through emit() like plain text, paged when it is long.
    """
    console = rich_console(width=display.width, soft_wrap=False)
    with console.capture() as captured:
        console.print(renderable)
    emit(captured.get(), display)


# --------------------------------------------------------------------------- paging


def emit(text: str, display: Display) -> None:
    """Write text to stdout, through the pager when the display pages and the text is longer than the screen."""
    if display.page and fills_the_screen(text) and page_through(text, display):
        return
    write_stdout(text, display)


def pager_command() -> list[str] | None:
    """$PAGER split into words (an empty one turns paging off), else `less -FIRX` when installed."""
    import shlex
    import shutil

    chosen = os.environ.get("PAGER")
    if chosen is None:
        return ["less", "-FIRX"] if shutil.which("less") else None
    try:
        words = shlex.split(chosen)
    except ValueError:
        return None
    return words or None


def page_through(text: str, display: Display) -> bool:
    """Send text to the pager and wait for it; False when no pager could be started."""
    import subprocess

    command = pager_command()
    if command is None:
        return False
    try:
        pager = subprocess.Popen(command, stdin=subprocess.PIPE)
    except OSError:
        return False
    assert pager.stdin is not None
    data = to_ascii(text) if display.ascii_only else text
    try:
        pager.stdin.write(data.encode("utf-8", "replace"))
    except BrokenPipeError:
        pass  # the reader quit the pager before reading everything
    finally:
        with contextlib.suppress(OSError):
            pager.stdin.close()
    while True:
        try:
            pager.wait()
            return True
        except KeyboardInterrupt:
            continue  # Ctrl-C belongs to the pager while it runs, as with pydoc and git


# --------------------------------------------------------------------------- files

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
# Short and fixed-length, so that a target name of 255 bytes (NAME_MAX) still works.
_TEMP_PREFIX, _TEMP_SUFFIX = ".dmtx-", ".tmp"
_NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK, errno.ENOSYS}


def is_stdout_name(path: str) -> bool:
    """True for '-', /dev/stdout and its aliases: output that goes to the screen or pipe, not a file."""
    return _STREAM_NAMES.get(path) == "stdout"


def is_stream_name(path: str) -> bool:
    """True for names of the open standard streams: '-', /dev/stdout, /dev/stderr and their aliases."""
    return path in _STREAM_NAMES


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


def write_file(path: str, data: bytes, *, force: bool = False, private: bool = False) -> None:
    """Write data to path; never overwrite without force; '-', /dev/stdout and /dev/stderr are the open streams.

    A new file is created without ever replacing one that appears meanwhile (temp file,
    fsync, os.link: exactly one of several racing writers wins), with mode 0666 minus the
    umask. With force, an existing file is replaced atomically and keeps its mode; a
    symlink of ours is written through to its target. Devices and FIFOs are written
    directly, never replaced. A private file (a journal export) is readable by the user
    only: created 0600, and a replaced one loses any group and other bits.
    """
    if not path:
        raise UsageProblem("The output path is empty; give a file name, or '-' for the screen.")
    stream = _STREAM_NAMES.get(path)
    if stream is not None:
        _write_stream(stream, data, path)
        return
    if path.endswith("/") or (os.altsep is not None and path.endswith(os.altsep)):
        raise OutputProblem(f"Cannot write {path}: a name ending in '/' means a folder; add a file name to it.")
    target = Path(path)
    info = _lstat(target, path)
    if info is not None and stat.S_ISLNK(info.st_mode):
        target, info = _through_link(target, info, path)
    if info is None:
        _create_new(target, data, path, private=private)
        return
    if stat.S_ISDIR(info.st_mode):
        raise OutputProblem(f"Cannot write {path}: it is a folder.")
    if not stat.S_ISREG(info.st_mode):
        _write_direct(target, data, path)
        return
    if not force:
        raise OutputProblem(f"{path} already exists; add --force to replace it.")
    _replace_existing(target, info, data, path, private=private)
    if info.st_nlink > 1:
        error_line(f"Note: {path} had other hard links; they still hold the old version.")


def _lstat(target: Path, shown: str) -> os.stat_result | None:
    try:
        return os.lstat(target)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise OutputProblem(f"Cannot write {shown}: {_reason(exc)}.") from None


def _through_link(link: Path, info: os.stat_result, shown: str) -> tuple[Path, os.stat_result]:
    """The file a symlink points at, when the link is ours (or root's) and its target exists."""
    owner = os.geteuid() if hasattr(os, "geteuid") else None
    if owner is not None and info.st_uid not in (owner, 0):
        # Like the kernel's protected_symlinks: a link planted by someone else is not followed.
        raise OutputProblem(f"Cannot write {shown}: it is a link owned by another user; give the real file's path.")
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


def _write_direct(target: Path, data: bytes, shown: str) -> None:
    try:
        with target.open("wb") as handle:
            handle.write(data)
    except OSError as exc:
        raise OutputProblem(f"Cannot write {shown}: {_reason(exc)}.") from None


def _folder_of(target: Path, shown: str) -> Path:
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputProblem(f"Cannot write {shown}: the folder {folder} does not exist.")
    return folder


def _temp_copy(folder: Path, data: bytes, shown: str, prepare: Callable[[str], None]) -> str:
    """A temp file in folder holding data, flushed to disk, after prepare(path) set its mode; returns its path."""
    import tempfile

    try:
        fd, temp_name = tempfile.mkstemp(prefix=_TEMP_PREFIX, suffix=_TEMP_SUFFIX, dir=folder)
    except OSError as exc:
        raise OutputProblem(f"Cannot write {shown}: {_reason(exc)}.") from None
    # prepare works by path: os.fchmod and os.fchown do not exist on Windows.
    _fill(fd, data, temp_name, shown, before=lambda: prepare(temp_name))
    return temp_name


def _fill(fd: int, data: bytes, path: str | Path, shown: str, before: Callable[[], None] | None = None) -> None:
    """Write data to the newly made file open as fd, flush it to disk and close it; remove it on failure."""
    try:
        with os.fdopen(fd, "wb") as handle:
            if before is not None:
                before()
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise OutputProblem(f"Cannot write {shown}: {_reason(exc)}.") from None


def _create_new(target: Path, data: bytes, shown: str, *, private: bool) -> None:
    """Create target with data; if the name exists by then (another writer won), exit 4 and leave it."""
    folder = _folder_of(target, shown)
    mode = 0o600 if private else 0o666 & ~_umask()
    temp_name = _temp_copy(folder, data, shown, lambda temp: os.chmod(temp, mode))
    try:
        os.link(temp_name, target)
    except FileExistsError:
        raise OutputProblem(f"{shown} already exists; add --force to replace it.") from None
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
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


def _replace_existing(target: Path, info: os.stat_result, data: bytes, shown: str, *, private: bool) -> None:
    """Replace a regular file atomically, keeping its mode (and, when allowed, its owner)."""
    mode = stat.S_IMODE(info.st_mode) & (0o700 if private else 0o7777)
    folder = _folder_of(target, shown)

    def keep_mode(temp: str) -> None:
        if hasattr(os, "chown"):
            with contextlib.suppress(OSError):
                os.chown(temp, info.st_uid, info.st_gid)  # only root may give a file away; others keep their own
        os.chmod(temp, mode)

    temp_name = _temp_copy(folder, data, shown, keep_mode)
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
