"""The Typer app: its error handling, the root options, and how a command line is run."""

from __future__ import annotations

import sys
from collections.abc import Callable
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
            raise UsageProblem(f"{exc.format_message()} (see '{where} --help')") from None
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
    context_settings={"help_option_names": ["-h", "--help"]},
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
        where = click.Context(found, info_name=word, parent=where)
        command = found
    typer.echo(where.get_help(), color=where.color)  # what Click's --help does


def run(argv: list[str] | None = None) -> int:
    """Run the command line with these arguments; return the exit code."""
    command = typer.main.get_command(app)
    result = command.main(args=argv, prog_name="dmtx", standalone_mode=False)
    return int(result or 0)
