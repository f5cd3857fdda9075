"""Builds a "questions to ask your doctor" checklist from selections. Knows nothing of formats."""

from __future__ import annotations

import datetime as _dt
import re
from typing import NamedTuple

from dmtx import lookup
from dmtx.errors import UsageProblem
from dmtx.journal.chart import Series
from dmtx.model import Knowledge, Question, Source, audience
from dmtx.sanitize import clean_line

PATIENT_CHOICES = ("adult", "child")
MAX_SPACE_LINES = 10
MAX_BLANK_QUESTIONS = 20
DEFAULT_BLANK_QUESTIONS = 3
DEFAULT_SPACE_LINES = 2
OWN_QUESTIONS_TITLE = "My own questions"
MAX_OWN_QUESTIONS = 50
MAX_FIELD_CHARS = 200
MAX_OWN_QUESTION_CHARS = 500


class ChecklistQuestion(NamedTuple):
    """One question with a tick box: its id, text, and who it is for (None = everyone)."""

    id: str
    text: str
    patient: str | None = None
    importance: int = 2
    notes: tuple[str, ...] = ()
    """Editor's notes correcting a fact of the page that this question rests on."""


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

    def line(self) -> str:
        """One line: 'prednisone: 30 mg a day since 2026-04-03 (before: 40 mg a day; changed since your last visit)'."""
        extra = [f"before: {self.previous}"] if self.previous else []
        if self.changed:
            extra.append("changed since your last visit")
        if not self.covered:
            extra.append("this guide does not cover it")
        more = f" ({'; '.join(extra)})" if extra else ""
        return f"{self.name}: {self.dose} since {self.since}{more}"


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

    def question_count(self) -> int:
        """How many questions the checklist holds."""
        mine = len(self.journal.questions) if self.journal else 0
        return sum(len(s.questions) for s in self.sections) + mine

    def audience_of(self, question: ChecklistQuestion) -> str:
        """The group mark shown next to a question; none when the checklist keeps one group only."""
        return audience(question.patient) if self.patient is None else ""


class Selection(NamedTuple):
    """What the user asked for on the command line."""

    topics: tuple[str, ...] = ()
    drugs: tuple[str, ...] = ()
    patient: str | None = None
    own_questions: tuple[str, ...] = ()
    limit: int | None = None
    name: str | None = None
    visit_date: str | None = None
    doctor: str | None = None
    space_lines: int = DEFAULT_SPACE_LINES
    blank_questions: int = DEFAULT_BLANK_QUESTIONS


def selection_options(selection: Selection) -> tuple[str, ...]:
    """The command-line options that ask for this selection again (defaults left out)."""
    options: list[str] = []
    for flag, values in (("-t", selection.topics), ("-d", selection.drugs), ("-a", selection.own_questions)):
        for text in values:
            options += [flag, clean_line(text)]
    named: tuple[tuple[str, str | int | None], ...] = (
        ("--patient", selection.patient),
        ("--limit", selection.limit),
        ("--name", selection.name),
        ("--visit-date", selection.visit_date),
        ("--doctor", selection.doctor),
    )
    for flag, value in named:
        if value is not None:
            options += [flag, clean_line(str(value))]
    if selection.space_lines != DEFAULT_SPACE_LINES:
        options += ["--space", str(selection.space_lines)]
    if selection.blank_questions != DEFAULT_BLANK_QUESTIONS:
        options += ["--blank", str(selection.blank_questions)]
    return tuple(options)


HOW_TO = (
    "Tick the questions that matter most to you.",
    "Bring this list to your visit.",
    "Write the answers on the lines.",
)


def _keep(
    knowledge: Knowledge, questions: tuple[Question, ...], patient: str | None, limit: int | None
) -> tuple[ChecklistQuestion, ...]:
    chosen = [q for q in questions if patient is None or q.patient in (None, patient)]
    if limit is not None:
        # The N most important, shown in the file's order.
        ranked = sorted(range(len(chosen)), key=lambda i: chosen[i].importance)[:limit]
        chosen = [chosen[i] for i in sorted(ranked)]
    return tuple(
        ChecklistQuestion(
            q.id,
            clean_line(q.worded_for(patient)),
            q.patient,
            q.importance,
            tuple(clean_line(n.text) for n in knowledge.corrections_of(q.facts)),
        )
        for q in chosen
    )


def words_used(knowledge: Knowledge, texts: list[str]) -> tuple[tuple[str, str], ...]:
    """Each glossary word that the texts use (by its name or an alias), with its plain meaning."""
    found = []
    for term in knowledge.terms:
        names = [re.sub(r"\s*\(.*?\)", "", term.term), *re.findall(r"\((.*?)\)", term.term), *term.aliases]
        patterns = [re.compile(rf"(?<![\w-]){re.escape(n)}(?![\w-])", re.IGNORECASE) for n in names if n.strip()]
        if any(p.search(text) for p in patterns for text in texts):
            found.append((clean_line(term.term), clean_line(term.definition)))
    return tuple(found)


def check_visit_date(text: str) -> str:
    """A visit date must be a real ISO date (YYYY-MM-DD)."""
    import re

    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        raise UsageProblem(f"The visit date {text!r} is not a date written YYYY-MM-DD, e.g. 2026-12-01.")
    try:
        return _dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise UsageProblem(f"{text} is not a real date (check the month and the day).") from None


