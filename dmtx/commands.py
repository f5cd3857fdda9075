"""What each command does, as plain functions: load, query, build, show.

Both the Typer layer (cli.py) and the start-up fast path (main.py) call these, so a
command behaves the same whichever way it was reached.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from dmtx.errors import DmtxError, ExitCode, UsageProblem, exit_for
from dmtx.output import error_line
from dmtx.render.screen import show
from dmtx.settings import Settings, load_knowledge
from dmtx.terminal import settle_stdout, silence_stdout

PAPER_FORMATS = ("html", "pdf")
LARGE_ON_SCREEN = "Large print (--large) applies to paper, html and pdf; this {format} is in the usual size."

if TYPE_CHECKING:
    from dmtx.checklist import Selection
    from dmtx.document import Document
    from dmtx.model import Knowledge
    from dmtx.output import Display
    from dmtx.render import Choice


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
    """One point in full, by number or name; other words lead to the topic that best matches them."""
    from dmtx import lookup, views
    from dmtx.errors import NotFound

    knowledge = load_knowledge(settings)
    try:
        point, note = lookup.find_topic(knowledge, topic_id), ""
    except NotFound as exc:
        # A number is never looked for in the text: 'topic 12' is no topic, not the point that mentions 12.
        numbers = (
            [] if exc.suggestions or lookup.topic_number(topic_id) is not None else _best_topics(settings, topic_id)
        )
        if not numbers:
            raise
        if len(numbers) > 1:
            raise _choose_a_topic(knowledge, topic_id, numbers) from None
        point = knowledge.topic(numbers[0])
        note = f"No topic is named '{topic_id.strip()}'. Showing the point that best matches it: {point.slug}."
    show(views.topic(knowledge, point, note=note), settings.display())


def _best_topics(settings: Settings, words: str) -> list[int]:
    from dmtx import search
    from dmtx.knowledge import resolve_data_path

    return search.topic_candidates(resolve_data_path(settings.data), words)


def _choose_a_topic(knowledge: Knowledge, words: str, numbers: list[int]) -> UsageProblem:
    """'steroids' fits several topics: name them all and how to open one, rather than open one silently."""
    from dmtx.sanitize import clean_line

    listed = "; ".join(f"{n} ({knowledge.topic(n).title})" for n in numbers)
    return UsageProblem(
        f"{clean_line(words.strip())!r} fits more than one topic: {listed}. Choose one, e.g.: dmtx topic {numbers[0]}"
    )


def drugs(settings: Settings) -> None:
    """All drugs."""
    from dmtx import views

    show_view(settings, views.drugs)


def drug(settings: Settings, name: str, *, names: bool = False) -> None:
    """One drug by any name; with `names`, its other names in full instead."""
    from dmtx import lookup, views

    view = views.drug_names if names else views.drug
    show_view(settings, lambda k: view(k, lookup.find_drug(k, name)))


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


def about(settings: Settings) -> None:
    """Who wrote and checked the guide, what it rests on, money, updates, and how to report an error."""
    from dmtx import views

    show_view(settings, views.about)


def beyond(settings: Settings, entry_id: str | None) -> None:
    """What the 2014 page leaves out: the list, or one entry in full."""
    from dmtx import lookup, views

    if entry_id is None:
        show_view(settings, views.beyond_list)
    else:
        show_view(settings, lambda k: views.beyond(k, lookup.find_beyond(k, entry_id)))


def search(settings: Settings, query: str, *, show_all: bool = False) -> None:
    """The places that hold every word of the query, best first (the top five unless show_all)."""
    from dmtx import search, searchview
    from dmtx.knowledge import resolve_data_path

    limit = None if show_all else search.DEFAULT_LIMIT
    results = search.search_file(resolve_data_path(settings.data), query, limit=limit)
    show(searchview.search_results(results, all_shown=show_all), settings.display())


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
    with_journal: bool = False,
    journal: str | None = None,
    force_format: bool = False,
    large: bool = False,
) -> None:
    """Build the checklist (with "Since your last visit" from the journal when asked) and print or write it."""
    from dmtx.checklist import build_checklist, print_options
    from dmtx.files import is_stdout_name, is_stream_name, write_file
    from dmtx.output import emit, is_tty
    from dmtx.render import choose_format, render_checklist_as

    if output == "":
        raise UsageProblem("The --output path is empty; give a file name, or '-' for the screen.")
    display = settings.display()
    to_file = output is not None and not is_stdout_name(output)
    choice = choose_format(
        "checklist",
        fmt,
        output if to_file else None,
        screen="terminal" if display.rich else "text",
        terminal=is_tty(sys.stdout),
        force_format=force_format,
    )
    chosen = choice.format.name
    if large and chosen not in PAPER_FORMATS:
        error_line(LARGE_ON_SCREEN.format(format=chosen))
    knowledge = load_knowledge(settings)
    part = None
    if with_journal or journal is not None:
        from dmtx.journal.summary import journal_part

        part = journal_part(knowledge, journal)
    made = build_checklist(knowledge, _known_drugs_only(knowledge, selection), journal=part)
    made = made._replace(options=made.options + print_options(with_journal, journal, large, paper))
    if chosen == "terminal" and display.rich and not to_file:
        from dmtx.render.rich_screen import render_checklist_rich
        from dmtx.render.screen import show_renderable

        show_renderable(render_checklist_rich(made), display)
        return
    rendered = render_checklist_as(made, chosen, width=display.width, paper=paper, large=large)
    if chosen == "pdf":
        from dmtx.render.pdf import MISSING, undrawable_characters

        missing = undrawable_characters(made)
        if missing:
            error_line(f"Some characters are not in dmtx's PDF fonts and show as {MISSING}: {missing}")
    # Files are UTF-8 whatever the terminal.
    data = rendered if isinstance(rendered, bytes) else rendered.encode("utf-8")
    if output is None or not to_file:
        if isinstance(rendered, bytes):
            write_file("-", data)
            return
        if display.ascii_only:
            from dmtx.sanitize import ascii_escaped

            rendered = ascii_escaped(rendered, chosen)  # JSON and HTML can say any character in ASCII
        emit(rendered, display)
        return
    private = with_journal or journal is not None  # the journal's data is the user's alone
    if not write_file(output, data, force=force, private=private) or is_stream_name(output):
        return  # /dev/stderr, a pipe, a device: the checklist itself is what appears there
    if choice.guessed:
        from dmtx.render import guessed_note

        error_line(guessed_note(output, choice, f"{made.question_count()} questions"))
        return
    error_line(f"Wrote {output} ({made.question_count()} questions, {chosen}).")


def _deliver(
    rendered: str | bytes,
    *,
    output: str | None,
    choice: Choice,
    display: Display,
    force: bool,
    wrote: str,
    details: str,
) -> None:
    """A printed document to stdout (`output` None or '-') or to a file, and the line that says what was written."""
    from dmtx.files import write_file
    from dmtx.output import write_stdout
    from dmtx.render import guessed_note

    if output is None or output == "-":
        if isinstance(rendered, bytes):
            write_file("-", rendered)
        else:
            write_stdout(rendered, display)
        return
    if write_file(output, rendered if isinstance(rendered, bytes) else rendered.encode("utf-8"), force=force):
        error_line(guessed_note(output, choice, details) if choice.guessed else wrote)


def _file_name(output: str | None) -> str | None:
    """The -o path that names a file (its extension chooses the format), or None for the screen and streams."""
    from dmtx.files import is_stream_name

    return output if output is not None and not is_stream_name(output) else None


def _known_drugs_only(knowledge: Knowledge, selection: Selection) -> Selection:
    """The selection without drug names this guide does not cover, nor related drugs; one warning on stderr for each."""
    from dmtx.questionpick import known_drugs

    kept, warnings = known_drugs(knowledge, selection.drugs)
    for line in warnings:
        error_line(line)
    return selection._replace(drugs=kept)


def validate(settings: Settings, path: str | None, today: str | None = None) -> int:
    """Check a knowledge file; print every problem (exit 3) or a one-line summary (exit 0).

    A part whose next review date is before `today` (YYYY-MM-DD; the clock's day when not given) is a problem.
    """
    from dmtx import clock
    from dmtx.knowledge import KnowledgeError, build, resolve_data_path, validated_document
    from dmtx.output import write_stdout
    from dmtx.sanitize import clean_line

    day = clock.checked_date(today, "--today") if today is not None else clock.today()
    chosen = resolve_data_path(path or settings.data)
    try:
        knowledge = build(validated_document(chosen, today=day), origin=str(chosen))
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


def present(
    settings: Settings,
    *,
    topics: Sequence[str],
    interactive: bool,
    fmt: str | None = None,
    output: str | None = None,
    force: bool = False,
) -> int:
    """Play the slideshow on a terminal, print every slide, or write them as one file (text, HTML or PDF)."""
    from dmtx import lookup
    from dmtx.classroom import slideshow
    from dmtx.classroom.slides import build_deck
    from dmtx.output import accessible, color_allowed, is_tty, write_stdout
    from dmtx.render import choose_format
    from dmtx.render.slides_text import deck_text

    printed = fmt is not None or output is not None
    choice = choose_format("slides", fmt, _file_name(output), terminal=is_tty(sys.stdout)) if printed else None
    knowledge = load_knowledge(settings)
    extra = [lookup.find_beyond(knowledge, t) for t in topics if lookup.is_beyond_id(knowledge, t)]
    named = [t for t in topics if not lookup.is_beyond_id(knowledge, t)]
    chosen = lookup.find_topics(knowledge, named) if named else ()
    deck = build_deck(knowledge, chosen, extra)
    display = settings.display(pager=False)
    if choice is not None:
        from dmtx.document.slides import SlideDeck
        from dmtx.render import RenderOptions, render_as

        meta = knowledge.meta
        slides = SlideDeck(deck, meta.title, meta.disclaimer, meta.source.attribution())
        rendered = render_as("slides", choice.format.name, slides, RenderOptions(width=display.width))
        wrote = f"Wrote {output} ({len(deck)} slides, {choice.format.name})."
        _deliver(
            rendered,
            output=output,
            choice=choice,
            display=display,
            force=force,
            wrote=wrote,
            details=f"{len(deck)} slides",
        )
        return 0
    if interactive and slideshow.can_play():
        linear = settings.plain or accessible()
        look = slideshow.Look(
            plain=not color_allowed(settings.no_color or settings.plain), ascii_only=display.ascii_only or linear
        )
        return slideshow.play(deck, look)
    write_stdout(deck_text(deck, display.width), display)
    return 0


def quiz(
    settings: Settings,
    *,
    topics: Sequence[str],
    count: int | None,
    seed: int | None,
    interactive: bool | None,
    fmt: str | None = None,
    answers: bool = False,
    output: str | None = None,
    force: bool = False,
    large: bool = False,
) -> int:
    """Ask the quiz on a terminal; otherwise print it: the answer sheet, or a handout in a format.

    `large` prints html and pdf at 14 pt or more (other formats say it applies to paper)."""
    from dmtx import lookup
    from dmtx.classroom import quiz as quiz_logic
    from dmtx.classroom import quizplay
    from dmtx.output import is_tty
    from dmtx.render import choose_format

    printed = fmt is not None or output is not None or answers
    document = "answers" if answers else "quiz"
    choice = choose_format(document, fmt, _file_name(output), terminal=is_tty(sys.stdout)) if printed else None
    if printed and interactive:
        raise UsageProblem("A printed quiz (--format, --answers or -o) is not asked; leave out --interactive.")
    knowledge = load_knowledge(settings)
    chosen = lookup.find_topics(knowledge, topics)
    display = settings.display(pager=False)
    on_terminal = is_tty(sys.stdin) and is_tty(sys.stdout)
    if printed or not (on_terminal if interactive is None else interactive):
        items = quiz_logic.select_items(knowledge, count=count, seed=seed, topics=chosen)
        order = f"shuffled with --seed {seed}" if seed is not None else "as in the knowledge file"
        from dmtx import views

        if choice is None:  # the default away from a terminal: the teacher's sheet, as before
            show(views.quiz_answer_sheet(knowledge, items, order=order), display)
            return 0
        from dmtx.document.quiz import handout
        from dmtx.render import RenderOptions, render_as

        record = views.quiz_answer_sheet(knowledge, items, order=order) if answers else handout(knowledge, items)
        if large and choice.format.name not in PAPER_FORMATS:
            error_line(LARGE_ON_SCREEN.format(format=choice.format.name))
        rendered = render_as(document, choice.format.name, record, RenderOptions(width=display.width, large=large))
        what = f"{'answer sheet' if answers else 'handout'}, {len(items)} questions"
        wrote = f"Wrote {output} ({a_format(choice.format.name)} {what})."
        _deliver(rendered, output=output, choice=choice, display=display, force=force, wrote=wrote, details=f"a {what}")
        return 0
    if sys.stdin is None:
        raise UsageProblem("--interactive needs answers from the keyboard, but standard input is closed.")
    import random

    used_seed = seed if seed is not None else random.randrange(1, 10_000)
    items = quiz_logic.select_items(knowledge, count=count, seed=used_seed, topics=chosen)
    hint = "" if seed is not None else f"To get the same questions in the same order again, add: --seed {used_seed}"
    return quizplay.play(
        knowledge,
        items,
        ask=input,
        out=quizplay.make_printer(display),
        echo=not is_tty(sys.stdin),
        seed_hint=hint,
    )


# --------------------------------------------------------------------------- shell completion


def completions(kind: str, incomplete: str) -> list[tuple[str, str]]:
    """Names that complete `incomplete` for a shell: kind is drug, term or topic; (value, help) pairs.

    Uses the knowledge file dmtx would use ($DMTX_DATA or the bundled one); nothing when it cannot be read.
    """
    from dmtx import lookup
    from dmtx.errors import DmtxError

    try:
        knowledge = load_knowledge(Settings())
    except (DmtxError, OSError):
        return []
    named = {"drug": lookup.drug_names, "term": lookup.term_names, "topic": lookup.topic_keys}[kind](knowledge)
    wanted = incomplete.casefold()
    found: dict[str, str] = {}
    for name, help_text in named:
        for variant in lookup.name_variants(name):
            variant = " ".join(variant.split())
            if variant and "(" not in variant and variant.casefold().startswith(wanted):
                # Shells keep only values that start with exactly what was typed: keep its case.
                found.setdefault(incomplete + variant[len(incomplete) :], help_text)
    return sorted(found.items(), key=lambda pair: pair[0].casefold())


# --------------------------------------------------------------------------- errors


def guarded(call: Callable[[], object]) -> int:
    """Run a command; turn expected failures into stderr lines and an exit code (dmtx.errors.exit_for)."""
    try:
        result = call()
        return result if isinstance(result, int) else 0
    except SystemExit as exc:
        if not _reader_went_away(exc):
            raise
        silence_stdout()
        return 0
    except (DmtxError, KeyboardInterrupt, OSError) as exc:
        code, lines = exit_for(exc)
        if isinstance(exc, OSError):
            settle_stdout(exc)
        for line in lines:
            error_line(line)
        return int(code)


def _reader_went_away(exc: SystemExit) -> bool:
    """True when Typer or Rich turned a broken pipe (`dmtx --help | true`) into exit code 1.

    Rich raises SystemExit(1) while handling the BrokenPipeError; Typer wraps stdout in a
    PacifyFlushWrapper and exits with 1. A reader that stopped reading is not an error.
    """
    if exc.code != 1:
        return False
    if isinstance(exc.__context__, BrokenPipeError):
        return True
    wrapped = getattr(sys.stdout, "wrapped", None)
    if type(sys.stdout).__name__ != "PacifyFlushWrapper" or wrapped is None:
        return False
    sys.stdout = wrapped
    sys.stderr = getattr(sys.stderr, "wrapped", sys.stderr)
    return True


def a_format(name: str) -> str:
    """A format's name with its article, as said aloud: "an HTML", "a PDF", "a text", "a markdown"."""
    shown = name.upper() if name in PAPER_FORMATS else name
    return f"{'an' if shown == 'HTML' or shown[0] in 'aeiou' else 'a'} {shown}"
