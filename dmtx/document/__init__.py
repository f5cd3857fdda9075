"""A tiny, format-free description of a screen: what to show, not how.

Views build a `Document`; renderers (plain text, Rich) draw it. Text here is data:
renderers never interpret it as markup.
"""

# No `from __future__ import annotations` here: with it, typing.NamedTuple turns every
# field's annotation into a ForwardRef and compiles it, which doubles this module's
# import time (every screen imports it).
from typing import NamedTuple


class Heading(NamedTuple):
    """A section heading inside a screen."""

    text: str


class Paragraph(NamedTuple):
    """A block of running text; `style` is one of body, note, muted, warning."""

    text: str
    style: str = "body"
    spans: tuple[tuple[int, int], ...] = ()


class Item(NamedTuple):
    """One entry of a list: an optional short label (a number, an id) and its text."""

    text: str
    label: str = ""
    spans: tuple[tuple[int, int], ...] = ()
    marked: bool = False
    """The one to pick out (the right answer on a quiz answer sheet): a tick on paper, "<- answer" in text."""


class Items(NamedTuple):
    """A list of entries, shown with their labels (or bullets when no label)."""

    items: tuple[Item, ...]


Block = Heading | Paragraph | Items


class Document(NamedTuple):
    """One screen: a title, blocks, and the footer lines (disclaimer, source)."""

    title: str
    blocks: tuple[Block, ...]
    footer: tuple[str, ...] = ()
