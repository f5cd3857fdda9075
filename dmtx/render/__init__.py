"""Renderers: one module per output format; none of them builds content.

`FORMATS` is the one list of checklist formats: its name (the `--format` value), the file
extensions that choose it for `-o`, and its renderer. The CLI's choices, the extension
inference and the dispatch all read it; a new format is one module plus one entry here.
Renderer modules are imported only when their format is used.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from dmtx.document.checklist import Checklist


class RenderOptions(NamedTuple):
    """Layout choices a renderer may use: the text width, the paper size and large print.

    `large` asks the printable formats (html and pdf) for 14pt or more
    with 1.5 line spacing; formats without a page size ignore it.
    """

    width: int = 80
    paper: str = "auto"
    large: bool = False


Renderer = Callable[["Checklist", RenderOptions], "str | bytes"]


def _text(checklist: Checklist, options: RenderOptions) -> str:
    from dmtx.render.text import render_checklist_text

    return render_checklist_text(checklist, options.width)


def _markdown(checklist: Checklist, options: RenderOptions) -> str:
    from dmtx.render.markdown import render_checklist_markdown

    return render_checklist_markdown(checklist)


def _html(checklist: Checklist, options: RenderOptions) -> str:
    from dmtx.render.html import render_checklist_html

    return render_checklist_html(checklist, options.paper, large=options.large)


def _json(checklist: Checklist, options: RenderOptions) -> str:
    from dmtx.render.json import render_checklist_json

    return render_checklist_json(checklist)


def _pdf(checklist: Checklist, options: RenderOptions) -> bytes:
    from dmtx.render.pdf import render_checklist_pdf

    return render_checklist_pdf(checklist, options.paper, large=options.large)


class Format(NamedTuple):
    """One output format of the checklist."""

    name: str
    extensions: tuple[str, ...]
    render: Renderer
    """Draws the checklist as text, or bytes for a binary format (the terminal format draws with Rich on a screen)."""
    binary: bool = False
    """True when the output is not text (never written to a terminal)."""


FORMATS: tuple[Format, ...] = (
    Format("terminal", (), _text),
    Format("text", (".txt",), _text),
    Format("markdown", (".md", ".markdown"), _markdown),
    Format("html", (".html", ".htm"), _html),
    Format("json", (".json",), _json),
    Format("pdf", (".pdf",), _pdf, binary=True),
)
DEFAULT_FILE_FORMAT = "text"


def format_names() -> tuple[str, ...]:
    """Every `--format` value, in the order help lists them."""
    return tuple(f.name for f in FORMATS)


def get_format(name: str) -> Format:
    """The format with this name (it must be one of `format_names()`)."""
    return next(f for f in FORMATS if f.name == name)


def known_format_for_path(path: str) -> str | None:
    """The checklist format a file's extension names, or None when it names none."""
    from pathlib import PurePath

    suffix = PurePath(path).suffix.lower()
    return next((f.name for f in FORMATS if suffix in f.extensions), None)


def format_for_path(path: str) -> str:
    """The checklist format a file name suggests (text when the extension says nothing)."""
    return known_format_for_path(path) or DEFAULT_FILE_FORMAT


def render_checklist_as(
    checklist: Checklist, fmt: str, *, width: int = 80, paper: str = "auto", large: bool = False
) -> str | bytes:
    """The checklist in one of the formats: text, or bytes for a binary format such as pdf."""
    return get_format(fmt).render(checklist, RenderOptions(width=width, paper=paper, large=large))
