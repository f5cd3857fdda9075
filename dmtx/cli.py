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
from dmtx.journal import kinds as journal_kinds
from dmtx.output import error_line
from dmtx.terminal import silence_stdout


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


def _names_only_completion() -> None:
    """Make bash and zsh complete only the names dmtx offers: Typer's scripts fall back to file names."""
    from typer import _completion_shared
    from typer._click.shell_completion import add_completion_class
    from typer._completion_classes import BashComplete, ZshComplete

    # Typer 0.28 (pinned) keeps the scripts --show/--install-completion write in this table.
    bash_script = _completion_shared.COMPLETION_SCRIPT_BASH.replace("complete -o default -F", "complete -F")
    _completion_shared._completion_scripts["bash"] = bash_script

    class Bash(BashComplete):
        source_template = bash_script

    class Zsh(ZshComplete):
        def complete(self) -> str:
            found = str(super().complete())
            return "" if found == "_files" else found

    add_completion_class(Bash, "bash")
    add_completion_class(Zsh, "zsh")


def _complete(kind: str) -> Callable[[str], list[tuple[str, str]]]:
    def complete(incomplete: str) -> list[tuple[str, str]]:
        return commands.completions(kind, incomplete)

    return complete


def _complete_output(incomplete: str) -> list[str]:
    """File names for --output: the one place where a path is wanted."""
    import glob

    return sorted(glob.glob(glob.escape(incomplete) + "*"))[:200]


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
        from dmtx.terminal import clean_terminal_env

        clean_terminal_env()  # before Rich reads COLUMNS/LINES (it crashes on LINES=²)
        _names_only_completion()
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
            silence_stdout()
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
ForceOption = Annotated[bool, typer.Option("--force", help="Replace the output file if it exists.")]
OutputOption = Annotated[
    str | None, typer.Option("--output", "-o", metavar="PATH", help="Write to this file ('-' is the screen).")
]
PlainOption = Annotated[
    bool,
    typer.Option("--plain", help="Linear text for screen readers: no boxes or drawn tables (or set ACCESSIBLE=1)."),
]
NoPagerOption = Annotated[bool, typer.Option("--no-pager", help="Never send long output through $PAGER or less.")]


def _settings(ctx: typer.Context) -> Settings:
    """The root's settings, overridden by the command's own options (read from ctx.params)."""
    base = ctx.find_object(Settings) or Settings()
    return Settings(
        data=ctx.params.get("data") or base.data,
        no_color=bool(ctx.params.get("no_color")) or base.no_color,
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
    commands.topics(_settings(ctx))


@app.command()
def topic(
    ctx: typer.Context,
    topic_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="A number from 1 to 6, or a name such as 'ivig'.", autocompletion=_complete("topic")
        ),
    ],
    data: DataOption = None,
    no_color: NoColorOption = False,
    plain: PlainOption = False,
    no_pager: NoPagerOption = False,
) -> None:
    """Show one treatment point in full: facts, drugs, words, notes and questions."""
    commands.topic(_settings(ctx), topic_id)


@app.command()
def drugs(
    ctx: typer.Context,
    data: DataOption = None,
    no_color: NoColorOption = False,
    plain: PlainOption = False,
    no_pager: NoPagerOption = False,
) -> None:
    """List the drugs the page names."""
    commands.drugs(_settings(ctx))


@app.command()
def drug(
    ctx: typer.Context,
    name: Annotated[
        list[str],
        typer.Argument(
            metavar="NAME",
            help="Any name: generic, brand (e.g. Imuran) or other spelling.",
            autocompletion=_complete("drug"),
        ),
    ],
    data: DataOption = None,
    no_color: NoColorOption = False,
    plain: PlainOption = False,
    no_pager: NoPagerOption = False,
) -> None:
    """Look up a drug by any name a patient might type."""
    commands.drug(_settings(ctx), " ".join(name))


@app.command()
def terms(
    ctx: typer.Context,
    data: DataOption = None,
    no_color: NoColorOption = False,
    plain: PlainOption = False,
    no_pager: NoPagerOption = False,
) -> None:
    """List the medical words explained in plain language."""
    commands.terms(_settings(ctx))


