"""The search screen, as a format-free Document: the places found, best first, and what the words were read as."""

from __future__ import annotations

import re

from dmtx import review
from dmtx.document import Block, Document, Heading, Paragraph
from dmtx.search import SearchResults
from dmtx.views import MEDLINEPLUS, footer_lines


def search_results(results: SearchResults, *, all_shown: bool) -> Document:
    """The places that match, best first: place and title, then one line with the words marked."""
    shown = len(results.found)
    blocks: list[Block] = [Paragraph(line, "warning") for line in results.others]
    if results.read_as:
        read = dict(results.read_as)
        instead = " ".join(read.get(word, word) for word in results.asked)
        typed = ", ".join(f"{a} (read as {b})" for a, b in results.read_as)
        blocks.append(Paragraph(f"Showing results for: {instead}. You typed: {typed}.", "note"))
    blocks += _search_lead(results)
    for found in results.found:
        blocks.append(Heading(f"{found.place}: {found.title}"))
        # A note names itself ("Safety note: ..."): no "note: " before it.
        labelled = re.match(r"[\w']+ note: ", found.snippet) is not None
        prefix = f"{found.field}: " if found.field and not labelled else ""
        spans = tuple((a + len(prefix), b + len(prefix)) for a, b in found.spans)
        blocks.append(Paragraph(prefix + found.snippet, spans=spans))
        # Each note says itself that it is the editor's; it is never cut.
        blocks.extend(Paragraph(note) for note in found.notes)
    if shown < results.total and not all_shown:
        words = " ".join(results.words)
        blocks.append(
            Paragraph(f"Showing the best {shown} of {results.total}. See them all: dmtx search --all {words}", "muted")
        )
    status = review.ReviewStatus(results.reviewed, results.due, 2) if results.reviewed else None
    return Document(
        title="Search",
        blocks=tuple(blocks),
        footer=footer_lines(results.disclaimer, results.source, status, whole_guide=True),
    )


def _search_lead(results: SearchResults) -> list[Block]:
    """What the places shown are: all the words, or some of them and which; and what the guide does not cover."""
    places = f"{results.total} place{'s' if results.total != 1 else ''}"
    if not results.partial and results.complete < results.total:
        have = f"{results.complete} place{' has' if results.complete == 1 else 's have'}"
        more = results.total - results.complete
        said = f"{have} all your words, best first; {more} more {'has' if more == 1 else 'have'} some of them."
        return [Paragraph(said, "muted")]
    if not results.partial:
        # A word read as another is not what the places hold: name the words they do hold.
        asked = " ".join(results.words) if results.read_as else results.query
        lead = f"{places} match '{asked}', best first." if results.total > 1 else f"1 place matches '{asked}'."
        return [Paragraph(lead, "muted")]
    said = "No place has all your words. These have some of them, best first."
    if results.missing:
        said += f" Found: {', '.join(results.words)}. Not found: {', '.join(results.missing)}."
    blocks: list[Block] = [Paragraph(said, "muted")]
    if results.missing:
        which = ", ".join(f"'{w}'" for w in results.missing)
        blocks.append(
            Paragraph(
                f"This guide does not cover {which}: no place in it has {'that word' if len(results.missing) == 1 else 'those words'}. "
                f"If that is what you want to know, ask your doctor or pharmacist, or look it up in MedlinePlus: {MEDLINEPLUS}",
                "note",
            )
        )
    return blocks
