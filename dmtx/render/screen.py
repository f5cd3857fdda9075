"""Drawing a document on stdout: Rich on a colour terminal, plain text elsewhere, paged when long."""

from __future__ import annotations

from typing import Any

from dmtx.document import Document
from dmtx.output import Display, emit, rich_console


def show(doc: Document, display: Display) -> None:
    """Draw a document on stdout the way the display allows."""
    if display.rich:
        from dmtx.render.rich_screen import render_rich

        show_renderable(render_rich(doc), display)
        return
    from dmtx.render.text import render_text

    emit(render_text(doc, display.width), display)


def show_renderable(renderable: Any, display: Display) -> None:
    """Print a Rich renderable on the terminal, through the pager when it is longer than the screen.

    Rich draws into a string first (the same bytes it would write), so that the screen
    goes out through emit() like plain text, paged when it is long.
    """
    console = rich_console(width=display.width, soft_wrap=False)
    with console.capture() as captured:
        console.print(renderable)
    emit(captured.get(), display)
