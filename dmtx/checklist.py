"""Builds a "questions to ask your doctor" checklist from selections. Knows nothing of formats."""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING, NamedTuple

from dmtx import lookup
from dmtx.document.checklist import (
    Checklist,
    ChecklistQuestion,
    ChecklistSection,
    JournalPart,
)
from dmtx.errors import UsageProblem
from dmtx.lookup import words_used
from dmtx.model import Knowledge, Question, Situation, Source, TipBlock
from dmtx.questionpick import find_question
from dmtx.sanitize import clean_line
from dmtx.views import first_sentence

if TYPE_CHECKING:
    import datetime

PATIENT_CHOICES = ("adult", "child")
MAX_SPACE_LINES = 10
MAX_BLANK_QUESTIONS = 20
DEFAULT_BLANK_QUESTIONS = 3
DEFAULT_SPACE_LINES = 2
OWN_QUESTIONS_TITLE = "My own questions"
MAX_OWN_QUESTIONS = 50
MAX_FIELD_CHARS = 200
MAX_OWN_QUESTION_CHARS = 500
DEFAULT_MAX_QUESTIONS = 11
"""The list made without options holds at most this many questions, "My top 3" included: "about 12", and
few enough that it prints on two Letter pages with the editor's notes its questions carry."""


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
    situations: tuple[str, ...] = ()
    top: tuple[str, ...] = ()
    everything: bool = False


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
    for situation in selection.situations:
        options += ["--situation", clean_line(situation)]
    for question_id in selection.top:
        options += ["--top", clean_line(question_id)]
    if selection.everything:
        options.append("--all")
    return tuple(options)


def print_options(with_journal: bool, journal: str | None, large: bool, paper: str) -> tuple[str, ...]:
    """The options beyond the selection that "Print it with" must repeat: the journal, large print, the paper."""
    options: tuple[str, ...] = ("--journal-file", clean_line(journal)) if journal else ()
    options += ("--journal",) if with_journal and not journal else ()
    options += ("--large",) if large else ()
    return options + (("--paper", paper) if paper != "auto" else ())


HOW_TO = (
    "Tick what matters most.",
    "Bring this list to your visit.",
    "Write the answers down.",
)


MORE = (
    "This is a short list. For every question, run: dmtx checklist --all. "
    "For other kinds of visit, run: dmtx checklist --situations."
)
MORE_PAPER = "This is a short list. dmtx can also print every question, and lists for other kinds of visit."
ALL_LEFT_OUT_PAPER = "This list has every question in dmtx except those for {other} only."
ALL_LEFT_OUT = "This list has every question in dmtx except those for {other} only (you chose --patient {patient})."
ALL_JOURNAL = "Questions from your own journal are added with --journal."


class _Filter(NamedTuple):
    patient: str | None
    limit: int | None
    situations: frozenset[str] = frozenset()
    skip: frozenset[str] = frozenset()
    other_drugs: frozenset[str] = frozenset()
    """The ids of questions that name only drugs the user did not choose."""


def _keep(knowledge: Knowledge, questions: tuple[Question, ...], rules: _Filter) -> tuple[ChecklistQuestion, ...]:
    chosen = [
        q
        for q in questions
        if (rules.patient is None or q.patient in (None, rules.patient))
        and (not rules.situations or rules.situations.intersection(q.situations))
        and q.id not in rules.skip
        and q.id not in rules.other_drugs
    ]
    if rules.limit is not None:
        # The N most important, shown in the file's order.
        ranked = sorted(range(len(chosen)), key=lambda i: chosen[i].importance)[: rules.limit]
        chosen = [chosen[i] for i in sorted(ranked)]
    return tuple(_checklist_question(knowledge, q, rules.patient) for q in chosen)


