"""Plain language, measured: every summary, definition and question reads at grade 8 or below."""

from __future__ import annotations

from statistics import mean

import textstat

from dmtx.knowledge import load


def _texts() -> list[str]:
    knowledge = load()
    texts = [p.summary for p in knowledge.topics]
    texts += [t.definition for t in knowledge.terms]
    texts += [q.text for p in knowledge.topics for q in p.questions]
    texts += [q.text for d in knowledge.drugs for q in d.questions]
    texts += [q.text for r in knowledge.journal_rules for q in r.questions]
    return texts


def test_reading_grade_is_plain() -> None:
    grades = {text: textstat.flesch_kincaid_grade(text) for text in _texts()}
    assert len(grades) >= 50
    assert mean(grades.values()) <= 8, mean(grades.values())
    too_hard = {t: g for t, g in grades.items() if g > 10}
    assert not too_hard, too_hard


def test_the_measure_tells_hard_from_easy() -> None:
    hard = (
        "Repeat measurements of the muscle enzyme creatinine kinase, also called the CK titer, are usually used to "
        "monitor the success of this therapy and when stable low levels are reached after 10 to 12 weeks, the "
        "prednisone dosage is slowly reduced to the maintenance dose."
    )
    assert textstat.flesch_kincaid_grade(hard) > 10
