"""The typed records every module reads: the knowledge file as frozen NamedTuples.

The file calls its six treatment points `points`; the program and the command line call
them topics. NamedTuples, not dataclasses: they are much cheaper to define at start-up.
`dmtx.knowledge` reads, checks and builds these; nothing here does I/O.
"""

# No `from __future__ import annotations` here: with it, typing.NamedTuple turns every
# field's annotation into a ForwardRef and compiles it, which doubles this module's
# import time (every screen imports it).
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


class AboutSection(NamedTuple):
    """One part of `dmtx about`: who wrote and checked the guide, its evidence, money, updates, errors."""

    heading: str
    text: str


class Meta(NamedTuple):
    """The file's title, source, review date, disclaimer, about text, and the trust sections of `dmtx about`."""

    title: str
    source: Source
    reviewed: str
    disclaimer: str
    about: str
    page_aims: str = ""
    trust: tuple[AboutSection, ...] = ()


class Fact(NamedTuple):
    """One fact of the page, in our words, with its editor's id (F1.1…)."""

    id: str
    text: str


class Note(NamedTuple):
    """An editor's or safety note, with the numbers of the references it rests on.

    `corrects` names the page's facts (F1.1…) that the note corrects: wherever such a
    fact is shown, the note is shown beside it, and no quiz answer may rest on it.
    """

    text: str
    references: tuple[int, ...] = ()
    id: str | None = None
    corrects: tuple[str, ...] = ()


class Question(NamedTuple):
    """A question to ask the doctor; `patient` limits it to adults or children."""

    id: str
    text: str
    importance: int = 2
    patient: str | None = None
    parent_text: str | None = None
    facts: tuple[str, ...] = ()
    situations: tuple[str, ...] = ()

    def worded_for(self, patient: str | None) -> str:
        """The question as the reader asks it: a parent's wording on a checklist for a child."""
        return self.parent_text if patient == "child" and self.parent_text else self.text


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
    """One question of the three-question core every checklist can open with (a parent's wording too)."""

    id: str
    text: str
    parent_text: str | None = None

    def worded_for(self, patient: str | None) -> str:
        """The question as the reader asks it: a parent's wording on a checklist for a child."""
        return self.parent_text if patient == "child" and self.parent_text else self.text


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
    reviewed: str
    next_review: str


class OtherName(NamedTuple):
    """Another name of a drug: a brand, spelling, abbreviation or other name."""

    name: str
    kind: str
    country: str | None = None
    status: str | None = None
    note: str | None = None
    status_references: tuple[int, ...] = ()


class Related(NamedTuple):
    """A different drug that is easy to mix up with this one."""

    name: str
    note: str

    def not_ours(self, ours: str) -> str:
        """The sentence that keeps it apart from our drug: "Orapred is not prednisone: A brand of..."."""
        return f"{self.name} is not {ours}: {self.note}"


class ScheduleWarning(NamedTuple):
    """Words shown when a journal records this drug taken more often than once every `min_days` days."""

    min_days: int
    text: str
    references: tuple[int, ...] = ()


class Card(NamedTuple):
    """A small fill-in card on a drug's page (a week to tick, a plan for the team to write): a tool, never a dose."""

    title: str
    lines: tuple[str, ...]


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
    reviewed: str
    next_review: str
    on_page: bool = True
    facts: tuple[str, ...] = ()
    schedule_warning: ScheduleWarning | None = None
    summary: str | None = None
    """One line at the top of the drug's page: what matters most."""
    taken: str | None = None
    """How it is given (by mouth, into a vein, how often in general): never a dose."""
    card: Card | None = None


class Confusable(NamedTuple):
    """Another drug whose name looks or sounds like one in this guide: never offered as a match."""

    name: str
    drug: str
    looks_like: str
    references: tuple[int, ...] = ()
    unverified: bool = False


class Everyday(NamedTuple):
    """Everyday words a patient types for what the guide says in its own words: one reviewed vocabulary entry."""

    words: tuple[str, ...]
    """What people type: single words, each folded as a query is ("steroids", "iv")."""
    means: tuple[str, ...]
    """The guide's own words or phrases it stands for, each found in the place below."""
    place: str
    """Where it should lead, as "topic:3", "drug:prednisone", "term:intravenous" or "beyond:exercise"."""
    source: str
    """Where this everyday wording was seen (a patient forum, MedlinePlus "also called", a label)."""
    reviewed: bool
    """Checked by a person; search uses only reviewed entries."""


class Term(NamedTuple):
    """A medical word explained in plain language."""

    id: str
    term: str
    aliases: tuple[str, ...]
    definition: str
    reviewed: str
    next_review: str
    note: str | None = None
    see_also: tuple[str, ...] = ()
    on_page: bool = True
    references: tuple[int, ...] = ()
    note_references: tuple[int, ...] = ()
    note_corrects: tuple[str, ...] = ()


