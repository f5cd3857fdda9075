"""Renderers: one module per output format; none of them builds content.

`FORMATS` is the one registry of file formats, for every document dmtx writes: the checklist,
the quiz handout, the teacher's answer sheet, the slides and the journal export. A row names
the document, the format (the `--format` value), the file extensions that choose it for `-o`,
its renderer, and whether it is binary (never written to a terminal). The CLI's `--format`
choices, `choose_format` (the format from --format and the -o file name, and every refusal)
and the dispatch all read it; a new format is one module plus one row here. Renderer modules
are imported only when their format is used.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from dmtx.errors import UsageProblem

if TYPE_CHECKING:
    from dmtx.document import Document
    from dmtx.document.checklist import Checklist
    from dmtx.document.quiz import Handout
    from dmtx.document.slides import SlideDeck
    from dmtx.journal.entries import Entry


class RenderOptions(NamedTuple):
    """Layout choices a renderer may use: the text width, the paper size and large print.

    `large` asks the printable formats (html and pdf) for 14pt or more
    with 1.5 line spacing; formats without a page size ignore it.
    """

    width: int = 80
    paper: str = "auto"
    large: bool = False


Renderer = Callable[[Any, RenderOptions], "str | bytes"]
"""Draws a document (the record its row's document names) as text, or as bytes for a binary format."""


class Kind(NamedTuple):
    """One kind of document dmtx writes to files."""

    name: str
    """What the registry's rows call it: checklist, quiz, answers, slides or journal."""
    noun: str
    """The document in a sentence, e.g. "The quiz handout"."""
    default: str
    """The format of a file whose extension names none (dmtx says so when it writes one)."""
    stem: str
    """A file name without its extension, for examples: `-o checklist.pdf`."""


KINDS: tuple[Kind, ...] = (
    Kind("checklist", "The checklist", "text", "checklist"),
    Kind("quiz", "The quiz handout", "text", "quiz"),
    Kind("answers", "The answer sheet", "text", "answers"),
    Kind("slides", "The slides", "text", "slides"),
    Kind("journal", "The journal export", "csv", "journal"),
)


# --------------------------------------------------------------------------- renderers, by document


def _checklist_text(checklist: Checklist, options: RenderOptions) -> str:
    from dmtx.render.text import render_checklist_text

    return render_checklist_text(checklist, options.width)


def _checklist_markdown(checklist: Checklist, options: RenderOptions) -> str:
    from dmtx.render.markdown import render_checklist_markdown

    return render_checklist_markdown(checklist)


def _checklist_html(checklist: Checklist, options: RenderOptions) -> str:
    from dmtx.render.html import render_checklist_html

    return render_checklist_html(checklist, options.paper, large=options.large)


def _checklist_json(checklist: Checklist, options: RenderOptions) -> str:
    from dmtx.render.json import render_checklist_json

    return render_checklist_json(checklist)


def _checklist_pdf(checklist: Checklist, options: RenderOptions) -> bytes:
    from dmtx.render.pdf import render_checklist_pdf

    return render_checklist_pdf(checklist, options.paper, large=options.large)


def _handout_text(handout: Handout, options: RenderOptions) -> str:
    from dmtx.render.quizsheet import handout_text

    return handout_text(handout, options.width)


def _handout_markdown(handout: Handout, options: RenderOptions) -> str:
    from dmtx.render.quizsheet import handout_markdown

    return handout_markdown(handout)


def _handout_html(handout: Handout, options: RenderOptions) -> str:
    from dmtx.render.quizsheet import handout_html

    return handout_html(handout, large=options.large)


def _handout_pdf(handout: Handout, options: RenderOptions) -> bytes:
    from dmtx.render.pdf_classroom import render_handout_pdf

    return render_handout_pdf(handout, options.paper, large=options.large)


def _document_text(document: Document, options: RenderOptions) -> str:
    from dmtx.render.text import render_text

    return render_text(document, options.width)


def _document_markdown(document: Document, options: RenderOptions) -> str:
    from dmtx.render.markdown import render_document_markdown

    return render_document_markdown(document)


def _document_html(document: Document, options: RenderOptions) -> str:
    from dmtx.render.html import render_document_html

    return render_document_html(document, large=options.large)


def _document_pdf(document: Document, options: RenderOptions) -> bytes:
    from dmtx.render.pdf_classroom import render_document_pdf

    return render_document_pdf(document, options.paper, large=options.large)


def _slides_text(deck: SlideDeck, options: RenderOptions) -> str:
    from dmtx.render.slides_text import deck_text

    return deck_text(deck.slides, options.width)


def _slides_html(deck: SlideDeck, options: RenderOptions) -> str:
    from dmtx.document.slides import for_paper
    from dmtx.render.slides_html import render_deck_html

    deck = for_paper(deck)
    return render_deck_html(deck.slides, title=deck.title, disclaimer=deck.disclaimer, source=deck.source)


def _slides_pdf(deck: SlideDeck, options: RenderOptions) -> bytes:
    from dmtx.document.slides import for_paper
    from dmtx.render.pdf_classroom import render_slides_pdf

    return render_slides_pdf(for_paper(deck), options.paper)


def _journal_csv(entries: Sequence[Entry], options: RenderOptions) -> str:
    from dmtx.journal.exchange import export_text

    return export_text(list(entries), "csv")


def _journal_json(entries: Sequence[Entry], options: RenderOptions) -> str:
    from dmtx.journal.exchange import export_text

    return export_text(list(entries), "json")


# --------------------------------------------------------------------------- the registry


class Format(NamedTuple):
    """One output format of one kind of document."""

    document: str
    """The kind of document (a name in KINDS)."""
    name: str
    """The `--format` value."""
    extensions: tuple[str, ...]
    """The file extensions that choose it for `-o` (none: never chosen by a file name)."""
    render: Renderer
    binary: bool = False
    """True when the output is not text (never written to a terminal)."""


TXT, MD, HTML, PDF = (".txt",), (".md", ".markdown"), (".html", ".htm"), (".pdf",)

FORMATS: tuple[Format, ...] = (
    # The terminal format draws with Rich on a colour screen; elsewhere, and in a file, it is text.
    Format("checklist", "terminal", (), _checklist_text),
    Format("checklist", "text", TXT, _checklist_text),
    Format("checklist", "markdown", MD, _checklist_markdown),
    Format("checklist", "html", HTML, _checklist_html),
    Format("checklist", "json", (".json",), _checklist_json),
    Format("checklist", "pdf", PDF, _checklist_pdf, binary=True),
    Format("quiz", "text", TXT, _handout_text),
    Format("quiz", "markdown", MD, _handout_markdown),
    Format("quiz", "html", HTML, _handout_html),
    Format("quiz", "pdf", PDF, _handout_pdf, binary=True),
    Format("answers", "text", TXT, _document_text),
    Format("answers", "markdown", MD, _document_markdown),
    Format("answers", "html", HTML, _document_html),
    Format("answers", "pdf", PDF, _document_pdf, binary=True),
    Format("slides", "text", TXT, _slides_text),
    Format("slides", "html", HTML, _slides_html),
    Format("slides", "pdf", PDF, _slides_pdf, binary=True),
    Format("journal", "csv", (".csv",), _journal_csv),
    Format("journal", "json", (".json",), _journal_json),
)


def kind(document: str) -> Kind:
    """The kind of document with this name (one of KINDS)."""
    return next(k for k in KINDS if k.name == document)


def formats_of(*documents: str) -> tuple[Format, ...]:
    """The rows of these documents, in the registry's order."""
    return tuple(f for f in FORMATS if f.document in documents)


def format_names(*documents: str) -> tuple[str, ...]:
    """Every `--format` value of these documents (default: the checklist), each once, in the order help lists them."""
    return tuple(dict.fromkeys(f.name for f in formats_of(*(documents or ("checklist",)))))


def get_format(name: str, document: str = "checklist") -> Format:
    """The format with this name for this document; UsageProblem when the document has no such format."""
    found = next((f for f in FORMATS if f.document == document and f.name == name), None)
    if found is None:
        raise UsageProblem(
            f"{kind(document).noun} cannot be written as {name}; its formats are {', '.join(format_names(document))}."
        )
    return found


def known_format_for_path(path: str) -> str | None:
    """The format a file's extension names, for any document, or None when it names none."""
    from pathlib import PurePath

    suffix = PurePath(path).suffix.lower()
    return next((f.name for f in FORMATS if suffix in f.extensions), None)


def endings(document: str) -> str:
    """The first extension of each of the document's formats: ".txt .md .html .json .pdf"."""
    return " ".join(e for f in formats_of(document) for e in f.extensions[:1])


class Choice(NamedTuple):
    """The format a command writes, and whether it is only the default (the file's extension names none)."""

    format: Format
    guessed: bool = False


def choose_format(
    document: str,
    fmt: str | None,
    path: str | None,
    *,
    screen: str | None = None,
    terminal: bool = False,
    force_format: bool | None = None,
) -> Choice:
    """The format to write a document in, from --format (`fmt`) and the -o file name (`path`, None for the screen).

    To the screen: --format, else `screen` (else the document's default); a binary format is
    refused when the screen is a `terminal`. To a file: --format, else the format its extension
    names. Refused (UsageProblem, exit 2): a --format that contradicts the extension, unless
    `force_format` (None: the command has no --force-format); an extension the registry knows
    that this document cannot be written as. An unknown or missing extension gives the
    document's default format, `guessed`, for the command to say so. A format with no
    extensions (the checklist's terminal) is written to a file as the default.
    """
    about = kind(document)
    if path is None:
        chosen = get_format(fmt or screen or about.default, document)
        if chosen.binary and terminal:
            example = f"{about.stem}{chosen.extensions[0] if chosen.extensions else ''}"
            raise UsageProblem(f"A {chosen.name} file is not text to show on a screen; write it with -o {example}.")
        return Choice(chosen)
    named = known_format_for_path(path)
    if fmt is None:
        if named is None:
            _refuse_other_programs_file(path, formats_of(document))
            return Choice(get_format(about.default, document), guessed=True)
        if named not in format_names(document):
            raise UsageProblem(
                f"{about.noun} cannot be written as {named} ({path}); its formats are {_listed(formats_of(document))}."
            )
        return Choice(get_format(named, document))
    asked = get_format(fmt, document)
    written = asked if asked.extensions else get_format(about.default, document)
    if named and named != written.name and not force_format:
        force = ", or add --force-format to write it anyway" if force_format is not None else ""
        raise UsageProblem(f"--format {fmt} does not match the file name {path} ({named}); change one of them{force}.")
    return Choice(written)


# Files of other programs: text written under such a name would not open in them ("x.docx").
_OTHER_PROGRAMS = frozenset(
    [
        *(".doc", ".docx", ".odt", ".rtf", ".pages", ".xls", ".xlsx", ".ods", ".numbers", ".ppt", ".pptx", ".odp"),
        *(".key", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".epub", ".zip", ".gz", ".7z", ".exe"),
        *(".db", ".sqlite", ".sqlite3"),  # a database: a journal or its backup
    ]
)


def document_extension(path: str) -> str | None:
    """The extension of a file name when it names a document or another program's file (not a database
    backup's): '.pdf', '.csv', '.docx'; None otherwise. A journal backup refuses such names."""
    extension = os.path.splitext(path)[1].casefold()
    if known_format_for_path(path) is not None or (extension in _OTHER_PROGRAMS and extension not in _DATABASES):
        return extension
    return None


_DATABASES = frozenset([".db", ".sqlite", ".sqlite3"])


def _refuse_other_programs_file(path: str, formats: Sequence[Format]) -> None:
    """Refuse a file name whose extension belongs to another program (unless --format says what to write)."""
    extension = os.path.splitext(path)[1].casefold()
    if extension in _OTHER_PROGRAMS:
        raise UsageProblem(
            f"{path} names a {extension} file, which dmtx cannot write; it writes {_listed(formats)}. Give a"
            " name that ends in one of them, or choose one with --format."
        )


def _listed(formats: Sequence[Format]) -> str:
    names = [f"{f.name} ({' '.join(f.extensions)})" for f in formats if f.extensions]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def guessed_note(output: str, choice: Choice, details: str) -> str:
    """The line that says a file was written in the default format because its extension names none."""
    return (
        f"Wrote {output} as {choice.format.name} ({details}): its extension names no format "
        f"({endings(choice.format.document)}); --format chooses one."
    )


def render_as(document: str, fmt: str, record: object, options: RenderOptions | None = None) -> str | bytes:
    """The document (the record its rows draw) in one of its formats: text, or bytes for a binary format."""
    return get_format(fmt, document).render(record, options or RenderOptions())


def render_checklist_as(
    checklist: Checklist, fmt: str, *, width: int = 80, paper: str = "auto", large: bool = False
) -> str | bytes:
    """The checklist in one of the formats: text, or bytes for a binary format such as pdf."""
    return render_as("checklist", fmt, checklist, RenderOptions(width=width, paper=paper, large=large))