def _checklist_question(knowledge: Knowledge, q: Question, patient: str | None) -> ChecklistQuestion:
    """A question as the checklist shows it: in a parent's words for a child, with the notes correcting its facts."""
    return ChecklistQuestion(
        id=q.id,
        text=clean_line(q.worded_for(patient)),
        patient=q.patient,
        importance=q.importance,
        notes=tuple(clean_line(n.text) for n in knowledge.corrections_of(q.facts)),
        situations=q.situations,
    )


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
    knowledge: Knowledge, selection: Selection, own: tuple[ChecklistQuestion, ...], patient: str | None
) -> tuple[ChecklistQuestion, ...]:
    """The first three questions the user picked (--top, then --add), filled up from the file's core three."""
    picked = [_named_drug(knowledge, find_question(knowledge, wanted), patient) for wanted in selection.top]
    picked = list({q.id: q for q in picked}.values()) + list(own)
    core = knowledge.visit.top3 if knowledge.visit else ()
    filler = [ChecklistQuestion(id=q.id, text=clean_line(q.worded_for(patient)), importance=1) for q in core]
    return tuple((picked + filler)[:3]) if picked else tuple(filler)


def _named_drug(knowledge: Knowledge, q: Question, patient: str | None) -> ChecklistQuestion:
    """A drug's question moved into My top 3, led by its drug's name when it does not say it already.

    Under its drug's heading the question needs no name; at the top it stands alone.
    """
    question = _checklist_question(knowledge, q, patient)
    drug = next((d for d in knowledge.drugs if q in d.questions), None)
    if drug is None or drug.id in drugs_named(knowledge, question.text):
        return question
    return question._replace(text=clean_line(f"About {drug.name}: {question.text}"))


def drugs_named(knowledge: Knowledge, text: str) -> frozenset[str]:
    """The ids of the guide's drugs that a text names, by any of their names ("IVIG", "prednisone")."""
    words = " " + " ".join(re.findall(r"\w+%?", lookup.normalize(text))) + " "
    index = lookup.drug_index(knowledge)
    return frozenset(m.drug.id for key, m in index.items() if m.related is None and f" {key} " in words)


def _other_drugs_questions(knowledge: Knowledge, selection: Selection) -> frozenset[str]:
    """With drugs chosen (-d), the questions that name only other drugs: a kind of visit never adds them."""
    if not selection.drugs:
        return frozenset()
    chosen = {lookup.find_drug(knowledge, name).drug.id for name in selection.drugs}
    questions = [q for p in knowledge.topics for q in p.questions] + [q for b in knowledge.beyond for q in b.questions]
    named = {q.id: drugs_named(knowledge, q.text) for q in questions}
    return frozenset(qid for qid, drugs in named.items() if drugs and not drugs & chosen)


def check_visit_date(text: str) -> str:
    """A visit date must be a real ISO date (YYYY-MM-DD)."""
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        raise UsageProblem(f"The visit date {text!r} is not a date written YYYY-MM-DD, e.g. 2026-12-01.")
    import datetime  # here: a checklist without a visit date need not import it

    try:
        return datetime.date.fromisoformat(text).isoformat()
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
    knowledge: Knowledge,
    selection: Selection,
    *,
    today: datetime.date | None = None,
    journal: JournalPart | None = None,
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
    situations = _chosen_situations(knowledge, selection)
    patient = _situation_patient(situations, selection.patient)
    own = _own_questions(selection.own_questions)
    top3 = _top3(knowledge, selection, own, patient)
    in_top = frozenset(q.id for q in top3)
    rules = _Filter(patient=patient, limit=selection.limit, situations=frozenset(s.id for s in situations), skip=in_top)
    if situations and not selection.topics:  # a kind of visit picks the questions: never another drug's
        rules = rules._replace(other_drugs=_other_drugs_questions(knowledge, selection))
    sections = _topic_sections(knowledge, selection, rules)
    if situations and not selection.topics:  # a kind of visit: the beyond questions it needs (antibodies, lungs, sun)
        sections += _beyond_for_situations(knowledge, selection, rules)
    if situations and not selection.situations:  # the file's default visit: a short list, whatever the tags
        sections = _most_important(sections, DEFAULT_MAX_QUESTIONS - len(top3))
    sections += _drug_sections(knowledge, selection, rules._replace(situations=frozenset(), other_drugs=frozenset()))
    if selection.everything:
        sections += _everything_else(knowledge, selection, rules)
    sections = [s for n, s in enumerate(sections) if s.id not in {t.id for t in sections[:n]}]  # each once
    if not selection.everything:  # --all keeps every question by its id (json readers count on it)
        sections = _questions_once(sections, top3)
    journal = _journal_worded_for(knowledge, journal, patient)
    own = tuple(q for q in own if q.id not in in_top)
    if own or selection.blank_questions:
        sections.append(ChecklistSection("mine", "mine", OWN_QUESTIONS_TITLE, own))
    sections = _notes_once(sections)
    asked = [q.text for q in top3] + [q.text for s in sections for q in s.questions if s.kind != "mine"]
    asked += [note for s in sections for q in s.questions for note in q.notes]  # words in notes are explained too
    visit = knowledge.visit
    return Checklist(
        title="Questions to ask your doctor",
        name=_field(selection.name, "name"),
        visit_date=visit_date,
        doctor=_field(selection.doctor, "doctor's name"),
        made_on=today.isoformat() if today else time.strftime("%Y-%m-%d"),
        patient=patient,
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
        # Each meaning's first sentence: the list is a reminder on one sheet (`dmtx term` has the rest).
        words=tuple((word, first_sentence(meaning)) for word, meaning in words_used(knowledge, asked)),
        journal=journal,
        blank_questions=selection.blank_questions,
        options=selection_options(selection),
        top3=top3,
        situations=tuple(
            s._replace(title=clean_line(s.title), description=clean_line(s.description)) for s in situations
        ),
        tips=tuple(TipBlock(clean_line(t.title), tuple(clean_line(i) for i in t.items)) for t in visit.tips)
        if visit
        else (),
        safety_net=clean_line(visit.safety_net) if visit else "",
        more=_more(selection, situations, patient),
        more_paper=_more_paper(selection, situations, patient),
    )


