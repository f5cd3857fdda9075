"""The checklist command: the questions to take to the next visit, on screen, on paper or as data."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from dmtx import commands, render
from dmtx.cli.app import app
from dmtx.cli.options import OutputOption, complete, complete_path, format_choices, with_settings
from dmtx.settings import Settings

# The checklist's less used options, after the common ones in its help.
MORE = "More options"

if TYPE_CHECKING:
    ChecklistFormat = str
else:  # the choices come from the one format registry
    ChecklistFormat = format_choices("ChecklistFormat", "checklist")


class Patient(StrEnum):
    adult = "adult"
    child = "child"


class Paper(StrEnum):
    auto = "auto"
    a4 = "a4"
    letter = "letter"


@app.command()
@with_settings()
def checklist(
    settings: Settings,
    topic: Annotated[
        list[str] | None,
        typer.Option(
            "--topic", "-t", metavar="ID", help="Only this point (repeat for more).", autocompletion=complete("topic")
        ),
    ] = None,
    drug: Annotated[
        list[str] | None,
        typer.Option(
            "--drug",
            "-d",
            metavar="NAME",
            help="Add this drug's questions (any name). A name not in this guide is left out with a warning.",
            autocompletion=complete("drug"),
        ),
    ] = None,
    situation: Annotated[
        list[str] | None,
        typer.Option(
            "--situation", "-s", metavar="NAME", help="Questions for this kind of visit, e.g. flare (repeat for more)."
        ),
    ] = None,
    patient: Annotated[
        Patient | None,
        typer.Option(
            metavar="adult|child", help="Keep the questions for adults or for children (default: both, marked)."
        ),
    ] = None,
    fmt: Annotated[
        ChecklistFormat | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=f"{', '.join(render.format_names('checklist'))} (default: terminal on a screen, "
            "text in a pipe, or from the --output file's extension).",
        ),
    ] = None,
    output: OutputOption = None,
    large: Annotated[
        bool, typer.Option("--large", help="Large print on paper (pdf and html): 14pt or more, 1.5 line spacing.")
    ] = False,
    everything: Annotated[
        bool, typer.Option("--all", help="Every question (the default is a short list for a routine visit).")
    ] = False,
    top: Annotated[
        list[str] | None,
        typer.Option(
            "--top",
            metavar="WORDS",
            help="Put this question first, in 'My top 3': a few of its words (e.g. \"folic acid\") or its id.",
        ),
    ] = None,
    add: Annotated[
        list[str] | None, typer.Option("--add", "-a", metavar="TEXT", help="Add your own question (repeat for more).")
    ] = None,
    with_journal: Annotated[
        bool,
        typer.Option(
            "--journal", help='Add "Since your last visit" from your journal: doses, charts, notes, questions.'
        ),
    ] = False,
    name: Annotated[
        str | None, typer.Option(rich_help_panel=MORE, metavar="TEXT", help="Patient's name for the header.")
    ] = None,
    visit_date: Annotated[
        str | None, typer.Option(rich_help_panel=MORE, metavar="YYYY-MM-DD", help="Date of the visit.")
    ] = None,
    doctor: Annotated[
        str | None, typer.Option(rich_help_panel=MORE, metavar="TEXT", help="Doctor's name for the header.")
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(rich_help_panel=MORE, min=1, metavar="N", help="Keep the N most important questions per section."),
    ] = None,
    space: Annotated[
        int, typer.Option(rich_help_panel=MORE, min=0, max=10, metavar="LINES", help="Lines to write each answer on.")
    ] = 2,
    blank: Annotated[
        int,
        typer.Option(
            rich_help_panel=MORE,
            min=0,
            max=20,
            metavar="N",
            help="Empty lines for questions of your own, under 'My own questions' (0: none).",
        ),
    ] = 3,
    paper: Annotated[
        Paper, typer.Option(rich_help_panel=MORE, help="Page size for html and pdf: auto (pdf: letter), a4 or letter.")
    ] = Paper.auto,
    force: Annotated[
        bool, typer.Option("--force", rich_help_panel=MORE, help="Replace the output file if it exists.")
    ] = False,
    force_format: Annotated[
        bool,
        typer.Option(
            "--force-format", rich_help_panel=MORE, help="Write --format even when the file's extension says another."
        ),
    ] = False,
    list_situations: Annotated[
        bool,
        typer.Option("--situations", rich_help_panel=MORE, help="List the kinds of visit, one line each, and stop."),
    ] = False,
    journal_file: Annotated[
        str | None,
        typer.Option(
            "--journal-file",
            metavar="PATH",
            rich_help_panel=MORE,
            help="Use this journal file (or set DMTX_JOURNAL).",
            autocompletion=complete_path,
        ),
    ] = None,
) -> None:
    """Make a printable checklist of questions to ask your doctor at the next visit."""
    from dmtx.checklist import Selection

    if list_situations:
        commands.situations(settings)
        return
    selection = Selection(
        topics=tuple(topic or ()),
        drugs=tuple(drug or ()),
        patient=patient.value if patient else None,
        own_questions=tuple(add or ()),
        limit=limit,
        name=name,
        visit_date=visit_date,
        doctor=doctor,
        space_lines=space,
        blank_questions=blank,
        situations=tuple(situation or ()),
        top=tuple(top or ()),
        everything=everything,
    )
    commands.checklist(
        settings,
        selection,
        fmt=str(fmt) if fmt else None,
        output=output,
        force=force,
        paper=paper.value,
        with_journal=with_journal,
        journal=journal_file,
        force_format=force_format,
        large=large,
    )
