"""The console entry point, with a fast path for the commands people run most.

Typer (with its Click) costs about half of dmtx's start-up time, and a lookup does not
need it: when the arguments are one of a few simple shapes (no options but a leading
`--data PATH`), the fast path calls the same functions in `dmtx.commands` that the Typer
commands call. They draw with Rich on a colour terminal and as plain text elsewhere,
importing Rich only when it draws. Anything else (options, --help) goes to Typer.
"""

# No `from __future__ import annotations` here or in dmtx/__init__.py: it imports the
# __future__ module, and a Ctrl-C landing there would print a traceback before the
# quiet handler below is in place. Annotations that name type-checking-only types are quoted.

# The C module under `signal`: already loaded by Python, so no import time (signal imports enum).
import _signal  # type: ignore[import-not-found]

INTERRUPTED = 130


def _stop_quietly(_signum: int, _frame: object) -> None:
    """Ctrl-C while dmtx is still starting: there is nothing to undo, so no traceback."""
    raise SystemExit(INTERRUPTED)


# First thing, before the heavy imports: Ctrl-C in the first few milliseconds exits 130
# quietly. main() hands Ctrl-C back to the commands (KeyboardInterrupt) once they start.
_signal.signal(_signal.SIGINT, _stop_quietly)

import os  # noqa: E402
import sys  # noqa: E402

# Not `from typing import TYPE_CHECKING`: typing costs more to import than a kept screen
# takes to show (dmtx.screens). Type checkers treat any name TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from dmtx.commands import Settings


def _reopen_closed_standard_fds() -> None:
    """Put /dev/null on fds 0-2 that were closed (`>&-`), so no file dmtx opens gets their number.

    Python has already set sys.stdin/stdout/stderr to None for them; that stays, and is
    what the rest of dmtx checks. Without this, a file opened next would become fd 1 or 2
    and could receive stray output.
    """
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            with_null = os.open(os.devnull, os.O_RDWR)
            if with_null != fd:
                os.dup2(with_null, fd)
                os.close(with_null)


_NO_ARGUMENT = {"topics", "drugs", "terms", "references"}
_ONE_ARGUMENT = {"topic"}
_WORDS = {"drug", "term", "search"}
_TEXT_CHECKLIST: tuple[list[str], ...] = (["--format", "text"], ["--format=text"], ["-f", "text"])


def screen_shape(argv: list[str]) -> "tuple[str | None, str, list[str]] | None":
    """(--data value, command, its words) when the arguments ask for a lookup screen; None otherwise.

    These are the shapes run without Typer, and the screens dmtx.screens may keep.
    """
    data, argv = _leading_data_option(argv)
    if not argv:
        return None
    name, rest = argv[0], argv[1:]
    if name == "checklist":
        return (data, name, rest) if rest == [] or rest in _TEXT_CHECKLIST else None
    if any(arg.startswith("-") for arg in rest):
        return None
    no_argument = name in _NO_ARGUMENT and not rest
    one_argument = name in _ONE_ARGUMENT and len(rest) == 1
    words = name in _WORDS and bool(rest)
    return (data, name, rest) if no_argument or one_argument or words else None


def fast_call(argv: list[str]) -> "Callable[[], object] | None":
    """The command to run without Typer for these arguments, or None when Typer must parse them."""
    shape = screen_shape(argv)
    if shape is None:
        return None
    data, name, rest = shape
    from dmtx import commands

    settings = commands.Settings(data=data)
    if name == "checklist":
        return _checklist_call(settings, fmt="text" if rest else None)
    if name in _NO_ARGUMENT:
        show: Callable[[commands.Settings], None] = getattr(commands, name)
        return lambda: show(settings)
    if name in _ONE_ARGUMENT:
        return lambda: commands.topic(settings, rest[0])
    query: Callable[[commands.Settings, str], None] = getattr(commands, name)
    return lambda: query(settings, " ".join(rest))