@app.command()
def term(
    ctx: typer.Context,
    word: Annotated[
        list[str],
        typer.Argument(
            metavar="WORD", help="A medical word, e.g. 'CK' or 'remission'.", autocompletion=_complete("term")
        ),
    ],
    data: DataOption = None,
    no_color: NoColorOption = False,
    plain: PlainOption = False,
    no_pager: NoPagerOption = False,
) -> None:
    """Explain one medical word in plain language."""
    commands.term(_settings(ctx), " ".join(word))


@app.command()
def references(
    ctx: typer.Context,
    data: DataOption = None,
    no_color: NoColorOption = False,
    plain: PlainOption = False,
    no_pager: NoPagerOption = False,
) -> None:
    """List the sources: the page's numbered references and later ones dmtx cites."""
    commands.references(_settings(ctx))


@app.command()
def beyond(
    ctx: typer.Context,
    entry_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="An entry such as 'rituximab' or 'cancer-screening'.")
    ] = None,
    data: DataOption = None,
    no_color: NoColorOption = False,
    plain: PlainOption = False,
    no_pager: NoPagerOption = False,
) -> None:
    """What the 2014 page leaves out: newer drugs, skin care, exercise, cancer checks, lungs (dated, cited)."""
    commands.beyond(_settings(ctx), entry_id)


@app.command()
def search(
    ctx: typer.Context,
    text: Annotated[list[str], typer.Argument(metavar="TEXT", help="Words to find, e.g. 'muscle weakness'.")],
    show_all: Annotated[
        bool, typer.Option("--all", help="Show every place that matches, not only the best five.")
    ] = False,
    data: DataOption = None,
    no_color: NoColorOption = False,
    plain: PlainOption = False,
    no_pager: NoPagerOption = False,
) -> None:
    """Find the places (topics, drugs, words explained) that hold all the words, best first."""
    commands.search(_settings(ctx), " ".join(text), show_all=show_all)


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
    return commands.validate(_settings(ctx), path)


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
        list[str] | None,
        typer.Option(
            "--topic", "-t", metavar="ID", help="Only this point (repeat for more).", autocompletion=_complete("topic")
        ),
    ] = None,
    drug: Annotated[
        list[str] | None,
        typer.Option(
            "--drug",
            "-d",
            metavar="NAME",
            help="Add this drug's questions (any name). A name not in this guide is left out with a warning.",
            autocompletion=_complete("drug"),
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
            help=f"{', '.join(render.format_names())} (default: terminal on a screen, "
            "text in a pipe, or from the --output file's extension).",
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="Write to this file ('-' is the screen).",
            autocompletion=_complete_output,
        ),
    ] = None,
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
    journal_file: Annotated[
        str | None,
        typer.Option("--journal-file", metavar="PATH", help="Use this journal file (implies --journal)."),
    ] = None,
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
        commands.situations(_settings(ctx))
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
    settings = _settings(ctx)
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


class QuizFormat(StrEnum):
    """How a printed quiz is written."""

    text = "text"
    markdown = "markdown"
    html = "html"


class SlidesFormat(StrEnum):
    """How slides are written."""

    text = "text"
    html = "html"


TopicsOption = Annotated[
    list[str] | None,
    typer.Option(
        "--topic",
        "-t",
        metavar="ID",
        help="Only this topic (a number or a name such as 'ivig'); repeatable.",
        autocompletion=_complete("topic"),
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
    output_format: Annotated[
        SlidesFormat | None,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="text, or html: one file to project from a browser or print, a slide per page "
            "(default: from the --output file's extension).",
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", metavar="PATH", help="Write the slides to this file ('-' is the screen)."),
    ] = None,
    force: ForceOption = False,
    data: DataOption = None,
    no_color: NoColorOption = False,
    plain: PlainOption = False,
) -> int:
    """Show the treatment points as a full-screen slideshow for teaching (q quits), or write them as HTML."""
    return commands.present(
        _settings(ctx),
        topics=topic or [],
        interactive=not no_interactive,
        fmt=output_format.value if output_format else None,
        output=output,
        force=force,
    )


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
        QuizFormat | None,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="Print the quiz as text, markdown or html: a handout for students, without answers "
            "(default: from the --output file's extension).",
        ),
    ] = None,
    answers: Annotated[
        bool, typer.Option("--answers", help="Print the teacher's sheet (answers and why) instead of the handout.")
    ] = False,
    output: OutputOption = None,
    force: ForceOption = False,
    data: DataOption = None,
    no_color: NoColorOption = False,
    plain: PlainOption = False,
) -> int:
    """Test yourself: multiple-choice questions with the right answer explained."""
    return commands.quiz(
        _settings(ctx),
        topics=topic or [],
        count=count,
        seed=seed,
        interactive=interactive,
        fmt=output_format.value if output_format else None,
        answers=answers,
        output=output,
        force=force,
    )


