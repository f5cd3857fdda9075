"""The checklist command: the questions to take to the next visit, on screen, on paper or as data."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from dmtx import commands, render
from dmtx.cli.app import app
from dmtx.cli.options import ForceOption, JournalFileOption, OutputOption, complete, format_choices, with_settings
from dmtx.settings import Settings

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
    patient: Annotated[
        Patient | None, typer.Option(help="Keep the questions for adults or for children (default: both, marked).")
    ] = None,
    add: Annotated[
        list[str] | None, typer.Option("--add", "-a", metavar="TEXT", help="Add your own question (repeat for more).")
    ] = None,
    limit: Annotated[
        int | None, typer.Option(min=1, metavar="N", help="Keep the N most important questions per section.")
    ] = None,
    name: Annotated[str | None, typer.Option(help="Patient's name for the header.")] = None,
    visit_date: Annotated[str | None, typer.Option(metavar="YYYY-MM-DD", help="Date of the visit.")] = None,
    doctor: Annotated[str | None, typer.Option(help="Doctor's name for the header.")] = None,
    space: Annotated[int, typer.Option(min=0, max=10, metavar="LINES", help="Lines to write each answer on.")] = 2,
    blank: Annotated[
        int,
        typer.Option(
            min=0,
            max=20,
            metavar="N",
            help="Empty lines for questions of your own, under 'My own questions' (0: none).",
        ),
    ] = 3,
    fmt: Annotated[
        ChecklistFormat | None,
        typer.Option(
            "--format",
            "-f",
            help=f"{', '.join(render.format_names('checklist'))} (default: terminal on a screen, "
            "text in a pipe, or from the --output file's extension).",
        ),
    ] = None,
    output: OutputOption = None,
    force: ForceOption = False,
    force_format: Annotated[
        bool, typer.Option("--force-format", help="Write --format even when the file's extension says another.")
    ] = False,
    paper: Annotated[
        Paper, typer.Option(help="Page size for html and pdf: auto (pdf: letter), a4 or letter.")
    ] = Paper.auto,
    with_journal: Annotated[
        bool,
        typer.Option(
            "--journal", help='Add "Since your last visit" from your journal: doses, charts, notes, questions.'
        ),
    ] = False,
    situation: Annotated[
        list[str] | None,
        typer.Option(
            "--situation", "-s", metavar="NAME", help="Questions for this kind of visit, e.g. flare (repeat for more)."
        ),
    ] = None,
    list_situations: Annotated[
        bool, typer.Option("--situations", help="List the kinds of visit, one line each, and stop.")
    ] = False,
    top: Annotated[
        list[str] | None,
        typer.Option("--top", metavar="ID", help="Put this question first, in 'My top 3' (ids as in: dmtx topic 1)."),
    ] = None,
    everything: Annotated[
        bool, typer.Option("--all", help="Every question (the default is a short list for a routine visit).")
    ] = False,
    large: Annotated[
        bool, typer.Option("--large", help="Large print for html: 14pt or more, 1.5 line spacing.")
    ] = False,
    journal_file: JournalFileOption = None,
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
