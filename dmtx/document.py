"""A tiny, format-free description of a screen: what to show, not how.

Views build a `Document`; renderers (plain text, Rich) draw it. Text here is data:
renderers never interpret it as markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    """A section heading inside a screen."""

    text: str


@dataclass(frozen=True)
class Paragraph:
    """A block of running text; `style` is one of body, note, muted, warning."""

    text: str
    style: str = "body"
    spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Item:
    """One entry of a list: an optional short label (a number, an id) and its text."""

    text: str
    label: str = ""
    spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Items:
    """A list of entries, shown with their labels (or bullets when no label)."""

    items: tuple[Item, ...]


Block = Heading | Paragraph | Items


@dataclass(frozen=True)
class Document:
    """One screen: a title, blocks, and the footer lines (disclaimer, source)."""

    title: str
    blocks: tuple[Block, ...]
    footer: tuple[str, ...] = field(default=())