# --------------------------------------------------------------------------- journal

journal_app = typer.Typer(
    name="journal",
    help="Your private DM journal: CK results, doses, 0-10 scores, notes and visits, kept on this computer only.",
    invoke_without_command=True,
    no_args_is_help=False,
)
add_app = typer.Typer(
    name="add", help=f"Add an entry: {journal_kinds.or_list(journal_kinds.kind_names())}.", no_args_is_help=True
)
journal_app.add_typer(add_app)
app.add_typer(journal_app)

JournalOption = Annotated[
    str | None,
    typer.Option("--journal", metavar="PATH", help="Use this journal file (or set DMTX_JOURNAL)."),
]
DateOption = Annotated[
    str | None, typer.Option("--date", metavar="YYYY-MM-DD", help="The day it happened (default: today).")
]
NoteOption = Annotated[str | None, typer.Option("--note", metavar="TEXT", help="A note to keep with the entry.")]
# Lets "-5" reach dmtx's own check ("cannot be negative") instead of reading as an unknown option.
_NUMBERS_AS_ARGUMENTS: dict[str, Any] = {"ignore_unknown_options": True}


def _journal(ctx: typer.Context, journal: str | None) -> str | None:
    if journal is not None:
        return journal
    parent = ctx.find_root().meta.get("dmtx.journal")
    return parent if isinstance(parent, str) else None


@journal_app.callback()
def journal_root(ctx: typer.Context, journal: JournalOption = None, no_color: NoColorOption = False) -> None:
    """Your private DM journal: CK results, doses, 0-10 scores, notes and visits, kept on this computer only."""
    from dmtx.journal import commands as journal_commands

    if journal is not None:
        ctx.find_root().meta["dmtx.journal"] = journal
    if ctx.invoked_subcommand is None:
        journal_commands.recent(_settings(ctx), journal)


@add_app.command("ck", help=journal_kinds.help_of("ck"), context_settings=_NUMBERS_AS_ARGUMENTS)
def add_ck(
    ctx: typer.Context,
    value: Annotated[str, typer.Argument(metavar="U/L", help="The CK result in U/L, e.g. 850.")],
    date: DateOption = None,
    note: NoteOption = None,
    journal: JournalOption = None,
) -> None:
    from dmtx.journal import commands as journal_commands

    journal_commands.add_ck(_journal(ctx, journal), value=value, day=date, note=note)


@add_app.command("dose", help=journal_kinds.help_of("dose"), context_settings=_NUMBERS_AS_ARGUMENTS)
def add_dose(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="MEDICINE", help="Any name: generic or brand, e.g. prednisone.")],
    amount: Annotated[str, typer.Argument(metavar="AMOUNT", help="How much, e.g. 40.")],
    unit: Annotated[str, typer.Argument(metavar="UNIT", help="mg, g, mcg, ml, units, mg/kg or g/kg.")],
    per: Annotated[str | None, typer.Option("--per", metavar="day|week", help="How often: day or week.")] = None,
    date: DateOption = None,
    note: NoteOption = None,
    journal: JournalOption = None,
    data: DataOption = None,
) -> None:
    from dmtx.journal import commands as journal_commands

    journal_commands.add_dose(
        _settings(ctx),
        _journal(ctx, journal),
        name=name,
        amount=amount,
        unit=unit,
        per=per,
        day=date,
        note=note,
    )


