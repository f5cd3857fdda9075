"""What each command does, as plain functions: load, query, build, show.

Both the Typer layer (cli.py) and the start-up fast path (main.py) call these, so a
command behaves the same whichever way it was reached.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from dmtx.errors import DmtxError, ExitCode, NotFound, UsageProblem
from dmtx.output import Display, detect_display, error_line, show

if TYPE_CHECKING:
    from dmtx.checklist import Selection
    from dmtx.document import Document
    from dmtx.model import Knowledge


class Settings(NamedTuple):
    """Options that apply to every command."""

    data: str | None = None
    no_color: bool = False
    plain: bool = False
    no_pager: bool = False

    def display(self, *, pager: bool = True) -> Display:
        """How to draw on stdout with these settings; `pager=False` for screens that are never paged."""
        return detect_display(self.no_color, plain=self.plain, pager=pager and not self.no_pager)


def load_knowledge(settings: Settings) -> Knowledge:
    """Load the knowledge file the settings point at (validated, cached)."""
    from dmtx.knowledge import load, resolve_data_path

    return load(resolve_data_path(settings.data))


def show_view(settings: Settings, build: Callable[[Knowledge], Document]) -> None:
    """Load the knowledge, build one screen from it, and draw it."""
    knowledge = load_knowledge(settings)
    show(build(knowledge), settings.display())


def welcome(settings: Settings) -> None:
    """The screen of `dmtx` alone."""
    from dmtx import views

    show_view(settings, views.welcome)


def topics(settings: Settings) -> None:
    """All points, one line each."""
    from dmtx import views

    show_view(settings, views.topics)


def topic(settings: Settings, topic_id: str) -> None:
    """One point in full."""
    from dmtx import lookup, views

    show_view(settings, lambda k: views.topic(k, lookup.find_topic(k, topic_id)))


def drugs(settings: Settings) -> None:
    """All drugs."""
    from dmtx import views

    show_view(settings, views.drugs)


def drug(settings: Settings, name: str) -> None:
    """One drug by any name."""
    from dmtx import lookup, views

    show_view(settings, lambda k: views.drug(k, lookup.find_drug(k, name)))


def terms(settings: Settings) -> None:
    """The glossary."""
    from dmtx import views

    show_view(settings, views.terms)


def term(settings: Settings, word: str) -> None:
    """One glossary entry."""
    from dmtx import lookup, views

    show_view(settings, lambda k: views.term(k, lookup.find_term(k, word)))


def references(settings: Settings) -> None:
    """The sources."""
    from dmtx import views

    show_view(settings, views.references)


def search(settings: Settings, query: str) -> None:
    """Search hits across the knowledge file."""
    from dmtx import lookup, views

    show_view(settings, lambda k: views.search_results(k, query, lookup.search(k, query)))


def situations(settings: Settings) -> None:
    """The kinds of visit a checklist can be made for."""
    from dmtx import views

    show_view(settings, views.situations)


def checklist(
    settings: Settings,
    selection: Selection,
    *,
    fmt: str | None,
    output: str | None,
    force: bool,
    paper: str,
    large: bool = False,
) -> None:
    """Build the checklist and print it or write it to a file."""
    from dmtx.checklist import build_checklist
    from dmtx.output import emit, write_file
    from dmtx.render import format_for_path, render_checklist_as

    made = build_checklist(load_knowledge(settings), selection)
    display = settings.display()
    to_file = output is not None and output != "-"
    if fmt is None:
        fmt = format_for_path(output or "") if to_file else ("terminal" if display.rich else "text")
    if fmt == "terminal" and display.rich and not to_file:
        from dmtx.output import show_renderable
        from dmtx.render.rich_screen import render_checklist_rich

        show_renderable(render_checklist_rich(made), display)
        return
    rendered = render_checklist_as(made, fmt, width=display.width, paper=paper, large=large)
    if output is None or not to_file:
        emit(rendered, display)
        return
    write_file(output, rendered.encode("utf-8"), force=force)
    error_line(f"Wrote {output} ({made.question_count()} questions, {fmt}).")


def validate(settings: Settings, path: str | None) -> int:
    """Check a knowledge file; print every problem (exit 3) or a one-line summary (exit 0)."""
    from dmtx.knowledge import KnowledgeError, load, resolve_data_path
    from dmtx.output import write_stdout
    from dmtx.sanitize import clean_line

    chosen = resolve_data_path(path or settings.data)
    try:
        knowledge = load(chosen, use_cache=False)
    except KnowledgeError as exc:
        write_stdout("".join(clean_line(line) + "\n" for line in exc.lines()))
        count = len(exc.problems)
        error_line(f"{count} problem{'s' if count != 1 else ''} in {chosen}.")
        return int(ExitCode.INVALID_KNOWLEDGE)
    write_stdout(
        f"OK {clean_line(str(chosen))}: {len(knowledge.topics)} points, {len(knowledge.drugs)} drugs, "
        f"{len(knowledge.terms)} terms, {knowledge.question_count()} questions, "
        f"{len(knowledge.references)} references, {len(knowledge.quiz)} quiz items.\n"
    )
    return int(ExitCode.OK)


def present(settings: Settings, *, topics: Sequence[str], interactive: bool) -> int:
    """Play the slideshow on a terminal, or print every slide when asked or when not on one."""
    from dmtx import lookup
    from dmtx.classroom import slideshow
    from dmtx.classroom.slides import build_deck
    from dmtx.output import accessible, color_allowed

    knowledge = load_knowledge(settings)
    deck = build_deck(knowledge, lookup.find_topics(knowledge, topics))
    display = settings.display(pager=False)
    if interactive and slideshow.can_play():
        linear = settings.plain or accessible()
        look = slideshow.Look(
            plain=not color_allowed(settings.no_color or settings.plain), ascii_only=display.ascii_only or linear
        )
        return slideshow.play(deck, look)
    slideshow.print_deck(deck, display)
    return 0


def quiz(
    settings: Settings,
    *,
    topics: Sequence[str],
    count: int | None,
    seed: int | None,
    interactive: bool | None,
    handout: bool,
) -> int:
    """Ask the quiz on a terminal; otherwise print an answer sheet (text) or a handout (markdown)."""
    from dmtx import lookup, views
    from dmtx.classroom import quiz as quiz_logic
    from dmtx.classroom import quizplay
    from dmtx.output import write_stdout
    from dmtx.render import quizsheet

    knowledge = load_knowledge(settings)
    chosen = lookup.find_topics(knowledge, topics)
    display = settings.display(pager=False)
    if handout:
        if interactive:
            raise UsageProblem("--format markdown prints a handout; leave out --interactive.")
        items = quiz_logic.select_items(knowledge, count=count, seed=seed, topics=chosen)
        write_stdout(quizsheet.handout_markdown(knowledge, items), display)
        return 0
    on_terminal = sys.stdin.isatty() and sys.stdout.isatty()
    if not (on_terminal if interactive is None else interactive):
        items = quiz_logic.select_items(knowledge, count=count, seed=seed, topics=chosen)
        order = f"shuffled with --seed {seed}" if seed is not None else "as in the knowledge file"
        show(views.quiz_answer_sheet(knowledge, items, order=order), display)
        return 0
    import random

    used_seed = seed if seed is not None else random.randrange(1, 10_000)
    items = quiz_logic.select_items(knowledge, count=count, seed=used_seed, topics=chosen)
    hint = "" if seed is not None else f"To get the same questions in the same order again, add: --seed {used_seed}"
    return quizplay.play(
        knowledge,
        items,
        ask=input,
        out=quizplay.make_printer(display),
        echo=not sys.stdin.isatty(),
        seed_hint=hint,
    )


# --------------------------------------------------------------------------- errors


def report(exc: DmtxError) -> int:
    """Print a domain error as one stderr line (plus suggestions) and return its exit code."""
    error_line(str(exc))
    if isinstance(exc, NotFound) and exc.suggestions:
        error_line(f"Did you mean: {', '.join(exc.suggestions)}?")
    return int(exc.exit_code)


def guarded(call: Callable[[], object]) -> int:
    """Run a command; turn expected failures into one stderr line and an exit code."""
    try:
        result = call()
        return result if isinstance(result, int) else 0
    except DmtxError as exc:
        return report(exc)
    except KeyboardInterrupt:
        error_line("Stopped.")
        return 130
    except BrokenPipeError:
        silence_stdout()
        return 0
    except OSError as exc:
        error_line(f"Cannot write output: {exc.strerror or exc}.")
        return int(ExitCode.CANNOT_WRITE)


def silence_stdout() -> None:
    """Point stdout at /dev/null after the reader went away (`dmtx topics | head -1`).

    Python's final flush would otherwise complain about the broken pipe.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
