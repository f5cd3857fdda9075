"""Rich rendering of a Document for a colour terminal. Data text always goes in Text()."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from dmtx.document import Document, Heading, Items, Paragraph
from dmtx.sanitize import clean

if TYPE_CHECKING:  # screens that are not the checklist need not load it
    from dmtx.document.checklist import Checklist

_PARAGRAPH_STYLES = {"body": "", "note": "italic cyan", "muted": "dim", "warning": "bold yellow"}


def _label_and_text(label_style: str = "") -> Table:
    """A borderless two-column grid: a short label (a mark, a number) and text that wraps."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style=label_style, no_wrap=True)
    grid.add_column(ratio=1)
    return grid


def highlighted(text: str, spans: tuple[tuple[int, int], ...], style: str = "") -> Text:
    """Data text as a Text, with spans in reverse-video bold; never parsed as markup."""
    result = Text(clean(text), style=style)
    if clean(text) == text:
        for start, end in spans:
            result.stylize("bold reverse", start, end)
    return result


def _items(block: Items) -> Table:
    grid = _label_and_text("bold")
    for item in block.items:
        text = highlighted(item.text, item.spans)
        if item.marked:
            text.append("  <- answer", style="bold")
        grid.add_row(Text(clean(item.label or "\u2022")), text)
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
    # The title goes inside the box, where it wraps: a panel's own title is cut off on a narrow terminal.
    title = Text(clean(doc.title), style="bold")
    panel = Panel(Group(title, *parts), box=box.ROUNDED, padding=(0, 1))
    footer = [Text(clean(line), style="dim italic") for line in doc.footer]
    return Group(panel, *footer)


def _journal_rich(checklist: Checklist) -> list[RenderableType]:
    from dmtx.render.chart import text_lines

    part = checklist.journal
    assert part is not None
    parts: list[RenderableType] = [Text("\n" + part.title, style="bold magenta"), Text(part.period, style="dim")]
    parts.append(Text("Medicines", style="bold"))
    parts += [Text("\u2022 " + m.line()) for m in part.medicines] or [Text("None recorded.")]
    for chart in part.charts:  # 36 columns: fits the panel on a 40-column terminal
        parts.append(Text("\n".join(text_lines(chart.series, 36, unicode=True, max_rows=8)), style="cyan"))
        parts.append(Text(chart.trend))
    if part.notes:
        parts.append(Text("Your notes", style="bold"))
        parts += [Text(f"\u2022 {day}: {clean(text)}") for day, text in part.notes]
    if part.questions:
        parts.append(Text("Questions from your journal", style="bold"))
        grid = _label_and_text()
        for question in part.questions:
            grid.add_row(Text("\u2610"), Text(question.text))
        parts.append(grid)
        parts.append(Text("Why these questions: " + " ".join(part.sources), style="dim"))
    return parts


def print_command(checklist: Checklist) -> str:
    """The command that writes this same checklist as a PDF to print: the user's options, quoted for a shell."""
    import shlex

    return shlex.join(["dmtx", "checklist", *checklist.options, "-o", "visit.pdf"])


def render_checklist_rich(checklist: Checklist) -> RenderableType:
    """The checklist on a colour terminal: one panel, a tick box per question."""
    from dmtx.document.checklist import HOW_TO_TITLE  # here: every colour screen imports this module

    parts: list[RenderableType] = []
    fields = Table.grid(padding=(0, 1))
    fields.add_column(style="bold")
    fields.add_column()
    for label, value in (("Name", checklist.name), ("Visit date", checklist.visit_date), ("Doctor", checklist.doctor)):
        fields.add_row(label, Text(value or "_" * 16))
    parts.append(fields)
    if checklist.how_to:
        parts.append(Text(f"\n{HOW_TO_TITLE}", style="bold magenta"))
        steps = _label_and_text()
        for number, step in enumerate(checklist.how_to, 1):
            steps.add_row(Text(f"{number}."), Text(step))
        parts.append(steps)
    parts += _top3_parts(checklist)
    if checklist.journal is not None:
        parts += _journal_rich(checklist)
    for section in checklist.sections:
        parts.append(Text("\n" + section.title, style="bold magenta"))
        grid = _label_and_text()
        for question in section.questions:
            mark = checklist.audience_of(question)
            text = Text(question.text)
            if mark:
                text.append(f" ({mark})", style="italic dim")
            grid.add_row(Text("\u2610"), text)
            for note in question.notes:
                grid.add_row(Text("!", style="bold yellow"), Text(note, style="italic"))
        if section.kind == "mine":
            for _ in range(checklist.blank_questions):
                grid.add_row(Text("\u2610"), Text("_" * 30))
        parts.append(grid)
    if checklist.words:
        parts.append(Text("\nWords on this list", style="bold magenta"))
        words = _label_and_text("bold")
        for word, meaning in checklist.words:
            words.add_row(Text(word), Text(meaning))
        parts.append(words)
    parts += _tips_parts(checklist)
    panel = Panel(Group(Text(checklist.title, style="bold"), *parts), box=box.ROUNDED, padding=(0, 1))
    footer = [
        *([Text(checklist.more, style="dim")] if checklist.more else []),
        Text(checklist.disclaimer, style="bold"),
        Text(checklist.source.attribution(), style="dim italic"),
        Text(f"Checklist made on {checklist.made_on}. Print it with: {print_command(checklist)}", style="dim"),
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
    grid = _label_and_text()
    for number, question in enumerate(checklist.top3, 1):
        grid.add_row(Text(f"\u2610 {number}."), Text(question.text))
        grid.add_row(Text(""), Text("_" * 30, style="dim"))
    return [*parts, grid]


def _tips_parts(checklist: Checklist) -> list[RenderableType]:
    parts: list[RenderableType] = []
    for block in checklist.tips:
        parts.append(Text("\n" + block.title, style="bold magenta"))
        grid = _label_and_text()
        for item in block.items:
            grid.add_row(Text("\u2022"), Text(item))
        parts.append(grid)
    if checklist.safety_net:
        parts.append(Text("\n" + checklist.safety_net, style="bold yellow"))
    return parts