@add_app.command("score", help=journal_kinds.help_of("score"), context_settings=_NUMBERS_AS_ARGUMENTS)
def add_score(
    ctx: typer.Context,
    name: Annotated[
        str, typer.Argument(metavar="NAME", help=f"{journal_kinds.or_list(journal_kinds.names('score'))}.")
    ],
    value: Annotated[str, typer.Argument(metavar="0-10", help="0 is none, 10 is the worst.")],
    date: DateOption = None,
    note: NoteOption = None,
    journal: JournalOption = None,
) -> None:
    from dmtx.journal import commands as journal_commands

    journal_commands.add_score(_journal(ctx, journal), name=name, value=value, day=date, note=note)


@add_app.command("note", help=journal_kinds.help_of("note"))
def add_note(
    ctx: typer.Context,
    text: Annotated[list[str], typer.Argument(metavar="TEXT", help="What you want to remember, in your words.")],
    date: DateOption = None,
    journal: JournalOption = None,
) -> None:
    from dmtx.journal import commands as journal_commands

    journal_commands.add_note(_journal(ctx, journal), text=" ".join(text), day=date)


@add_app.command("visit", help=journal_kinds.help_of("visit"))
def add_visit(
    ctx: typer.Context, date: DateOption = None, note: NoteOption = None, journal: JournalOption = None
) -> None:
    from dmtx.journal import commands as journal_commands

    journal_commands.add_visit(_journal(ctx, journal), day=date, note=note)


@journal_app.command("where")
def journal_where(ctx: typer.Context, journal: JournalOption = None) -> None:
    """Print where the journal file is."""
    from dmtx.journal import commands as journal_commands

    journal_commands.where(_journal(ctx, journal))


@journal_app.command("delete")
def journal_delete(
    ctx: typer.Context,
    entry_id: Annotated[int, typer.Argument(metavar="NUMBER", min=1, help="The entry's number (see 'dmtx journal').")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Delete without asking.")] = False,
    journal: JournalOption = None,
) -> int:
    """Delete one entry (asks first unless --yes)."""
    from dmtx.journal import commands as journal_commands

    return journal_commands.delete(_journal(ctx, journal), entry_id=entry_id, yes=yes)


class ExportFormat(StrEnum):
    csv = "csv"
    json = "json"


@journal_app.command("export")
def journal_export(
    ctx: typer.Context,
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="csv or json.")] = ExportFormat.csv,
    output: OutputOption = None,
    force: ForceOption = False,
    journal: JournalOption = None,
) -> None:
    """Write every entry as CSV or JSON (a file only you can read)."""
    from dmtx.journal import commands as journal_commands

    journal_commands.export(_journal(ctx, journal), fmt=fmt.value, output=output, force=force)


@journal_app.command("import")
def journal_import(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(metavar="FILE", help="A CSV or JSON file made by 'dmtx journal export'.")],
    journal: JournalOption = None,
    data: DataOption = None,
) -> None:
    """Add the entries of a CSV or JSON file. A bad row stops it all; entries already there are skipped."""
    from dmtx.journal import commands as journal_commands

    journal_commands.import_file(_settings(ctx), _journal(ctx, journal), path=path)


@journal_app.command("backup")
def journal_backup(
    ctx: typer.Context,
    target: Annotated[str, typer.Argument(metavar="FILE", help="Where to put the copy (a new file).")],
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    journal: JournalOption = None,
) -> None:
    """Copy the whole journal to a new file, safely even while it is being written."""
    from dmtx.journal import commands as journal_commands

    journal_commands.backup(_journal(ctx, journal), target=target, force=force)


@journal_app.command("chart")
def journal_chart(
    ctx: typer.Context,
    what: Annotated[
        list[str] | None,
        typer.Argument(metavar=f"[{' | '.join(journal_kinds.draw_choices())}]", help="What to draw (default: ck)."),
    ] = None,
    since: Annotated[str | None, typer.Option("--since", metavar="YYYY-MM-DD", help="Start on this day.")] = None,
    journal: JournalOption = None,
    data: DataOption = None,
    no_color: NoColorOption = False,
) -> None:
    """Draw CK, a score or a medicine's dose over time."""
    from dmtx.journal import commands as journal_commands

    journal_commands.chart(_settings(ctx), _journal(ctx, journal), what=what or [], since=since)


def run(argv: list[str] | None = None) -> int:
    """Run the command line with these arguments; return the exit code."""
    command = typer.main.get_command(app)
    result = command.main(args=argv, prog_name="dmtx", standalone_mode=False)
    return int(result or 0)
