"""The Typer app: its error handling, the root options, and how a command line is run."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from enum import StrEnum
from typing import Annotated, Any

import typer
from typer import _click as click  # Typer 0.28 vendors Click: its exception classes live here
from typer.core import TyperGroup

from dmtx import commands
from dmtx.cli.options import with_settings
from dmtx.errors import DmtxError, ExitCode, UsageProblem
from dmtx.settings import Settings
from dmtx.terminal import silence_stdout


def run_guarded(call: Callable[[], Any]) -> int:
    """Run the command; Click's usage errors become domain errors, mapped like every other (dmtx.errors)."""

    def with_usage_errors() -> Any:
        try:
            return call()
        except click.exceptions.UsageError as exc:
            where = exc.ctx.command_path if exc.ctx else "dmtx"
            dash = isinstance(exc, click.exceptions.NoSuchOption) and exc.option_name[1:2].isdigit()
            # 'journal add note "-2 kg this month"': a text that starts with '-' reads as an option.
            tip = "; to start a text with '-', put -- before it" if dash else ""
            raise UsageProblem(f"{exc.format_message()} (see '{where} --help'{tip})") from None
        except click.exceptions.ClickException as exc:
            problem = DmtxError(exc.format_message())
            problem.exit_code = ExitCode(exc.exit_code)
            raise problem from None
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
        from dmtx.terminal import clean_terminal_env

        clean_terminal_env()  # before Rich reads COLUMNS/LINES (it crashes on LINES=²)
        from dmtx.cli.completion import answer_completion

        if answer_completion(self):
            return 0
        prepare_help(self, list(args) if args is not None else sys.argv[1:])
        code = run_guarded(
            lambda: super(DmtxGroup, self).main(
                args=args, prog_name=prog_name or "dmtx", complete_var=complete_var, standalone_mode=False, **extra
            )
        )
        if standalone_mode:
            sys.exit(code)
        return code

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        """Find the command; a list command given a name points to the command that shows one."""
        pointer = wrong_verb(args)
        if pointer:
            raise UsageProblem(pointer)
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; a reader that went away is a quiet exit 0, as on the fast path.

        Typer would turn the broken pipe into exit code 1, which dmtx documents as "not found".
        """
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            silence_stdout()
            return 0


# ------------------------------------------------------------------ help: plain where it must be, examples last

# Below this many columns Rich's option tables cut names ("--patie…"), and Click's columns leave
# a word or two per line: each option's help goes under its name instead.
NARROW = 70
MAX_HELP_WIDTH = 100

# Two or three examples for every command, shown last in its help (tests/test_help.py runs each one's parse).
EXAMPLES: dict[str, tuple[str, ...]] = {
    "": ("dmtx topics", "dmtx drug Imuran", "dmtx checklist"),
    "completion": ("dmtx completion bash", "dmtx completion zsh"),
    "help": ("dmtx help checklist", "dmtx help journal add"),
    "checklist": ("dmtx checklist", "dmtx checklist -t 1 -o visit.html", "dmtx checklist -s flare -d Imuran"),
    "present": ("dmtx present", "dmtx present --no-interactive"),
    "quiz": ("dmtx quiz", "dmtx quiz -n 5 -o quiz.html", "dmtx quiz --answers -o key.pdf"),
    "topics": ("dmtx topics", "dmtx topics --plain"),
    "topic": ("dmtx topic 1", "dmtx topic ivig"),
    "drugs": ("dmtx drugs", "dmtx drugs --no-pager"),
    "drug": ("dmtx drug Imuran", 'dmtx drug "prednisone 20 mg"'),
    "terms": ("dmtx terms", "dmtx terms --plain"),
    "term": ("dmtx term CK", "dmtx term remission"),
    "references": ("dmtx references", "dmtx references --no-pager"),
    "about": ("dmtx about", "dmtx about --plain"),
    "beyond": ("dmtx beyond", "dmtx beyond rituximab"),
    "search": ("dmtx search muscle weakness", "dmtx search --all rash"),
    "validate": ("dmtx validate", "dmtx validate --today 2027-01-01"),
    "journal": ("dmtx journal", "dmtx journal add ck 850", "dmtx journal chart"),
    "journal list": ("dmtx journal list", "dmtx journal list --no-color"),
    "journal where": ("dmtx journal where", "dmtx journal where --journal-file j.db"),
    "journal delete": ("dmtx journal delete 3", "dmtx journal delete 3 --yes"),
    "journal export": ("dmtx journal export -o journal.csv", "dmtx journal export -o journal.json"),
    "journal import": ("dmtx journal import journal.csv", "dmtx journal import --dry-run export.zip"),
    "journal backup": ("dmtx journal backup copy.db", "dmtx journal backup copy.db --force"),
    "journal chart": ("dmtx journal chart", "dmtx journal chart weakness", "dmtx journal chart dose prednisone"),
    "journal add": ("dmtx journal add ck 850", "dmtx journal add score weakness 6"),
    "journal add ck": ("dmtx journal add ck 850", "dmtx journal add ck 1200 --note flu"),
    "journal add dose": (
        "dmtx journal add dose prednisone 40 mg --per day",
        "dmtx journal add dose MTX 15 mg --per week",
    ),
    "journal add score": ("dmtx journal add score weakness 6", "dmtx journal add score fatigue 4"),
    "journal add stand": ("dmtx journal add stand 9", "dmtx journal add stand 11 --note tired"),
    "journal add lab": ("dmtx journal add lab aldolase 9", "dmtx journal add lab alt 40"),
    "journal add note": ("dmtx journal add note stairs were hard", "dmtx journal add note rash is better"),
    "journal add visit": ("dmtx journal add visit", "dmtx journal add visit --note checkup"),
}


def _fit(example: str, width: int) -> str:
    """An example on lines of at most `width` characters, continued with a backslash as a shell reads it."""
    import textwrap

    lines = textwrap.wrap(example, max(width - 6, 20), break_long_words=False, break_on_hyphens=False)
    return " \\\n    ".join(lines)


def wants_plain_help(args: list[str]) -> bool:
    """Help as plain text (no boxes, no colour): --plain, --no-color, ACCESSIBLE, NO_COLOR, TERM=dumb, a pipe, a narrow screen."""
    from dmtx.output import color_allowed, is_tty, terminal_width

    asked = "--plain" in args or "--no-color" in args
    return asked or not color_allowed(False) or not is_tty(sys.stdout) or terminal_width(sys.stdout) < NARROW


class PlainHelpFormatter(click.HelpFormatter):
    """Click's plain help; on a narrow screen each option's help goes under its name, nothing cut."""

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        """The option list: two columns when wide, the help under each name when narrow."""
        if self.width >= NARROW:
            super().write_dl(rows, col_max, col_spacing)
            return
        for term, text in rows:
            self.write(f"{'':>{self.current_indent}}{term}\n")
            if text:
                with self.indentation(), self.indentation():
                    self.write_text(text)


class PlainHelpContext(click.Context):
    """A context whose help is written by PlainHelpFormatter."""

    formatter_class = PlainHelpFormatter


def _commands(command: click.Command, path: str = "") -> Iterator[tuple[str, click.Command]]:
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from _commands(sub, f"{path} {name}".strip())


def prepare_help(root: click.Command, args: list[str]) -> None:
    """Give every command its examples, and plain help (Click's, not Rich's boxes) when it must be plain."""
    from dmtx.terminal import terminal_width

    plain = wants_plain_help(args)
    width = min(terminal_width(sys.stdout), MAX_HELP_WIDTH) - 2
    root.context_settings = {**root.context_settings, "terminal_width": width, "max_content_width": width}
    for path, command in _commands(root):
        examples = EXAMPLES.get(path, ())
        if plain:
            command.rich_markup_mode = None  # type: ignore[attr-defined]
            command.context_class = PlainHelpContext
            # \b keeps Click from joining the lines into one paragraph.
            lines = (f"  {_fit(e, width - 4)}" for e in examples)
            command.epilog = "\b\nExamples:\n" + "\n".join(lines) if examples else None
        else:  # Rich joins the lines of a paragraph: one paragraph per line
            command.epilog = "\n\n".join(("Examples:", *examples)) if examples else None


# A list command given a name means its one-item neighbour: `dmtx drugs Imuran` is `dmtx drug Imuran`.
_ONE_OF = {"drugs": "drug", "topics": "topic", "terms": "term"}


def wrong_verb(args: list[str]) -> str | None:
    """The pointer for a list command given a name ("Did you mean 'dmtx drug Imuran'?"), else None."""
    import shlex

    from dmtx.settings import parse_shared

    if not args or args[0] not in _ONE_OF:
        return None
    parsed = parse_shared(args[1:])
    if parsed is None or not parsed[1]:
        return None  # options only (or --help): Click answers
    command = shlex.join(["dmtx", _ONE_OF[args[0]], *parsed[1]])
    return f"Did you mean '{command}'? 'dmtx {args[0]}' lists them all."


app = typer.Typer(
    cls=DmtxGroup,
    name="dmtx",
    help="A plain-language guide to the treatment of dermatomyositis (DM). A teaching aid, not medical advice.",
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    # dmtx prints its own completion scripts (dmtx completion SHELL): Typer's fall back to file names.
    add_completion=False,
    # Command names and choices in any case ("journal add CK 850", "--format PDF"): every name dmtx has is lower case.
    context_settings={"help_option_names": ["-h", "--help"], "token_normalize_func": str.lower},
)


def _version(value: bool) -> None:
    if value:
        from dmtx import __version__

        typer.echo(f"dmtx {__version__}")
        raise typer.Exit()


@app.callback()
@with_settings()
def root(
    settings: Settings,
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and stop.")
    ] = False,
) -> None:
    """A plain-language guide to the treatment of dermatomyositis (DM). A teaching aid, not medical advice."""
    ctx.obj = settings
    if ctx.invoked_subcommand is None:
        commands.welcome(settings)


class Shell(StrEnum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"


@app.command()
def completion(shell: Annotated[Shell, typer.Argument(help="bash, zsh or fish.")]) -> None:
    """Print the script that makes your shell complete drug names, topics and words (see README)."""
    from dmtx.cli.completion import SCRIPTS
    from dmtx.output import write_stdout

    write_stdout(SCRIPTS[shell.value])


@app.command("help")
def help_command(
    ctx: typer.Context,
    words: Annotated[
        list[str] | None, typer.Argument(metavar="[COMMAND]...", help="A command, e.g. 'drug' or 'journal add'.")
    ] = None,
    _plain: Annotated[
        bool,
        # Help is plain text already; these are taken so that 'dmtx help drug --plain' works like the rest.
        typer.Option("--plain", "--no-color", "--no-pager", hidden=True),
    ] = False,
) -> None:
    """Show the help of dmtx, or of one command (the same as 'dmtx COMMAND --help')."""
    root = ctx.find_root()
    command: click.Command = root.command
    where = root
    for word in words or []:
        found = command.get_command(where, word) if isinstance(command, TyperGroup) else None
        if found is None:
            path = " ".join(["dmtx", *(words or [])[: (words or []).index(word)]])
            raise UsageProblem(f"No such command '{word}' (see '{path} --help').")
        where = found.context_class(found, info_name=word, parent=where)
        command = found
    typer.echo(where.get_help(), color=where.color)  # what Click's --help does


def run(argv: list[str] | None = None) -> int:
    """Run the command line with these arguments; return the exit code."""
    command = typer.main.get_command(app)
    result = command.main(args=argv, prog_name="dmtx", standalone_mode=False)
    return int(result or 0)
