"""A checklist as data: what a printed "questions to ask your doctor" list shows, already selected and safe.

Built by dmtx.checklist (and dmtx.journal.summary for its journal part); drawn by dmtx.render.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from dmtx.document.chart import Series
from dmtx.model import Situation, Source, TipBlock, audience

HOW_TO_LABEL = "In short"
"""The steps' short label where they share a line (html and pdf print)."""
HOW_TO_TITLE = f"{HOW_TO_LABEL}: how to use this list"
"""The heading of the steps, shown before the questions in every format: the list's summary (PEMAT item 11)."""


class ChecklistQuestion(NamedTuple):
    """One question with a tick box: its id, text, and who it is for (None = everyone)."""

    id: str
    text: str
    patient: str | None = None
    importance: int = 2
    notes: tuple[str, ...] = ()
    """Editor's notes correcting a fact of the page that this question rests on."""
    situations: tuple[str, ...] = ()


class ChecklistSection(NamedTuple):
    """A group of questions: one topic, one drug, one entry not on the 2014 page, or the user's own."""

    id: str
    kind: str
    title: str
    questions: tuple[ChecklistQuestion, ...]


class JournalMedicine(NamedTuple):
    """A medicine from the journal: its latest dose, since when, and what it was before."""

    name: str
    covered: bool
    dose: str
    since: str
    previous: str | None
    changed: bool
    warning: str | None = None
    """A safety warning about the recorded schedule (e.g. methotrexate more often than weekly)."""
    new: bool = False
    """Started since the last visit (not a change of an earlier dose)."""
    until: str | None = None
    """The last day of a one-off course that has ended ("daily for 5 days"): not taken now."""

    def line(self) -> str:
        """One line: 'prednisone: 30 mg a day since 2026-04-03 (before: 40 mg a day; changed since your last visit)'.

        A schedule warning follows on the same line, so every format shows it beside the dose.
        """
        extra = [f"before: {self.previous}"] if self.previous else []
        if self.new:
            extra.append("new since your last visit")
        elif self.changed:
            extra.append("changed since your last visit")
        if not self.covered:
            extra.append("not matched to a drug in this guide")
        more = f" ({'; '.join(extra)})" if extra else ""
        warning = f" WARNING: {self.warning}" if self.warning else ""
        when = f"from {self.since} to {self.until}, ended" if self.until else f"since {self.since}"
        return (
            f"{self.name}: {self.dose} {when}{more}.{warning}" if warning else f"{self.name}: {self.dose} {when}{more}"
        )


class JournalChart(NamedTuple):
    """Values since the last visit, drawn as a chart, with a sentence saying how they moved."""

    series: Series
    trend: str


class JournalPart(NamedTuple):
    """The checklist's "Since your last visit" part, built from the user's own journal."""

    title: str
    period: str
    medicines: tuple[JournalMedicine, ...]
    charts: tuple[JournalChart, ...]
    notes: tuple[tuple[str, str], ...]
    questions: tuple[ChecklistQuestion, ...]
    sources: tuple[str, ...]
    parent_questions: tuple[ChecklistQuestion, ...] = ()
    """The same questions in a parent's wording, filled in as the questions are (for a child's checklist)."""

    def short_sources(self) -> tuple[str, ...]:
        """The sources as short numbered lines for paper ("[3] WA Schmidt et al. Clin Rheumatol 2000.");
        the full references stay in `dmtx references`."""
        return tuple(short_citation(line) for line in self.sources)


SHORT_CITATION = 60
WHOLE_TITLE = 90  # a title up to this long is kept whole: a cut one ("Taking medicines - what ...") reads as a slip
_YEAR = re.compile(r"\b(19|20)\d\d\b")
_AUTHOR = re.compile(r"^[A-Z][A-Za-z'-]+ [A-Z]{1,3}$")


def short_citation(line: str) -> str:
    """A numbered citation made short for paper: "[18] Loh K et al. (2019)", "[62] US Food and Drug
    Administration (2024)"; without a year, cut before its volume and pages and to about 60 characters."""
    number, _, citation = line.partition("] ")
    if not citation:
        number, citation = "", line
    year = _YEAR.search(citation)
    authors = citation.split(". ", 1)[0]
    if year and len(authors) <= SHORT_CITATION:
        first, _, rest = authors.partition(",")
        more = _AUTHOR.match(rest.strip().split(",")[0]) is not None  # "Needham M": more authors follow
        short = f"{first}{' et al.' if more else ''} ({year.group(0)})"
    else:
        short = citation.split(";", 1)[0].rstrip(" .,")
        whole = ". ".join(short.split(". ")[:2])  # a source and its title ("MedlinePlus ... . Taking medicines ...")
        if len(whole) <= WHOLE_TITLE:
            short = whole
        elif len(short) > SHORT_CITATION:
            short = short[:SHORT_CITATION].rsplit(" ", 1)[0].rstrip(" .,") + " ..."
    return f"{number}] {short}" if number else short


class Checklist(NamedTuple):
    """Everything a printed checklist shows, already selected and made safe to display."""

    title: str
    name: str | None
    visit_date: str | None
    doctor: str | None
    made_on: str
    patient: str | None
    space_lines: int
    sections: tuple[ChecklistSection, ...]
    disclaimer: str
    source: Source
    how_to: tuple[str, ...] = ()
    words: tuple[tuple[str, str], ...] = ()
    """(word, plain meaning) for each medical word the chosen questions use."""
    journal: JournalPart | None = None
    blank_questions: int = 0
    """Empty tick lines at the end of the own-questions section, to write new questions on."""
    options: tuple[str, ...] = ()
    """The `dmtx checklist` options that select this checklist, to repeat in a print tip."""

    top3: tuple[ChecklistQuestion, ...] = ()
    situations: tuple[Situation, ...] = ()
    tips: tuple[TipBlock, ...] = ()
    safety_net: str = ""
    more: str = ""
    more_paper: str = ""
    """`more` for paper: what the list leaves out, without terminal commands."""

    def question_count(self) -> int:
        """How many questions the checklist holds, "My top 3" and the journal's included."""
        mine = len(self.journal.questions) if self.journal else 0
        return len(self.top3) + sum(len(s.questions) for s in self.sections) + mine

    def audience_of(self, question: ChecklistQuestion) -> str:
        """The group mark shown next to a question; none when the checklist keeps one group only."""
        return audience(question.patient) if self.patient is None else ""
