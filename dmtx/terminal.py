"""Facts about the terminal and the standard streams, found with `os` alone.

The renderers' setup (dmtx.output) and the plain path of dmtx.main ask these questions
before any heavy module is imported, so this one imports none.
"""

from __future__ import annotations

import os
import sys

MIN_WIDTH, MAX_WIDTH, DEFAULT_WIDTH = 20, 300, 80
DEFAULT_LINES = 24


def encoding_is_utf(stream: object) -> bool:
    """True when the stream encodes UTF-8 (or is closed: nothing is written to it, so nothing is lost)."""
    if stream is None:
        return True
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    return encoding.startswith("utf")


def is_tty(stream: object) -> bool:
    """True when the stream is open and a terminal (sys.stdin/stdout/stderr are None when closed)."""
    if stream is None:
        return False
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (ValueError, OSError, AttributeError):
        return False


def env_size(name: str) -> int | None:
    """$COLUMNS or $LINES as a number, or None unless it is 1-4 ASCII digits and not 0.

    `"²".isdigit()` is true but `int("²")` fails, and Rich crashes on such values.
    """
    value = os.environ.get(name, "")
    if value.isascii() and value.isdigit() and len(value) <= 4 and int(value) > 0:
        return int(value)
    return None


def tty_columns(stream: object) -> int:
    """The width of the terminal the stream writes to, else 80."""
    try:
        return os.get_terminal_size(stream.fileno()).columns if stream is not None else DEFAULT_WIDTH  # type: ignore[attr-defined]
    except (OSError, ValueError, AttributeError):
        return DEFAULT_WIDTH


def terminal_width(stream: object = None) -> int:
    """The width to lay out for: $COLUMNS, else the terminal's, else 80; kept within 20-300."""
    width = env_size("COLUMNS") or 0
    if not width and is_tty(stream):
        width = tty_columns(stream)
    return min(MAX_WIDTH, max(MIN_WIDTH, width or DEFAULT_WIDTH))


def terminal_lines() -> int | None:
    """How many lines the screen shows: $LINES, else the terminal's height, else 24; None for a height of 0.

    Some terminals report 0 rows (`script` with stdin not a terminal, some CI and editor
    shells): the height is unknown then, and nothing is paged.
    """
    lines = env_size("LINES")
    if lines:
        return lines
    try:
        height = os.get_terminal_size(sys.stdout.fileno()).lines
    except (OSError, ValueError, AttributeError):
        return DEFAULT_LINES
    return height if height > 0 else None


def fills_the_screen(text: str) -> bool:
    """True when text takes the whole screen or more: the length at which dmtx pages it (never for an unknown height)."""
    lines = terminal_lines()
    return lines is not None and text.count("\n") >= lines


def clean_terminal_env() -> None:
    """Drop a COLUMNS or LINES that is not a plain number, before Rich or anything else reads it."""
    for name in ("COLUMNS", "LINES"):
        if name in os.environ and env_size(name) is None:
            del os.environ[name]


def settle_stdout(failure: OSError) -> None:
    """After output failed: a reader that went away gets nothing more; otherwise (a full disk) what is
    still buffered is written, or, when that fails too, dropped.

    Python flushes stdout once more at exit; a flush that fails there prints "Exception ignored"
    and turns the documented exit code into 120 (seen only with buffered output: PYTHONUNBUFFERED
    hid it).
    """
    if isinstance(failure, BrokenPipeError) or sys.stdout is None:
        silence_stdout()
        return
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        silence_stdout()


def silence_stdout() -> None:
    """Point stdout at /dev/null after the reader went away (`dmtx topics | head -1`).

    Python's final flush would otherwise complain about the broken pipe.
    """
    if sys.stdout is None:
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
