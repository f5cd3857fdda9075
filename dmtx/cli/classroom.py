"""The classroom commands: slides for a projector or paper, and a quiz to ask or to hand out."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from dmtx import commands
from dmtx.cli.app import app
from dmtx.cli.options import ForceOption, OutputOption, TopicsOption, format_choices, formats_help, with_settings
from dmtx.settings import Settings

if TYPE_CHECKING:
    QuizFormat = str
    SlidesFormat = str
else:  # the choices come from the one format registry
    QuizFormat = format_choices("QuizFormat", "quiz", "answers")
    SlidesFormat = format_choices("SlidesFormat", "slides")


@app.command()
@with_settings("data", "no_color", "plain")
def present(
    settings: Settings,
    topic: TopicsOption = None,
    no_interactive: Annotated[
        bool,
        typer.Option("--no-interactive", help="Print every slide as plain text (automatic when not on a terminal)."),
    ] = False,
    output_format: Annotated[
        SlidesFormat | None,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help=f"{formats_help('slides')}: html to project from a browser or print, pdf to print or "
            "project, a slide per page (default: from the --output file's extension).",
        ),
    ] = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> int:
    """Show the treatment points as a full-screen slideshow for teaching (q quits), or write them as HTML or PDF."""
    return commands.present(
        settings,
        topics=topic or [],
        interactive=not no_interactive,
        fmt=str(output_format) if output_format else None,
        output=output,
        force=force,
    )


@app.command()
@with_settings("data", "no_color", "plain")
def quiz(
    settings: Settings,
    count: Annotated[
        int | None, typer.Option("--count", "-n", min=1, metavar="N", help="Ask at most N questions.")
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option("--seed", metavar="N", help="Shuffle the questions with this number: the same order each time."),
    ] = None,
    topic: TopicsOption = None,
    interactive: Annotated[
        bool | None,
        typer.Option(
            "--interactive/--no-interactive",
            help="Ask one question at a time, or print an answer sheet for the teacher. "
            "Default: ask when on a terminal.",
        ),
    ] = None,
    output_format: Annotated[
        QuizFormat | None,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help=f"Print the quiz as {formats_help('quiz', 'answers')}: a handout for students, without answers "
            "(default: from the --output file's extension).",
        ),
    ] = None,
    answers: Annotated[
        bool, typer.Option("--answers", help="Print the teacher's sheet (answers and why) instead of the handout.")
    ] = False,
    output: OutputOption = None,
    force: ForceOption = False,
    large: Annotated[
        bool, typer.Option("--large", help="Large print for html and pdf: 14pt or more, 1.5 line spacing.")
    ] = False,
) -> int:
    """Test yourself: multiple-choice questions with the right answer explained."""
    return commands.quiz(
        settings,
        topics=topic or [],
        count=count,
        seed=seed,
        interactive=interactive,
        fmt=str(output_format) if output_format else None,
        answers=answers,
        output=output,
        force=force,
        large=large,
    )
