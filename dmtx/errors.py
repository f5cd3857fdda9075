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