def _field(text: str | None, what: str) -> str | None:
    if text is None:
        return None
    value = clean_line(text).strip()
    if not value:
        raise UsageProblem(f"The {what} is empty; leave the option out or give a value.")
    if len(value) > MAX_FIELD_CHARS:
        raise UsageProblem(f"The {what} is too long ({len(value)} characters; the limit is {MAX_FIELD_CHARS}).")
    return value


def _own_questions(texts: tuple[str, ...]) -> tuple[ChecklistQuestion, ...]:
    if len(texts) > MAX_OWN_QUESTIONS:
        raise UsageProblem(f"At most {MAX_OWN_QUESTIONS} of your own questions fit on a checklist.")
    questions = []
    for number, text in enumerate(texts, 1):
        value = clean_line(text).strip()
        if not value:
            raise UsageProblem(f"Your question number {number} is empty.")
        if len(value) > MAX_OWN_QUESTION_CHARS:
            raise UsageProblem(f"Your question number {number} is too long (the limit is {MAX_OWN_QUESTION_CHARS}).")
        questions.append(ChecklistQuestion(f"mine-{number}", value))
    return tuple(questions)


def build_checklist(
    knowledge: Knowledge, selection: Selection, *, today: _dt.date | None = None, journal: JournalPart | None = None
) -> Checklist:
    """Select the questions the user asked for and collect the header and footer fields.

    `journal` is the "Since your last visit" part, already built from the user's journal.
    """
    if selection.patient not in (None, *PATIENT_CHOICES):
        raise UsageProblem(f"--patient must be adult or child, not {selection.patient!r}.")
    if not 0 <= selection.space_lines <= MAX_SPACE_LINES:
        raise UsageProblem(f"--space must be from 0 to {MAX_SPACE_LINES} lines.")
    if selection.limit is not None and selection.limit < 1:
        raise UsageProblem("--limit must be 1 or more.")
    if not 0 <= selection.blank_questions <= MAX_BLANK_QUESTIONS:
        raise UsageProblem(f"--blank must be from 0 to {MAX_BLANK_QUESTIONS} lines.")
    visit_date = check_visit_date(selection.visit_date) if selection.visit_date is not None else None
    wanted_beyond = [lookup.find_beyond(knowledge, t) for t in selection.topics if lookup.is_beyond_id(knowledge, t)]
    topic_names = [t for t in selection.topics if not lookup.is_beyond_id(knowledge, t)]
    wanted_points = [lookup.find_topic(knowledge, t) for t in topic_names]
    wanted_drugs = [lookup.find_drug(knowledge, d).drug for d in selection.drugs]
    wanted_numbers = {p.number for p in wanted_points}
    if wanted_points:
        points = [p for p in knowledge.topics if p.number in wanted_numbers]
    else:
        points = [] if wanted_beyond else list(knowledge.topics)
    sections: list[ChecklistSection] = []
    for point in points:
        questions = _keep(knowledge, point.questions, selection.patient, selection.limit)
        if questions:
            sections.append(
                ChecklistSection(
                    f"topic-{point.number}", "topic", clean_line(f"Point {point.number}: {point.title}"), questions
                )
            )
    for entry in dict.fromkeys(wanted_beyond):
        questions = _keep(knowledge, entry.questions, selection.patient, selection.limit)
        if questions:
            title = clean_line(f"Not on the 2014 page: {entry.title}")
            sections.append(ChecklistSection(f"beyond-{entry.id}", "beyond", title, questions))
    seen: set[str] = set()
    for drug in wanted_drugs:
        if drug.id in seen:
            continue
        seen.add(drug.id)
        questions = _keep(knowledge, drug.questions, selection.patient, selection.limit)
        if questions:
            sections.append(ChecklistSection(f"drug-{drug.id}", "drug", clean_line(f"About {drug.name}"), questions))
    own = _own_questions(selection.own_questions)
    if own or selection.blank_questions:
        sections.append(ChecklistSection("mine", "mine", OWN_QUESTIONS_TITLE, own))
    sections = _notes_once(sections)
    asked = [q.text for s in sections for q in s.questions if s.kind != "mine"]
    return Checklist(
        title="Questions to ask your doctor",
        name=_field(selection.name, "name"),
        visit_date=visit_date,
        doctor=_field(selection.doctor, "doctor's name"),
        made_on=(today or _dt.date.today()).isoformat(),
        patient=selection.patient,
        space_lines=selection.space_lines,
        sections=tuple(sections),
        disclaimer=clean_line(knowledge.meta.disclaimer),
        source=Source(
            *(
                clean_line(v)
                for v in (knowledge.meta.source.title, knowledge.meta.source.site, knowledge.meta.source.last_modified)
            )
        ),
        how_to=HOW_TO,
        words=words_used(knowledge, asked),
        journal=journal,
        blank_questions=selection.blank_questions,
        options=selection_options(selection),
    )


SEE_ABOVE = "See the editor's note above."


def _notes_once(sections: list[ChecklistSection]) -> list[ChecklistSection]:
    """Each editor's note in full the first time; later questions resting on it point back to it."""
    seen: set[str] = set()
    out = []
    for section in sections:
        questions = []
        for question in section.questions:
            notes = tuple(dict.fromkeys(n if n not in seen else SEE_ABOVE for n in question.notes))
            seen.update(question.notes)
            questions.append(question._replace(notes=notes))
        out.append(section._replace(questions=tuple(questions)))
    return out