def journal_fast_call(argv: list[str]) -> "Callable[[], object] | None":
    """The journal commands people run daily, in their plainest shapes, without Typer; None otherwise.

    `journal add ck VALUE`, `journal add score NAME VALUE`, `journal chart [ck]` and
    `checklist --journal [--format text]`; any option (or a value starting with '-') goes to Typer.
    """
    from dmtx import commands

    settings = commands.Settings()
    if argv == ["checklist", "--journal"]:
        return _checklist_call(settings, fmt=None, with_journal=True)
    if argv == ["checklist", "--journal", "--format", "text"]:
        return _checklist_call(settings, fmt="text", with_journal=True)
    if argv[:1] != ["journal"] or any(arg.startswith("-") for arg in argv):
        return None
    rest = argv[1:]
    from dmtx.journal import commands as journal

    if rest[:2] == ["add", "ck"] and len(rest) == 3:
        return lambda: journal.add_ck(None, value=rest[2], day=None, note=None)
    if rest[:2] == ["add", "score"] and len(rest) == 4:
        return lambda: journal.add_score(None, name=rest[2], value=rest[3], day=None, note=None)
    if rest in (["chart"], ["chart", "ck"]):
        return lambda: journal.chart(settings, None, what=rest[1:], since=None)
    return None


def _leading_data_option(argv: list[str]) -> tuple[str | None, list[str]]:
    """Split off one leading `--data PATH` (as teachers with their own file type it)."""
    if argv[:1] == ["--data"] and len(argv) >= 3 and argv[1].strip() and not argv[1].startswith("-"):
        return argv[1], argv[2:]
    return None, argv


def _checklist_call(settings: "Settings", *, fmt: str | None, with_journal: bool = False) -> "Callable[[], object]":
    from dmtx import commands
    from dmtx.checklist import Selection

    return lambda: commands.checklist(
        settings, Selection(), fmt=fmt, output=None, force=False, paper="auto", with_journal=with_journal
    )


def main() -> None:
    """Run dmtx with the process's arguments and exit with its code."""
    _signal.signal(_signal.SIGINT, _stop_quietly)  # again, for callers that imported this module earlier
    try:
        _reopen_closed_standard_fds()
        from dmtx.terminal import clean_terminal_env

        clean_terminal_env()  # first: the screen key, dmtx and Rich all read COLUMNS and LINES
        argv = sys.argv[1:]
        shape = screen_shape(argv)
        data = shape[0] if shape is not None else None
        key = _screen_key(argv, data) if shape is not None else None
        shown = _show_kept(key) if key is not None else None
        code = shown if shown is not None else _run(argv, key, data)
    except KeyboardInterrupt:
        code = INTERRUPTED
    sys.exit(code)


def _screen_key(argv: list[str], data: str | None) -> str | None:
    """The key of the lookup screen these arguments ask for (`data`: their --data), or None."""
    from dmtx import screens

    return screens.screen_key(argv, data)


def _show_kept(key: str) -> int | None:
    """Write the screen kept under key, as it was first written; None when there is none to trust."""
    from dmtx import screens

    text = screens.kept(key)
    if text is None:
        return None
    from dmtx.terminal import fills_the_screen, is_tty

    paging_on = os.environ.get("PAGER", "less").strip() != ""  # an empty $PAGER turns paging off
    if paging_on and is_tty(sys.stdin) and is_tty(sys.stdout) and fills_the_screen(text):
        return _paged(text)
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        from dmtx.terminal import silence_stdout

        silence_stdout()
    except OSError as exc:
        from dmtx.commands import write_failed

        return write_failed(exc)
    return 0


def _paged(text: str) -> int:
    """Show text through the pager as a first showing does (dmtx.output.emit pages only when it is long)."""
    from dmtx.commands import guarded
    from dmtx.output import Display, emit

    # Ctrl-C belongs to the pager while it runs (dmtx.output.page_through), as on a first showing.
    _signal.signal(_signal.SIGINT, _signal.default_int_handler)
    return guarded(lambda: emit(text, Display(rich=False, width=0, ascii_only=False, page=True)))


def _run(argv: list[str], key: str | None, data: str | None) -> int:
    """Run the command (without Typer when it can), and keep its screen when key says it may be kept."""
    from dmtx.output import record

    call = fast_call(argv) or journal_fast_call(argv)
    if call is None:
        from dmtx.cli import run

        # From here on Ctrl-C is a KeyboardInterrupt again, which the commands handle.
        _signal.signal(_signal.SIGINT, _signal.default_int_handler)
        return run(argv)
    from dmtx.commands import guarded

    transcript = record()
    _signal.signal(_signal.SIGINT, _signal.default_int_handler)
    code = guarded(call)
    screen = transcript.screen()
    if key is not None and code == 0 and screen is not None:
        from dmtx import screens

        screens.keep(key, screen, argv, data)
    return code
