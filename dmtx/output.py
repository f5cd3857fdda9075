"""Where output goes: choosing plain or Rich, writing stdout/stderr safely, atomic file writes."""

from __future__ import annotations

import contextlib
import os
import sys
from typing import IO, TYPE_CHECKING, Any, NamedTuple

from dmtx.errors import OutputProblem
from dmtx.sanitize import clean_line, to_ascii
from dmtx.terminal import encoding_is_utf, env_size, fills_the_screen, is_tty, terminal_width

__all__ = ["env_size", "is_tty", "terminal_width"]  # also used from here by the commands

if TYPE_CHECKING:
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


# --------------------------------------------------------------------------- paging


def emit(text: str, display: Display) -> None:
    """Write text to stdout, through the pager when the display pages and the text is longer than the screen."""
    if display.page and fills_the_screen(text) and page_through(text, display):
        return
    write_stdout(text, display)


# Shown at the bottom of less when dmtx chose less itself: newcomers do not know that q leaves.
# less's prompt language: ?e...:...  is "at the end of the text ... else ...", and the
# trailing $ ends the prompt inside LESS.
LESS_PROMPT = "-Ps?e(END) q to quit:q to quit, space for more, b to go back.$"


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


def pager_environment(command: list[str]) -> dict[str, str] | None:
    """The pager's environment: LESS=FRX added when the pager is less and LESS is unset, as git does; else None.

    F quits at once when the text fits, R shows colours instead of escape codes, X leaves
    the text on the screen. When dmtx chose less itself (no PAGER), a prompt that says how
    to leave is added too. A LESS the user set (even empty) is theirs and kept, and so is
    the prompt of a less they chose.
    """
    if "LESS" in os.environ or os.path.basename(command[0]) != "less":
        return None
    chosen_by_dmtx = "PAGER" not in os.environ
    return {**os.environ, "LESS": f"FRX {LESS_PROMPT}" if chosen_by_dmtx else "FRX"}


def page_through(text: str, display: Display) -> bool:
    """Send text to the pager and wait for it; False when no pager could be started."""
    import subprocess

    command = pager_command()
    if command is None:
        return False
    try:
        pager = subprocess.Popen(command, stdin=subprocess.PIPE, env=pager_environment(command))
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
