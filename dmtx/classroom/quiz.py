"""The quiz, as logic: choosing questions, lettering choices, reading an answer, scoring.

No input or output here: `dmtx.classroom.quizplay` asks the questions, `dmtx.render.quizsheet`
prints them.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from dmtx.document.quiz import LETTERS, answer_letter, letter, lettered
from dmtx.errors import NotFound
from dmtx.model import Knowledge, QuizItem, Topic

__all__ = ["LETTERS", "answer_letter", "letter", "lettered"]


def select_items(
    knowledge: Knowledge,
    *,
    count: int | None = None,
    seed: int | None = None,
    topics: Sequence[Topic] | None = None,
) -> tuple[QuizItem, ...]:
    """The questions to ask, limited to `topics` when given.

    With a seed, the order is shuffled by `random.Random(seed)`, the same on every run and
    machine. Without one, the file's order is kept, and `count` picks questions spread
    evenly through the file so that every topic gets a turn. The choices of each item are
    shuffled too, by the seed and the item's id (seed 0 without one): the same every time.
    """
    wanted = {p.number for p in topics} if topics else None
    pool = [item for item in knowledge.quiz if wanted is None or item.topic in wanted]
    if not pool:
        where = f" for topic {', '.join(str(n) for n in sorted(wanted))}" if wanted else ""
        raise NotFound(f"The knowledge file has no quiz questions{where}.")
    size = len(pool) if count is None else max(1, min(count, len(pool)))
    if seed is not None:
        random.Random(seed).shuffle(pool)
        return tuple(shuffled_choices(item, seed) for item in pool[:size])
    return tuple(shuffled_choices(pool[i * len(pool) // size], 0) for i in range(size))


def shuffled_choices(item: QuizItem, seed: int) -> QuizItem:
    """The item with its choices in an order fixed by the seed and its id (never the file's answer-first order)."""
    choices = list(item.choices)
    random.Random(f"{seed}:{item.id}").shuffle(choices)
    return item._replace(choices=tuple(choices))


def letters_hint(item: QuizItem) -> str:
    """The letters one may type, e.g. 'A, B or C'."""
    letters = [letter(i) for i in range(len(item.choices))]
    return f"{', '.join(letters[:-1])} or {letters[-1]}"


def parse_answer(item: QuizItem, typed: str) -> str | None:
    """The choice a typed answer picks ('b', ' B. ', 'b)'), or None when it is not one of the letters."""
    text = typed.strip().rstrip(".)").strip().upper()
    if len(text) != 1 or text not in LETTERS[: len(item.choices)]:
        return None
    return item.choices[LETTERS.index(text)]


@dataclass(frozen=True)
class Answer:
    """One question and the choice given for it."""

    item: QuizItem
    choice: str

    @property
    def correct(self) -> bool:
        """True when the choice is the right answer."""
        return self.choice == self.item.answer


@dataclass(frozen=True)
class Score:
    """How many answers were right, of how many, and the topics worth reading again."""

    right: int
    total: int
    review: tuple[int, ...]


def grade(answers: Sequence[Answer]) -> Score:
    """Count right answers; the topics of wrong ones, sorted and once each, are to review."""
    right = sum(1 for a in answers if a.correct)
    review = tuple(sorted({a.item.topic for a in answers if not a.correct}))
    return Score(right=right, total=len(answers), review=review)
