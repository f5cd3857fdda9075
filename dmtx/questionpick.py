"""What the user names for a checklist: a question for "My top 3" (by its id, a few of its words, or their
own phrasing), and the drugs whose questions to add.

`dmtx checklist --top` passes what was typed; the question is never guessed when several fit.
"""

from __future__ import annotations

from dmtx import lookup
from dmtx.errors import NotFound
from dmtx.model import Knowledge, Question


def find_question(knowledge: Knowledge, query: str) -> Question:
    """A question to ask by its id (e.g. 'p1-q3') or by a few of its words ("folic acid"), case-insensitive.

    Words must pick out one question: when several hold them, NotFound names each with its id.
    """
    wanted = lookup.check_query(query, "question id or words")
    key = wanted.casefold()
    questions = [q for p in knowledge.topics for q in p.questions] + [q for d in knowledge.drugs for q in d.questions]
    for question in questions:
        if key == question.id.casefold():
            return question
    words = lookup.normalize(wanted).split()
    holding = [q for q in questions if _holds_words(q.text, words)]
    meaning = _meaning_words(wanted)
    if not holding and meaning and meaning != words:
        # A patient's own phrasing ("can I drink alcohol"): the words that carry meaning must all be there.
        holding = [q for q in questions if _holds_words(q.text, meaning)]
    if not holding and meaning:
        # Another form of a word ("pregnant" for "pregnancy"), by search's rule: never a drug's name.
        meaning = _word_starts(knowledge, meaning)
        holding = [q for q in questions if _holds_words(q.text, meaning)]
    if len(holding) == 1:
        return holding[0]
    if holding:
        raise NotFound(
            f"{len(holding)} questions have the words {wanted!r}; add a word, or give one id.", hint=_listed(holding)
        )
    closest = _holding_most(questions, meaning)
    if closest:
        raise NotFound(
            f"There is no question with all the words {wanted!r}.",
            hint="Questions with some of them: " + _listed(closest),
        )
    choices = {q.id.casefold(): (q.id, q.id) for q in questions}
    raise NotFound(f"There is no question with the id or words {wanted!r}.", lookup.suggest(key, choices))


def _meaning_words(text: str) -> list[str]:
    """The words of a question typed that carry meaning: "can I drink alcohol" -> drink, alcohol."""
    from dmtx.searchindex import query_words  # only when the words typed are not all in one question

    return list(query_words(text))


def _word_starts(knowledge: Knowledge, words: list[str]) -> list[str]:
    """Each long word cut to the start its other forms share ("pregnant" -> "pregna"); drug names kept whole."""
    from dmtx.search import form_start
    from dmtx.searchindex import drug_words

    drugs = set(drug_words(knowledge))
    return [w if w in drugs else form_start(w) or w for w in words]


def _holding_most(questions: list[Question], words: list[str]) -> list[Question]:
    """The questions that hold the most of these words (at least one), in the guide's order."""
    counts = [(sum(_holds_words(q.text, [w]) for w in words), q) for q in questions]
    best = max((count for count, _ in counts), default=0)
    return [q for count, q in counts if best and count == best]


def _listed(questions: list[Question]) -> str:
    """Up to five questions, each with its id, for a message that asks the user to pick one."""
    shown = "; ".join(f"{q.id}: {q.text}" for q in questions[:5])
    return shown + ("; ..." if len(questions) > 5 else "")


def _holds_words(text: str, words: list[str]) -> bool:
    """Whether every word typed starts a word of the text ("fol acid" holds for "folic acid")."""
    have = lookup.normalize(text).split()
    return all(any(w.startswith(typed) for w in have) for typed in words)


WITHOUT = "The checklist is made without it."


def known_drugs(knowledge: Knowledge, names: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The drug names (`--drug`) a checklist can use, and a warning line for each of the others.

    Left out, with a warning: a name the guide does not cover, and a drug related to one of
    ours ("Orapred" is prednisolone: its questions are never listed as prednisone's). A name
    typed with a schedule more often than usual ("methotrexate daily") is kept, with its warning.
    """
    kept: list[str] = []
    warnings: list[str] = []
    for name in names:
        try:
            match = lookup.find_drug(knowledge, name)
        except NotFound as exc:
            maybe = f" Did you mean: {', '.join(exc.suggestions)}?" if exc.suggestions else ""
            warnings.append(f"Warning: {exc}{maybe} {WITHOUT}")
            continue
        if match.related is not None:
            said = match.related.not_ours(match.drug.name)
            warnings.append(f"Warning: {said} {WITHOUT} Add your own question about it with --add.")
            continue
        schedule = lookup.label_warning(match)
        if schedule:
            warnings.append(f"WARNING: {schedule}")
        kept.append(name)
    return tuple(kept), tuple(warnings)
