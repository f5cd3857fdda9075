"""The format of a knowledge file, stated once: every mapping, its fields' kinds, and the record it becomes.

Each `Record` names the `dmtx.model` class it is built into; `dmtx.knowledge.build` derives
the building from this table, so a field is added here and in the record, nowhere else
(tests/test_architecture.py checks that both list the same fields). A field whose record
attribute has another name says so with `attr` (the file's `points` are the program's topics).

Kinds of scalar: text, id, slug, int, decimal, importance (1-3), bool, date (YYYY-MM-DD) and
partial_date (YYYY, YYYY-MM or YYYY-MM-DD); see `dmtx.knowledge.shape`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from dmtx.model import (
    JOURNAL_CONDITIONS,
    AboutSection,
    Beyond,
    Card,
    Confusable,
    CoreQuestion,
    Drug,
    Everyday,
    Fact,
    JournalRule,
    Knowledge,
    Meta,
    Note,
    OtherName,
    Question,
    QuizItem,
    Reference,
    Related,
    ScheduleWarning,
    Situation,
    Source,
    Term,
    TipBlock,
    Topic,
    Visit,
)

SCHEMA_VERSION = 1
BRAND_STATUSES = ("current", "ending", "discontinued", "unknown")
NAME_KINDS = ("brand", "spelling", "abbreviation", "other", "typo")

Kind = Any  # a scalar kind name, a Record, or a ListOf


class Field(NamedTuple):
    """One field of a mapping: its kind, whether it must be there, its allowed values."""

    kind: Kind
    required: bool = True
    choices: tuple[str, ...] | Callable[[], tuple[str, ...]] = ()
    """The allowed values, or a function that gives them (asked only when a file is validated)."""
    attr: str = ""  # the record's attribute, when it is not the file's key


class ListOf(NamedTuple):
    """A list of one kind, with bounds on its length."""

    item: Kind
    min_items: int = 0
    max_items: int | None = None


class Record(dict[str, Field]):
    """The fields of one mapping (file key -> Field), and the `dmtx.model` record it is built into."""

    def __init__(self, model: type, fields: dict[str, Field]) -> None:
        super().__init__(fields)
        self.model = model


def _journal_scores() -> tuple[str, ...]:
    """The score names the journal keeps (its table of kinds is their one source)."""
    from dmtx.journal import kinds

    return kinds.names(kinds.SCORE)


def _optional(kind: Kind, choices: tuple[str, ...] | Callable[[], tuple[str, ...]] = ()) -> Field:
    return Field(kind, required=False, choices=choices)


def _ids() -> Field:
    return _optional(ListOf("id"))


def _numbers() -> Field:
    return _optional(ListOf("int"))


# Every topic, drug, term and beyond-the-page entry says when it was last checked and when it
# will be checked next (trust signals, PIF TICK / IPDAS): tools/stamp_reviews.py fills them in.
REVIEW_DATES = {"reviewed": Field("date"), "next_review": Field("date")}
REVIEWED_SECTIONS = ("points", "drugs", "terms", "beyond")

NOTE = Record(
    Note,
    {"id": _optional("id"), "text": Field("text"), "references": _numbers(), "corrects": _ids()},
)
QUESTION = Record(
    Question,
    {
        "id": Field("id"),
        "text": Field("text"),
        "parent_text": _optional("text"),
        "importance": _optional("importance"),
        "patient": _optional("text", ("adult", "child")),
        "facts": _ids(),
        "situations": _ids(),
    },
)
SITUATION = Record(
    Situation,
    {
        "id": Field("id"),
        "title": Field("text"),
        "description": Field("text"),
        "patient": _optional("text", ("adult", "child")),
    },
)
VISIT = Record(
    Visit,
    {
        "top3": Field(
            ListOf(
                Record(CoreQuestion, {"id": Field("id"), "text": Field("text"), "parent_text": _optional("text")}), 1, 3
            )
        ),
        "tips": Field(
            ListOf(Record(TipBlock, {"title": Field("text"), "items": Field(ListOf("text", min_items=1))}), 0, 3)
        ),
        "safety_net": Field("text"),
        "default_situation": _optional("id"),
    },
)
META = Record(
    Meta,
    {
        "title": Field("text"),
        "source": Field(
            Record(Source, {"title": Field("text"), "site": Field("text"), "last_modified": Field("date")})
        ),
        "reviewed": Field("date"),
        "disclaimer": Field("text"),
        "about": Field("text"),
        "page_aims": _optional("text"),
        # What `dmtx about` shows: who wrote and checked it and how, evidence, money, updates, errors.
        "trust": _optional(
            ListOf(Record(AboutSection, {"heading": Field("text"), "text": Field("text")}), min_items=1)
        ),
    },
)
TOPIC = Record(
    Topic,
    {
        "number": Field("int"),
        "slug": Field("slug"),
        "title": Field("text"),
        "summary": Field("text"),
        "facts": Field(ListOf(Record(Fact, {"id": Field("id"), "text": Field("text")}), min_items=1)),
        "drugs": Field(ListOf("id")),
        "terms": Field(ListOf("id")),
        "references": Field(ListOf("int")),
        "notes": _optional(ListOf(NOTE)),
        # Every point asks 3 to 6 questions (editorial rule: enough to choose from, few enough to ask).
        "questions": Field(ListOf(QUESTION, min_items=3, max_items=6)),
        **REVIEW_DATES,
    },
)
OTHER_NAME = Record(
    OtherName,
    {
        "name": Field("text"),
        "kind": Field("text", choices=NAME_KINDS),
        "country": _optional("text"),
        "status": _optional("text", BRAND_STATUSES),
        "status_references": _numbers(),
        "note": _optional("text"),
    },
)
DRUG = Record(
    Drug,
    {
        "id": Field("id"),
        "name": Field("text"),
        "on_page": _optional("bool"),
        "drug_class": Field("text"),
        "summary": _optional("text"),
        "taken": _optional("text"),
        # A fill-in card (PEMAT item 23): short lines, blanks to write on, boxes to tick; never a dose.
        "card": _optional(
            Record(Card, {"title": Field("text"), "lines": Field(ListOf("text", min_items=1, max_items=8))})
        ),
        "other_names": _optional(ListOf(OTHER_NAME)),
        "related": _optional(ListOf(Record(Related, {"name": Field("text"), "note": Field("text")}))),
        "source_says": Field("text"),
        "facts": _ids(),
        "notes": _optional(ListOf(NOTE)),
        # Every drug asks 2 to 4 questions (editorial rule: one question is not a drug page).
        "questions": Field(ListOf(QUESTION, min_items=2, max_items=4)),
        **REVIEW_DATES,
        "schedule_warning": _optional(
            Record(
                ScheduleWarning,
                {"min_days": Field("int"), "text": Field("text"), "references": Field(ListOf("int", min_items=1))},
            )
        ),
    },
)
TERM = Record(
    Term,
    {
        "id": Field("id"),
        "term": Field("text"),
        "on_page": _optional("bool"),
        "aliases": _optional(ListOf("text")),
        "definition": Field("text"),
        "references": _numbers(),
        "note": _optional("text"),
        "note_references": _numbers(),
        "note_corrects": _ids(),
        "see_also": _ids(),
        **REVIEW_DATES,
    },
)
REFERENCE = Record(
    Reference,
    {
        "number": Field("int"),
        "citation": Field("text"),
        "in_source": Field("bool"),
        "note": _optional("text"),
        "url": _optional("text"),
        "date": _optional("partial_date"),
        "verified": _optional("bool"),
    },
)
BEYOND = Record(
    Beyond,
    {
        "id": Field("id"),
        "title": Field("text"),
        "since": Field("partial_date"),
        "summary": Field("text"),
        "drugs": _ids(),
        "references": Field(ListOf("int", min_items=1)),
        "unverified": _optional("text"),
        "questions": Field(ListOf(QUESTION, min_items=2, max_items=4)),
        **REVIEW_DATES,
    },
)
QUIZ_ITEM = Record(
    QuizItem,
    {
        "id": Field("id"),
        "point": Field("int", attr="topic"),
        "question": Field("text"),
        # 3 or 4 choices (editorial rule: a guess is not half right, and the choices fit a slide).
        "choices": Field(ListOf("text", min_items=3, max_items=4)),
        "answer": Field("text"),
        "explanation": Field("text"),
        "facts": _ids(),
        "teaches": _ids(),
        "terms": _ids(),
    },
)
CONFUSABLE = Record(
    Confusable,
    {
        "name": Field("text"),
        "drug": Field("id"),
        "looks_like": Field("text"),
        "references": _numbers(),
        "unverified": _optional("bool"),
    },
)
# An everyday word: what people type, the guide's words it stands for and the place it leads to.
EVERYDAY = Record(
    Everyday,
    {
        "words": Field(ListOf("text", min_items=1)),
        "means": Field(ListOf("text", min_items=1)),
        "place": Field("text"),
        "source": Field("text"),
        "reviewed": Field("bool"),
    },
)
JOURNAL_RULE = Record(
    JournalRule,
    {
        "id": Field("id"),
        "condition": Field("text", choices=JOURNAL_CONDITIONS),
        "drugs": _ids(),
        "weeks": _optional("int"),
        "score": _optional("text", _journal_scores),
        "rise_points": _optional("int"),
        "rise_days": _optional("int"),
        "min_mg_a_day": _optional("decimal"),
        "questions": Field(ListOf(QUESTION, min_items=1)),
        "references": Field(ListOf("int", min_items=1)),
    },
)
SCHEMA = Record(
    Knowledge,
    {
        "schema_version": Field("int"),
        "meta": Field(META),
        "points": Field(ListOf(TOPIC, min_items=1), attr="topics"),
        "drugs": Field(ListOf(DRUG)),
        "terms": Field(ListOf(TERM)),
        "references": Field(ListOf(REFERENCE)),
        "beyond": _optional(ListOf(BEYOND)),
        # 12 to 30 items when there is a quiz (editorial rule: enough to cover every point, short enough for a class).
        "quiz": _optional(ListOf(QUIZ_ITEM, min_items=12, max_items=30)),
        "confusables": _optional(ListOf(CONFUSABLE)),
        "journal_rules": _optional(ListOf(JOURNAL_RULE)),
        "situations": _optional(ListOf(SITUATION)),
        "visit": _optional(VISIT),
        "vocabulary": _optional(ListOf(EVERYDAY)),
    },
)
# What each journal rule condition needs besides its questions and references.
RULE_NEEDS = {
    "taking-for-weeks": ("drugs", "weeks"),
    "taking-at-least": ("drugs", "min_mg_a_day"),
    "score-rise": ("drugs", "score", "rise_points", "rise_days"),
    "dose-changed": (),
    "medicine-started": (),
    "stopped-after-weeks": ("drugs", "weeks"),
}
# What each condition can fill into its questions' texts, e.g. "{medicine}".
RULE_FILLS = {
    "taking-for-weeks": ("medicine",),
    "taking-at-least": ("medicine",),
    "score-rise": ("score", "moved", "cause"),
    "dose-changed": ("medicine",),
    "medicine-started": ("medicine",),
    "stopped-after-weeks": ("medicine",),
}


def records(spec: Kind = SCHEMA) -> list[Record]:
    """Every Record of the schema (the top level first), for checks that walk the whole format."""
    found: list[Record] = []
    if isinstance(spec, ListOf):
        return records(spec.item)
    if isinstance(spec, Record):
        found.append(spec)
        for field in spec.values():
            found += [r for r in records(field.kind) if all(r is not seen for seen in found)]
    return found
