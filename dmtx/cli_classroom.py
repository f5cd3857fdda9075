"""The classroom commands, `dmtx present` and `dmtx quiz`, added to the app by `register(app)`.

This module has no `from __future__ import annotations`: the commands are defined inside
`register()`, which imports the shared options from `dmtx.cli` (cli.py calls register at
its end, so importing them at the top here would be circular), and Typer needs their
annotations as real objects.
"""

import sys
from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from dmtx.errors import UsageProblem

if TYPE_CHECKING:  # quoted below: cli.py imports this module on every run, the knowledge model only when used
    from dmtx.knowledge import Knowledge, Point


class QuizFormat(StrEnum):
    """How a printed quiz is written."""

    text = "text"
    markdown = "markdown"


TopicOption = Annotated[
    list[str] | None,
    typer.Option(
        "--topic", "-t", metavar="ID", help="Only this topic (a number or a name such as 'ivig'); repeatable."
    ),
]


def chosen_points(knowledge: "Knowledge", topics: Sequence[str]) -> "tuple[Point, ...]":
    """The points named by --topic, in the order given, each once; all points when none is named."""
    from dmtx import lookup

    if not topics:
        return knowledge.points
    return tuple(dict.fromkeys(lookup.find_point(knowledge, t) for t in topics))


def run_present(knowledge: "Knowledge", *, topics: Sequence[str], interactive: bool, no_color: bool) -> int:
    """Play the slideshow on a terminal, or print every slide when asked or when not on one."""
    from dmtx import slideshow
    from dmtx.output import color_allowed, detect_display
    from dmtx.slides import build_deck

    deck = build_deck(knowledge, chosen_points(knowledge, topics))
    display = detect_display(no_color)
    if interactive and slideshow.can_play():
        look = slideshow.Look(plain=not color_allowed(no_color), ascii_only=display.ascii_only)
        return slideshow.play(deck, look)
    slideshow.print_deck(deck, display)
    return 0


def run_quiz(
    knowledge: "Knowledge",
    *,
    topics: Sequence[str],
    count: int | None,
    seed: int | None,
    interactive: bool | None,
    markdown: bool,
    no_color: bool,
) -> int:
    """Ask the quiz on a terminal; otherwise print an answer sheet (text) or a handout (markdown)."""
    from dmtx import quiz, quizplay
    from dmtx.output import detect_display, is_tty, show, write_stdout
    from dmtx.render import quizsheet

    points = chosen_points(knowledge, topics)
    display = detect_display(no_color)
    if markdown:
        if interactive:
            raise UsageProblem("--format markdown prints a handout; leave out --interactive.")
        items = quiz.select_items(knowledge, count=count, seed=seed, points=points)
        write_stdout(quizsheet.handout_markdown(knowledge, items), display)
        return 0
    on_terminal = is_tty(sys.stdin) and is_tty(sys.stdout)
    if not (on_terminal if interactive is None else interactive):
        items = quiz.select_items(knowledge, count=count, seed=seed, points=points)
        order = f"shuffled with --seed {seed}" if seed is not None else "as in the knowledge file"
        show(quizsheet.answer_sheet(knowledge, items, order=order), display)
        return 0
    if sys.stdin is None:
        raise UsageProblem("--interactive needs answers from the keyboard, but standard input is closed.")
    import random

    used_seed = seed if seed is not None else random.randrange(1, 10_000)
    items = quiz.select_items(knowledge, count=count, seed=used_seed, points=points)
    hint = "" if seed is not None else f"To get the same questions in the same order again, add: --seed {used_seed}"
    return quizplay.run_quiz(
        knowledge,
        items,
        ask=input,
        out=quizplay.make_printer(display),
        echo=not is_tty(sys.stdin),
        seed_hint=hint,
    )


def register(app: typer.Typer) -> None:
    """Add `present` and `quiz` to the dmtx app."""
    from dmtx.cli import DataOption, NoColorOption, _settings, load_knowledge

    @app.command()
    def present(
        ctx: typer.Context,
        topic: TopicOption = None,
        no_interactive: Annotated[
            bool,
            typer.Option(
                "--no-interactive", help="Print every slide as plain text (automatic when not on a terminal)."
            ),
        ] = False,
        data: DataOption = None,
        no_color: NoColorOption = False,
    ) -> None:
        """Show the treatment points as a full-screen slideshow for teaching (q quits)."""
        settings = _settings(ctx, data, no_color)
        knowledge = load_knowledge(settings)
        code = run_present(knowledge, topics=topic or [], interactive=not no_interactive, no_color=settings.no_color)
        raise typer.Exit(code)

    @app.command()
    def quiz(
        ctx: typer.Context,
        count: Annotated[
            int | None, typer.Option("--count", "-n", min=1, metavar="N", help="Ask at most N questions.")
        ] = None,
        seed: Annotated[
            int | None,
            typer.Option(
                "--seed", metavar="N", help="Shuffle the questions with this number: the same order each time."
            ),
        ] = None,
        topic: TopicOption = None,
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
            typer.Option(
                "--format", "-f", case_sensitive=False, help="markdown: a handout for students, without answers."
            ),
        ] = QuizFormat.text,
        data: DataOption = None,
        no_color: NoColorOption = False,
    ) -> None:
        """Test yourself: multiple-choice questions with the right answer explained."""
        settings = _settings(ctx, data, no_color)
        knowledge = load_knowledge(settings)
        code = run_quiz(
            knowledge,
            topics=topic or [],
            count=count,
            seed=seed,
            interactive=interactive,
            markdown=output_format is QuizFormat.markdown,
            no_color=settings.no_color,
        )
        raise typer.Exit(code)