class Reference(NamedTuple):
    """A numbered source: the page's own (in_source) or one dmtx cites."""

    number: int
    citation: str
    in_source: bool
    note: str | None = None
    url: str | None = None
    date: str | None = None
    verified: bool = True


class QuizItem(NamedTuple):
    """A multiple-choice question about one topic (the file's `point`)."""

    id: str
    topic: int
    question: str
    choices: tuple[str, ...]
    answer: str
    explanation: str
    facts: tuple[str, ...] = ()
    teaches: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()


class Beyond(NamedTuple):
    """What a patient today should know that the 2014 page leaves out, dated and cited."""

    id: str
    title: str
    since: str
    summary: str
    references: tuple[int, ...]
    questions: tuple[Question, ...]
    reviewed: str
    next_review: str
    drugs: tuple[str, ...] = ()
    unverified: str | None = None


JOURNAL_CONDITIONS = (
    "taking-for-weeks",
    "taking-at-least",
    "score-rise",
    "dose-changed",
    "medicine-started",
    "stopped-after-weeks",
)


class JournalRule(NamedTuple):
    """When a person's journal shows `condition`, the checklist adds these questions (never advice).

    taking-for-weeks: one of `drugs` recorded for at least `weeks` weeks, still taken.
    taking-at-least: one of `drugs` taken now at `min_mg_a_day` mg a day or more (a weekly
    dose counts as a seventh a day), however recently it started.
    score-rise: one neutral question ("Could this be the DM or the prednisone?") for each way
    the muscles can be the disease or the drug: a daily score the flare signal watches rose by
    `rise_points` or more above its average over the `rise_days` days before; or, while one of
    `drugs` is taken or was lowered since the last visit, the `score` went up since then
    (whatever CK did), or CK went up after one of `drugs` was lowered (the summary's trend).
    dose-changed: a medicine's dose changed since the last visit; medicine-started: a
    medicine was started since then. stopped-after-weeks: one of `drugs` recorded at 0 since
    the last visit after at least `weeks` weeks of doses. Question texts may name what the condition found:
    {medicine}, {score}, {moved}, {cause}.
    """

    id: str
    condition: str
    questions: tuple[Question, ...]
    references: tuple[int, ...]
    drugs: tuple[str, ...] = ()
    weeks: int | None = None
    score: str | None = None
    rise_points: int | None = None
    rise_days: int | None = None
    min_mg_a_day: float | None = None


class Knowledge(NamedTuple):
    """The whole validated knowledge file."""

    schema_version: int
    meta: Meta
    topics: tuple[Topic, ...]
    drugs: tuple[Drug, ...]
    terms: tuple[Term, ...]
    references: tuple[Reference, ...]
    quiz: tuple[QuizItem, ...] = ()
    confusables: tuple[Confusable, ...] = ()
    beyond: tuple[Beyond, ...] = ()
    journal_rules: tuple[JournalRule, ...] = ()
    origin: str = ""
    situations: tuple[Situation, ...] = ()
    visit: Visit | None = None
    vocabulary: tuple[Everyday, ...] = ()

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
        """How many questions to ask the file holds (topics, drugs and beyond the page)."""
        sections: tuple[tuple[Question, ...], ...] = (
            *(p.questions for p in self.topics),
            *(d.questions for d in self.drugs),
            *(b.questions for b in self.beyond),
        )
        return sum(len(q) for q in sections)

    def all_notes(self) -> tuple[Note, ...]:
        """Every note on a topic or a drug, in file order."""
        return (*(n for p in self.topics for n in p.notes), *(n for d in self.drugs for n in d.notes))

    def corrected_facts(self) -> frozenset[str]:
        """The ids of the page's facts that some editor's note corrects."""
        return frozenset(f for n in self.all_notes() for f in n.corrects) | frozenset(
            f for t in self.terms for f in t.note_corrects
        )

    def corrections_of(
        self, fact_ids: tuple[str, ...] | list[str], notes: tuple[Note, ...] | None = None
    ) -> tuple[Note, ...]:
        """The notes correcting any of these facts, once each (from `notes`, or the whole file)."""
        pool = self.all_notes() if notes is None else notes
        found: dict[str, Note] = {}
        for note in pool:
            if set(note.corrects) & set(fact_ids):
                found.setdefault(note.text, note)
        return tuple(found.values())

    def beyond_entry(self, entry_id: str) -> Beyond:
        """The beyond-the-page entry with this id (it must exist)."""
        return next(b for b in self.beyond if b.id == entry_id)