def _more_paper(selection: Selection, situations: tuple[Situation, ...], patient: str | None) -> str:
    """`_more` for paper, which has no terminal: what the list leaves out, with no command to type."""
    if selection.everything:
        other = "adults" if patient == "child" else "children"
        return ALL_LEFT_OUT_PAPER.format(other=other) if patient else ""
    return MORE_PAPER if situations or selection.limit is not None else ""


def _more(selection: Selection, situations: tuple[Situation, ...], patient: str | None) -> str:
    """What the list leaves out and how to see it: a short list, or --all for one group."""
    if selection.everything:
        if patient is None:
            return ALL_JOURNAL
        other = "adults" if patient == "child" else "children"
        return ALL_LEFT_OUT.format(other=other, patient=patient) + " " + ALL_JOURNAL
    return MORE if situations or selection.limit is not None else ""


def _topic_sections(knowledge: Knowledge, selection: Selection, rules: _Filter) -> list[ChecklistSection]:
    """The chosen topics' sections (all topics when none is named), then any beyond-the-page entries named."""
    beyond = [lookup.find_beyond(knowledge, t) for t in selection.topics if lookup.is_beyond_id(knowledge, t)]
    named = [t for t in selection.topics if not lookup.is_beyond_id(knowledge, t)]
    wanted_numbers = {lookup.find_topic(knowledge, t).number for t in named}
    sections = []
    if named or not beyond:
        for point in knowledge.topics:
            if wanted_numbers and point.number not in wanted_numbers:
                continue
            questions = _keep(knowledge, point.questions, rules)
            if questions:
                title = clean_line(f"Point {point.number}: {point.title}")
                sections.append(ChecklistSection(f"topic-{point.number}", "topic", title, questions))
    for entry in dict.fromkeys(beyond):
        questions = _keep(knowledge, entry.questions, rules)
        if questions:
            title = clean_line(f"Not on the 2014 page: {entry.title}")
            sections.append(ChecklistSection(f"beyond-{entry.id}", "beyond", title, questions))
    return sections


def _journal_worded_for(knowledge: Knowledge, journal: JournalPart | None, patient: str | None) -> JournalPart | None:
    """The journal's questions as the reader asks them: a parent's wording on a checklist for a child."""
    if journal is None or patient != "child":
        return journal
    if journal.parent_questions:
        return journal._replace(questions=journal.parent_questions)
    wording = {q.id: q for rule in knowledge.journal_rules for q in rule.questions}
    questions = tuple(
        q._replace(text=clean_line(wording[q.id].worded_for(patient))) if q.id in wording else q
        for q in journal.questions
    )
    return journal._replace(questions=questions)


