"""Exit codes and the domain errors that the command line turns into them."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """The documented exit codes of every dmtx command."""

    OK = 0
    NOT_FOUND = 1
    USAGE = 2
    INVALID_KNOWLEDGE = 3
    CANNOT_WRITE = 4
    JOURNAL_UNUSABLE = 5
    INTERRUPTED = 130


class DmtxError(Exception):
    """A problem the user can act on: one sentence and an exit code."""

    exit_code: ExitCode = ExitCode.USAGE


class UsageProblem(DmtxError):
    """The command line asked for something that cannot be done."""

    exit_code = ExitCode.USAGE


class NotFound(DmtxError):
    """A name, topic or search text matched nothing in the knowledge file."""

    exit_code = ExitCode.NOT_FOUND

    def __init__(self, message: str, suggestions: tuple[str, ...] = (), *, hint: str = "") -> None:
        super().__init__(message)
        self.suggestions = suggestions
        self.hint = hint


class OutputProblem(DmtxError):
    """Output could not be written (exists, no folder, no permission, disk full)."""

    exit_code = ExitCode.CANNOT_WRITE


class JournalProblem(DmtxError):
    """The journal file cannot be used: damaged, not a journal, not yours, newer, or busy."""

    exit_code = ExitCode.JOURNAL_UNUSABLE


def exit_for(exc: BaseException) -> tuple[ExitCode, tuple[str, ...]]:
    """The one mapping from a failure to its exit code and the lines to say on stderr.

    A domain error says its sentence (and suggestions or a hint); Ctrl-C says "Stopped.";
    a reader that went away (broken pipe) is a quiet success; any other OS error means
    the output could not be written (a full disk, a closed terminal).
    """
    if isinstance(exc, DmtxError):
        lines = [str(exc)]
        if isinstance(exc, NotFound) and exc.suggestions:
            lines.append(f"Did you mean: {', '.join(exc.suggestions)}?")
        elif isinstance(exc, NotFound) and exc.hint:
            lines.append(exc.hint)
        return exc.exit_code, tuple(lines)
    if isinstance(exc, KeyboardInterrupt):
        return ExitCode.INTERRUPTED, ("Stopped.",)
    if isinstance(exc, BrokenPipeError):
        return ExitCode.OK, ()
    if isinstance(exc, OSError):
        return ExitCode.CANNOT_WRITE, (f"Cannot write output: {exc.strerror or exc}.",)
    raise exc
