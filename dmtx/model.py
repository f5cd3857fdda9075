"""The typed records every module reads: the knowledge file as frozen NamedTuples.

The file calls its six treatment points `points`; the program and the command line call
them topics. NamedTuples, not dataclasses: they are much cheaper to define at start-up.
`dmtx.knowledge` reads, checks and builds these; nothing here does I/O.
"""

from __future__ import annotations

from typing import NamedTuple


class Source(NamedTuple):
    """The page everything is based on."""

    title: str
    site: str
    last_modified: str

    def attribution(self) -> str:
        """The line that credits the page everything is based on, with its date."""
        return f"Based on '{self.title}', {self.site}, last modified {self.last_modified}."


def audience(patient: str | None) -> str:
    """How a question meant for one group is marked: 'for adults', 'for children', or '' for everyone."""
    return {"adult": "for adults", "child": "for children"}.get(patient or "", "")


class Meta(NamedTuple):
    """The file's title, source, review date, disclaimer and about text."""

    title: str
    source: Source
    reviewed: str
    disclaimer: str
    about: str


class Fact(NamedTuple):
    """One fact of the page, in our words, with its editor's id (F1.1…)."""

    id: str
    text: str


class Note(NamedTuple):
    """An editor's or safety note, with the numbers of the references it rests on."""

    text: str
    references: tuple[int, ...] = ()


class Question(NamedTuple):
    """A question to ask the doctor; `patient` limits it to adults or children."""

    id: str
    text: str
    importance: int = 2
    patient: str | None = None
    situations: tuple[str, ...] = ()


class Situation(NamedTuple):
    """A reason for a visit (a new diagnosis, a flare…) that questions are tagged with.

    `patient` narrows the checklist to one group, as `--patient` does (a child's visit).
    """

    id: str
    title: str
    description: str
    patient: str | None = None


class TipBlock(NamedTuple):
    """A short list of tips for one part of the visit: before, during or after."""

    title: str
    items: tuple[str, ...]


class CoreQuestion(NamedTuple):
    """One question of the three-question core every checklist can open with."""

    id: str
    text: str


class Visit(NamedTuple):
    """Help with the visit itself: the core top 3, tips, the safety-netting line, the default situation."""

    top3: tuple[CoreQuestion, ...]
    tips: tuple[TipBlock, ...]
    safety_net: str
    default_situation: str | None = None


class Topic(NamedTuple):
    """One of the page's six treatment points (the file's `points`)."""

    number: int
    slug: str
    title: str
    summary: str
    facts: tuple[Fact, ...]
    drugs: tuple[str, ...]
    terms: tuple[str, ...]
    references: tuple[int, ...]
    notes: tuple[Note, ...]
    questions: tuple[Question, ...]


class OtherName(NamedTuple):
    """Another name of a drug: a brand, spelling, abbreviation or other name."""

    name: str
    kind: str
    country: str | None = None
    status: str | None = None
    note: str | None = None


class Related(NamedTuple):
    """A different drug that is easy to mix up with this one."""

    name: str
    note: str


class Drug(NamedTuple):
    """A drug, with every name a patient may type and what the page says of it."""

    id: str
    name: str
    drug_class: str
    other_names: tuple[OtherName, ...]
    related: tuple[Related, ...]
    source_says: str
    notes: tuple[Note, ...]
    questions: tuple[Question, ...]


class Term(NamedTuple):
    """A medical word explained in plain language."""

    id: str
    term: str
    aliases: tuple[str, ...]
    definition: str
    note: str | None = None
    see_also: tuple[str, ...] = ()


class Reference(NamedTuple):
    """A numbered source: the page's own (in_source) or one dmtx cites."""

    number: int
    citation: str
    in_source: bool
    note: str | None = None
    url: str | None = None


class QuizItem(NamedTuple):
    """A multiple-choice question about one topic (the file's `point`)."""

    id: str
    topic: int
    question: str
    choices: tuple[str, ...]
    answer: str
    explanation: str


class Knowledge(NamedTuple):
    """The whole validated knowledge file."""

    schema_version: int
    meta: Meta
    topics: tuple[Topic, ...]
    drugs: tuple[Drug, ...]
    terms: tuple[Term, ...]
    references: tuple[Reference, ...]
    quiz: tuple[QuizItem, ...] = ()
    origin: str = ""
    situations: tuple[Situation, ...] = ()
    visit: Visit | None = None

    def topic(self, number: int) -> Topic:
        """The topic with this number (it must exist)."""
        return next(p for p in self.topics if p.number == number)

    def drug(self, drug_id: str) -> Drug:
        """The drug with this id (it must exist)."""
        return next(d for d in self.drugs if d.id == drug_id)

    def term(self, term_id: str) -> Term:
        """The term with this id (it must exist)."""
        return next(t for t in self.terms if t.id == term_id)

    def reference(self, number: int) -> Reference:
        """The reference with this number (it must exist)."""
        return next(r for r in self.references if r.number == number)

    def topics_mentioning(self, drug_id: str) -> tuple[Topic, ...]:
        """The topics whose drug list names this drug."""
        return tuple(p for p in self.topics if drug_id in p.drugs)

    def situation(self, situation_id: str) -> Situation:
        """The situation with this id (it must exist)."""
        return next(s for s in self.situations if s.id == situation_id)

    def question_count(self) -> int:
        """How many questions to ask the file holds (topics and drugs)."""
        return sum(len(p.questions) for p in self.topics) + sum(len(d.questions) for d in self.drugs)
