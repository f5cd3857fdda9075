"""Renderers: one module per output format; none of them builds content."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dmtx.checklist import Checklist

_EXTENSIONS = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown", ".json": "json"}


def format_for_path(path: str) -> str:
    """The checklist format a file name suggests (text when the extension says nothing)."""
    from pathlib import PurePath

    return _EXTENSIONS.get(PurePath(path).suffix.lower(), "text")


def render_checklist_as(checklist: Checklist, fmt: str, *, width: int = 80, paper: str = "auto") -> str:
    """The checklist as a string in one of the file formats (text, markdown, html, json)."""
    if fmt == "markdown":
        from dmtx.render.markdown import render_checklist_markdown

        return render_checklist_markdown(checklist)
    if fmt == "html":
        from dmtx.render.html import render_checklist_html

        return render_checklist_html(checklist, paper)
    if fmt == "json":
        from dmtx.render.json import render_checklist_json

        return render_checklist_json(checklist)
    from dmtx.render.text import render_checklist_text

    return render_checklist_text(checklist, width)
