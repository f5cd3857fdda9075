"""The dmtx command line: parse arguments, call the core, show the result, map errors to exit codes."""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer import _click as click
from typer.core import TyperGroup

from dmtx import commands, render
from dmtx.commands import Settings
from dmtx.errors import ExitCode
from dmtx.output import error_line


def run_guarded(call: Callable[[], Any]) -> int:
    """Run the command; usage errors and domain errors become one stderr line and an exit code."""

    def with_usage_errors() -> Any:
        try:
            return call()
        except click.exceptions.UsageError as exc:
            where = exc.ctx.command_path if exc.ctx else "dmtx"
            error_line(f"{exc.format_message()} (see '{where} --help')")
            return int(ExitCode.USAGE)
        except click.exceptions.ClickException as exc:
            error_line(exc.format_message())
            return exc.exit_code
        except typer.Abort:
            raise KeyboardInterrupt from None

    return commands.guarded(with_usage_errors)


class DmtxGroup(TyperGroup):
    """Typer's group with dmtx's error handling, the same under the console script and tests."""

    def main(  # type: ignore[override]
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        code = run_guarded(
            lambda: super(DmtxGroup, self).main(
                args=args, prog_name=prog_name or "dmtx", complete_var=complete_var, standalone_mode=False, **extra
            )
        )
        if standalone_mode:
            sys.exit(code)
        return code

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; a reader that went away is a quiet exit 0, as on the fast path.

        Typer would turn the broken pipe into exit code 1, which dmtx documents as "not found".
        """
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            commands.silence_stdout()
            return 0


app = typer.Typer(
    cls=DmtxGroup,
    name="dmtx",
    help="A plain-language guide to the treatment of dermatomyositis (DM). A teaching aid, not medical advice.",
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


DataOption = Annotated[
    str | None,
    typer.Option(
        "--data", metavar="PATH", help="Use this knowledge file instead of the bundled one (or set DMTX_DATA)."
    ),
]
NoColorOption = Annotated[bool, typer.Option("--no-color", help="Plain text: no colour, no boxes.")]
PlainOption = Annotated[
    bool,
    typer.Option("--plain", help="Linear text for screen readers: no boxes or drawn tables (or set ACCESSIBLE=1)."),
]
NoPagerOption = Annotated[bool, typer.Option("--no-pager", help="Never send long output through $PAGER or less.")]


def _settings(ctx: typer.Context, data: str | None, no_color: bool) -> Settings:
    """The root's settings, overridden by the command's own; --plain and --no-pager come from ctx.params."""
    base = ctx.find_object(Settings) or Settings()
    return Settings(
        data=data or base.data,
        no_color=no_color or base.no_color,
        plain=bool(ctx.params.get("plain")) or base.plain,
        no_pager=bool(ctx.params.get("no_pager")) or base.no_pager,
    )


def _version(value: bool) -> None:
    if value:
        from dmtx import __version__

        typer.echo(f"dmtx {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    data: DataOption = None,
    no_color: NoColorOption = False,
    plain: PlainOption = False,
    no_pager: NoPagerOption = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and stop.")
    ] = False,
) -> None:
    """A plain-language guide to the treatment of dermatomyositis (DM). A teaching aid, not medical advice."""
    ctx.obj = Settings(data=data, no_color=no_color, plain=plain, no_pager=no_pager)
    if ctx.invoked_subcommand is None:
        commands.welcome(ctx.obj)


@app.command()
def topics(
    ctx: typer.Context,
    data: DataOption = None,
    no_color: NoColorOption = False,
    plain: PlainOption = False,
    no_pager: NoPagerOption = False,
) -> None:
    """List the six treatment points with a one-line summary each."""
    commands.topics(_settings(ctx, data, no_color))


@app.command()
def topic(
    ctx: typer.Context,
    topic_id: Annotated[str, typer.Argument(metavar="ID", help="A number from 1 to 6, or a name such as 'ivig'.")],
    data: DataOption = None,
    no_color: NoColorOption = False,
    plain: PlainOption = False,
    no_pager: NoPagerOption = False,
) -> None:
    """Show one treatment point in full: facts, drugs, words, notes and questions."""
    commands.topic(_settings(ctx, data, no_color), topic_id)


@app.command()
def drugs(
    ctx: typer.Context,
    data: DataOption = None,
    no_color: NoColorOption = False,
    plain: PlainOption = False,
    no_pager: NoPagerOption = False,
) -> None:
    """List the drugs the page names."""
    commands.drugs(_settings(ctx, data, no_color))


@app.command()
def drug(
    ctx: typer.Context,
    name: Annotated[
        list[str], typer.Argument(metavar="NAME", help="Any name: generic, brand (e.g. Imuran) or other spelling.")
    ],
    data: DataOption = None,
    no_color: NoColorOption = False,
    plain: PlainOption = False,
    no_pager: NoPagerOption = False,
) -> None:
    """Look up a drug by any name a patient might type."""
    commands.drug(_settings(ctx, data, no_color), " ".join(name))


@app.command()
def terms(
    ctx: typer.Context,
    data: DataOption = None,
    no_color: NoColorOption = False,
    plain: PlainOption = False,
    no_pager: NoPagerOption = False,
) -> None:
    """List the medical words explained in plain language."""
    commands.terms(_settings(ctx, data, no_color))


@app.command()
def term(
    ctx: typer.Context,
    word: Annotated[list[str], typer.Argument(metavar="WORD", help="A medical word, e.g. 'CK' or 'remission'.")],
    data: DataOption = None,
    no_color: NoColorOption = False,
    plain: PlainOption = False,
    no_pager: NoPagerOption = False,
) -> None:
    """Explain one medical word in plain language."""
    commands.term(_settings(ctx, data, no_color), " ".join(word))


@app.command()
def references(
    ctx: typer.Context,
    data: DataOption = None,
    no_color: NoColorOption = False,
    plain: PlainOption = False,
    no_pager: NoPagerOption = False,
) -> None:
    """List the sources: the page's numbered references and later ones dmtx cites."""
    commands.references(_settings(ctx, data, no_color))


@app.command()
def search(
    ctx: typer.Context,
    text: Annotated[list[str], typer.Argument(metavar="TEXT", help="Words to find, e.g. 'muscle weakness'.")],
    data: DataOption = None,
    no_color: NoColorOption = False,
    plain: PlainOption = False,
    no_pager: NoPagerOption = False,
) -> None:
    """Find words across topics, facts, drugs, words explained and questions."""
    commands.search(_settings(ctx, data, no_color), " ".join(text))


@app.command()
def validate(
    ctx: typer.Context,
    path: Annotated[
        str | None, typer.Argument(metavar="[PATH]", help="The file to check (default: the one dmtx would use).")
    ] = None,
    data: DataOption = None,
    no_color: NoColorOption = False,
    plain: PlainOption = False,
) -> int:
    """Check a knowledge file and list every problem with its line and column."""
    return commands.validate(_settings(ctx, data, no_color), path)


if TYPE_CHECKING:
    ChecklistFormat = str
else:  # the choices come from the one format registry
    ChecklistFormat = StrEnum("ChecklistFormat", {name: name for name in render.format_names()})


class Patient(StrEnum):
    adult = "adult"
    child = "child"


class Paper(StrEnum):
    auto = "auto"
    a4 = "a4"
    letter = "letter"


@app.command()
def checklist(
    ctx: typer.Context,
    topic: Annotated[
        list[str] | None, typer.Option("--topic", "-t", metavar="ID", help="Only this point (repeat for more).")
    ] = None,
    drug: Annotated[
        list[str] | None, typer.Option("--drug", "-d", metavar="NAME", help="Add this drug's questions (any name).")
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
    fmt: Annotated[
        ChecklistFormat | None,
        typer.Option(
            "--format",
            "-f",
            help=f"{', '.join(render.format_names())} (default: terminal on a screen, "
            "text in a pipe, or from the --output file's extension).",
        ),
    ] = None,
    output: Annotated[
        str | None, typer.Option("--output", "-o", metavar="PATH", help="Write to this file ('-' is the screen).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the output file if it exists.")] = False,
    paper: Annotated[Paper, typer.Option(help="Page size for html: auto, a4 or letter.")] = Paper.auto,
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
    data: DataOption = None,
    no_color: NoColorOption = False,
    plain: PlainOption = False,
    no_pager: NoPagerOption = False,
) -> None:
    """Make a printable checklist of questions to ask your doctor at the next visit."""
    from dmtx.checklist import Selection

    if list_situations:
        commands.situations(_settings(ctx, data, no_color))
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
        situations=tuple(situation or ()),
        top=tuple(top or ()),
        everything=everything,
    )
    settings = _settings(ctx, data, no_color)
    commands.checklist(
        settings, selection, fmt=str(fmt) if fmt else None, output=output, force=force, paper=paper.value, large=large
    )


class QuizFormat(StrEnum):
    """How a printed quiz is written."""

    text = "text"
    markdown = "markdown"


TopicsOption = Annotated[
    list[str] | None,
    typer.Option(
        "--topic", "-t", metavar="ID", help="Only this topic (a number or a name such as 'ivig'); repeatable."
    ),
]


@app.command()
def present(
    ctx: typer.Context,
    topic: TopicsOption = None,
    no_interactive: Annotated[
        bool,
        typer.Option("--no-interactive", help="Print every slide as plain text (automatic when not on a terminal)."),
    ] = False,
    data: DataOption = None,
    no_color: NoColorOption = False,
    plain: PlainOption = False,
) -> int:
    """Show the treatment points as a full-screen slideshow for teaching (q quits)."""
    return commands.present(_settings(ctx, data, no_color), topics=topic or [], interactive=not no_interactive)


@app.command()
def quiz(
    ctx: typer.Context,
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
        QuizFormat,
        typer.Option("--format", "-f", case_sensitive=False, help="markdown: a handout for students, without answers."),
    ] = QuizFormat.text,
    data: DataOption = None,
    no_color: NoColorOption = False,
    plain: PlainOption = False,
) -> int:
    """Test yourself: multiple-choice questions with the right answer explained."""
    return commands.quiz(
        _settings(ctx, data, no_color),
        topics=topic or [],
        count=count,
        seed=seed,
        interactive=interactive,
        handout=output_format is QuizFormat.markdown,
    )


def run(argv: list[str] | None = None) -> int:
    """Run the command line with these arguments; return the exit code."""
    command = typer.main.get_command(app)
    result = command.main(args=argv, prog_name="dmtx", standalone_mode=False)
    return int(result or 0)
