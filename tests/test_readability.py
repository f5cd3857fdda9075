"""Plain language, measured with textstat 0.7.8: all prose averages grade 6 or below, and none is above 9."""

from __future__ import annotations

from statistics import mean

import textstat

from dmtx.knowledge import load


def _texts() -> list[str]:
    """All prose a reader sees: summaries, facts, notes, definitions, questions (both wordings), quiz."""
    from conftest import all_prose

    return all_prose(load())


def test_reading_grade_is_plain() -> None:
    assert tuple(textstat.__version__) == (0, 7, 8)  # newer ones fetch a dictionary at run time and score differently
    grades = {text: textstat.flesch_kincaid_grade(text) for text in _texts()}
    assert len(grades) >= 250
    assert mean(grades.values()) <= 6, mean(grades.values())
    too_hard = {t: g for t, g in grades.items() if g > 9}
    assert not too_hard, too_hard


def test_the_measure_tells_hard_from_easy() -> None:
    hard = (
        "Repeat measurements of the muscle enzyme creatinine kinase, also called the CK titer, are usually used to "
        "monitor the success of this therapy and when stable low levels are reached after 10 to 12 weeks, the "
        "prednisone dosage is slowly reduced to the maintenance dose."
    )
    assert textstat.flesch_kincaid_grade(hard) > 10


def _visit_texts() -> list[str]:
    """The words issue #15 added: kinds of visit, My top 3, tips, the safety-netting line, hints."""
    from dmtx.checklist import MORE
    from dmtx.views import _TOP_HINT

    knowledge = load()
    assert knowledge.visit is not None
    # A situation is shown as one line, "title: description" (dmtx checklist --situations).
    texts = [f"{s.title}: {s.description}" for s in knowledge.situations]
    texts += [q.text for q in knowledge.visit.top3]
    texts += [block.title for block in knowledge.visit.tips]
    texts += [item for block in knowledge.visit.tips for item in block.items]
    texts += [knowledge.visit.safety_net, MORE, _TOP_HINT]
    return texts


def test_visit_help_reads_at_grade_6() -> None:
    grades = {text: textstat.flesch_kincaid_grade(text) for text in _visit_texts()}
    assert len(grades) >= 25
    assert mean(grades.values()) <= 6, mean(grades.values())
    too_hard = {t: g for t, g in grades.items() if g > 9}
    assert not too_hard, too_hard
