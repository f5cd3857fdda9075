"""Builds a "questions to ask your doctor" checklist from selections. Knows nothing of formats."""

from __future__ import annotations

import datetime as _dt
from typing import NamedTuple

from dmtx import lookup
from dmtx.errors import UsageProblem
from dmtx.model import Knowledge, Question, Situation, Source, TipBlock, audience
from dmtx.sanitize import clean_line

PATIENT_CHOICES = ("adult", "child")
MAX_SPACE_LINES = 10
MAX_OWN_QUESTIONS = 50
MAX_FIELD_CHARS = 200
MAX_OWN_QUESTION_CHARS = 500


class ChecklistQuestion(NamedTuple):
    """One question with a tick box: its id, text, and who it is for (None = everyone)."""

    id: str
    text: str
    patient: str | None = None
    importance: int = 2
    situations: tuple[str, ...] = ()


class ChecklistSection(NamedTuple):
    """A group of questions: one topic, one drug, or the user's own."""

    id: str
    kind: str
    title: str
    questions: tuple[ChecklistQuestion, ...]


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
    top3: tuple[ChecklistQuestion, ...] = ()
    situations: tuple[Situation, ...] = ()
    tips: tuple[TipBlock, ...] = ()
    safety_net: str = ""
    more: str = ""

    def question_count(self) -> int:
        """How many questions the checklist holds, "My top 3" included."""
        return len(self.top3) + sum(len(s.questions) for s in self.sections)

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
    space_lines: int = 2
    situations: tuple[str, ...] = ()
    top: tuple[str, ...] = ()
    everything: bool = False


MORE = (
    "This is a short list. For every question, run: dmtx checklist --all. "
    "For other kinds of visit, run: dmtx checklist --situations."
)


class _Filter(NamedTuple):
    patient: str | None
    limit: int | None
    situations: frozenset[str] = frozenset()
    skip: frozenset[str] = frozenset()


def _keep(questions: tuple[Question, ...], rules: _Filter) -> tuple[ChecklistQuestion, ...]:
    chosen = [
        q
        for q in questions
        if (rules.patient is None or q.patient in (None, rules.patient))
        and (not rules.situations or rules.situations.intersection(q.situations))
        and q.id not in rules.skip
    ]
    if rules.limit is not None:
        # The N most important, shown in the file's order.
        ranked = sorted(range(len(chosen)), key=lambda i: chosen[i].importance)[: rules.limit]
        chosen = [chosen[i] for i in sorted(ranked)]
    return tuple(_checklist_question(q) for q in chosen)


def _checklist_question(q: Question) -> ChecklistQuestion:
    return ChecklistQuestion(q.id, clean_line(q.text), q.patient, q.importance, q.situations)


def _chosen_situations(knowledge: Knowledge, selection: Selection) -> tuple[Situation, ...]:
    """The situations asked for; with no choice of questions at all, the file's default visit."""
    if selection.everything and selection.situations:
        raise UsageProblem("--all gives every question; leave out --situation, or leave out --all.")
    if selection.situations:
        return tuple(dict.fromkeys(lookup.find_situation(knowledge, s) for s in selection.situations))
    if selection.everything or selection.topics or selection.limit is not None:
        return ()
    default = knowledge.visit.default_situation if knowledge.visit else None
    return (knowledge.situation(default),) if default else ()


def _situation_patient(situations: tuple[Situation, ...], patient: str | None) -> str | None:
    """--patient wins; else the one group the situations name (a child's visit keeps children's questions)."""
    if patient is not None:
        return patient
    named = {s.patient for s in situations if s.patient}
    return named.pop() if len(named) == 1 else None


def _top3(
    knowledge: Knowledge, selection: Selection, own: tuple[ChecklistQuestion, ...]
) -> tuple[ChecklistQuestion, ...]:
    """The first three questions the user picked (--top, then --add), filled up from the file's core three."""
    picked = [_checklist_question(lookup.find_question(knowledge, wanted)) for wanted in selection.top]
    picked = list({q.id: q for q in picked}.values()) + list(own)
    core = knowledge.visit.top3 if knowledge.visit else ()
    filler = [ChecklistQuestion(q.id, clean_line(q.text), None, 1) for q in core]
    return tuple((picked + filler)[:3]) if picked else tuple(filler)


