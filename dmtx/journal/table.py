"""Drawing journal entries and charts on stdout: Rich on a terminal, plain text in a pipe."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dmtx.journal.entries import Entry, entries_count
from dmtx.journal.kinds import describe
from dmtx.output import Display, rich_console, write_stdout
from dmtx.sanitize import clean, clean_line

if TYPE_CHECKING:
    from dmtx.document.chart import Series


def _heading(shown: int, total: int) -> str:
    if shown == total:
        return f"Your journal: {entries_count(total)}"
    return f"Your journal: the last {shown} of {total} entries"


def render_entries(rows: list[Entry], *, total: int, display: Display) -> None:
    """The entries as a table (Rich) or as numbered plain lines that wrap at the display's width."""
    heading = _heading(len(rows), total)
    hint = "Delete one with: dmtx journal delete NUMBER"
    if len(rows) < total:  # an older entry (one to delete) must be findable
        hint += "; see them all with: dmtx journal list --all"
    if display.rich and display.width >= 60:  # narrower, a four-column table would cut words
        from rich import box
        from rich.table import Table
        from rich.text import Text

        table = Table(title=Text(heading, style="bold"), box=box.SIMPLE_HEAD)
        table.add_column("No.", justify="right", no_wrap=True)
        table.add_column("Date", no_wrap=True)
        table.add_column("Entry")
        table.add_column("Note")
        for entry in rows:
            table.add_row(str(entry.id), entry.day, Text(clean_line(describe(entry))), Text(clean(entry.note or "")))
        console = rich_console(width=display.width)
        console.print(table)
        console.print(Text(hint, style="dim"))
        return
    import textwrap

    hint_lines = "\n".join(textwrap.wrap(hint, max(20, display.width)))
    write_stdout(plain_entries(rows, heading, display.width) + hint_lines + "\n", display)


def plain_entries(rows: list[Entry], heading: str, width: int) -> str:
    """Numbered entries as plain text, each line at most `width` wide."""
    import textwrap

    width = max(20, width)
    number_width = max(len(str(e.id)) for e in rows)
    indent = " " * (number_width + 2)
    lines = [*textwrap.wrap(heading, width), ""]
    for entry in rows:
        first = f"{str(entry.id).rjust(number_width)}  {entry.day}  {clean_line(describe(entry))}"
        lines += textwrap.wrap(first, width, subsequent_indent=indent + " " * 12) or [first]
        if entry.note:
            for part in clean(entry.note).split("\n"):
                lines += textwrap.wrap(part, width, initial_indent=indent, subsequent_indent=indent) or [indent]
    return "\n".join(lines) + "\n\n"


def render_chart_rich(series: Series, display: Display) -> None:
    """A text chart with Unicode bars in colour, for a terminal."""
    from rich.text import Text

    from dmtx.render.chart import bar, layout, visit_line

    chart = layout(series, display.width)
    console = rich_console(width=display.width)
    console.print(Text(clean_line(chart.title), style="bold"))
    if chart.grouping:
        console.print(Text(chart.grouping, style="dim"))
    value_width = max((len(r.value) for r in chart.rows if not r.visit), default=1)
    for row in chart.rows:
        if row.visit:
            console.print(Text(visit_line(row.day, chart.bar_width + 1 + value_width, unicode=True), style="magenta"))
            continue
        line = Text()
        line.append(row.day + " ", style="dim")
        line.append(bar(row.share, chart.bar_width, unicode=True).ljust(chart.bar_width), style="cyan")
        line.append(" " + row.value.rjust(value_width), style="bold")
        console.print(line, no_wrap=True, overflow="ignore")
