"""The options every command takes, and the knowledge they point at."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from dmtx.output import Display, detect_display

if TYPE_CHECKING:
    from dmtx.model import Knowledge


class Settings(NamedTuple):
    """Options that apply to every command (declared once, for Typer and the fast path, in dmtx.options)."""

    data: str | None = None
    no_color: bool = False
    plain: bool = False
    no_pager: bool = False

    def display(self, *, pager: bool = True) -> Display:
        """How to draw on stdout with these settings; `pager=False` for screens that are never paged."""
        return detect_display(self.no_color, plain=self.plain, pager=pager and not self.no_pager)


def load_knowledge(settings: Settings) -> Knowledge:
    """Load the knowledge file the settings point at (validated, cached)."""
    from dmtx.knowledge import load, resolve_data_path

    return load(resolve_data_path(settings.data))


class SharedOption(NamedTuple):
    """One option every command takes: its flag, the Settings field it sets, its help, and its metavar.

    Declared once here: the Typer commands (dmtx.cli.options) and the no-Typer fast path
    (dmtx.main) both read this table, so the two can never disagree about them.
    """

    flag: str
    field: str
    help: str
    metavar: str | None = None
    """The value's name; None for a flag that takes no value."""


SHARED_OPTIONS: tuple[SharedOption, ...] = (
    SharedOption("--data", "data", "Use this knowledge file instead of the bundled one (or set DMTX_DATA).", "PATH"),
    SharedOption("--no-color", "no_color", "Plain text: no colour, no boxes."),
    SharedOption("--plain", "plain", "Linear text for screen readers: no boxes or drawn tables (or set ACCESSIBLE=1)."),
    SharedOption("--no-pager", "no_pager", "Never send long output through $PAGER or less."),
)


def parse_shared(words: list[str]) -> tuple[Settings, list[str]] | None:
    """Split the shared options out of a command's words: (settings, the other words).

    None when a word looks like any other option (or `--`, `-h`), so that Typer parses the whole line.
    """
    by_flag = {option.flag: option for option in SHARED_OPTIONS}
    values: dict[str, str | bool] = {}
    rest: list[str] = []
    words = list(words)
    while words:
        word = words.pop(0)
        if not word.startswith("-") or word == "-":
            rest.append(word)
            continue
        flag, _, inline = word.partition("=")
        option = by_flag.get(flag)
        if option is None or (option.metavar is None and inline) or (option.metavar and not inline and not words):
            return None
        if option.metavar is None:
            values[option.field] = True
        else:
            value = inline if "=" in word else words.pop(0)
            if not value.strip() or value.startswith("-"):
                return None
            values[option.field] = value
    return Settings(**values), rest  # type: ignore[arg-type]
