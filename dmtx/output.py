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
from dmtx.errors import OutputProblem
from dmtx.sanitize import clean_line, to_ascii

if TYPE_CHECKING:
    from rich.console import Console

MIN_WIDTH, MAX_WIDTH, DEFAULT_WIDTH = 20, 300, 80


class Display(NamedTuple):
    """How to draw on stdout: Rich or plain, how wide, whether ASCII only, whether long output is paged."""

    rich: bool
    width: int
    ascii_only: bool
    page: bool = False


def _encoding_is_utf(stream: IO[str]) -> bool:
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    return encoding.startswith("utf")


def _is_tty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (ValueError, OSError):
        return False


def accessible() -> bool:
    """True when ACCESSIBLE is set (to anything but 0): linear text for screen readers, no boxes."""
    return os.environ.get("ACCESSIBLE", "").strip() not in ("", "0")


def color_allowed(no_color: bool) -> bool:
    """False when the user or environment asks for no colour (NO_COLOR, TERM=dumb, --no-color, ACCESSIBLE)."""
    return not (no_color or os.environ.get("NO_COLOR") or os.environ.get("TERM", "") == "dumb" or accessible())


def terminal_width(stream: IO[str] | None = None) -> int:
    """The width to lay out for: $COLUMNS, else the terminal's, else 80; kept within 20-300."""
    width = 0
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit():
        width = int(columns)
    elif stream is not None and _is_tty(stream):
        width = _tty_columns(stream)
    return min(MAX_WIDTH, max(MIN_WIDTH, width or DEFAULT_WIDTH))


def _tty_columns(stream: IO[str]) -> int:
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (OSError, ValueError, AttributeError):
        return DEFAULT_WIDTH


def detect_display(
    no_color: bool = False, stream: IO[str] | None = None, *, plain: bool = False, pager: bool = False
) -> Display:
    """Rich on a colour-capable UTF-8 terminal; plain text otherwise (always with --plain or ACCESSIBLE).

    With `pager`, long output is paged, but only when both stdin and stdout are terminals.
    """
    out = stream or sys.stdout
    utf = _encoding_is_utf(out)
    rich = _is_tty(out) and color_allowed(no_color or plain) and utf
    page = pager and _is_tty(sys.stdin) and _is_tty(out)
    return Display(rich=rich, width=terminal_width(out), ascii_only=not utf, page=page)


def write_stdout(text: str, display: Display | None = None) -> None:
    """Write text to stdout, in ASCII when the stream cannot encode UTF-8."""
    ascii_only = display.ascii_only if display else not _encoding_is_utf(sys.stdout)
    sys.stdout.write(to_ascii(text) if ascii_only else text)
    sys.stdout.flush()


def error_line(message: str) -> None:
    """One line on stderr, prefixed with the program name, control characters made visible."""
    text = "dmtx: " + clean_line(message) + "\n"
    if not _encoding_is_utf(sys.stderr):
        text = to_ascii(text)
    sys.stderr.write(text)
    sys.stderr.flush()


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
    """Print a Rich renderable on the terminal, through the pager when it is longer than the screen."""
    console = rich_console(width=display.width, soft_wrap=False)
    if not display.page:
        console.print(renderable)
        return
    with console.capture() as captured:
        console.print(renderable)
    emit(captured.get(), display)


# --------------------------------------------------------------------------- paging


def emit(text: str, display: Display) -> None:
    """Write text to stdout, through the pager when the display pages and the text is longer than the screen."""
    if display.page and text.count("\n") >= _terminal_lines() and page_through(text, display):
        return
    write_stdout(text, display)


def _terminal_lines() -> int:
    lines = os.environ.get("LINES", "")
    if lines.isdigit() and int(lines) > 0:
        return int(lines)
    try:
        return os.get_terminal_size(sys.stdout.fileno()).lines
    except (OSError, ValueError, AttributeError):
        return 24


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
    return exc.strerror or str(exc)


def write_file(path: str, data: bytes, *, force: bool = False) -> None:
    """Write data to path atomically; never overwrite without force; '-' is stdout.

    Regular files get temp file + fsync + os.replace, so a failure leaves any old
    file whole. Devices and FIFOs (e.g. /dev/stdout) are written directly, never replaced.
    """
    if path == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    target = Path(path)
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise OutputProblem(f"Cannot write {path}: {_reason(exc)}.") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise OutputProblem(f"Cannot write {path}: it is a folder.")
    if mode is not None and not stat.S_ISREG(mode):
        _write_direct(target, data, path)
        return
    if mode is not None and not force:
        raise OutputProblem(f"{path} already exists; add --force to replace it.")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputProblem(f"Cannot write {path}: the folder {folder} does not exist.")
    _replace_atomically(target, folder, data, path)


def _write_direct(target: Path, data: bytes, shown: str) -> None:
    try:
        with target.open("wb") as handle:
            handle.write(data)
    except OSError as exc:
        raise OutputProblem(f"Cannot write {shown}: {_reason(exc)}.") from None


def _replace_atomically(target: Path, folder: Path, data: bytes, shown: str) -> None:
    import tempfile

    temp_name = ""
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, 0o644 & ~_umask())
        os.replace(temp_name, target)
        temp_name = ""
        _fsync_dir(folder)
    except OSError as exc:
        raise OutputProblem(f"Cannot write {shown}: {_reason(exc)}.") from None
    finally:
        if temp_name:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
