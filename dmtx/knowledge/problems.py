"""What is wrong with a knowledge file: one located `Problem` each, all carried by `KnowledgeError`."""

from __future__ import annotations

from typing import Any, NamedTuple

from dmtx.errors import DmtxError, ExitCode


class Problem(NamedTuple):
    """One thing wrong with a knowledge file, located by YAML path and line/column."""

    path: str
    message: str
    line: int = 1
    column: int = 1

    def located(self, file: str) -> str:
        """Format as `FILE:LINE:COLUMN: path: message` (`FILE: message` for the file as a whole)."""
        where = f"{self.path}: " if self.path else ""
        if self.line <= 0:
            return f"{file}: {where}{self.message}"
        return f"{file}:{self.line}:{self.column}: {where}{self.message}"


class KnowledgeError(DmtxError):
    """The knowledge file cannot be used; carries every problem found."""

    exit_code = ExitCode.INVALID_KNOWLEDGE

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = tuple(problems)
        first = problems[0].located(file) if problems else f"{file}: invalid"
        more = len(problems) - 1
        suffix = f" (and {more} more problem{'s' if more != 1 else ''}; run 'dmtx validate')" if more else ""
        super().__init__(f"invalid knowledge file: {first}{suffix}")

    def lines(self) -> list[str]:
        """Every problem as one `FILE:LINE:COLUMN: message` line."""
        return [p.located(self.file) for p in self.problems]


def whole_file(message: str) -> Problem:
    """A problem with the file as a whole (no line to point at)."""
    return Problem("", message, 0, 0)


def path_text(path: tuple[Any, ...]) -> str:
    """A YAML path as the messages write it: `drugs[3].questions[0].text`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