def _beyond_for_situations(knowledge: Knowledge, selection: Selection, rules: _Filter) -> list[ChecklistSection]:
    """The questions beyond the page that fit the kinds of visit chosen.

    An entry about particular drugs counts only when one of them was named (-d): a kind of
    visit never adds another drug's questions.
    """
    named = {lookup.find_drug(knowledge, name).drug.id for name in selection.drugs}
    sections = []
    for entry in knowledge.beyond:  # called only when no -t was given, so no entry was asked for by name
        if entry.drugs and not named.intersection(entry.drugs):
            continue
        questions = _keep(knowledge, entry.questions, rules)
        if questions:
            title = clean_line(f"Not on the 2014 page: {entry.title}")
            sections.append(ChecklistSection(f"beyond-{entry.id}", "beyond", title, questions))
    return sections


def _everything_else(knowledge: Knowledge, selection: Selection, rules: _Filter) -> list[ChecklistSection]:
    """With --all: every entry beyond the page, then every drug not already named."""
    sections = [
        ChecklistSection(
            f"beyond-{entry.id}",
            "beyond",
            clean_line(f"Not on the 2014 page: {entry.title}"),
            _keep(knowledge, entry.questions, rules),
        )
        for entry in knowledge.beyond
    ]
    named = {lookup.find_drug(knowledge, name).drug.id for name in selection.drugs}
    for drug in knowledge.drugs:
        if drug.id not in named:
            title = clean_line(f"About {drug.name}")
            sections.append(ChecklistSection(f"drug-{drug.id}", "drug", title, _keep(knowledge, drug.questions, rules)))
    return [section for section in sections if section.questions]


def _most_important(sections: list[ChecklistSection], room: int) -> list[ChecklistSection]:
    """The `room` most important questions of all the sections, each left in its place; empty sections go."""
    ranked = sorted(
        ((q.importance, n, m) for n, s in enumerate(sections) for m, q in enumerate(s.questions)), key=lambda k: k[0]
    )
    kept = {(n, m) for _, n, m in ranked[: max(room, 0)]}
    out = []
    for n, section in enumerate(sections):
        questions = tuple(q for m, q in enumerate(section.questions) if (n, m) in kept)
        if questions:
            out.append(section._replace(questions=questions))
    return out


def _drug_sections(knowledge: Knowledge, selection: Selection, rules: _Filter) -> list[ChecklistSection]:
    """A named drug keeps all its questions, whatever the situation: the user asked for that drug."""
    sections = []
    seen: set[str] = set()
    for name in selection.drugs:
        drug = lookup.find_drug(knowledge, name).drug
        if drug.id in seen:
            continue
        seen.add(drug.id)
        questions = _keep(knowledge, drug.questions, rules)
        if questions:
            sections.append(ChecklistSection(f"drug-{drug.id}", "drug", clean_line(f"About {drug.name}"), questions))
    return sections


def _questions_once(sections: list[ChecklistSection], top3: tuple[ChecklistQuestion, ...]) -> list[ChecklistSection]:
    """A question asked word for word in two places (a drug and a beyond-the-page entry) is listed once, first.

    Its notes from the later place join the first; a section left without questions goes.
    """
    first: dict[str, tuple[int, int]] = {}
    kept: list[list[ChecklistQuestion]] = []
    asked = {_same_words(q.text) for q in top3}
    for number, section in enumerate(sections):
        kept.append([])
        for question in section.questions:
            words = _same_words(question.text)
            if words in asked:
                continue
            if words in first:
                at, place = first[words]
                earlier = kept[at][place]
                kept[at][place] = earlier._replace(notes=tuple(dict.fromkeys(earlier.notes + question.notes)))
                continue
            first[words] = (number, len(kept[number]))
            kept[number].append(question)
    return [s._replace(questions=tuple(q)) for s, q in zip(sections, kept, strict=True) if q or not s.questions]


def _same_words(text: str) -> str:
    return " ".join(text.casefold().split())


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
