"""The lookup commands: topics, drugs, words, references, what the page leaves out, search, validate."""

from __future__ import annotations

from typing import Annotated

import typer

from dmtx import commands
from dmtx.cli.app import app
from dmtx.cli.options import complete, with_settings
from dmtx.settings import Settings


@app.command()
@with_settings()
def topics(settings: Settings) -> None:
    """List the six treatment points with a one-line summary each."""
    commands.topics(settings)


@app.command()
@with_settings()
def topic(
    settings: Settings,
    topic_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="A number from 1 to 6, or a name such as 'ivig'.", autocompletion=complete("topic")
        ),
    ],
) -> None:
    """Show one treatment point in full: facts, drugs, words, notes and questions."""
    commands.topic(settings, topic_id)


@app.command()
@with_settings()
def drugs(settings: Settings) -> None:
    """List the drugs the page names."""
    commands.drugs(settings)


@app.command()
@with_settings()
def drug(
    settings: Settings,
    name: Annotated[
        list[str],
        typer.Argument(
            metavar="NAME",
            help="Any name: generic, brand (e.g. Imuran) or other spelling.",
            autocompletion=complete("drug"),
        ),
    ],
    names: Annotated[
        bool,
        typer.Option("--names", help="List every other name in full: kind, country, whether it is still sold."),
    ] = False,
) -> None:
    """Look up a drug by any name a patient might type."""
    commands.drug(settings, " ".join(name), names=names)


@app.command()
@with_settings()
def terms(settings: Settings) -> None:
    """List the medical words explained in plain language."""
    commands.terms(settings)


@app.command()
@with_settings()
def term(
    settings: Settings,
    word: Annotated[
        list[str],
        typer.Argument(
            metavar="WORD", help="A medical word, e.g. 'CK' or 'remission'.", autocompletion=complete("term")
        ),
    ],
) -> None:
    """Explain one medical word in plain language."""
    commands.term(settings, " ".join(word))


@app.command()
@with_settings()
def references(settings: Settings) -> None:
    """List the sources: the page's numbered references and later ones dmtx cites."""
    commands.references(settings)


@app.command()
@with_settings()
def about(settings: Settings) -> None:
    """Who wrote and checked this guide and how, its sources, money, updates, and how to report a mistake."""
    commands.about(settings)


@app.command()
@with_settings()
def beyond(
    settings: Settings,
    entry_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="An entry such as 'rituximab' or 'cancer-screening'.")
    ] = None,
) -> None:
    """What the 2014 page leaves out: newer drugs, skin care, exercise, cancer checks, lungs (dated, cited)."""
    commands.beyond(settings, entry_id)


@app.command()
@with_settings()
def search(
    settings: Settings,
    text: Annotated[list[str], typer.Argument(metavar="TEXT", help="Words to find, e.g. 'muscle weakness'.")],
    show_all: Annotated[
        bool, typer.Option("--all", help="Show every place that matches, not only the best five.")
    ] = False,
) -> None:
    """Find the places (topics, drugs, words explained) that hold all the words, best first."""
    commands.search(settings, " ".join(text), show_all=show_all)


@app.command()
@with_settings("data", "no_color", "plain")
def validate(
    settings: Settings,
    path: Annotated[
        str | None, typer.Argument(metavar="[PATH]", help="The file to check (default: the one dmtx would use).")
    ] = None,
    today: Annotated[
        str | None,
        typer.Option(
            "--today", metavar="YYYY-MM-DD", help="Fail for parts due for review before this day (default: today)."
        ),
    ] = None,
) -> int:
    """Check a knowledge file and list every problem with its line and column; parts overdue for review fail too."""
    return commands.validate(settings, path, today)
