"""The journal commands: add, list, chart, export, import, back up and delete entries of the private journal."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from dmtx.cli.app import app
from dmtx.cli.options import ForceOption, JournalFileOption, OutputOption, format_choices, formats_help, with_settings
from dmtx.journal import kinds as journal_kinds
from dmtx.settings import Settings

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

DateOption = Annotated[
    str | None,
    typer.Option(
        "--date", metavar="YYYY-MM-DD", help="The day it happened: YYYY-MM-DD, or today or yesterday (default: today)."
    ),
]
NoteOption = Annotated[str | None, typer.Option("--note", metavar="TEXT", help="A note to keep with the entry.")]
# Lets "-5" reach dmtx's own check ("cannot be negative") instead of reading as an unknown option.
_NUMBERS_AS_ARGUMENTS: dict[str, Any] = {"ignore_unknown_options": True}


_given: dict[str, str] = {}


def _journal(journal: str | None) -> str | None:
    """The journal file: this command's --journal-file, else the one given before the subcommand."""
    return journal if journal is not None else _given.get("journal")


@journal_app.callback()
@with_settings("no_color")
def journal_root(settings: Settings, ctx: typer.Context, journal: JournalFileOption = None) -> None:
    """Your private DM journal: CK results, doses, 0-10 scores, notes and visits, kept on this computer only."""
    from dmtx.journal import commands as journal_commands

    _given.clear()
    if journal is not None:
        _given["journal"] = journal
    if ctx.invoked_subcommand is None:
        journal_commands.recent(settings, journal)


@add_app.command("ck", help=journal_kinds.help_of("ck"), context_settings=_NUMBERS_AS_ARGUMENTS)
def add_ck(
    value: Annotated[str, typer.Argument(metavar="U/L", help="The CK result in U/L, e.g. 850.")],
    unit: Annotated[str | None, typer.Argument(metavar="UNIT", help="U/L, as the lab prints it (optional).")] = None,
    date: DateOption = None,
    note: NoteOption = None,
    journal: JournalFileOption = None,
) -> None:
    from dmtx.journal import commands as journal_commands

    journal_commands.add_ck(_journal(journal), value=value, unit=unit, day=date, note=note)


@add_app.command("dose", help=journal_kinds.help_of("dose"), context_settings=_NUMBERS_AS_ARGUMENTS)
@with_settings("data")
def add_dose(
    settings: Settings,
    name: Annotated[str, typer.Argument(metavar="MEDICINE", help="Any name: generic or brand, e.g. prednisone.")],
    amount: Annotated[str, typer.Argument(metavar="AMOUNT", help="How much, e.g. 40.")],
    unit: Annotated[
        str | None, typer.Argument(metavar="UNIT", help="mg, g, mcg, ml, units, mg/kg or g/kg (or 40mg as one word).")
    ] = None,
    how_often: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[HOW OFTEN]",
            help="In words, e.g. weekly, daily, every 2 weeks, daily for 5 days (or --per, --every).",
        ),
    ] = None,
    per: Annotated[str | None, typer.Option("--per", metavar="day|week", help="How often: day or week.")] = None,
    every: Annotated[
        str | None,
        typer.Option("--every", metavar='"N days|weeks|months"', help='How often, e.g. --every "4 weeks".'),
    ] = None,
    course: Annotated[
        str | None,
        typer.Option(
            "--course",
            metavar='"N days"',
            help='Given over several days, e.g. IVIG --course "5 days" (or: for 5 days).',
        ),
    ] = None,
    other: Annotated[
        bool, typer.Option("--other", help="Keep a name this guide does not cover, as typed (not matched).")
    ] = False,
    date: DateOption = None,
    note: NoteOption = None,
    journal: JournalFileOption = None,
) -> None:
    from dmtx.journal import commands as journal_commands

    journal_commands.add_dose(
        settings,
        _journal(journal),
        name=name,
        amount=amount,
        unit=unit,
        per=per,
        every=every,
        course=course,
        other=other,
        day=date,
        note=note,
        how_often=how_often or (),
    )


@add_app.command("score", help=journal_kinds.help_of("score"), context_settings=_NUMBERS_AS_ARGUMENTS)
def add_score(
    name: Annotated[
        str, typer.Argument(metavar="NAME", help=f"{journal_kinds.or_list(journal_kinds.names('score'))}.")
    ],
    value: Annotated[str, typer.Argument(metavar="0-10", help="0 is none, 10 is the worst.")],
    date: DateOption = None,
    note: NoteOption = None,
    journal: JournalFileOption = None,
) -> None:
    from dmtx.journal import commands as journal_commands

    journal_commands.add_score(_journal(journal), name=name, value=value, day=date, note=note)


