"""The printed quiz as data, and how a quiz item's choices are lettered (A, B, C…), the same on screen and on paper."""

from __future__ import annotations

from typing import NamedTuple

from dmtx.model import Knowledge, QuizItem

LETTERS = "ABCDEF"  # the knowledge file allows at most six choices


def letter(index: int) -> str:
    """The letter of the choice at this index: 0 is A."""
    return LETTERS[index]


def lettered(item: QuizItem) -> tuple[tuple[str, str], ...]:
    """The item's choices with their letters, in the file's order."""
    return tuple((letter(i), choice) for i, choice in enumerate(item.choices))


def answer_letter(item: QuizItem) -> str:
    """The letter of the right choice."""
    return letter(item.choices.index(item.answer))


class Handout(NamedTuple):
    """The students' quiz: a title, the questions with their choices (no answers), the disclaimer and source."""

    title: str
    items: tuple[QuizItem, ...]
    disclaimer: str
    source: str


def handout(knowledge: Knowledge, items: tuple[QuizItem, ...]) -> Handout:
    """The handout of these questions, with the knowledge file's title, disclaimer and source."""
    meta = knowledge.meta
    return Handout(meta.title, items, meta.disclaimer, meta.source.attribution())
