"""The console entry point, with a fast path for the commands people run most.

Typer and Rich cost most of dmtx's start-up time. A plain lookup whose output goes to
a pipe, a file or a no-colour terminal needs neither: when the arguments are one of a
few simple shapes (no options but a leading `--data PATH`), it calls the same functions in `dmtx.commands`
that the Typer commands call. Anything else (options, --help, colour) goes to Typer.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dmtx.commands import Settings

_NO_ARGUMENT = {"topics", "drugs", "terms", "references"}
_ONE_ARGUMENT = {"topic"}
_WORDS = {"drug", "term", "search"}
_PLAIN_CHECKLIST: tuple[list[str], ...] = ([], ["--format", "text"], ["--format=text"], ["-f", "text"])


def fast_call(argv: list[str]) -> Callable[[], object] | None:
    """The command to run without Typer for these arguments, or None when Typer must parse them."""
    data, argv = _leading_data_option(argv)
    if not argv:
        return None
    name, rest = argv[0], argv[1:]
    from dmtx import commands

    settings = commands.Settings(data=data)
    if name == "checklist":
        return _checklist_call(settings) if rest in _PLAIN_CHECKLIST else None
    if any(arg.startswith("-") for arg in rest):
        return None
    if name in _NO_ARGUMENT and not rest:
        show: Callable[[commands.Settings], None] = getattr(commands, name)
        return lambda: show(settings)
    if name in _ONE_ARGUMENT and len(rest) == 1:
        return lambda: commands.topic(settings, rest[0])
    if name in _WORDS and rest:
        query: Callable[[commands.Settings, str], None] = getattr(commands, name)
        return lambda: query(settings, " ".join(rest))
    return None


def journal_fast_call(argv: list[str]) -> Callable[[], object] | None:
    """The journal commands people run daily, in their plainest shapes, without Typer; None otherwise.

    `journal add ck VALUE`, `journal add score NAME VALUE`, `journal chart [ck]` and
    `checklist --journal [--format text]`; any option (or a value starting with '-') goes to Typer.
    """
    from dmtx import commands

    settings = commands.Settings()
    if argv in (["checklist", "--journal"], ["checklist", "--journal", "--format", "text"]):
        return _checklist_call(settings, with_journal=True)
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


def _checklist_call(settings: Settings, *, with_journal: bool = False) -> Callable[[], object]:
    from dmtx import commands
    from dmtx.checklist import Selection

    # Only reached for plain output, where the default format is text too.
    return lambda: commands.checklist(
        settings, Selection(), fmt="text", output=None, force=False, paper="auto", with_journal=with_journal
    )


def _plain_output() -> bool:
    from dmtx.output import detect_display

    return not detect_display().rich


def main() -> None:
    """Run dmtx with the process's arguments and exit with its code."""
    argv = sys.argv[1:]
    call = (fast_call(argv) or journal_fast_call(argv)) if _plain_output() else None
    if call is not None:
        from dmtx.commands import guarded

        sys.exit(guarded(call))
    from dmtx.cli import run

    sys.exit(run(argv))