def _add_from_table(kind: str) -> None:
    """`dmtx journal add KIND ...` for a kind whose row lists its arguments: one value, or a name and a value."""
    row = journal_kinds.row_of(kind)
    arguments = [
        Annotated[str, typer.Argument(metavar=metavar, help=row.fill(text))] for metavar, text in row.arguments
    ]

    def one(value: str, date: str | None = None, note: str | None = None, journal: str | None = None) -> None:
        from dmtx.journal import commands as journal_commands

        fields = journal_kinds.Fields(value=value)
        journal_commands.add(_journal(journal), kind, fields, day=date, note=note)

    def two(
        name: str,
        value: str,
        unit: str | None = None,
        date: str | None = None,
        note: str | None = None,
        journal: str | None = None,
    ) -> None:
        from dmtx.journal import commands as journal_commands

        fields = journal_kinds.Fields(name=name, value=value, unit=unit or "")
        journal_commands.add(_journal(journal), kind, fields, day=date, note=note)

    command = two if len(arguments) == 2 else one
    # Real objects, not the strings `from __future__ import annotations` makes: they name this row's arguments.
    shared = {"date": DateOption, "note": NoteOption, "journal": JournalFileOption, "return": None}
    command.__annotations__ = dict(zip(("name", "value") if command is two else ("value",), arguments, strict=True))
    if command is two:  # a lab result typed as the lab prints it: "40 U/L"
        unit_help = f"{row.unit}, as the lab prints it (optional)." if row.unit else "The unit (optional)."
        command.__annotations__["unit"] = Annotated[str | None, typer.Argument(metavar="UNIT", help=unit_help)]
    command.__annotations__.update(shared)
    add_app.command(kind, help=journal_kinds.help_of(kind), context_settings=_NUMBERS_AS_ARGUMENTS)(command)


# Every other kind whose row lists its arguments gets its command from the table.
for _kind in journal_kinds.kind_names():
    if journal_kinds.row_of(_kind).arguments:
        _add_from_table(_kind)


@add_app.command("note", help=journal_kinds.help_of("note"))
def add_note(
    text: Annotated[list[str], typer.Argument(metavar="TEXT", help="What you want to remember, in your words.")],
    date: DateOption = None,
    journal: JournalFileOption = None,
) -> None:
    from dmtx.journal import commands as journal_commands

    journal_commands.add_note(_journal(journal), text=" ".join(text), day=date)


@add_app.command("visit", help=journal_kinds.help_of("visit"))
def add_visit(date: DateOption = None, note: NoteOption = None, journal: JournalFileOption = None) -> None:
    from dmtx.journal import commands as journal_commands

    journal_commands.add_visit(_journal(journal), day=date, note=note)


@journal_app.command("list")
@with_settings("no_color")
def journal_list(
    settings: Settings,
    journal: JournalFileOption = None,
    everything: Annotated[bool, typer.Option("--all", help="Every entry, not only the latest 20.")] = False,
) -> None:
    """Show the latest entries (the same as 'dmtx journal'), or every one with --all."""
    from dmtx.journal import commands as journal_commands

    journal_commands.recent(settings, _journal(journal), limit=None if everything else journal_commands.RECENT)


@journal_app.command("where")
def journal_where(journal: JournalFileOption = None) -> None:
    """Print where the journal file is."""
    from dmtx.journal import commands as journal_commands

    journal_commands.where(_journal(journal))


@journal_app.command("delete")
def journal_delete(
    entry_id: Annotated[int, typer.Argument(metavar="NUMBER", min=1, help="The entry's number (see 'dmtx journal').")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Delete without asking.")] = False,
    journal: JournalFileOption = None,
) -> int:
    """Delete one entry (asks first unless --yes)."""
    from dmtx.journal import commands as journal_commands

    return journal_commands.delete(_journal(journal), entry_id=entry_id, yes=yes)


if TYPE_CHECKING:
    ExportFormat = str
else:  # the choices come from the one format registry
    ExportFormat = format_choices("ExportFormat", "journal")


@journal_app.command("export")
def journal_export(
    fmt: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help=f"{formats_help('journal')} (default: from the --output file's extension, else csv).",
        ),
    ] = None,
    output: OutputOption = None,
    force: ForceOption = False,
    journal: JournalFileOption = None,
) -> None:
    """Write every entry as CSV or JSON (a file only you can read)."""
    from dmtx.journal import commands as journal_commands

    journal_commands.export(_journal(journal), fmt=str(fmt) if fmt else None, output=output, force=force)


@journal_app.command("import")
@with_settings("data")
def journal_import(
    settings: Settings,
    path: Annotated[
        str,
        typer.Argument(
            metavar="FILE",
            help="A CSV or JSON file made by 'dmtx journal export', or your lab results: FHIR JSON or NDJSON, "
            "a C-CDA document from a patient portal, or the Health app's export.zip.",
        ),
    ],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would be added; write nothing.")] = False,
    journal: JournalFileOption = None,
) -> None:
    """Add the entries of a file, or the lab results of your own records (read on this computer only).

    Everything is checked first and added in one go; entries already there are skipped.
    """
    from dmtx.journal import commands as journal_commands

    journal_commands.import_file(settings, _journal(journal), path=path, dry_run=dry_run)


@journal_app.command("backup")
def journal_backup(
    target: Annotated[str, typer.Argument(metavar="FILE", help="Where to put the copy (a new file).")],
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    journal: JournalFileOption = None,
) -> None:
    """Copy the whole journal to a new file, safely even while it is being written."""
    from dmtx.journal import commands as journal_commands

    journal_commands.backup(_journal(journal), target=target, force=force)


@journal_app.command("chart")
@with_settings("data", "no_color")
def journal_chart(
    settings: Settings,
    what: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[WHAT]", help=f"What to draw: {' | '.join(journal_kinds.draw_choices())} (default: ck)."
        ),
    ] = None,
    since: Annotated[str | None, typer.Option("--since", metavar="YYYY-MM-DD", help="Start on this day.")] = None,
    journal: JournalFileOption = None,
) -> None:
    """Draw CK, a score or a medicine's dose over time."""
    from dmtx.journal import commands as journal_commands

    journal_commands.chart(settings, _journal(journal), what=what or [], since=since)