def check_visit_date(text: str) -> str:
    """A visit date must be a real ISO date (YYYY-MM-DD)."""
    try:
        if len(text) != 10:
            raise ValueError
        return _dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise UsageProblem(f"The visit date {text!r} is not a date written YYYY-MM-DD, e.g. 2026-12-01.") from None


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


def build_checklist(knowledge: Knowledge, selection: Selection, *, today: _dt.date | None = None) -> Checklist:
    """Select the questions the user asked for and collect the header and footer fields."""
    if selection.patient not in (None, *PATIENT_CHOICES):
        raise UsageProblem(f"--patient must be adult or child, not {selection.patient!r}.")
    if not 0 <= selection.space_lines <= MAX_SPACE_LINES:
        raise UsageProblem(f"--space must be from 0 to {MAX_SPACE_LINES} lines.")
    if selection.limit is not None and selection.limit < 1:
        raise UsageProblem("--limit must be 1 or more.")
    visit_date = check_visit_date(selection.visit_date) if selection.visit_date is not None else None
    situations = _chosen_situations(knowledge, selection)
    own = _own_questions(selection.own_questions)
    top3 = _top3(knowledge, selection, own)
    in_top = frozenset(q.id for q in top3)
    rules = _Filter(
        patient=_situation_patient(situations, selection.patient),
        limit=selection.limit,
        situations=frozenset(s.id for s in situations),
        skip=in_top,
    )
    sections = _topic_sections(knowledge, selection, rules)
    sections += _drug_sections(knowledge, selection, rules._replace(situations=frozenset()))
    own = tuple(q for q in own if q.id not in in_top)
    if own:
        sections.append(ChecklistSection("mine", "mine", "My questions", own))
    visit = knowledge.visit
    return Checklist(
        title="Questions to ask your doctor",
        name=_field(selection.name, "name"),
        visit_date=visit_date,
        doctor=_field(selection.doctor, "doctor's name"),
        made_on=(today or _dt.date.today()).isoformat(),
        patient=rules.patient,
        space_lines=selection.space_lines,
        sections=tuple(sections),
        disclaimer=clean_line(knowledge.meta.disclaimer),
        source=Source(
            *(
                clean_line(v)
                for v in (knowledge.meta.source.title, knowledge.meta.source.site, knowledge.meta.source.last_modified)
            )
        ),
        top3=top3,
        situations=tuple(
            s._replace(title=clean_line(s.title), description=clean_line(s.description)) for s in situations
        ),
        tips=tuple(TipBlock(clean_line(t.title), tuple(clean_line(i) for i in t.items)) for t in visit.tips)
        if visit
        else (),
        safety_net=clean_line(visit.safety_net) if visit else "",
        more=MORE if situations or selection.limit is not None else "",
    )


def _topic_sections(knowledge: Knowledge, selection: Selection, rules: _Filter) -> list[ChecklistSection]:
    wanted_numbers = {lookup.find_topic(knowledge, t).number for t in selection.topics}
    sections = []
    for point in knowledge.topics:
        if wanted_numbers and point.number not in wanted_numbers:
            continue
        questions = _keep(point.questions, rules)
        if questions:
            title = clean_line(f"Point {point.number}: {point.title}")
            sections.append(ChecklistSection(f"topic-{point.number}", "topic", title, questions))
    return sections


def _drug_sections(knowledge: Knowledge, selection: Selection, rules: _Filter) -> list[ChecklistSection]:
    """A named drug keeps all its questions, whatever the situation: the user asked for that drug."""
    sections = []
    seen: set[str] = set()
    for name in selection.drugs:
        drug = lookup.find_drug(knowledge, name).drug
        if drug.id in seen:
            continue
        seen.add(drug.id)
        questions = _keep(drug.questions, rules)
        if questions:
            sections.append(ChecklistSection(f"drug-{drug.id}", "drug", clean_line(f"About {drug.name}"), questions))
    return sections
