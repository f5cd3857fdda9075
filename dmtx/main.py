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

# Not `from typing import TYPE_CHECKING`: typing costs start-up time that a lookup does not
# need. Type checkers treat any name TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from dmtx.settings import Settings


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


_NO_ARGUMENT = {"topics", "drugs", "terms", "references", "about"}
_ONE_ARGUMENT = {"topic"}
_WORDS = {"drug", "term", "search"}
_TEXT_CHECKLIST: tuple[list[str], ...] = ([], ["--format", "text"], ["--format=text"], ["-f", "text"])


def screen_shape(argv: list[str]) -> "tuple[Settings, str, list[str]] | None":
    """(settings, command, its words) when the arguments ask for a lookup screen; None otherwise.

    These are the shapes run without Typer. The shared options (--data, --no-color, --plain,
    --no-pager) may come anywhere, read from the same table Typer's commands are built from
    (dmtx.settings.SHARED_OPTIONS); any other option sends the whole line to Typer.
    """
    from dmtx.settings import parse_shared

    if argv[:1] == ["checklist"]:
        for text in _TEXT_CHECKLIST[1:]:
            if argv[1 : 1 + len(text)] == text:
                parsed = parse_shared(argv[1 + len(text) :])
                return (parsed[0], "checklist", text) if parsed is not None and not parsed[1] else None
    parsed = parse_shared(argv)
    if parsed is None or not parsed[1]:
        return None
    settings, (name, *rest) = parsed
    if name == "checklist":
        return (settings, name, rest) if rest == [] else None
    no_argument = name in _NO_ARGUMENT and not rest
    one_argument = name in _ONE_ARGUMENT and len(rest) == 1
    words = name in _WORDS and bool(rest)
    return (settings, name, rest) if no_argument or one_argument or words else None


def fast_call(argv: list[str]) -> "Callable[[], object] | None":
    """The command to run without Typer for these arguments, or None when Typer must parse them."""
    shape = screen_shape(argv)
    if shape is None:
        return None
    settings, name, rest = shape
    from dmtx import commands

    if name == "checklist":
        return _checklist_call(settings, fmt="text" if rest else None)
    if name in _NO_ARGUMENT:
        show: Callable[[Settings], None] = getattr(commands, name)
        return lambda: show(settings)
    if name in _ONE_ARGUMENT:
        return lambda: commands.topic(settings, rest[0])
    query: Callable[[Settings, str], None] = getattr(commands, name)
    return lambda: query(settings, " ".join(rest))


def journal_fast_call(argv: list[str]) -> "Callable[[], object] | None":
    """The journal commands people run daily, in their plainest shapes, without Typer; None otherwise.

    `journal add ck VALUE`, `journal add score NAME VALUE`, `journal chart [ck]` and
    `checklist --journal [--format text]`; any option (or a value starting with '-') goes to Typer.
    """
    from dmtx.settings import Settings

    settings = Settings()
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

        clean_terminal_env()  # first: dmtx and Rich both read COLUMNS and LINES
        code = _run(sys.argv[1:])
    except KeyboardInterrupt:
        code = INTERRUPTED
    sys.exit(code)


def _run(argv: list[str]) -> int:
    """Run the command, without Typer when its arguments have one of the plain shapes."""
    call = fast_call(argv) or journal_fast_call(argv)
    # From here on Ctrl-C is a KeyboardInterrupt again, which the commands handle.
    _signal.signal(_signal.SIGINT, _signal.default_int_handler)
    if call is None:
        from dmtx.cli import run

        return run(argv)
    from dmtx.commands import guarded

    return guarded(call)
