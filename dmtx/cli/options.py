"""Options declared once: the shared options of every command, and the ones several commands take.

`with_settings` adds the shared options (dmtx.settings.SHARED_OPTIONS) to a command, so
each command is written as `def name(settings: Settings, ...)`, and Typer still accepts
the options after the command's name, where people type them.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer

from dmtx import commands
from dmtx.settings import SHARED_OPTIONS, Settings

F = TypeVar("F", bound=Callable[..., Any])
# The options every command takes, after the command's own in its help.
SHARED_PANEL = "Display and data"


def complete(kind: str) -> Callable[[str], list[tuple[str, str]]]:
    """The shell-completion callback for names of this kind (drug, term, topic)."""

    def names(incomplete: str) -> list[tuple[str, str]]:
        return commands.completions(kind, incomplete)

    return names


def complete_path(incomplete: str) -> list[str]:
    """File names for options that want a path (the only place where a path is wanted)."""
    import glob

    return sorted(glob.glob(glob.escape(incomplete) + "*"))[:200]


def format_choices(name: str, *documents: str) -> Any:
    """The `--format` choices of these documents, from the format registry (dmtx.render.FORMATS), as an enum."""
    from enum import StrEnum

    from dmtx import render

    return StrEnum(name, {value: value for value in render.format_names(*documents)})


def formats_help(*documents: str) -> str:
    """The `--format` values of these documents for help: "text, markdown, html or pdf"."""
    from dmtx import render

    names = render.format_names(*documents)
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


ForceOption = Annotated[bool, typer.Option("--force", help="Replace the output file if it exists.")]
OutputOption = Annotated[
    str | None,
    typer.Option(
        "--output", "-o", metavar="PATH", help="Write to this file ('-' is the screen).", autocompletion=complete_path
    ),
]
TopicsOption = Annotated[
    list[str] | None,
    typer.Option(
        "--topic",
        "-t",
        metavar="ID",
        help="Only this topic (a number or a name such as 'ivig'); repeatable.",
        autocompletion=complete("topic"),
    ),
]
JournalFileOption = Annotated[
    str | None,
    typer.Option(
        "--journal-file",
        metavar="PATH",
        help="Use this journal file (or set DMTX_JOURNAL).",
        autocompletion=complete_path,
    ),
]


def _shared_parameter(field: str, default: object) -> inspect.Parameter:
    option = next(o for o in SHARED_OPTIONS if o.field == field)
    extra: dict[str, Any] = {"autocompletion": complete_path} if option.metavar else {}
    info = typer.Option(option.flag, metavar=option.metavar, help=option.help, rich_help_panel=SHARED_PANEL, **extra)
    kind = str | None if option.metavar else bool
    return inspect.Parameter(field, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=Annotated[kind, info])


def settings_from(ctx: typer.Context, given: dict[str, Any]) -> Settings:
    """The root's settings, overridden by the options given to the command itself."""
    base = ctx.find_object(Settings) or Settings()
    return Settings(
        data=given["data"] if given.get("data") is not None else base.data,
        no_color=bool(given.get("no_color")) or base.no_color,
        plain=bool(given.get("plain")) or base.plain,
        no_pager=bool(given.get("no_pager")) or base.no_pager,
    )


def with_settings(*fields: str) -> Callable[[F], F]:
    """Give a command the shared options named (all of them when none is named).

    The command's first parameter receives the Settings they make (and a parameter named
    ctx, the Typer context); Typer sees a command that takes a context, the command's own
    parameters, then the shared options.
    """
    chosen = fields or tuple(o.field for o in SHARED_OPTIONS)

    def wrap(func: F) -> F:
        own = list(inspect.signature(func, eval_str=True).parameters.values())[1:]
        wants_ctx = any(p.name == "ctx" for p in own)
        own = [p for p in own if p.name != "ctx"]

        def command(ctx: typer.Context, **kwargs: Any) -> Any:
            given = {field: kwargs.pop(field) for field in chosen}
            if wants_ctx:
                kwargs["ctx"] = ctx
            return func(settings_from(ctx, given), **kwargs)

        context = inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context)
        shared = [_shared_parameter(f, None if f == "data" else False) for f in chosen]
        own = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own]
        command.__signature__ = inspect.Signature([context, *own, *shared])  # type: ignore[attr-defined]
        command.__name__, command.__qualname__ = func.__name__, func.__qualname__
        command.__doc__, command.__module__ = func.__doc__, func.__module__
        return command  # type: ignore[return-value]

    return wrap
