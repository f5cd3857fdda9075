"""Rich rendering of a Document for a colour terminal. Data text always goes in Text()."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from dmtx.checklist import Checklist
from dmtx.document import Document, Heading, Items, Paragraph
from dmtx.sanitize import clean

_PARAGRAPH_STYLES = {"body": "", "note": "italic cyan", "muted": "dim", "warning": "bold yellow"}


def highlighted(text: str, spans: tuple[tuple[int, int], ...], style: str = "") -> Text:
    """Data text as a Text, with spans in reverse-video bold; never parsed as markup."""
    result = Text(clean(text), style=style)
    if clean(text) == text:
        for start, end in spans:
            result.stylize("bold reverse", start, end)
    return result


def _items(block: Items) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(ratio=1)
    for item in block.items:
        grid.add_row(Text(clean(item.label or "\u2022")), highlighted(item.text, item.spans))
    return grid


def render_rich(doc: Document) -> RenderableType:
    """The document as a titled panel followed by the footer lines."""
    parts: list[RenderableType] = []
    for block in doc.blocks:
        if isinstance(block, Heading):
            parts.append(Text("\n" + clean(block.text), style="bold magenta"))
        elif isinstance(block, Paragraph):
            parts.append(highlighted(block.text, block.spans, _PARAGRAPH_STYLES.get(block.style, "")))
        elif isinstance(block, Items):
            parts.append(_items(block))
    panel = Panel(Group(*parts), title=Text(clean(doc.title), style="bold"), box=box.ROUNDED, padding=(0, 1))
    footer = [Text(clean(line), style="dim italic") for line in doc.footer]
    return Group(panel, *footer)


def render_checklist_rich(checklist: Checklist) -> RenderableType:
    """The checklist on a colour terminal: one panel, a tick box per question."""
    parts: list[RenderableType] = []
    fields = Table.grid(padding=(0, 1))
    fields.add_column(style="bold")
    fields.add_column()
    for label, value in (("Name", checklist.name), ("Visit date", checklist.visit_date), ("Doctor", checklist.doctor)):
        fields.add_row(label, Text(value or "_" * 16))
    parts.append(fields)
    parts += _top3_parts(checklist)
    for section in checklist.sections:
        parts.append(Text("\n" + section.title, style="bold magenta"))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1)
        for question in section.questions:
            mark = checklist.audience_of(question)
            text = Text(question.text)
            if mark:
                text.append(f" ({mark})", style="italic dim")
            grid.add_row(Text("\u2610"), text)
        parts.append(grid)
    parts += _tips_parts(checklist)
    panel = Panel(Group(*parts), title=Text(checklist.title, style="bold"), box=box.ROUNDED, padding=(0, 1))
    footer = [
        *([Text(checklist.more, style="dim")] if checklist.more else []),
        Text(checklist.disclaimer, style="bold"),
        Text(checklist.source.attribution(), style="dim italic"),
        Text(
            f"Checklist made on {checklist.made_on}. Print it with: dmtx checklist --format html -o visit.html",
            style="dim",
        ),
    ]
    return Group(panel, *footer)


def _top3_parts(checklist: Checklist) -> list[RenderableType]:
    parts: list[RenderableType] = []
    if checklist.situations:
        line = Text("For this visit: ", style="bold")
        line.append("; ".join(s.title for s in checklist.situations))
        parts.append(line)
    if not checklist.top3:
        return parts
    parts.append(Text("\nMy top 3", style="bold magenta"))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    for number, question in enumerate(checklist.top3, 1):
        grid.add_row(Text(f"{number}."), Text(question.text))
    return [*parts, grid]


def _tips_parts(checklist: Checklist) -> list[RenderableType]:
    parts: list[RenderableType] = []
    for block in checklist.tips:
        parts.append(Text("\n" + block.title, style="bold magenta"))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1)
        for item in block.items:
            grid.add_row(Text("\u2022"), Text(item))
        parts.append(grid)
    if checklist.safety_net:
        parts.append(Text("\n" + checklist.safety_net, style="bold yellow"))
    return parts
