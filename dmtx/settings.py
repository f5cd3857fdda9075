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
